import ArgumentParser
import DeclauditKit
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit declarations and write findings.csv, report.json, report.html and findings.xlsx.",
        discussion: """
            With --ledger and no INPUT, nothing is read and the ledger's contracts are judged again.

            \(ExitStatus.helpText)
            """
    )

    @Argument(
        help:
            "ECUS5 exports or dump files (.xml, .xml.gz), directories, or - for standard input; none with --ledger re-judges its contracts."
    )
    var paths: [String] = []

    @Option(help: "Folder for findings.csv, report.json, report.html and findings.xlsx.")
    var out = "declaudit-report"

    @Option(help: "Prohibited list: a source CSV or a compiled .hstrie (default: the list built into the program).")
    var list: String?

    @Option(help: "Permit registry CSV (permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to).")
    var permits: String?

    @Option(
        help: "SQLite ledger that keeps processing-contract balances, permit draws, findings and triage decisions across runs.")
    var ledger: String?

    @Option(name: .customLong("as-of"), help: "Audit date (YYYY-MM-DD) against which deadlines are judged (default: today).")
    var asOf: String?

    // Unconditional: "-5" is taken as the value (and refused by validate), not as an option.
    @Option(
        name: .customLong("grace-days"), parsing: .unconditional,
        help: "Days after a processing contract ends before unreturned goods are flagged.")
    var graceDays = ContractBalance.defaultGraceDays

    @Option(help: "Files parsed in parallel (default: number of processors).")
    var jobs: Int?

    @Flag(help: "CSV for spreadsheets: byte-order mark, CRLF, formulas made inert.")
    var excel = false

    @Option(
        name: .customLong("fail-on"),
        help:
            "Lowest severity that makes the exit status 1: high, medium, review (with --ledger, only new findings that triage does not suppress count); never: the exit status is never 1."
    )
    var failOn: FailOn = .severity(.review)

    @Option(
        name: .customLong("ledger-wait"),
        help: "Seconds to wait for a ledger or output folder that another run holds before giving up with exit 75.")
    var ledgerWait = Ledger.defaultWaitSeconds

    @Flag(help: "No progress or summary on standard error.")
    var quiet = false

    @Option(help: "Language of report.html, findings.xlsx and the reason sentences: vi or en.")
    var lang: ReportLanguage = .vi

    func validate() throws {
        if let asOf, DateText.normalize(asOf) != asOf {
            throw ValidationError("--as-of \"\(asOf)\" is not a date in the form YYYY-MM-DD")
        }
        guard graceDays >= 0 else {
            throw ValidationError(
                "--grace-days \(graceDays) is negative; give the number of days (0 or more) after a contract ends before unreturned goods are flagged"
            )
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        guard ledgerWait >= 0 else { throw ValidationError("--ledger-wait must be 0 or more seconds") }
        guard !paths.isEmpty || ledger != nil else {
            throw ValidationError("give at least one input file, directory or -, or --ledger to judge its contracts again")
        }
    }

    func run() throws {
        let console = Console(quiet: quiet)
        do {
            let prohibitedList = try list.map { try ProhibitedList.load(path: $0) } ?? ProhibitedList.builtIn
            let registry = try permits.map { try PermitRegistry.load(path: $0) }
            // Held to the end of the process: the report set in --out is this run's alone.
            let outputLock = try ReportWriter.prepare(directory: out, waitSeconds: ledgerWait)
            defer { withExtendedLifetime(outputLock) {} }
            let openedLedger = try ledger.map { path throws(DeclauditError) in try Ledger(path: path, waitSeconds: ledgerWait) }
            let options = AuditOptions(
                list: prohibitedList, asOf: asOf ?? Console.today(), graceDays: graceDays,
                jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                permits: registry, language: lang)
            let files = InputExpander.expand(paths.map(RawPath.recoverArgument))
            let result = try AuditRun.audit(files, options: options, ledger: openedLedger, progress: console.progressHandler) {
                result throws(DeclauditError) in
                try ReportWriter.write(result, to: out, excel: excel, language: options.language)
                TestingSeam.crashBeforeLedgerCommitIfAsked()
            }
            console.finishProgress()
            for input in result.inputs where input.status == .failed {
                console.error("could not read \(input.error.map(String.init(describing:)) ?? input.path)")
            }
            console.summary(Summary.paragraph(result, out: out))
            throw ExitCode(ExitStatus.of(result, failOn: failOn.severity))
        } catch let error as DeclauditError {
            console.finishProgress()
            console.error(error.description)
            throw ExitCode(ExitStatus.of(error))
        }
    }
}

extension Severity: ExpressibleByArgument {}
extension ReportLanguage: ExpressibleByArgument {}

/// `--fail-on`: a severity, or `never` (the exit status is never 1).
enum FailOn: ExpressibleByArgument, Equatable {
    case severity(Severity)
    case never

    init?(argument: String) {
        if argument == "never" {
            self = .never
        } else if let severity = Severity(rawValue: argument) {
            self = .severity(severity)
        } else {
            return nil
        }
    }

    static var allValueStrings: [String] { Severity.allCases.map(\.rawValue) + ["never"] }

    var severity: Severity? {
        if case .severity(let severity) = self { return severity }
        return nil
    }
}
