import ArgumentParser
import DeclauditKit
import Foundation

struct LedgerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect the processing-contract ledger kept by `audit --ledger`.",
        subcommands: [Show.self, Export.self]
    )

    struct Options: ParsableArguments {
        @Option(help: "The SQLite ledger file.")
        var ledger: String

        @Option(name: .customLong("as-of"), help: "Date (YYYY-MM-DD) against which deadlines are judged (default: today).")
        var asOf: String?

        @Option(name: .customLong("grace-days"), help: "Days after a contract ends before unreturned goods are overdue.")
        var graceDays = 30

        func validate() throws {
            if let asOf, DateText.normalize(asOf) != asOf {
                throw ValidationError("--as-of \"\(asOf)\" is not a date in the form YYYY-MM-DD")
            }
            guard FileManager.default.fileExists(atPath: ledger) else {
                throw ValidationError("no ledger at \(ledger)")
            }
        }

        func contracts(only contract: String? = nil) throws -> [ContractBalance] {
            do {
                return try Ledger(path: ledger).contracts(asOf: asOf ?? Console.today(), graceDays: graceDays, only: contract)
            } catch {
                Console(quiet: false).error(error.description)
                throw ExitCode(ExitStatus.of(error))
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print contracts, deadlines and goods balances.")

        @OptionGroup var options: Options

        @Option(help: "Only this contract key (tax code/registration number).")
        var contract: String?

        func run() throws {
            print(LedgerReport.text(try options.contracts(only: contract)), terminator: "")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write contract balances as CSV (standard output, or -o FILE).")

        @OptionGroup var options: Options

        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        func run() throws {
            let bytes = LedgerReport.csv(try options.contracts())
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}
