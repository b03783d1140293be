/// The outcome of a run: what each input gave and the findings, in report order.
public struct AuditResult: Sendable {
    public var asOf: String
    public var list: ProhibitedList
    public var inputs: [InputReport]
    public var findings: FindingList
    public var declarations: Int
    public var items: Int
    public var supersededSkipped: Int
    public var cancelledSkipped: Int
    /// Per permit line: permitted, drawn in this run, remaining; nil without `--permits`.
    public var permitAccounts: [PermitAccount]?
    /// report.json's `processing` section, rendered while the run reconciled every contract it
    /// knows (this run's and the ledger's) at `asOf`; nil when there is none to show.
    public var processing: RenderedSection?
    /// Findings an earlier run raised that this run judged again and no longer raises
    /// (report.json's `resolved`); empty without a ledger.
    public var resolved: [ResolvedFinding] = []

    public var failedInputs: Int { inputs.filter { $0.status == .failed }.count }

    public func count(of severity: Severity) -> Int { findings.count(of: severity) }
    public func count(of rule: RuleID) -> Int { findings.count(of: rule) }
    public func count(of state: FindingState) -> Int { findings.count(of: state) }
    public var suppressedCount: Int { findings.suppressedCount }
    /// New, unsuppressed findings of `severity`: those that count for the exit status.
    public func alertingCount(of severity: Severity) -> Int { findings.alertingCount(of: severity) }
}
