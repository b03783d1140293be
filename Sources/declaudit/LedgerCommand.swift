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

        @Option(
            name: .customLong("grace-days"), parsing: .unconditional,
            help: "Days after a contract ends before unreturned goods are overdue.")
        var graceDays = ContractBalance.defaultGraceDays

        @Option(
            name: .customLong("ledger-wait"),
            help: "Seconds to wait for a ledger that another run holds before giving up with exit 75.")
        var ledgerWait = Ledger.defaultWaitSeconds

        func validate() throws {
            if let asOf, DateText.normalize(asOf) != asOf {
                throw ValidationError("--as-of \"\(asOf)\" is not a date in the form YYYY-MM-DD")
            }
            guard graceDays >= 0 else {
                throw ValidationError(
                    "--grace-days \(graceDays) is negative; give the number of days (0 or more) after a contract ends before unreturned goods are overdue"
                )
            }
            guard ledgerWait >= 0 else { throw ValidationError("--ledger-wait must be 0 or more seconds") }
            guard FileManager.default.fileExists(atPath: ledger) else {
                throw ValidationError("no ledger at \(ledger)")
            }
        }

        func contracts(only contract: String? = nil) throws -> [ContractBalance] {
            try Self.guarded { () throws(DeclauditError) in
                try Ledger(path: ledger, waitSeconds: ledgerWait, forWriting: false).contracts(
                    asOf: asOf ?? Console.today(), graceDays: graceDays, only: contract)
            }
        }

        /// Runs `body`; a DeclauditError is printed as one sentence and ends with its exit status.
        static func guarded<T>(_ body: () throws(DeclauditError) -> T) throws -> T {
            do {
                return try body()
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
            let contracts = try options.contracts(only: contract)
            if let contract, contracts.isEmpty {
                Console(quiet: false).error(
                    "no processing contract \"\(contract)\" in the ledger (a key is TAXCODE/NUMBER, as `ledger show` lists them)")
                throw ExitCode(ExitStatus.usage)
            }
            print(LedgerReport.text(contracts), terminator: "")
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
                try Options.guarded { () throws(DeclauditError) in try SafeOutput.write(bytes, to: output) }
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}
