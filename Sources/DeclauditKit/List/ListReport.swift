/// The text and JSON that `declaudit list show` and `list lookup` print.
public enum ListReport {
    /// What the list is: name, source, checksum, basis, effective date, row counts. `whole` is the
    /// list as given when `list` is its rows in force `on` a date (`list show --on`).
    public static func provenance(_ list: ProhibitedList, whole: ProhibitedList? = nil, on date: String? = nil) -> String {
        let views = list.rowViews
        let acting = list.entries.count(where: { list.isActingAsHeader($0) })
        let headerRows = list.entries.count(where: { $0.role == .header })
        var lines = [
            "list: \(list.name)",
            "source: \(list.source)",
            "sha256 of the source: \(list.sha256)",
        ]
        if let basis = list.metadata.basis { lines.append("basis: \(basis)") }
        if let date = list.metadata.effectiveDate { lines.append("effective: \(date)") }
        if let date, let whole {
            lines.append("on: \(date): \(list.entries.count) of its \(whole.entries.count) rows are in force")
            let dated = whole.entries.filter { $0.role != .review && !$0.isInForce(on: ListDay.of(date) ?? ListDay.latest) }
            if !dated.isEmpty, !list.entries.contains(where: { $0.role != .review }) {
                let first = dated.compactMap(\.validFrom).filter { $0 > date }.min()
                lines.append(
                    "on \(date) no entry or header row of this list is in force\(first.map { " (the first applies from \($0))" } ?? ""): the list covers nothing but its review rows"
                )
            }
        }
        lines.append(
            "rows: \(views.count) ("
                + [
                    counted(list.effectiveEntryCount, "entry in effect", "entries in effect"),
                    counted(acting, "entry acting as a header", "entries acting as headers"),
                    counted(headerRows, "header row", "header rows"),
                    counted(list.reviewHeadings.count, "review heading", "review headings"),
                ].joined(separator: ", ") + ")"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private static func counted(_ count: Int, _ one: String, _ many: String) -> String {
        "\(count) \(count == 1 ? one : many)"
    }

    /// Who issued permits for listed goods, and under which instruments, period by period; with
    /// `date`, the period in force then is marked.
    public static func permitRegime(on date: String? = nil) -> String {
        var lines = ["Permits"]
        for period in LegalRegime.permitPeriods {
            let span = period.validTo.map { "\(period.validFrom) to \($0)" } ?? "from \(period.validFrom)"
            let marked =
                date.map { day in day >= period.validFrom && period.validTo.map { day <= $0 } ?? true } == true
                ? " (in force on \(date!))" : ""
            lines.append("  \(span): \(period.authority?.en ?? "no ministry named")\(marked)")
            lines.append("    " + period.instruments.map(\.citation).joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Lines of `table` are at most this wide, so it reads in an 80-column terminal.
    static let tableWidth = 80

    /// The effective list for a terminal: per row, a line with code, role and what it covers,
    /// then its Vietnamese description and its basis, indented and wrapped at `tableWidth`.
    public static func table(_ list: ProhibitedList) -> String {
        let views = list.rowViews
        let codeWidth = max(4, views.map { $0.entry.dotted.count }.max() ?? 0)
        let roleWidth = 6
        let coversIndent = codeWidth + 2 + roleWidth + 2
        func padded(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        var lines = [padded("code", codeWidth + 2) + padded("role", roleWidth + 2) + "covers"]
        for view in views {
            let entry = view.entry
            let head = padded(entry.dotted, codeWidth + 2) + padded(entry.role.rawValue, roleWidth + 2)
            let covers = wrap(view.covers(limit: 3), width: tableWidth - coversIndent)
            lines.append(head + covers[0])
            lines += covers.dropFirst().map { String(repeating: " ", count: coversIndent) + $0 }
            var details: [String] = []
            if !entry.descriptionVI.isEmpty { details.append(entry.descriptionVI) }
            var basis = entry.basis
            if let confidence = entry.confidence, !confidence.isEmpty, confidence != "n/a" {
                basis += basis.isEmpty ? "confidence \(confidence)" : " (confidence \(confidence))"
            }
            if !basis.isEmpty { details.append("basis: " + basis) }
            if entry.validFrom != nil || entry.validTo != nil { details.append("in force: " + entry.period) }
            for detail in details {
                let wrapped = wrap(detail, width: tableWidth - 6)
                lines.append("    " + wrapped[0])
                lines += wrapped.dropFirst().map { "      " + $0 }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in lines of at most `width` characters, broken at spaces (a longer word stands alone).
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        lines.append(line)
        return lines
    }

    /// The effective list as a JSON array, one object per row in file order.
    public static func json(_ list: ProhibitedList) -> [UInt8] {
        var json = JSONWriter()
        json.beginArray()
        for view in list.rowViews {
            let entry = view.entry
            json.beginObject()
            json.field("code", entry.written)
            json.field("digits", entry.code)
            json.field("role", entry.role.rawValue)
            json.field("in_effect", .bool(list.isEffective(entry)))
            json.field("coverage", view.coverage.rawValue)
            json.field("covers", view.covers())
            json.beginArray("listed_under")
            for listed in view.listedUnder { json.field(nil, listed.written) }
            json.endArray()
            json.field("basis", entry.basis)
            json.field("confidence", entry.confidence)
            json.field("description_vi", entry.descriptionVI)
            json.field("description_en", entry.descriptionEN)
            json.field("source_line", entry.line)
            json.field("valid_from", entry.validFrom)
            json.field("valid_to", entry.validTo)
            json.endObject()
        }
        json.endArray()
        return json.finish()
    }

    /// The line that names the list above `list lookup`'s answers: "list: NAME (effective DATE)".
    public static func heading(_ list: ProhibitedList) -> String {
        "list: \(list.name)" + (list.metadata.effectiveDate.map { " (effective \($0))" } ?? "") + "\n"
    }

    /// One block per code: "8471.30.20: verdict", then the reasons indented; blocks separated by
    /// an empty line.
    public static func text(_ explanations: [ListExplanation]) -> String {
        explanations.map { explanation in
            let label = explanation.code?.dotted ?? explanation.query
            return (["\(label): \(explanation.summary)"] + explanation.reasons.map { "  \($0)" }).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// The explanations as a JSON array, in the order of the codes given.
    public static func json(_ explanations: [ListExplanation]) -> [UInt8] {
        var json = JSONWriter()
        json.beginArray()
        for explanation in explanations {
            json.beginObject()
            json.field("query", explanation.query)
            json.field("code", explanation.code?.digits)
            if let on = explanation.on { json.field("on", on) }
            json.field("verdict", explanation.verdict.rawValue)
            json.field("summary", explanation.summary)
            json.field("entry", explanation.entry?.written)
            json.field("review", explanation.review?.written)
            json.field("basis", explanation.entry?.basis)
            json.field("confidence", explanation.entry?.confidence)
            // The period of the row that decides the verdict (the entry, else the review heading).
            json.field("valid_from", explanation.decidingRow?.validFrom)
            json.field("valid_to", explanation.decidingRow?.validTo)
            for (key, rows) in [
                ("headers", explanation.headers), ("listed_under", explanation.listedUnder),
                ("reviews_under", explanation.reviewsUnder),
            ] {
                json.beginArray(key)
                for row in rows { json.field(nil, row.written) }
                json.endArray()
            }
            json.beginArray("carve_outs")
            for carveOut in explanation.carveOuts { json.field(nil, carveOut.legalNote) }
            json.endArray()
            json.beginArray("reasons")
            for reason in explanation.reasons { json.field(nil, reason) }
            json.endArray()
            json.endObject()
        }
        json.endArray()
        return json.finish()
    }
}
