import DeclauditKit
import Foundation
import Synchronization

/// Standard error: the progress line (only on a terminal), the closing summary and errors.
final class Console: Sendable {
    private let quiet: Bool
    private let showsProgress: Bool
    private let progressShown = Atomic<Bool>(false)

    init(quiet: Bool) {
        self.quiet = quiet
        showsProgress = !quiet && isatty(STDERR_FILENO) == 1
    }

    var progressHandler: (@Sendable (AuditProgress) -> Void)? {
        guard showsProgress else { return nil }
        return { [self] progress in
            progressShown.store(true, ordering: .relaxed)
            write(
                "\r\u{1B}[Kdeclaudit: \(progress.filesDone)/\(progress.filesTotal) files, \(progress.declarations) declarations, \(progress.findings) findings"
            )
        }
    }

    func finishProgress() {
        if progressShown.exchange(false, ordering: .relaxed) { write("\r\u{1B}[K") }
    }

    func summary(_ text: String) {
        if !quiet { write(text + "\n") }
    }

    /// Errors are printed even with --quiet: a nightly job's log must say what failed.
    func error(_ text: String) {
        write("declaudit: \(text)\n")
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Today's date in the machine's time zone, YYYY-MM-DD.
    static func today() -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
