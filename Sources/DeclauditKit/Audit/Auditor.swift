import Foundation
internal import GRDB
import Synchronization

/// Runs the rules over every input: files in parallel (`jobs`), each file streamed on one
/// thread, results merged in input order so the reports do not depend on scheduling.
public enum Auditor {
    /// Audits `files` and hands the result to `beforeCommit` (which writes the reports) inside
    /// the ledger's transaction: the ledger changes only if that succeeds.
    public static func audit(
        _ files: [InputFile], options: AuditOptions,
        progress: (@Sendable (AuditProgress) -> Void)? = nil,
        beforeCommit: (AuditResult) throws(DeclauditError) -> Void = { _ in }
    ) throws(DeclauditError) -> AuditResult {
        let ledger: Ledger
        if let given = options.ledger {
            ledger = given
        } else {
            ledger = try Ledger(path: nil)
        }
        let findings = try FindingFile()
        return try ledger.run { db in
            try RunStaging.create(in: db)
            for (index, file) in files.enumerated() { try RunStaging.addInput(index, source: file.label, in: db) }
            return try read(files, options: options, progress: progress, stagingInto: db, findings: findings)
        } merge: { db, read in
            let (audits, staged) = read
            var merge = try RunMerge(audits: audits, staged: staged, findings: findings, options: options, in: db)
            try merge.reconcile(in: db)
            let result = try merge.result()
            progress?(AuditProgress(final: result))
            try beforeCommit(result)
            return result
        }
    }

    /// Reads every input, `jobs` files at a time on their own threads, while this thread (the
    /// one that owns the database connection) stages what they send and spills their findings;
    /// results in input order.
    private static func read(
        _ files: [InputFile], options: AuditOptions, progress: (@Sendable (AuditProgress) -> Void)?,
        stagingInto db: Database, findings: FindingFile
    ) throws -> ([FileAudit], [StagedFinding]) {
        let context = RuleContext(list: options.list, permits: options.permits, asOf: options.asOf)
        let results = Mutex<[FileAudit?]>(Array(repeating: nil, count: files.count))
        let next = Atomic<Int>(0)
        let tally = Mutex(AuditProgress(filesDone: 0, filesTotal: files.count, declarations: 0, findings: 0))
        let workers = min(options.jobs, max(1, files.count))
        let channel = BoundedChannel<StagedBatch>(capacity: 2 * workers)
        for _ in 0..<workers {
            Thread {
                defer { channel.finish() }
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < files.count else { return }
                    let audit = FileAudit.run(files[index], index: index, context: context, staging: channel)
                    results.withLock { $0[index] = audit }
                    if let progress {
                        let snapshot = tally.withLock { state -> AuditProgress in
                            state.filesDone += 1
                            state.declarations += audit.report.declarations
                            state.findings += audit.findingCount
                            return state
                        }
                        progress(snapshot)
                    }
                }
            }.start()
        }
        // Keep receiving after a failure: the readers must not block on a full channel.
        var failure: (any Error)?
        var finished = 0
        var staged: [StagedFinding] = []
        while finished < workers {
            switch channel.receive() {
            case .value(let batch):
                guard failure == nil else { continue }
                do {
                    for tagged in batch.findings {
                        let finding = try FindingMemory.recall(tagged.finding, asOf: options.asOf, in: db)
                        staged.append(StagedFinding(input: tagged.key.input, key: tagged.key, entry: findings.append(finding)))
                    }
                    try RunStaging.insert(batch, in: db)
                } catch { failure = error }
            case .finished:
                finished += 1
            }
        }
        if let failure { throw failure }
        return (results.withLock { $0.map { $0! } }, staged)
    }
}

/// Joins the per-file results: keeps the highest version of each declaration (first read of
/// duplicates), skips cancelled ones, draws permits in registration order, reconciles
/// processing contracts with the ledger, and orders findings.
struct RunMerge {
    let audits: [FileAudit]
    let options: AuditOptions
    private let versions: SettledVersions
    /// The findings, in the run's `FindingFile`.
    private let findings: FindingFile
    private var ordered: [StagedFinding] = []
    private var permitAccounts: [PermitAccount]?
    private var processing: RenderedSection?
    private var resolved: [ResolvedFinding] = []

    init(audits: [FileAudit], staged: [StagedFinding], findings: FindingFile, options: AuditOptions, in db: Database) throws {
        self.audits = audits
        self.options = options
        self.findings = findings
        versions = try RunStaging.settle(in: db)
        ordered = staged.filter { $0.key.map(versions.isKept) ?? true }
    }

    /// Spills a finding made while merging; `input` is `audits.count` for one anchored in an
    /// earlier run.
    private mutating func add(_ finding: Finding, input: Int, in db: Database) throws {
        let recalled = try FindingMemory.recall(finding, asOf: options.asOf, in: db)
        ordered.append(StagedFinding(input: input, key: nil, entry: findings.append(recalled)))
    }

