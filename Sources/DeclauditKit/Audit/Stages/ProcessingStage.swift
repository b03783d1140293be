internal import GRDB

/// Stage 7, processing: this run's processing records move into the ledger, then every
/// contract the ledger knows is judged (`ContractJudging`), rendered for report.json's
/// `processing` section and forgotten, a wave at a time.
///
/// A run-only ledger made for this run alone (`ledgerIsThrowaway`) starts empty and goes with
/// the run: its contracts are this run's counting readings, read from the run's tables without
/// being copied into the ledger's (which nothing would read again).
struct ProcessingStage {
    let asOf: String
    let graceDays: Int
    let jobs: Int
    let list: ProhibitedList
    /// The language of the findings' reasons.
    let language: ReportLanguage
    /// The input a finding goes with when its declaration was read by an earlier run.
    let earlierRunInput: Int
    /// The ledger was made for this run, empty, and is deleted after it.
    var ledgerIsThrowaway = false

    /// Waves being judged while the next is read.
    static let wavesInFlight = 2

    func reconcile(_ findings: inout RunFindings, in db: Database) throws -> RenderedSection? {
        if !ledgerIsThrowaway { try RunStaging.storeProcessing(in: db) }
        var section = try ProcessingSectionWriter()
        // A wave holds 64 contracts per thread: enough to share out, little memory. Waves n and
        // n + 1 are judged while wave n + 2 is read: judging a wave takes longer than reading it,
        // and after the last input nothing else runs, so two waves in flight keep both cores busy.
        // They are written in order; the last ones are waited for, so they are small.
        let waveSize = 64 * jobs
        var judging: [Worker<[ContractJudging.Judged]>] = []
        // The database thread copies the rows' bytes; the judging threads make the records.
        func next(_ wave: ContractWave) throws {
            judging.append(
                Worker { [asOf, graceDays, jobs, list, language] in
                    ContractJudging.judge(wave, asOf: asOf, graceDays: graceDays, jobs: jobs, list: list, language: language)
                })
            if judging.count > Self.wavesInFlight {
                try write(judging.removeFirst().wait(), into: &section, findings: &findings, in: db)
            }
        }
        if ledgerIsThrowaway {
            try RunStaging.forEachRunWave(in: db, contracts: waveSize, next)
        } else {
            try Ledger.forEachWave(in: db, contracts: waveSize, next)
        }
        for worker in judging { try write(worker.wait(), into: &section, findings: &findings, in: db) }
        return try section.finish()
    }

    private func write(
        _ judged: [ContractJudging.Judged], into section: inout ProcessingSectionWriter, findings: inout RunFindings,
        in db: Database
    ) throws {
        for slice in judged {
            section.append(slice.json, contracts: slice.contracts)
            for (finding, identity) in slice.findings {
                let input = try identity.flatMap { identity in
                    try ledgerIsThrowaway
                        ? RunStaging.inputOfCountingReading(identity: identity, in: db)
                        : RunStaging.inputOfStoredDeclaration(identity: identity, in: db)
                }
                try findings.add(finding, input: input ?? earlierRunInput, key: nil, in: db)
            }
        }
    }
}
