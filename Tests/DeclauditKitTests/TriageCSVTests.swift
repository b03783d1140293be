import Foundation
import Testing

@testable import DeclauditKit

@Suite struct TriageCSVTests {
    static let id = "0123456789abcdef"

    func parse(_ text: String, bom: Bool = false) throws(DeclauditError) -> [(line: Int, decision: TriageDecision)] {
        try TriageCSV.decisions(in: (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8), file: "d.csv", decidedOn: "2026-11-29")
    }

    func refusal(_ text: String) -> DeclauditError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aSpreadsheetsFileWithBOMExtraColumnsAndBlankLines() throws {
        let decisions = try parse(
            "finding_id,status,note,by,until,decided_on,rule\r\n\(Self.id),false-positive,\"permit 1, seen\",Lan,2026-12-31,2026-11-01,used-it.no-permit\r\n\r\n \(Self.id) , confirmed ,,,\r\n",
            bom: true)
        #expect(decisions.map(\.line) == [2, 4])
        #expect(
            decisions[0].decision
                == TriageDecision(
                    findingID: Self.id, status: .falsePositive, note: "permit 1, seen", by: "Lan", until: "2026-12-31",
                    decidedOn: "2026-11-29"))
        #expect(decisions[1].decision.status == .confirmed)
        #expect(decisions[1].decision.until == nil)
    }

    @Test(arguments: [
        ("finding_id,status,note,by\n", 1, "the header must start"),
        ("", 1, "empty"),
        ("finding_id,status,note,by,until\n\(id),closed,,,\n", 2, "unknown status \"closed\""),
        ("finding_id,status,note,by,until\n\(id),accepted,,,\n\(id.dropLast()),accepted,,,\n", 3, "is not a finding_id"),
        ("finding_id,status,note,by,until\n\(id),accepted,,,2026-13-01\n", 2, "is not a date"),
        ("finding_id,status,note,by,until\n\(id),accepted,,\n", 2, "4 fields, expected at least 5"),
        ("finding_id,status,note,by,until\n\(id),accepted,\"x\"y,,\n", 2, "closing quote"),
    ])
    func refusedWithItsLine(text: String, line: Int, message: String) throws {
        let error = try #require(refusal(text))
        #expect(error.location?.line == line)
        #expect(error.location?.file == "d.csv")
        #expect(error.message.contains(message), "\(error.message)")
        #expect(DeclauditKit.ExitStatus.of(error) == .usage)
    }

    @Test func exportQuotesAndKeepsTheImportColumnsFirst() throws {
        let record = TriageRecord(
            decision: TriageDecision(
                findingID: Self.id, status: .accepted, note: "a \"b\", c", by: "Lan", decidedOn: "2026-11-29"),
            rule: "processing.not-reexported", declaration: "105000001020", line: nil, contract: "0700000002/1100100000102")
        let text = String(decoding: TriageCSV.export([record]), as: UTF8.self)
        #expect(
            text
                == "finding_id,status,note,by,until,decided_on,rule,declaration,line,contract\n\(Self.id),accepted,\"a \"\"b\"\", c\",Lan,,2026-11-29,processing.not-reexported,105000001020,,0700000002/1100100000102\n"
        )
        #expect(
            try parse(text).map(\.decision) == [
                TriageDecision(findingID: Self.id, status: .accepted, note: "a \"b\", c", by: "Lan", decidedOn: "2026-11-29")
            ])
    }
}
