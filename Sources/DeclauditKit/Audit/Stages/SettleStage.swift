internal import GRDB

/// Stage 5, settle versions: of each declaration the highest version is kept (the first read of
/// duplicates), cancelled ones are skipped, and the findings about readings that lost go.
enum SettleStage {
    static func settle(_ findings: inout RunFindings, asOf: String, in db: Database) throws -> SettledVersions {
        let versions = try RunStaging.settle(in: db)
        findings.keep { $0.key.map(versions.isKept) ?? true }
        try RunStaging.recordSeen(asOf: asOf, in: db)
        return versions
    }
}
