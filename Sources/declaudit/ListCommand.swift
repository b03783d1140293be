import ArgumentParser
import DeclauditKit
import Foundation

/// `declaudit list compile|show|lookup`: the prohibited list as a precompiled artifact, and the
/// answer to "why was this code flagged?". The logic is in DeclauditKit (CompiledList,
/// ListExplanation, ListReport); these commands only read arguments and print.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Compile, show and explain the prohibited list.",
        subcommands: [Compile.self, Show.self, Lookup.self]
    )

    /// Runs `body`; a DeclauditError is printed and ends the run with its exit status (64 for a
    /// malformed or missing list).
    static func guarded(_ body: () throws(DeclauditError) -> Void) throws {
        do {
            try body()
        } catch {
            Console(quiet: false).error(error.description)
            throw ExitCode(ExitStatus.of(error))
        }
    }

    static func load(_ path: String?) throws(DeclauditError) -> ProhibitedList {
        try path.map { path throws(DeclauditError) in try ProhibitedList.load(path: path) } ?? ProhibitedList.builtIn
    }

    /// `--on` must be a real date in the form YYYY-MM-DD.
    static func validate(on date: String?) throws {
        if let date, date.utf8.count != 10 || DateText.normalize(date) != date {
            throw ValidationError("--on \"\(date)\" is not a date in the form YYYY-MM-DD")
        }
    }

    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }
}

extension ListCommand {
    struct Compile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a list source CSV and write its compiled form (.hstrie) for --list.")

        @Argument(help: "The list source CSV (a compiled list is accepted too).")
        var source: String

        @Option(name: [.short, .customLong("output")], help: "The compiled list to write (replaced atomically).")
        var output: String

        func run() throws {
            try ListCommand.guarded { () throws(DeclauditError) in
                let list = try ProhibitedList.load(path: source)
                try list.writeCompiled(to: output)
                print("compiled \(list.entries.count) rows of \"\(list.name)\" (sha256 \(list.sha256)) to \(output)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the effective list: what each row covers after the header rule, its role, basis and confidence.")

        @Option(help: "A list source CSV or compiled .hstrie (default: the list built into the program).")
        var list: String?

        @Flag(help: "Print a JSON array instead of a table.")
        var json = false

        @Option(help: "Show only the rows in force on this date (YYYY-MM-DD).")
        var on: String?

        func validate() throws { try ListCommand.validate(on: on) }

        func run() throws {
            try ListCommand.guarded { () throws(DeclauditError) in
                let whole = try ListCommand.load(list)
                let shown = on.flatMap(ListDay.of).map { whole.inForce(on: $0) } ?? whole
                if json {
                    ListCommand.write(ListReport.json(shown))
                } else {
                    print(ListReport.provenance(shown, whole: whole, on: on))
                    print(ListReport.table(shown))
                    print(ListReport.permitRegime(on: on), terminator: "")
                }
            }
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Say which list row (if any) covers each code, and why.",
            discussion:
                "Codes of 8 digits, or 4- and 6-digit headings, with or without dots and spaces (8471.30.20, \"8471 30 20\", 84713020). Exit status 64 if any code is not one."
        )

        @Option(help: "A list source CSV or compiled .hstrie (default: the list built into the program).")
        var list: String?

        @Flag(help: "Print a JSON array instead of text.")
        var json = false

        @Option(help: "Judge by the rows in force on this date (YYYY-MM-DD), as an audit does a declaration registered then.")
        var on: String?

        @Argument(help: "HS codes to look up.")
        var codes: [String]

        func validate() throws {
            guard !codes.isEmpty else { throw ValidationError("give at least one HS code") }
            try ListCommand.validate(on: on)
        }

        func run() throws {
            var invalid: [String] = []
            try ListCommand.guarded { () throws(DeclauditError) in
                let prohibitedList = try ListCommand.load(list)
                let explanations = codes.map { code in
                    on.map { prohibitedList.explain(code, on: $0) } ?? prohibitedList.explain(code)
                }
                invalid = explanations.filter { $0.verdict == .invalid }.map(\.query)
                if json {
                    ListCommand.write(ListReport.json(explanations))
                } else {
                    print(ListReport.heading(prohibitedList))
                    print(ListReport.text(explanations), terminator: "")
                }
            }
            if !invalid.isEmpty {
                // The text answer already says so on its line; only JSON needs it said once here.
                if json {
                    let quoted = invalid.map { "\"\($0)\"" }.joined(separator: ", ")
                    Console(quiet: false).error("not an HS code of 4, 6 or 8 digits: \(quoted)")
                }
                throw ExitCode(ExitStatus.usage)
            }
        }
    }
}
