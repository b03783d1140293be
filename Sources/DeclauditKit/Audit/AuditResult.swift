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
    public var graceDays: Int = 30

    public var failedInputs: Int { inputs.filter { $0.status == .failed }.count }

    public func count(of severity: Severity) -> Int { findings.count(of: severity) }
    public func count(of rule: RuleID) -> Int { findings.count(of: rule) }
}
