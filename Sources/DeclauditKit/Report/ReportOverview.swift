/// One company's findings, summed for the inspector's case list (report.html, findings.xlsx).
public struct CompanyCase: Sendable, Equatable {
    /// The declarant's tax code; empty when the findings carry none.
    public var taxCode: String
    /// The first name the findings give for the company, in report order.
    public var name: String?
    public var highest: Severity
    public var findings = 0
    public var bySeverity: [Severity: Int] = [:]
    /// The sum of the findings' `value_vnd`, where they carry one.
    public var totalVND: Quantity = 0
    /// Distinct declarations, sorted; at most `CaseAggregation.declarationCap` of them.
    public var declarations: [String] { declarationSet.sorted() }
    /// True when the company has more declarations than are kept.
    public var moreDeclarations = false
    var declarationSet: Set<String> = []
}

/// Gathers the cases in one pass over the findings: a dictionary keyed by tax code, so memory
/// grows with the companies, not the findings.
public struct CaseAggregation: Sendable {
    /// Declarations kept per case; a company with more says so instead of listing them all.
    public static let declarationCap = 100

    private var cases: [String: CompanyCase] = [:]

    public init() {}

    public mutating func add(_ finding: Finding) {
        let key = finding.taxCode ?? ""
        var entry = cases[key] ?? CompanyCase(taxCode: key, name: nil, highest: finding.severity)
        if entry.name == nil { entry.name = finding.company }
        entry.highest = max(entry.highest, finding.severity)
        entry.findings += 1
        entry.bySeverity[finding.severity, default: 0] += 1
        if let value = finding.valueVND.flatMap(Quantity.init) { entry.totalVND += value }
        if !entry.declarationSet.contains(finding.declaration) {
            if entry.declarationSet.count < Self.declarationCap {
                entry.declarationSet.insert(finding.declaration)
            } else {
                entry.moreDeclarations = true
            }
        }
        cases[key] = entry
    }

    /// Highest severity first, then the largest total value, then most findings, then tax code.
    public var ordered: [CompanyCase] {
        cases.values.sorted { a, b in
            if a.highest != b.highest { return a.highest > b.highest }
            if a.totalVND != b.totalVND { return a.totalVND > b.totalVND }
            if a.findings != b.findings { return a.findings > b.findings }
            return a.taxCode < b.taxCode
        }
    }
}

/// What the reports for people show above the findings, gathered in one pass over them (the
/// severity and rule counts come from the list without decoding).
public struct ReportOverview: Sendable {
    public var cases: [CompanyCase]
    public var byState: [FindingState: Int]
    public var suppressed: Int

    public init(_ findings: some Sequence<Finding>) {
        var aggregation = CaseAggregation()
        var byState: [FindingState: Int] = [:]
        var suppressed = 0
        for finding in findings {
            byState[finding.state, default: 0] += 1
            if finding.suppressed {
                suppressed += 1
            } else {
                aggregation.add(finding)
            }
        }
        cases = aggregation.ordered
        self.byState = byState
        self.suppressed = suppressed
    }
}
