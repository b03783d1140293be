/// Everything an audit run needs besides its inputs.
public struct AuditOptions: Sendable {
    public var list: ProhibitedList
    /// The audit date, YYYY-MM-DD.
    public var asOf: String
    public var graceDays: Int
    public var jobs: Int
    /// The permit registry (`--permits`); without it permit references are "unverified".
    public var permits: PermitRegistry?
    /// The language of the `reason` sentences, report.html and findings.xlsx (`--lang`).
    public var language: ReportLanguage

    public init(
        list: ProhibitedList, asOf: String, graceDays: Int = ContractBalance.defaultGraceDays, jobs: Int = 1,
        permits: PermitRegistry? = nil, language: ReportLanguage = .vi
    ) {
        self.language = language
        self.list = list
        self.permits = permits
        self.asOf = asOf
        self.graceDays = graceDays
        self.jobs = max(1, jobs)
    }
}

/// How far a run has got, for the progress line.
public struct AuditProgress: Sendable {
    public var filesDone: Int
    public var filesTotal: Int
    public var declarations: Int
    public var findings: Int
}

extension AuditProgress {
    /// The run's last progress: the merged totals that the summary gives too (findings made
    /// while merging and declarations superseded are counted only then).
    public init(final result: AuditResult) {
        self.init(
            filesDone: result.inputs.count, filesTotal: result.inputs.count, declarations: result.declarations,
            findings: result.findings.count)
    }
}