    mutating func reconcile(in db: Database) throws {
        try RunStaging.recordSeen(asOf: options.asOf, in: db)
        try drawPermits(in: db)
        try reconcileProcessing(in: db)
        // Every finding is known now: record them, and what this run found gone.
        try findings.finish()
        resolved = try FindingMemory.remember(asOf: options.asOf, in: db) { record in
            for staged in ordered { try record(findings.finding(at: staged.entry)) }
        }
    }

    private mutating func drawPermits(in db: Database) throws {
        guard let registry = options.permits else { return }
        var drawDown = PermitDrawDown(registry: registry)
        let candidates = audits.flatMap(\.permitCandidates).filter { versions.isKept($0.key) }
        let identities = Set(candidates.map(\.key.identity))
        drawDown.preDraw(try Ledger.priorDraws(excluding: identities, in: db))
        var recorded: [(identity: String, registeredOn: String?, account: PermitLine, draw: PermitDraw)] = []
        for candidate in candidates.sorted(by: PermitCandidate.drawOrder) {
            switch drawDown.apply(candidate) {
            case .uncovered(let finding):
                try add(finding, input: candidate.key.input, in: db)
            case .covered(let permit, let draw):
                recorded.append((candidate.key.identity, candidate.registeredOn, permit, draw))
            }
        }
        try Ledger.replaceDraws(of: identities, with: recorded, in: db)
        permitAccounts = drawDown.accounts
    }

    /// Moves this run's processing records into the ledger, then judges every contract the
    /// ledger knows, one at a time: each is rendered for the report and forgotten.
    private mutating func reconcileProcessing(in db: Database) throws {
        try RunStaging.storeProcessing(in: db)
        var section = try ProcessingSectionWriter()
        // A wave holds a few hundred contracts per thread: enough to share out, little memory.
        // Wave n is judged while wave n + 1 is read.
        let waveSize = 256 * options.jobs
        var wave: [ContractJudging.Contract] = []
        var judging: ContractJudging.Task?
        func next(_ wave: [ContractJudging.Contract]) throws {
            let task = ContractJudging.Task(
                wave, asOf: options.asOf, graceDays: options.graceDays, jobs: options.jobs, list: options.list)
            if let judging { try write(judging.wait(), into: &section, in: db) }
            judging = task
        }
        try Ledger.forEachContract(in: db) { key, records in
            wave.append(ContractJudging.Contract(key: key, records: records))
            if wave.count >= waveSize {
                try next(wave)
                wave = []
            }
        }
        if !wave.isEmpty { try next(wave) }
        if let judging { try write(judging.wait(), into: &section, in: db) }
        processing = try section.finish()
    }

    private mutating func write(_ judged: [ContractJudging.Judged], into section: inout ProcessingSectionWriter, in db: Database) throws {
        for slice in judged {
            section.append(slice.json, contracts: slice.contracts)
            for (finding, identity) in slice.findings {
                let input = try identity.flatMap { try RunStaging.inputOfStoredDeclaration(identity: $0, in: db) }
                try add(finding, input: input ?? audits.count, in: db)
            }
        }
    }

    func result() throws(DeclauditError) -> AuditResult {
        try findings.finish()
        // Input order, then source line, then rule; findings anchored in earlier runs come last,
        // by their recorded source. A total order, so no tie depends on scheduling.
        let sorted = ordered.sorted { lhs, rhs in
            if lhs.input != rhs.input { return lhs.input < rhs.input }
            if lhs.entry.source != rhs.entry.source { return lhs.entry.source < rhs.entry.source }
            if lhs.entry.sourceLine != rhs.entry.sourceLine { return lhs.entry.sourceLine < rhs.entry.sourceLine }
            return lhs.entry.rule < rhs.entry.rule
        }
        return AuditResult(
            asOf: options.asOf, list: options.list, inputs: audits.map(\.report),
            findings: FindingList(file: findings, entries: sorted.map(\.entry)),
            declarations: audits.reduce(0) { $0 + $1.report.declarations },
            items: audits.reduce(0) { $0 + $1.report.items },
            supersededSkipped: versions.superseded, cancelledSkipped: versions.cancelled,
            permitAccounts: permitAccounts, processing: processing, graceDays: options.graceDays, resolved: resolved)
    }
}

/// A finding spilled to the run's `FindingFile`: where it is, the input it belongs to, and the
/// reading of the declaration it is about (nil for one made while merging, already judged).
struct StagedFinding {
    let input: Int
    let key: DeclarationKey?
    let entry: FindingFile.Entry
}

/// One input's share of the run.
struct FileAudit: Sendable {
    struct TaggedFinding: Sendable {
        let key: DeclarationKey
        let finding: Finding
    }

