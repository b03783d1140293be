/// findings.xlsx (contract, "Reports for people"): Summary, Cases (one row per company) and
/// Findings (the CSV's columns, continued on further sheets past a sheet's rows). Identifiers
/// are text cells so leading zeros survive; quantities and values are numbers, dates are dates.
enum WorkbookReport {
    /// How a findings column is written; decided once per column, not per cell.
    private enum Kind { case identifier, number, date, wrapped, plain }

    private static let kinds: [Kind] = ReportColumns.names.map { name in
        switch name {
        // Identifiers: always text, whatever they look like.
        case "declaration", "tax_code", "hs_code", "list_code", "finding_id": .identifier
        case "quantity", "value", "value_vnd": .number
        case "registered_on", "first_reported_on": .date
        case "reason", "description", "legal_basis": .wrapped
        default: .plain
        }
    }
    private static let widths: [String: Double] = [
        "severity": 9, "rule": 28, "declaration": 15, "line": 6, "type_code": 9, "registered_on": 12,
        "customs_office": 9, "tax_code": 13, "company": 28, "hs_code": 10, "list_code": 10, "description": 45,
        "condition": 11, "quantity": 11, "unit": 6, "value": 12, "currency": 8, "licences": 24, "contract": 24,
        "reason": 70, "source": 30, "source_line": 8, "finding_id": 18, "state": 7, "first_reported_on": 12,
        "triage": 13, "triage_note": 30, "value_vnd": 16, "legal_basis": 40,
    ]

    /// Writes the workbook into the open, empty file `descriptor`; nil on success, else the
    /// library's account of the failure. `rowsPerSheet` is lowered by tests only.
    static func write(
        _ result: AuditResult, overview: ReportOverview, language: ReportLanguage, descriptor: Int32,
        rowsPerSheet: Int = XLSXWorkbook.maximumRows
    ) -> String? {
        guard let book = XLSXWorkbook(descriptor: descriptor, created: result.asOf) else {
            return "libxlsxwriter could not create the workbook"
        }
        let t = language.texts
        let findingsPerSheet = rowsPerSheet - 1
        let findingSheets = max(1, (result.findings.count + findingsPerSheet - 1) / findingsPerSheet)
        let summary = book.addSheet("Summary")
        let cases = book.addSheet("Cases")
        let findings = (0..<findingSheets).map { book.addSheet($0 == 0 ? "Findings" : "Findings \($0 + 1)") }
        writeSummary(result, overview, t, findingSheets: findingSheets, to: book, summary)
        writeCases(overview, t, to: book, cases)
        writeFindings(result, findingsPerSheet: findingsPerSheet, to: book, findings)
        return book.close()
    }

    private static func writeSummary(
        _ result: AuditResult, _ overview: ReportOverview, _ t: ReportTexts, findingSheets: Int, to book: XLSXWorkbook,
        _ sheet: XLSXWorkbook.Sheet
    ) {
        book.columnWidth(sheet, 0, 34)
        book.columnWidth(sheet, 1, 16)
        book.columnWidth(sheet, 2, 70)
        var row = 0
        func line(_ label: String, _ value: String?, number: Int? = nil, note: String? = nil, style: XLSXWorkbook.Style = .plain)
        {
            book.text(sheet, row, 0, label, style)
            if let number { book.number(sheet, row, 1, Double(number)) } else if let value { book.text(sheet, row, 1, value) }
            if let note { book.text(sheet, row, 2, note) }
            row += 1
        }
        line(t.title, nil, style: .title)
        book.text(sheet, row, 0, t.asOf)
        if let date = Self.date(result.asOf) {
            book.date(sheet, row, 1, year: date.year, month: date.month, day: date.day)
        }
        row += 1
        line(t.tool, "\(JSONReport.toolName) \(JSONReport.toolVersion)")
        line(
            t.list, result.list.name,
            note: "sha256 \(result.list.sha256)" + (result.list.metadata.effectiveDate.map { ", \(t.listEffective) \($0)" } ?? "")
        )
        let failed = result.failedInputs
        line("\(t.inputs): \(t.inputsRead)", nil, number: result.inputs.count - failed)
        line("\(t.inputs): \(t.inputsFailed)", nil, number: failed)
        line(t.declarations, nil, number: result.declarations)
        line(t.items, nil, number: result.items)
        line(t.findings, nil, number: result.findings.count)
        line(t.suppressed, nil, number: overview.suppressed, note: t.suppressedNote)
        row += 1
        line(t.bySeverity, nil, style: .header)
        for severity in Severity.allCases.sorted(by: >) {
            line(severity.rawValue, nil, number: result.count(of: severity), note: t.severityMeaning[severity])
        }
        row += 1
        line(t.byRule, nil, style: .header)
        for rule in RuleID.allCases { line(rule.rawValue, nil, number: result.count(of: rule), note: t.ruleMeaning[rule]) }
        row += 1
        line(t.byState, nil, style: .header)
        for state in FindingState.allCases {
            line(state.rawValue, nil, number: overview.byState[state] ?? 0, note: t.stateMeaning[state])
        }
        if findingSheets > 1 {
            row += 1
            line(t.continuedNote, (2...findingSheets).map { "Findings \($0)" }.joined(separator: ", "))
        }
        let failedInputs = result.inputs.filter { $0.status == .failed }
        if !failedInputs.isEmpty {
            row += 1
            line(t.failedInputs, nil, style: .header)
            for input in failedInputs {
                let location = [input.error?.location?.line, input.error?.location?.column].compactMap { $0 }.map(String.init)
                line(input.path, location.joined(separator: ":"), note: input.error.map { "\($0.code.rawValue): \($0.message)" })
            }
        }
        row += 1
        line(t.summarySheetNote, nil)
    }

