import ArgumentParser
import DeclauditKit

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
        FileDescriptor.reopenClosedStandardDescriptors()
        main(nil)
    }
}

extension ExitCode {
    /// One of the contract's exit codes, as decided by `ExitStatus`.
    init(_ status: ExitStatus) {
        self.init(status.rawValue)
    }
}
