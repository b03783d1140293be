/// A code as an inspector types it for `list lookup`: an 8-digit line, or a 4-digit heading or
/// 6-digit subheading, in any common spelling (`8471.30.20`, `8471 30 20`, `84713020`).
public struct ListQuery: Sendable, Hashable {
    /// As given.
    public let text: String
    /// 4, 6 or 8 ASCII digits.
    public let digits: String

    /// nil unless `text` is 4, 6 or 8 digits once dots and spaces (HSCode's rule) are removed.
    public init?(_ text: String) {
        var digits: [UInt8] = []
        let clean = HSDigits.forEachDigit(in: text.utf8) { digit in
            digits.append(UInt8(ascii: "0") + digit)
            return digits.count <= 8
        }
        guard clean, [4, 6, 8].contains(digits.count) else { return nil }
        self.text = text
        self.digits = String(decoding: digits, as: UTF8.self)
    }

    /// "8471.30.20", "8471.30" or "8471".
    public var dotted: String { Self.dotted(digits) }

    /// The 8-digit code, when the query is one.
    public var hsCode: HSCode? { digits.utf8.count == 8 ? HSCode(normalizing: digits) : nil }

    static func dotted(_ digits: String) -> String {
        var groups: [Substring] = []
        var rest = Substring(digits)
        while !rest.isEmpty {
            let size = groups.isEmpty ? 4 : 2
            groups.append(rest.prefix(size))
            rest = rest.dropFirst(size)
        }
        return groups.joined(separator: ".")
    }
}

/// Sentences of Circular 11/2018/TT-BTTTT Art. 2 that explanations cite.
public enum ListRule {
    public static let wholeHeading =
        "Circular 11/2018 Art. 2: a heading listed at 4 digits with nothing more detailed under it covers all its 8-digit lines"
    public static let wholeSubheading =
        "Circular 11/2018 Art. 2: a 6-digit subheading with nothing more detailed under it covers all its 8-digit lines"
    public static let listedLine =
        "Circular 11/2018 Art. 2: where a heading is followed by 8-digit lines, those lines are prohibited"
    public static let headerOnly =
        "Circular 11/2018 Art. 2: where a 4- or 6-digit code is followed by more detailed lines, only those lines apply and the shorter code is only a header"

    /// The rule by which an effective entry of `digits` (4, 6 or 8 of them) covers codes.
    static func covering(_ digits: String) -> String {
        switch digits.utf8.count {
        case 4: wholeHeading
        case 6: wholeSubheading
        default: listedLine
        }
    }
}

/// How one row of a list applies once the header rule is applied (`list show`).
public struct ListRowView: Sendable, Hashable {
    public enum Coverage: String, Sendable, Hashable {
        /// An effective 4- or 6-digit entry: every code under it.
        case all
        /// An effective 8-digit entry: that line.
        case line
        /// A `header` row, or an `entry` acting as a header: only the entries under it apply.
        case headerOnly = "header-only"
        /// A `review` heading.
        case review
    }

    public var entry: ListEntry
    public var coverage: Coverage
    /// For a header: the effective entries under it, in file order.
    public var listedUnder: [ListEntry]

    /// "all of 8471", "this line only", "header only: see 8443.31.19, 8443.31.29 and 7 more",
    /// "review heading"; `limit` caps the codes named.
    public func covers(limit: Int? = nil) -> String {
        switch coverage {
        case .all: return "all of \(entry.dotted)"
        case .line: return "this line only"
        case .review: return "review heading"
        case .headerOnly:
            guard !listedUnder.isEmpty else { return "header only: nothing under it is listed" }
            let shown = listedUnder.prefix(limit ?? listedUnder.count).map(\.dotted)
            let more = listedUnder.count - shown.count
            return "header only: see " + shown.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
        }
    }
}

