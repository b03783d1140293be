internal import GRDB

/// Stage 5, settle versions: of each declaration the highest version is kept (the first read of
/// duplicates), cancelled ones are skipped, and the findings about readings that lost go.
enum SettleStage {
    /// `keepsLedger`: the ledger outlives the run (`--ledger FILE`, or one a caller keeps). Only
    /// then are the readings recorded in its `declaration_version`: nothing reads that table
    /// back, and a ledger the run made for itself is deleted at the end of the run.
    static func settle(_ findings: inout RunFindings, asOf: String, keepsLedger: Bool, in db: Database) throws
        -> SettledVersions
    {
        let versions = try RunStaging.settle(in: db)
        findings.keep { $0.key.map(versions.isKept) ?? true }
        if keepsLedger { try RunStaging.recordSeen(asOf: asOf, in: db) }
        return versions
    }
}