    private static func writeCases(
        _ overview: ReportOverview, _ t: ReportTexts, to book: XLSXWorkbook, _ sheet: XLSXWorkbook.Sheet
    ) {
        for (column, name) in t.caseHeadings.enumerated() {
            book.text(sheet, 0, column, name, .header)
            book.columnWidth(sheet, column, [13, 34, 10, 9, 7, 8, 8, 18, 60][column])
        }
        for (index, companyCase) in overview.cases.enumerated() {
            let row = index + 1
            book.text(sheet, row, 0, companyCase.taxCode)
            book.text(sheet, row, 1, companyCase.name ?? "")
            book.text(sheet, row, 2, companyCase.highest.rawValue)
            book.number(sheet, row, 3, Double(companyCase.findings))
            for (offset, severity) in Severity.allCases.sorted(by: >).enumerated() {
                book.number(sheet, row, 4 + offset, Double(companyCase.bySeverity[severity] ?? 0))
            }
            cell(companyCase.totalVND.description, number: true, at: row, 7, sheet, book)
            book.text(
                sheet, row, 8, companyCase.declarations.joined(separator: ", ") + (companyCase.moreDeclarations ? ", …" : ""),
                .wrapped)
        }
        book.table(sheet, lastRow: max(1, overview.cases.count), lastColumn: t.caseHeadings.count - 1)
    }

    private static func writeFindings(
        _ result: AuditResult, findingsPerSheet: Int, to book: XLSXWorkbook, _ sheets: [XLSXWorkbook.Sheet]
    ) {
        let names = ReportColumns.names
        let total = result.findings.count
        for (index, sheet) in sheets.enumerated() {
            for (column, name) in names.enumerated() {
                book.text(sheet, 0, column, name, .header)
                book.columnWidth(sheet, column, widths[name] ?? 12)
            }
            let rows = min(findingsPerSheet, total - index * findingsPerSheet)
            book.table(sheet, lastRow: max(1, rows), lastColumn: names.count - 1)
        }
        for (position, finding) in result.findings.enumerated() {
            let sheet = sheets[position / findingsPerSheet]
            let row = position % findingsPerSheet + 1
            for (column, value) in ReportColumns.cells(of: finding).enumerated() {
                switch (value, kinds[column]) {
                case (.number(let number?), _):
                    book.number(sheet, row, column, Double(number))
                case (.number(nil), _), (.text(nil), _):
                    continue
                case (.text(let text?), .identifier), (.text(let text?), .plain):
                    book.text(sheet, row, column, text)
                case (.text(let text?), .date):
                    if let date = Self.date(text) {
                        book.date(sheet, row, column, year: date.year, month: date.month, day: date.day)
                    } else {
                        book.text(sheet, row, column, text)
                    }
                case (.text(let text?), .number):
                    cell(text, number: true, at: row, column, sheet, book)
                case (.text(let text?), .wrapped):
                    book.text(sheet, row, column, text, .wrapped)
                }
            }
        }
    }

    /// A number cell when asked for and the text is a plain decimal that a double holds exactly
    /// enough (15 significant digits, as the spreadsheet keeps); text otherwise.
    private static func cell(
        _ text: String, number: Bool, wrapped: Bool = false, at row: Int, _ column: Int, _ sheet: XLSXWorkbook.Sheet,
        _ book: XLSXWorkbook
    ) {
        if number, DecimalText.isPlainDecimal(text), text.utf8.count(where: { $0 >= 0x30 && $0 <= 0x39 }) <= 15,
            let value = Double(text)
        {
            book.number(sheet, row, column, value)
        } else {
            book.text(sheet, row, column, text, wrapped ? .wrapped : .plain)
        }
    }

    /// Year, month and day of a valid YYYY-MM-DD date; nil for anything else (kept as text).
    static func date(_ text: String) -> (year: Int, month: Int, day: Int)? {
        guard DateText.normalize(text) == text else { return nil }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, parts[0] >= 1900 else { return nil }
        return (parts[0], parts[1], parts[2])
    }
}
