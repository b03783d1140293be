import ArgumentParser
import DeclauditKit
import Foundation

struct TriageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "triage",
        abstract: "Record inspectors' decisions on findings in the ledger, and export them.",
        discussion: """
            Statuses: confirmed, under-review, false-positive, accepted, cleared. false-positive and \
            accepted suppress a finding: it stays in every report with its triage, but no longer makes \
            the exit status 1. cleared removes the decision. The latest decision on a finding counts; \
            every decision is kept.
            """,
        subcommands: [SetDecision.self, Import.self, Export.self]
    )

    struct LedgerOption: ParsableArguments {
        @Option(help: "The SQLite ledger file written by `audit --ledger`.")
        var ledger: String

        @Option(
            name: .customLong("ledger-wait"),
            help: "Seconds to wait for a ledger that another run holds before giving up with exit 75.")
        var ledgerWait = Ledger.defaultWaitSeconds

        func validate() throws {
            guard ledgerWait >= 0 else { throw ValidationError("--ledger-wait must be 0 or more seconds") }
            guard FileManager.default.fileExists(atPath: ledger) else {
                throw ValidationError("no ledger at \(ledger)")
            }
        }

        /// Runs `body` on the opened ledger; a `DeclauditError` is printed and decides the exit status.
        func with<T>(forWriting: Bool = true, _ body: (Ledger) throws(DeclauditError) -> T) throws -> T {
            do {
                return try body(try Ledger(path: ledger, waitSeconds: ledgerWait, forWriting: forWriting))
            } catch {
                Console(quiet: false).error(error.description)
                throw ExitCode(ExitStatus.of(error))
            }
        }
    }

    /// The date a decision is recorded on.
    struct DecisionDate: ParsableArguments {
        @Option(name: .customLong("as-of"), help: "Date (YYYY-MM-DD) the decisions are recorded on (default: today).")
        var asOf: String?

        func validate() throws {
            if let asOf, DateText.normalize(asOf) != asOf {
                throw ValidationError("--as-of \"\(asOf)\" is not a date in the form YYYY-MM-DD")
            }
        }

        var date: String { asOf ?? Console.today() }
    }

    struct SetDecision: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Record one decision on one or more findings (by finding_id).")

        @OptionGroup var ledger: LedgerOption

        @Argument(
            help: ArgumentHelp(
                "The finding_id of each finding (16 hexadecimal digits, as in findings.csv).", valueName: "finding-id"))
        var ids: [String]

        @Option(help: "The decision: false-positive and accepted suppress, cleared removes the decision.")
        var status: TriageStatus

        @Option(help: "Why: the evidence seen (a permit on paper, a re-export found elsewhere).")
        var note = ""

        @Option(help: "Who decides (default: the login name).")
        var by: String?

        @Option(help: "Last date (YYYY-MM-DD) on which a suppression holds; after it the finding counts again.")
        var until: String?

        @OptionGroup var decided: DecisionDate

        func validate() throws {
            guard !ids.isEmpty else { throw ValidationError("give at least one finding_id") }
            for id in ids where !TriageCSV.isFindingID(id) {
                throw ValidationError("\"\(id)\" is not a finding_id (16 lower-case hexadecimal digits)")
            }
            if let until, DateText.normalize(until) != until {
                throw ValidationError("--until \"\(until)\" is not a date in the form YYYY-MM-DD")
            }
        }

        func run() throws {
            let who = by ?? ProcessInfo.processInfo.environment["USER"] ?? ""
            let decisions = ids.map {
                TriageDecision(findingID: $0, status: status, note: note, by: who, until: until, decidedOn: decided.date)
            }
            try ledger.with { ledger throws(DeclauditError) in try TriageStore.record(decisions, in: ledger) }
            Console(quiet: false).summary(
                "Recorded \(status.rawValue) on \(ids.count) finding\(ids.count == 1 ? "" : "s") in \(ledger.ledger).")
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record the decisions of a CSV file, all or none.",
            discussion: """
                The header must start finding_id,status,note,by,until (UTF-8, with or without a byte-order \
                mark; further columns are ignored, so an edited `triage export` imports again). A malformed \
                file, an unknown status or a finding_id the ledger never recorded is refused whole with its \
                line number (exit 64).
                """)

        @OptionGroup var ledger: LedgerOption

        @Argument(help: "The decisions CSV.")
        var decisions: String

        @OptionGroup var decided: DecisionDate

        func run() throws {
            let count = try ledger.with { ledger throws(DeclauditError) -> Int in
                guard let data = FileManager.default.contents(atPath: decisions) else {
                    throw DeclauditError(.usage, "cannot read the decisions file", at: SourceLocation(file: decisions))
                }
                let parsed = try TriageCSV.decisions(in: Array(data), file: decisions, decidedOn: decided.date)
                try TriageStore.record(parsed.map(\.decision), in: ledger, lines: parsed.map(\.line), file: decisions)
                return parsed.count
            }
            Console(quiet: false).summary(
                "Recorded \(count) decision\(count == 1 ? "" : "s") from \(decisions) in \(ledger.ledger).")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the current decisions as CSV (standard output, or -o FILE).",
            discussion: "Columns: \(TriageCSV.exportColumns.joined(separator: ",")).")

        @OptionGroup var ledger: LedgerOption

        @Option(name: .shortAndLong, help: "Output file (default: standard output).")
        var output: String?

        @Flag(help: "Every decision ever recorded, oldest first, instead of the current ones.")
        var history = false

        func run() throws {
            try ledger.with(forWriting: false) { ledger throws(DeclauditError) in
                let bytes = TriageCSV.export(try TriageStore.decisions(in: ledger, history: history))
                if let output {
                    try SafeOutput.write(bytes, to: output)
                } else {
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        }
    }
}

extension TriageStatus: ExpressibleByArgument {}