/// What the list says of one queried code, and why (`list lookup`).
public struct ListExplanation: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        /// An effective entry covers the code (for a heading: all of it).
        case prohibited
        /// A heading with effective entries under it, not all of it.
        case partlyListed = "partly-listed"
        /// No entry covers it; a review heading does.
        case needsReview = "needs-review"
        case notListed = "not-listed"
        /// Not 4, 6 or 8 digits.
        case invalid
    }

    /// The code as given.
    public var query: String
    /// Parsed, or nil for `.invalid`.
    public var code: ListQuery?
    public var verdict: Verdict
    /// The most specific effective entry covering the code.
    public var entry: ListEntry?
    /// The most specific review heading covering the code.
    public var review: ListEntry?
    /// `header` rows and entries acting as headers at or above the code, shortest first.
    public var headers: [ListEntry]
    /// For a heading: the effective entries under it. For a line no entry covers: those under
    /// its most specific header.
    public var listedUnder: [ListEntry]
    /// For a heading: review headings under it.
    public var reviewsUnder: [ListEntry]
    public var carveOuts: [CarveOutKind]
    /// One line: the verdict.
    public var summary: String
    /// Sentences saying why: the rule applied, basis, confidence, review, carve-outs, periods.
    public var reasons: [String]
    /// The date asked for (`--on`), YYYY-MM-DD; nil: the list as it stands last.
    public var on: String? = nil

    /// The period of the row that decides the verdict: the entry, else the review heading.
    public var decidingRow: ListEntry? { entry ?? review }
}

extension ProhibitedList {
    /// Every row in file order, with what it covers after the header rule.
    public var rowViews: [ListRowView] {
        entries.map { entry in
            switch entry.role {
            case .review:
                return ListRowView(entry: entry, coverage: .review, listedUnder: [])
            case .entry where isEffective(entry):
                return ListRowView(entry: entry, coverage: entry.code.utf8.count == 8 ? .line : .all, listedUnder: [])
            case .entry, .header:
                return ListRowView(entry: entry, coverage: .headerOnly, listedUnder: effectiveEntries(under: entry.code))
            }
        }
    }

    /// Explains `text` (a code in any common spelling).
    /// Explains `text` with the rows in force on `date` (YYYY-MM-DD): which period each row that
    /// applies is in, and which rows of the code are not in force that day.
    public func explain(_ text: String, on date: String) -> ListExplanation {
        guard let day = ListDay.of(date) else { return explain(text) }
        var explanation = inForce(on: day).explain(text, day: day)
        explanation.on = date
        guard let digits = explanation.code?.digits else { return explanation }
        let outside = entries.filter { row in
            !row.isInForce(on: day) && (digits.hasPrefix(row.code) || row.code.hasPrefix(digits))
        }
        for row in outside {
            explanation.reasons.append("\(row.role.rawValue) \(row.dotted) (\(row.period)) is not in force on \(date)")
        }
        if outside.contains(where: { $0.role != .review }),
            !entries.contains(where: { $0.role != .review && $0.isInForce(on: day) })
        {
            explanation.reasons.append("on \(date) no entry or header row of this list is in force: only its review rows apply")
        }
        return explanation
    }

    public func explain(_ text: String) -> ListExplanation { explain(text, day: ListDay.latest) }

    /// `day`: the day of the 8-digit lookup (`lookup(_:on:)`).
    private func explain(_ text: String, day: Int32) -> ListExplanation {
        guard let query = ListQuery(text) else {
            return ListExplanation(
                query: text, code: nil, verdict: .invalid, entry: nil, review: nil, headers: [], listedUnder: [],
                reviewsUnder: [], carveOuts: [],
                summary: "not an HS code: give 4, 6 or 8 digits; dots and spaces are allowed (e.g. 8471.30.20)",
                reasons: [])
        }
        return explain(query, day: day)
    }

