/// Stage 3, judge: one input's declarations in reading order. Each is staged (for versions and
/// the ledger) with its processing record; each assessed import line goes to the item rules. A
/// finding waits in the batch for the database thread; a line whose permit must be drawn becomes
/// a permit candidate for the permits stage.
struct JudgeStage: Sendable {
    /// A finding with the reading of the declaration it is about (for settling versions).
    struct TaggedFinding: Sendable {
        let key: DeclarationKey
        let finding: Finding
    }

    let file: InputFile
    let index: Int
    let context: RuleContext
    let staging: BoundedChannel<StagedBatch>
    private var ordinal = 0
    private var batch = StagedBatch()
    private(set) var findingCount = 0
    private(set) var candidates: [PermitCandidate] = []

    init(file: InputFile, index: Int, context: RuleContext, staging: BoundedChannel<StagedBatch>) {
        self.file = file
        self.index = index
        self.context = context
        self.staging = staging
    }

    mutating func judge(_ declaration: Declaration) {
        let key = DeclarationKey(declaration, input: index, ordinal: ordinal)
        ordinal += 1
        batch.add(
            SeenDeclaration(
                key: key, number: declaration.number, typeCode: declaration.typeCode, registeredOn: declaration.registeredOn))
        let judged = AssessStage.isJudged(declaration)
        let recording = AssessStage.isRecorded(declaration)
        // Each line is assessed once; a processing import's record reuses its lines' assessments.
        var recorded: [AssessedLine] = []
        if judged || recording { assess(declaration, key: key, judged: judged, recording: recording, into: &recorded) }
        if let record = ProcessingRecord.of(declaration, key: key, source: file.label, assessed: recorded) {
            batch.add(record, key: key)
        }
        if batch.isFull {
            staging.send(batch)
            batch = StagedBatch()
        }
    }

    /// Assesses `declaration`'s candidate lines: each judged line goes to the rules (or waits as a
    /// permit candidate); each line of a processing import is noted for its record.
    private mutating func assess(
        _ declaration: Declaration, key: DeclarationKey, judged: Bool, recording: Bool, into recorded: inout [AssessedLine]
    ) {
        // Read once here: the closures below would copy them out of `self` at every line.
        let context = self.context
        // The registration date is read only for a declaration that needs the list.
        var day: Int32?
        func listDay() -> Int32 {
            if let day { return day }
            let read = context.listDay(of: declaration)
            day = read
            return read
        }
        AssessStage.assess(declaration, source: file.label, list: context.list, listDay: listDay) { position, assessment in
            if recording { recorded.append(AssessedLine(position: position, assessment)) }
            guard judged else { return }
            // A line that only the whole run can judge waits for the permit draw-down.
            if let candidate = UsedITPermitInvalidRule.candidate(assessment, key: key, context: context) {
                candidates.append(candidate)
            } else if let finding = Rules.judge(assessment, context: context) {
                batch.findings.append(TaggedFinding(key: key, finding: finding))
                findingCount += 1
            }
        }
    }

    /// Sends what is left.
    mutating func finish() {
        if !batch.isEmpty { staging.send(batch) }
        batch = StagedBatch()
    }
}
