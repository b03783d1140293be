import Foundation

/// Hooks that exist only for the end-to-end tests, each switched on by an environment variable
/// that no user sets; nothing else in the program reads them.
enum TestingSeam {
    /// `DECLAUDIT_TEST_CRASH_BEFORE_COMMIT=1`: dies after the reports are written, before the
    /// ledger transaction commits, so a test can prove the ledger is then unchanged.
    static func crashBeforeLedgerCommitIfAsked() {
        if ProcessInfo.processInfo.environment["DECLAUDIT_TEST_CRASH_BEFORE_COMMIT"] == "1" {
            _exit(137)
        }
    }
}
