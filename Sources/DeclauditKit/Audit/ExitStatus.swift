/// The process exit codes of the contract, decided here and nowhere else.
public enum ExitStatus: Int32, Sendable {
    case clean = 0
    case findings = 1
    case inputFailed = 2
    case usage = 64
    case `internal` = 70

    /// 2 when any input could not be read; else 1 when a new, unsuppressed finding is at or above
    /// `failOn` (without a ledger every finding is new and unsuppressed); else 0.
    public static func of(_ result: AuditResult, failOn: Severity) -> ExitStatus {
        if result.failedInputs > 0 { return .inputFailed }
        if Severity.allCases.contains(where: { $0 >= failOn && result.alertingCount(of: $0) > 0 }) { return .findings }
        return .clean
    }

    /// The status for an error that ends the run before or outside the audit.
    public static func of(_ error: DeclauditError) -> ExitStatus {
        switch error.code {
        case .usage, .listMalformed, .permitsMalformed, .outputNotWritable, .inputNotFound, .inputUnreadable, .ledgerUnusable: .usage
        case .internal: .internal
        default: .internal
        }
    }
}