    var report: InputReport
    var findingCount = 0
    var permitCandidates: [PermitCandidate] = []

    /// Reads one input and judges its import lines; every declaration read and every processing
    /// record goes to `staging` as it is read. The judging runs on a second thread, fed in
    /// batches, so that reading (libxml2) and judging (rules, records) overlap.
    static func run(_ file: InputFile, index: Int, context: RuleContext, staging: BoundedChannel<StagedBatch>) -> FileAudit {
        var audit = FileAudit(report: InputReport(
            path: file.label, format: nil, status: .ok, declarations: 0, items: 0, error: nil,
            problemCount: 0, lastDeclarationLine: nil))
        if let problem = file.problem {
            audit.report.status = .failed
            audit.report.error = problem
            return audit
        }
        let judge: FileJudge
        let outcome: ReadOutcome
        if isLarge(file) {
            (outcome, judge) = readJudgingOnAnotherThread(file, index: index, context: context, staging: staging)
        } else {
            var inline = FileJudge(file: file, index: index, context: context, staging: staging)
            outcome = DocumentReader.read(path: file.path, label: file.label, items: context.itemSelection) { inline.judge($0) }
            inline.finish()
            judge = inline
        }
        audit.findingCount = judge.findingCount
        audit.permitCandidates = judge.candidates
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

    /// Reading and judging overlap only where there is much to read: for a small file the
    /// hand-over between threads would cost more than it saves.
    private static func isLarge(_ file: InputFile) -> Bool {
        guard file.path != "-" else { return true }
        var status = stat()
        return RawPath.withCString(file.path) { stat($0, &status) } != 0 || status.st_size >= 4 << 20
    }

    private static func readJudgingOnAnotherThread(
        _ file: InputFile, index: Int, context: RuleContext, staging: BoundedChannel<StagedBatch>
    ) -> (ReadOutcome, FileJudge) {
        let declarations = BoundedChannel<[Declaration]>(capacity: 4)
        let judged = Mutex<FileJudge?>(nil)
        let judging = DispatchSemaphore(value: 0)
        Thread {
            var judge = FileJudge(file: file, index: index, context: context, staging: staging)
            while case .value(let batch) = declarations.receive() {
                for declaration in batch { judge.judge(declaration) }
            }
            judge.finish()
            judged.withLock { $0 = judge }
            judging.signal()
        }.start()
        var pending: [Declaration] = []
        let outcome = DocumentReader.read(path: file.path, label: file.label, items: context.itemSelection) { declaration in
            pending.append(declaration)
            if pending.count == 64 {
                declarations.send(pending)
                pending.removeAll(keepingCapacity: true)
            }
        }
        if !pending.isEmpty { declarations.send(pending) }
        declarations.finish()
        judging.wait()
        return (outcome, judged.withLock { $0! })
    }
}

/// Judges one input's declarations in reading order: stages each for versions and the ledger,
/// keeps its processing record, and runs the item rules on import lines.
struct FileJudge: Sendable {
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
        batch.add(SeenDeclaration(key: key, number: declaration.number, typeCode: declaration.typeCode, registeredOn: declaration.registeredOn))
        // The registration date is read only for a declaration that needs the list.
        var day: Int32?
        func listDay() -> Int32 {
            if day == nil { day = context.listDay(of: declaration) }
            return day!
        }
        if let record = ProcessingRecord.of(declaration, key: key, source: file.label, list: context.list, listDay: listDay()) {
            batch.add(record, key: key)
        }
        if batch.isFull {
            staging.send(batch)
            batch = StagedBatch()
        }
        guard declaration.status != .cancelled,
              TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
        else { return }
        for item in declaration.items where ItemAssessment.isCandidate(item, list: context.list) {
            let assessment = ItemAssessment(
                declaration: declaration, item: item, source: file.label, list: context.list, listDay: listDay())
            guard let finding = ItemRules.evaluate(assessment, context: context) else { continue }
            if finding.rule == .usedITPermitInvalid {
                if let candidate = UsedITPermitInvalidRule.candidate(finding, assessment: assessment, key: key) {
                    candidates.append(candidate)
                }
            } else {
                batch.findings.append(FileAudit.TaggedFinding(key: key, finding: finding))
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

extension RuleContext {
    /// The goods lines an audit reads as `DeclarationItem`s: every line of a processing
    /// declaration (the ledger keeps them all), none of a cancelled or export declaration, and of
    /// an import only the lines that some rule can judge (`ItemAssessment.isCandidate`: a code the
    /// list covers or watches on some day, or no valid code).
    var itemSelection: ItemFilter {
        ItemFilter(
            keepAllTypeCodes: TypeCodes.processingImports.union(TypeCodes.processingReturns),
            importPrefixes: list.coveredPrefixes, keepsInvalidCodes: true)
    }
}
