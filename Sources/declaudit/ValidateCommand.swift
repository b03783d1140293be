import ArgumentParser
import DeclauditKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check well-formedness, the dump schema and the columns the auditor needs; no audit."
    )

    @OptionGroup var inputs: InputArguments

    func run() throws {
        var failed = 0
        for file in InputExpander.expand(inputs.paths.map(RawPath.recoverArgument)) {
            let verdict = Validator.validate(file)
            if verdict.problems.isEmpty {
                print("ok      \(file.label) (\(verdict.format?.rawValue ?? "unknown"), \(verdict.declarations) declarations)")
            } else {
                failed += 1
                for problem in verdict.problems {
                    print("invalid \(problem)")
                }
            }
        }
        throw ExitCode(failed > 0 ? ExitStatus.inputFailed : ExitStatus.clean)
    }
}

/// The inputs of `audit` and `validate`.
struct InputArguments: ParsableArguments {
    @Argument(help: "ECUS5 exports or dump files (.xml, .xml.gz), directories, or - for standard input.")
    var paths: [String] = []

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one input file, directory or -") }
    }
}
