import Foundation
internal import GRDB

/// The ledger's memory of findings (schema `v2-findings-and-triage`): every finding a run raised,
/// the episode it is in, and the inspectors' decisions on it. A run reads it while it spills its
/// findings (`recall`), then records what it raised and what it found gone (`remember`).
extension Ledger {
    /// The `v2-findings-and-triage` migration: `finding` keeps one row per finding id, its current
    /// (or, once resolved, last) episode; `triage_decision` keeps every decision, latest last.
    /// A registered migration, like those in `Ledger.migrator`: never edit it, add the next.
    static func createFindingTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE finding (
                    finding_id TEXT PRIMARY KEY, rule TEXT NOT NULL, severity TEXT NOT NULL,
                    declaration TEXT NOT NULL, identity TEXT NOT NULL, line INTEGER, contract TEXT,
                    episode INTEGER NOT NULL, first_reported_on TEXT NOT NULL, last_reported_on TEXT NOT NULL,
                    resolved_on TEXT);
                CREATE INDEX finding_identity ON finding(identity);
                CREATE INDEX finding_resolved_on ON finding(resolved_on);
                CREATE TABLE triage_decision (
                    seq INTEGER PRIMARY KEY, finding_id TEXT NOT NULL REFERENCES finding(finding_id),
                    status TEXT NOT NULL, note TEXT NOT NULL, decided_by TEXT NOT NULL, until_on TEXT,
                    decided_on TEXT NOT NULL);
                CREATE INDEX triage_decision_finding ON triage_decision(finding_id, seq);
                """)
    }
}

/// A finding an earlier run raised that this run judged again and no longer raises.
public struct ResolvedFinding: Sendable, Hashable {
    public var findingID: String
    public var rule: RuleID
    public var severity: Severity
    public var declaration: String
    public var line: Int?
    public var contract: String?
    public var firstReportedOn: String
    public var lastReportedOn: String
}

/// What the ledger says about findings, on the run's database connection.
enum FindingMemory {
    /// `finding` as this run reports it: state and first date from the ledger's episode (as it
    /// was before this run, so re-running a night gives the same), triage from the latest decision.
    static func recall(_ finding: Finding, asOf: String, in db: Database) throws -> Finding {
        var finding = finding
        let prior = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT first_reported_on, resolved_on FROM main.finding WHERE finding_id = ?"),
            arguments: [finding.findingID])
        finding.firstReportedOn = Episode.firstReportedOn(
            priorFirst: prior?[0], priorResolved: prior?[1], asOf: asOf)
        finding.state = finding.firstReportedOn == asOf ? .new : .open
        if let decision = try TriageStore.latest(finding.findingID, in: db) {
            finding.triage = decision.status.rawValue
            finding.triageNote = decision.note.isEmpty ? nil : decision.note
            finding.suppressed = decision.suppresses(on: asOf)
        }
        return finding
    }

    /// Records the findings this run raised (`raised`, each once) with `asOf`, marks as resolved
    /// those judged again and not raised, and returns the findings resolved on `asOf` that this
    /// run judged (those it resolved, and those an earlier run of the same night did).
    static func remember(_ raised: some Sequence<Finding>, asOf: String, in db: Database) throws -> [ResolvedFinding] {
        try remember(asOf: asOf, in: db) { record in
            for finding in raised { try record(finding) }
        }
    }

    /// `remember`, for findings that are read back one at a time (and may fail to be): `raising`
    /// hands each to the closure it is given.
    static func remember(
        asOf: String, in db: Database, raising: ((Finding) throws -> Void) throws -> Void
    ) throws -> [ResolvedFinding] {
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS temp.run_raised;
                CREATE TEMP TABLE run_raised (finding_id TEXT PRIMARY KEY);
                CREATE INDEX IF NOT EXISTS temp.run_seen_identity ON run_seen(identity);
                """)
        let mark = try db.cachedStatement(sql: "INSERT OR IGNORE INTO temp.run_raised (finding_id) VALUES (?)")
        // A finding resolved before this night starts a new episode; one resolved on this night
        // (by an earlier run of it) carries on, as if that run had not been.
        let upsert = try db.cachedStatement(
            sql: """
                INSERT INTO main.finding (finding_id, rule, severity, declaration, identity, line, contract, episode,
                    first_reported_on, last_reported_on, resolved_on)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1, ?8, ?9, NULL)
                ON CONFLICT(finding_id) DO UPDATE SET rule = excluded.rule, severity = excluded.severity,
                    declaration = excluded.declaration, identity = excluded.identity, line = excluded.line,
                    contract = excluded.contract,
                    episode = episode + (resolved_on IS NOT NULL AND resolved_on < excluded.last_reported_on),
                    first_reported_on = excluded.first_reported_on,
                    last_reported_on = max(last_reported_on, excluded.last_reported_on), resolved_on = NULL
                """)
        try raising { finding in
            try mark.execute(arguments: [finding.findingID])
            try upsert.execute(arguments: [
                finding.findingID, finding.rule.rawValue, finding.severity.rawValue, finding.declaration,
                DeclarationKey.identity(of: finding.declaration), finding.line, finding.contract,
                finding.firstReportedOn ?? asOf, asOf,
            ])
        }
        // Judged again: every contract finding (the run judges every contract the ledger has),
        // and the findings on declarations this run read, in any version.
        let judged = """
            f.finding_id NOT IN (SELECT finding_id FROM temp.run_raised)
            AND (f.rule LIKE 'processing.%' OR f.identity IN (SELECT identity FROM temp.run_seen))
            """
        try db.execute(
            sql: """
                UPDATE main.finding AS f SET resolved_on = ?1
                WHERE f.resolved_on IS NULL AND f.last_reported_on <= ?1 AND \(judged)
                """, arguments: [asOf])
        return try Row.fetchAll(
            db,
            sql: """
                SELECT f.finding_id, f.rule, f.severity, f.declaration, f.line, f.contract, f.first_reported_on,
                    f.last_reported_on
                FROM main.finding f WHERE f.resolved_on = ?1 AND \(judged)
                ORDER BY f.declaration, f.line, f.rule, f.finding_id
                """, arguments: [asOf]
        ).compactMap { row in
            guard let rule = RuleID(rawValue: row[1]), let severity = Severity(rawValue: row[2]) else { return nil }
            return ResolvedFinding(
                findingID: row[0], rule: rule, severity: severity, declaration: row[3], line: row[4],
                contract: row[5], firstReportedOn: row[6], lastReportedOn: row[7])
        }
    }
}

/// The episode rule of the contract, on one finding id.
enum Episode {
    /// The first date of the episode a finding raised on `asOf` belongs to, given the ledger's
    /// row before the run (nil: never raised).
    static func firstReportedOn(priorFirst: String?, priorResolved: String?, asOf: String) -> String {
        guard let priorFirst else { return asOf }
        if let priorResolved, priorResolved < asOf { return asOf }
        return min(priorFirst, asOf)
    }
}
