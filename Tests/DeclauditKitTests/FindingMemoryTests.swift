import Foundation
import GRDB
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The ledger's memory of findings and decisions, driven the way a run drives it: recall while
/// spilling, remember once every finding is known.
@Suite struct FindingMemoryTests {
    /// A ledger in a temporary file, removed at the end.
    final class Scratch {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-memory-\(UUID().uuidString).sqlite")
            .path
        let ledger: Ledger

        init() throws { ledger = try Ledger(path: path) }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        /// One run on `asOf` that read the declarations `read` (11-digit identities) and raised
        /// `raised`: what it reports, and what it found resolved.
        func run(asOf: String, read: [String], raised: [Finding]) throws -> (findings: [Finding], resolved: [ResolvedFinding]) {
            try ledger.transaction { db in
                try RunStaging.create(in: db)
                for (ordinal, identity) in read.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO temp.run_seen (position, identity, version, cancelled, number, type_code, source_line)
                            VALUES (?, ?, 0, 0, ?, 'A11', 1)
                            """, arguments: [ordinal, identity, identity + "0"])
                }
                let findings = try raised.map { try FindingMemory.recall($0, asOf: asOf, in: db) }
                return (findings, try FindingMemory.remember(findings, asOf: asOf, in: db))
            }
        }

        func row(_ id: String) throws -> Row? {
            try ledger.queue.read { try Row.fetchOne($0, sql: "SELECT * FROM finding WHERE finding_id = ?", arguments: [id]) }
        }
    }

    static let laptop = F.finding(declaration: "107000000010", line: 1)
    static let amended = F.finding(declaration: "107000000011", line: 1)
    static let contract = F.finding(
        rule: .processingNotReexported, declaration: "105000001020", line: nil, contract: "0700000002/1100100000102")

    @Test(arguments: [
        // (first date of the row, its resolution, this run's date, expected first date)
        (String?.none, String?.none, "2026-11-29", "2026-11-29"),
        ("2026-11-27", nil, "2026-11-29", "2026-11-27"),
        ("2026-11-27", "2026-11-28", "2026-11-29", "2026-11-29"),  // came back: a new episode
        ("2026-11-27", "2026-11-29", "2026-11-29", "2026-11-27"),  // resolved tonight by an earlier run
        ("2026-11-29", nil, "2026-11-29", "2026-11-29"),
    ])
    func episodeFirstDate(first: String?, resolved: String?, asOf: String, expected: String) {
        #expect(Episode.firstReportedOn(priorFirst: first, priorResolved: resolved, asOf: asOf) == expected)
    }

    @Test func newThenOpenThenResolvedThenBackAgain() throws {
        let scratch = try Scratch()
        let first = try scratch.run(asOf: "2026-11-27", read: ["10700000001"], raised: [Self.laptop])
        #expect(first.findings.map(\.state) == [.new])
        #expect(first.findings.map(\.firstReportedOn) == ["2026-11-27"])
        // An amendment keeps the id: the same finding, open.
        let second = try scratch.run(asOf: "2026-11-28", read: ["10700000001"], raised: [Self.amended])
        #expect(second.findings.map(\.findingID) == first.findings.map(\.findingID))
        #expect(second.findings.map(\.state) == [.open])
        #expect(second.findings.map(\.firstReportedOn) == ["2026-11-27"])
        #expect(second.resolved.isEmpty)
        #expect(try scratch.row(Self.laptop.findingID)?["declaration"] == "107000000011")
        // Read again and not raised: resolved, with the episode's dates.
        let third = try scratch.run(asOf: "2026-11-29", read: ["10700000001"], raised: [])
        #expect(third.resolved.map(\.findingID) == [Self.laptop.findingID])
        #expect(third.resolved.first?.firstReportedOn == "2026-11-27")
        #expect(third.resolved.first?.lastReportedOn == "2026-11-28")
        #expect(third.resolved.first?.declaration == "107000000011")
        // A re-run of that night lists it again; the next night does not.
        #expect(try scratch.run(asOf: "2026-11-29", read: ["10700000001"], raised: []).resolved.count == 1)
        #expect(try scratch.run(asOf: "2026-11-30", read: ["10700000001"], raised: []).resolved.isEmpty)
        // Back: a new episode, new again.
        let back = try scratch.run(asOf: "2026-12-01", read: ["10700000001"], raised: [Self.laptop])
        #expect(back.findings.map(\.state) == [.new])
        #expect(back.findings.map(\.firstReportedOn) == ["2026-12-01"])
        let row = try #require(try scratch.row(Self.laptop.findingID))
        #expect(row["episode"] == 2)
        #expect(row["resolved_on"] as String? == nil)
    }

    @Test func aDeclarationNotReadIsNotJudgedButEveryContractIs() throws {
        let scratch = try Scratch()
        _ = try scratch.run(asOf: "2026-11-27", read: ["10700000001", "10500000102"], raised: [Self.laptop, Self.contract])
        let next = try scratch.run(asOf: "2026-11-28", read: ["10700000002"], raised: [])
        #expect(next.resolved.map(\.findingID) == [Self.contract.findingID])
        #expect(try scratch.row(Self.laptop.findingID)?["resolved_on"] as String? == nil)
    }

    @Test func reRaisingOnTheNightAnEarlierRunResolvedItUndoesThatResolution() throws {
        let scratch = try Scratch()
        _ = try scratch.run(asOf: "2026-11-27", read: ["10700000001"], raised: [Self.laptop])
        _ = try scratch.run(asOf: "2026-11-28", read: ["10700000001"], raised: [])
        let again = try scratch.run(asOf: "2026-11-28", read: ["10700000001"], raised: [Self.laptop])
        #expect(again.findings.map(\.state) == [.open])
        #expect(again.findings.map(\.firstReportedOn) == ["2026-11-27"])
        #expect(again.resolved.isEmpty)
        #expect(try scratch.row(Self.laptop.findingID)?["episode"] == 1)
    }

    @Test func theLatestDecisionCountsAndSuppressesUntilItsDate() throws {
        let scratch = try Scratch()
        _ = try scratch.run(asOf: "2026-11-27", read: ["10700000001"], raised: [Self.laptop])
        let id = Self.laptop.findingID
        try TriageStore.record(
            [
                TriageDecision(findingID: id, status: .underReview, by: "a", decidedOn: "2026-11-27"),
                TriageDecision(
                    findingID: id, status: .accepted, note: "permit on paper", by: "b", until: "2026-11-28",
                    decidedOn: "2026-11-27"),
            ], in: scratch.ledger)
        let held = try scratch.run(asOf: "2026-11-28", read: ["10700000001"], raised: [Self.laptop]).findings[0]
        #expect(held.triage == "accepted")
        #expect(held.triageNote == "permit on paper")
        #expect(held.suppressed)
        let lapsed = try scratch.run(asOf: "2026-11-29", read: ["10700000001"], raised: [Self.laptop]).findings[0]
        #expect(lapsed.triage == "accepted")
        #expect(!lapsed.suppressed)
        try TriageStore.record(
            [TriageDecision(findingID: id, status: .cleared, by: "b", decidedOn: "2026-11-29")], in: scratch.ledger)
        let cleared = try scratch.run(asOf: "2026-11-29", read: ["10700000001"], raised: [Self.laptop]).findings[0]
        #expect(cleared.triage == nil && cleared.triageNote == nil && !cleared.suppressed)
        #expect(try TriageStore.decisions(in: scratch.ledger, history: false).isEmpty)
        let history = try TriageStore.decisions(in: scratch.ledger, history: true)
        #expect(history.map(\.decision.status) == [.underReview, .accepted, .cleared])
        #expect(history.allSatisfy { $0.rule == "used-it.no-permit" && $0.declaration == "107000000010" && $0.line == 1 })
    }

    @Test func anUnknownIdRefusesEveryDecision() throws {
        let scratch = try Scratch()
        _ = try scratch.run(asOf: "2026-11-27", read: ["10700000001"], raised: [Self.laptop])
        #expect(throws: DeclauditError.self) {
            try TriageStore.record(
                [
                    TriageDecision(findingID: Self.laptop.findingID, status: .confirmed, decidedOn: "2026-11-27"),
                    TriageDecision(findingID: "0123456789abcdef", status: .confirmed, decidedOn: "2026-11-27"),
                ], in: scratch.ledger, lines: [2, 3], file: "d.csv")
        }
        do {
            try TriageStore.record(
                [TriageDecision(findingID: "0123456789abcdef", status: .confirmed, decidedOn: "2026-11-27")],
                in: scratch.ledger, lines: [7], file: "d.csv")
            Issue.record("an unknown id was accepted")
        } catch {
            #expect(error.location == SourceLocation(file: "d.csv", line: 7))
        }
        #expect(try TriageStore.decisions(in: scratch.ledger, history: true).isEmpty)
    }

    @Test(arguments: [
        (TriageStatus.accepted, String?.none, "2030-01-01", true),
        (.falsePositive, "2026-11-28", "2026-11-28", true),
        (.falsePositive, "2026-11-28", "2026-11-29", false),
        (.confirmed, nil, "2026-11-28", false),
        (.underReview, nil, "2026-11-28", false),
    ])
    func suppression(status: TriageStatus, until: String?, asOf: String, suppresses: Bool) {
        #expect(
            TriageDecision(findingID: "0123456789abcdef", status: status, until: until, decidedOn: "2026-11-27").suppresses(
                on: asOf) == suppresses)
    }

    @Test func aVersion1LedgerGainsTheTablesInPlace() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/ledger/v1-night-1.sqlite")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-v1-\(UUID().uuidString).sqlite")
        try FileManager.default.copyItem(at: fixture, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let ledger = try Ledger(path: copy.path)
        let (migrations, declarations, findings) = try ledger.queue.read { db in
            (
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier"),
                try Int.fetchOne(db, sql: "SELECT count(*) FROM processing_declaration")!,
                try Int.fetchOne(db, sql: "SELECT count(*) FROM finding")!
            )
        }
        #expect(migrations == ["v1-processing-ledger", "v2-findings-and-triage"])
        #expect(declarations == 3)
        #expect(findings == 0)
    }
}
