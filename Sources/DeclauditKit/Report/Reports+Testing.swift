// A testing seam: the reports rendered whole into memory, for tests and the fuzz harness.
// The program streams every report into a file (`ReportWriter`); nothing in it calls these.

extension JSONReport {
    public static func render(_ result: AuditResult) -> [UInt8] {
        var json = JSONWriter()
        emit(result, into: &json)
        return json.finish()
    }
}

extension CSVReport {
    public static func render(_ findings: some Collection<Finding>, excel: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + findings.count * 512)
        appendHeader(excel: excel, to: &out)
        for finding in findings { appendRow(finding, excel: excel, to: &out) }
        return out
    }
}

extension HTMLReport {
    public static func render(
        _ result: AuditResult, language: ReportLanguage = .vi, overview: ReportOverview? = nil, cap: Int = findingCap
    ) -> [UInt8] {
        var page = HTMLSink(file: nil)
        emit(result, overview ?? ReportOverview(result.findings), language.texts, cap, into: &page)
        return page.finish()
    }
}
