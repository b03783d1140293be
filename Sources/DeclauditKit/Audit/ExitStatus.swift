/// The process exit codes of the contract, decided here and nowhere else.
public enum ExitStatus: Int32, Sendable {
    case clean = 0
    case findings = 1
    case inputFailed = 2
    case usage = 64
    case `internal` = 70
    /// A temporary failure (sysexits' EX_TEMPFAIL): the ledger or the output folder is held by
    /// another run beyond `--ledger-wait`; nothing was written, try again.
    case temporaryFailure = 75

    /// The codes and their meaning, for `--help`.
    public static let helpText = """
        Exit status:
          0   every input was read; no finding at or above --fail-on
          1   every input was read; new findings at or above --fail-on (with --ledger: not suppressed by triage)
          2   at least one input could not be read (the reports still name it)
          64  usage error: bad option, malformed list, registry or decisions file, unusable output folder or ledger
          70  internal error
          75  temporary failure: the ledger or output folder is held by another run beyond --ledger-wait; nothing written, try again
        """

    /// 2 when any input could not be read; else 1 when a new, unsuppressed finding is at or above
    /// `failOn` (without a ledger every finding is new and unsuppressed; nil: `--fail-on never`);
    /// else 0.
    public static func of(_ result: AuditResult, failOn: Severity?) -> ExitStatus {
        if result.failedInputs > 0 { return .inputFailed }
        guard let failOn else { return .clean }
        if Severity.allCases.contains(where: { $0 >= failOn && result.alertingCount(of: $0) > 0 }) { return .findings }
        return .clean
    }

    /// The status for an error that ends the run before or outside the audit.
    public static func of(_ error: DeclauditError) -> ExitStatus {
        switch error.code {
        case .usage, .listMalformed, .permitsMalformed, .outputNotWritable, .inputNotFound, .inputUnreadable, .ledgerUnusable,
            .temporaryFolderUnusable:
            .usage
        case .ledgerBusy, .outputBusy: .temporaryFailure
        case .internal: .internal
        default: .internal
        }
    }
}
