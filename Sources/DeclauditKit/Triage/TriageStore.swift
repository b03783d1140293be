import Foundation
internal import GRDB

/// An inspector's verdict on a finding (SonarQube's lifecycle, SARIF's suppression statuses).
public enum TriageStatus: String, Sendable, CaseIterable {
    case confirmed
    case underReview = "under-review"
    case falsePositive = "false-positive"
    case accepted
    /// Removes the decision: the finding has none until the next.
    case cleared

    /// The two statuses that keep a finding out of the exit status.
    public var suppresses: Bool { self == .falsePositive || self == .accepted }
}

/// One decision as recorded: who decided what about which finding, when, and until when.
public struct TriageDecision: Sendable, Hashable {
    public var findingID: String
    public var status: TriageStatus
    public var note: String
    public var by: String
    /// The last date on which a suppression holds; nil: no end.
    public var until: String?
    public var decidedOn: String

    public init(
        findingID: String, status: TriageStatus, note: String = "", by: String = "", until: String? = nil, decidedOn: String
    ) {
        self.findingID = findingID
        self.status = status
        self.note = note
        self.by = by
        self.until = until
        self.decidedOn = decidedOn
    }

    /// Whether the decision keeps the finding out of the exit status of a run on `asOf`.
    public func suppresses(on asOf: String) -> Bool {
        status.suppresses && (until.map { asOf <= $0 } ?? true)
    }
}

/// A decision with what the ledger knows of its finding, as `triage export` writes it.
public struct TriageRecord: Sendable, Hashable {
    public var decision: TriageDecision
    public var rule: String
    public var declaration: String
    public var line: Int?
    public var contract: String?
}

/// The triage decisions in the ledger (`triage_decision`, every decision in the order made; the
/// latest on an id counts).
public enum TriageStore {
    /// Records `decisions` in one transaction, in order; refuses them all if one names an id the
    /// ledger never recorded. `lines` gives each decision's line in its file, for the message.
    public static func record(
        _ decisions: [TriageDecision], in ledger: Ledger, lines: [Int]? = nil, file: String? = nil
    ) throws(DeclauditError) {
        try ledger.transaction { db in
            let known = try db.cachedStatement(sql: "SELECT 1 FROM main.finding WHERE finding_id = ?")
            for (index, decision) in decisions.enumerated() {
                guard try Bool.fetchOne(known, arguments: [decision.findingID]) == nil else { continue }
                throw DeclauditError(
                    .usage, "finding \(decision.findingID) was never recorded in this ledger; no decision was recorded",
                    at: SourceLocation(file: file ?? ledger.path ?? "(ledger)", line: lines?[index]))
            }
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO main.triage_decision (finding_id, status, note, decided_by, until_on, decided_on)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """)
            for decision in decisions {
                try insert.execute(arguments: [
                    decision.findingID, decision.status.rawValue, decision.note, decision.by, decision.until, decision.decidedOn,
                ])
            }
        }
    }

    /// The current decisions (the latest per id, unless it is `cleared`), or with `history`
    /// every decision, oldest first.
    public static func decisions(in ledger: Ledger, history: Bool) throws(DeclauditError) -> [TriageRecord] {
        let current = """
            WHERE d.seq = (SELECT max(seq) FROM main.triage_decision WHERE finding_id = d.finding_id)
                AND d.status <> 'cleared'
            ORDER BY f.declaration, f.line, f.rule, d.finding_id
            """
        do {
            return try ledger.queue.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT d.finding_id, d.status, d.note, d.decided_by, d.until_on, d.decided_on,
                            f.rule, f.declaration, f.line, f.contract
                        FROM main.triage_decision d JOIN main.finding f USING (finding_id)
                        \(history ? "ORDER BY d.seq" : current)
                        """
                ).map { row in
                    TriageRecord(
                        decision: TriageDecision(
                            findingID: row[0], status: TriageStatus(rawValue: row[1]) ?? .cleared, note: row[2],
                            by: row[3], until: row[4], decidedOn: row[5]),
                        rule: row[6], declaration: row[7], line: row[8], contract: row[9])
                }
            }
        } catch {
            throw DeclauditError(
                .ledgerUnusable, "cannot read the ledger: \(Ledger.describe(error))",
                at: SourceLocation(file: ledger.path ?? "(ledger)"))
        }
    }

    /// The latest decision on `findingID`, nil if none or `cleared`.
    static func latest(_ findingID: String, in db: Database) throws -> TriageDecision? {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT status, note, decided_by, until_on, decided_on FROM main.triage_decision
                    WHERE finding_id = ? ORDER BY seq DESC LIMIT 1
                    """), arguments: [findingID])
        guard let row, let status = TriageStatus(rawValue: row[0]), status != .cleared else { return nil }
        return TriageDecision(findingID: findingID, status: status, note: row[1], by: row[2], until: row[3], decidedOn: row[4])
    }
}