    public func explain(_ query: ListQuery, day: Int32 = ListDay.latest) -> ListExplanation {
        let digits = query.digits
        let isLine = digits.utf8.count == 8
        let entry: ListEntry?
        let review: ListEntry?
        if let code = query.hsCode {
            // The auditor's own lookup, so the answer is what an audit does.
            let match = lookup(code, on: day)
            (entry, review) = (match.entry, match.review)
        } else {
            entry = mostSpecific(at: digits) { isEffective($0) }
            review = mostSpecific(at: digits) { $0.role == .review }
        }
        let headers = entries.filter { ($0.role == .header || isActingAsHeader($0)) && digits.hasPrefix($0.code) }
            .sorted { $0.code.utf8.count < $1.code.utf8.count }
        var listedUnder: [ListEntry] = []
        var reviewsUnder: [ListEntry] = []
        if !isLine {
            listedUnder = effectiveEntries(under: digits)
            reviewsUnder = entries.filter { $0.role == .review && $0.code.count > digits.count && $0.code.hasPrefix(digits) }
        } else if entry == nil, let header = headers.last {
            listedUnder = effectiveEntries(under: header.code)
        }
        let carveOuts =
            query.hsCode.map { CarveOuts.carveOut(for: $0).map { [$0] } ?? [] }
            ?? CarveOuts.carveOuts(under: digits)

        let verdict: ListExplanation.Verdict =
            if entry != nil { .prohibited } else if !isLine && !listedUnder.isEmpty { .partlyListed } else if review != nil {
                .needsReview
            } else { .notListed }

        var summary: String
        switch verdict {
        case .prohibited: summary = "prohibited when used\(isLine ? "" : ", every code under it") (entry \(entry!.dotted))"
        case .partlyListed:
            summary = "partly on the list: \(listedUnder.count) listed code\(listedUnder.count == 1 ? "" : "s") under it"
            if let review {
                summary += "; used goods under it that no entry covers need review (review heading \(review.dotted))"
            }
        case .needsReview: summary = "not on the list; used goods need review (review heading \(review!.dotted))"
        case .notListed, .invalid: summary = "not on the list"
        }

        var reasons: [String] = []
        let here = isLine ? "this code" : "this heading"
        if let entry {
            if entry.code.utf8.count == 8 {
                reasons.append("entry \(entry.dotted) lists this 8-digit line (\(ListRule.listedLine))")
            } else {
                reasons.append("entry \(entry.dotted) covers every code under it (\(ListRule.covering(entry.code)))")
            }
        }
        for header in headers {
            let under = effectiveEntries(under: header.code)
            let what = header.role == .header ? "a header row" : "an entry acting as a header"
            if entry != nil {
                // Covered anyway: say only why the shorter code is not what covers it.
                reasons.append("\(header.dotted) is \(what) above it (\(ListRule.headerOnly))")
            } else if under.isEmpty {
                reasons.append("\(header.dotted) is \(what), which prohibits nothing by itself, and nothing under it is listed")
            } else {
                var sentence =
                    "\(header.dotted) is \(what) (\(ListRule.headerOnly)): its listed codes are "
                    + under.map(\.dotted).joined(separator: ", ")
                if isLine && entry == nil { sentence += ", and \(here) is not one of them" }
                reasons.append(sentence)
            }
        }
        if verdict == .partlyListed, !headers.contains(where: { $0.code == digits }) {
            reasons.append(
                "listed codes under \(query.dotted): " + listedUnder.map(\.dotted).joined(separator: ", ")
                    + "; other codes under it are not on the list")
        }
        if entry == nil, headers.isEmpty, listedUnder.isEmpty {
            reasons.append("no entry or header of the list covers \(here)")
        }
        for row in [entry, review].compactMap({ $0 }) where row.validFrom != nil || row.validTo != nil {
            reasons.append("\(row.role.rawValue) \(row.dotted) is in force \(row.period)")
        }
        if let entry {
            if !entry.basis.isEmpty { reasons.append("basis: \(entry.basis)") }
            if let confidence = entry.confidence, !confidence.isEmpty { reasons.append("confidence: \(confidence)") }
        }
        if let review {
            if entry == nil {
                reasons.append(
                    "review heading \(review.dotted) covers \(here): used or refurbished goods that no entry covers get used-it.unlisted-it-heading (severity review)"
                )
                if !review.basis.isEmpty { reasons.append("basis of the review heading: \(review.basis)") }
            } else {
                reasons.append("review heading \(review.dotted) also covers \(here); the entry takes precedence")
            }
        }
        if !reviewsUnder.isEmpty {
            reasons.append("review headings under \(query.dotted): " + reviewsUnder.map(\.dotted).joined(separator: ", "))
        }
        reasons += carveOuts.map(\.legalNote)

        return ListExplanation(
            query: query.text, code: query, verdict: verdict, entry: entry, review: review, headers: headers,
            listedUnder: listedUnder, reviewsUnder: reviewsUnder, carveOuts: carveOuts, summary: summary,
            reasons: reasons)
    }

    /// Effective entries strictly under `digits`, in file order.
    func effectiveEntries(under digits: String) -> [ListEntry] {
        entries.filter { isEffective($0) && $0.code.utf8.count > digits.utf8.count && $0.code.hasPrefix(digits) }
    }

    /// The longest row at or above `digits` that `include` accepts.
    private func mostSpecific(at digits: String, where include: (ListEntry) -> Bool) -> ListEntry? {
        entries.filter { include($0) && digits.hasPrefix($0.code) }.max { $0.code.utf8.count < $1.code.utf8.count }
    }
}
