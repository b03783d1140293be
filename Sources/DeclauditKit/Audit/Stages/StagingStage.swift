internal import GRDB

/// Stage 4, stage: on the thread that owns the database connection (SQLite handles stay on
/// their thread), what the judging threads send goes into the run's tables (`RunStaging`) and
/// its findings into `RunFindings`.
enum StagingStage {
    /// Receives from `channel` until each of its `producers` has finished. After a failure it
    /// keeps receiving, so that no producer blocks on a full channel, and throws at the end.
    /// `keepsLedger`: the ledger outlives the run (as `RunStaging.insert` takes it).
    static func drain(
        _ channel: BoundedChannel<StagedBatch>, producers: Int, keepsLedger: Bool, into findings: inout RunFindings,
        in db: Database
    ) throws {
        var failure: (any Error)?
        var finished = 0
        while finished < producers {
            switch channel.receive() {
            case .value(let batch):
                guard failure == nil else { continue }
                do { try stage(batch, keepsLedger: keepsLedger, into: &findings, in: db) } catch { failure = error }
            case .finished:
                finished += 1
            }
        }
        if let failure { throw failure }
    }

    static func stage(
        _ batch: StagedBatch, keepsLedger: Bool, into findings: inout RunFindings, in db: Database
    ) throws {
        for tagged in batch.findings {
            try findings.add(tagged.finding, input: tagged.key.input, key: tagged.key, in: db)
        }
        try RunStaging.insert(batch, keepsLedger: keepsLedger, in: db)
    }
}
