/// One input through read, assess and judge, on the thread the run gives it.
struct InputAudit: Sendable {
    var report: InputReport
    var findingCount = 0
    var permitCandidates: [PermitCandidate] = []

    /// Reads one input and judges its declarations; every declaration read and every processing
    /// record goes to `staging` as it is read. For a large input the judging runs on a second
    /// thread, fed in batches, so that reading (libxml2) and judging overlap.
    static func run(
        _ file: InputFile, index: Int, context: RuleContext, filter: ItemFilter, staging: BoundedChannel<StagedBatch>
    ) -> InputAudit {
        var audit = InputAudit(
            report: InputReport(
                path: file.label, format: nil, status: .ok, declarations: 0, items: 0, error: nil,
                problemCount: 0, lastDeclarationLine: nil))
        if let problem = file.problem {
            audit.report.status = .failed
            audit.report.error = problem
            return audit
        }
        let judge = JudgeStage(file: file, index: index, context: context, staging: staging)
        let (outcome, judged) =
            ReadStage.isLarge(file)
            ? readJudgingOnAnotherThread(file, filter: filter, judge: judge)
            : readJudgingInline(file, filter: filter, judge: judge)
        audit.findingCount = judged.findingCount
        audit.permitCandidates = judged.candidates
        audit.report.format = outcome.format
        audit.report.declarations = outcome.declarations
        audit.report.items = outcome.items
        audit.report.lastDeclarationLine = outcome.lastDeclarationLine
        if let first = outcome.firstError {
            audit.report.status = .failed
            audit.report.error = first
            audit.report.problemCount = outcome.problems.count + (outcome.error == nil ? 0 : 1) - 1
        }
        return audit
    }

    private static func readJudgingInline(_ file: InputFile, filter: ItemFilter, judge: JudgeStage) -> (ReadOutcome, JudgeStage) {
        var judge = judge
        let outcome = ReadStage.read(file, filter: filter) { batch in batch.forEachDeclaration { judge.judge($0) } }
        judge.finish()
        return (outcome, judge)
    }

    private static func readJudgingOnAnotherThread(_ file: InputFile, filter: ItemFilter, judge: JudgeStage) -> (
        ReadOutcome, JudgeStage
    ) {
        // The batches carry the declarations as bytes: their Strings are made on the judging thread.
        // The reader (libxml2) is the slowest stage and sets the pace: the judging thread yields
        // it the processor when both want it, and sixteen batches (a few MiB) absorb the moments
        // the judging falls behind, so the reader never waits for it (measured on the 200 MiB
        // dump: the reader blocked 90-110 ms with four batches and a judging thread of equal
        // priority, 4-10 ms now).
        let batches = BoundedChannel<DeclarationBatch>(capacity: 16)
        let judging = Worker { () -> JudgeStage in
            ThreadPriority.lowerCurrent(by: 5)
            var judge = judge
            while case .value(let batch) = batches.receive() {
                batch.forEachDeclaration { judge.judge($0) }
            }
            judge.finish()
            return judge
        }
        let outcome = ReadStage.read(file, filter: filter) { batches.send($0) }
        batches.finish()
        return (outcome, judging.wait())
    }
}
