import ArgumentParser
import DeclauditKit
#if canImport(Glibc)
import Glibc
#endif

@main
struct Declaudit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declaudit",
        abstract: "Audit Vietnamese customs declarations for used IT goods imported without a permit.",
        discussion: ExitStatus.helpText,
        version: JSONReport.toolVersion,
        subcommands: [AuditCommand.self, ValidateCommand.self, ListCommand.self, LedgerCommand.self, TriageCommand.self]
    )

    static func main() {
        StandardDescriptors.reopenClosed()
        main(nil)
    }
}

/// A job started with standard input, output or error closed (`<&-`) would hand descriptors 0-2
/// to the first files the program opens: `-` would then read another input's bytes, and messages
/// would land in a report. They are opened on /dev/null before anything else is.
enum StandardDescriptors {
    static func reopenClosed() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // open() returns the lowest free descriptor: this one, as the lower ones are open.
            _ = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
        }
    }
}

extension ExitCode {
    /// One of the contract's exit codes, as decided by `ExitStatus`.
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}
