import GRDB
import Testing

@testable import DeclauditKit

private typealias P = ProcessingFactory

private func record(_ number: String, contract: String, registeredOn: String?, lines: [ProcessingLine]) -> ProcessingRecord {
    var record = P.record(number, lines: lines)
    record.identity = number
    record.contractKey = contract
    record.registeredOn = registeredOn
    return record
}

@Suite struct LedgerRowReadingTests {
    @Test func forEachContractGivesWhatTheRowDecodingGives() throws {
        var bare = record("105000000020", contract: "0100000001/2", registeredOn: nil, lines: [])
        bare.contractNumber = nil
        bare.contractExpiresOn = nil
        bare.customsOffice = nil
        bare.taxCode = nil
        bare.company = nil
        bare.licences = ""
        var nullLine = P.line("B", nil, unit: "kgm", line: 2)
        nullLine.hsCode = nil
        nullLine.description = nil
        nullLine.condition = .refurbished
        bare.lines = [nullLine, P.line("C", "1", listedUsed: true, line: 3)]
        var vietnamese = record("105000000010", contract: "0100000001/1", registeredOn: "2026-03-01", lines: [])
        vietnamese.company = "Công ty TNHH Gia Công Điện Tử \"Việt\" \\ 中文"
        vietnamese.source = "/dữ liệu/đêm 1.xml"
        vietnamese.lines = [P.line("Máy-1", "2.5", unit: "cái"), P.line("A", "1", line: 2)]
        // More declarations than a contract searches through: the lines find theirs by an index.
        let many = (0..<20).map { index in
            record(
                "3050000001\(10 + index)", contract: "0100000001/3", registeredOn: "2026-04-\(10 + index)",
                lines: [P.line("K\(index)", "\(index)"), P.line("K", "1", line: 2)])
        }
        // Contract 3 read in another order than it sorts in, with an undated declaration (first).
        var undated = record("305000000099", contract: "0100000001/3", registeredOn: nil, lines: [P.line("K", "2")])
        undated.typeCode = "E52"
        let records = [bare, vietnamese] + many.reversed() + [undated]
        let queue = try P.ledger(records)
        var contracts: [(String, [ProcessingRecord])] = []
        try queue.read { db in try Ledger.forEachContract(in: db) { contracts.append(($0, $1)) } }
        #expect(contracts.map(\.0) == ["0100000001/1", "0100000001/2", "0100000001/3"])
        for (key, read) in contracts {
            let expected = try queue.read { try Ledger.records(ofContract: key, in: $0) }
            #expect(read == expected)
        }
        #expect(contracts[0].1 == [vietnamese])
        #expect(contracts[1].1 == [bare])
        #expect(contracts[2].1 == [undated] + many)
        #expect(contracts[0].1[0].company == vietnamese.company)
        #expect(contracts[1].1[0].lines[0].hsCode == nil && contracts[1].1[0].lines[0].quantity == nil)
    }

    @Test func anEmptyLedgerHasNoContract() throws {
        var count = 0
        try P.ledger([]).read { db in try Ledger.forEachContract(in: db) { _, _ in count += 1 } }
        #expect(count == 0)
    }

    @Test func columnsReadFromBytes() throws {
        try DatabaseQueue().read { db in
            let row = try LedgerRowReader(
                db, sql: "SELECT NULL, 'Điện tử ✓', 42, 0, '', 7 UNION ALL SELECT 'x', 'Điện tử ✓', -1, 3, 'b', 7.5")
            var bytes: [UInt8] = [1]
            #expect(try row.step())
            #expect(row.isNull(0))
            #expect(row.text(0) == "")
            #expect(row.withText(0) { $0 == nil }, "NULL has no text")
            #expect(!row.column(0, equals: []))
            #expect(row.text(1) == "Điện tử ✓")
            #expect(row.withText(1) { $0.map(Array.init) } == Array("Điện tử ✓".utf8))
            #expect(row.column(1, equals: Array("Điện tử ✓".utf8)))
            #expect(!row.column(1, equals: Array("Điện tử".utf8)))
            #expect(row.int(2) == 42)
            #expect(!row.bool(3))
            #expect(row.withText(4) { $0?.count } == 0, "empty text is not NULL")
            #expect(row.column(4, equals: []))
            row.copy(1, into: &bytes)
            #expect(bytes == Array("Điện tử ✓".utf8))
            #expect(try row.step())
            #expect(row.text(0) == "x")
            #expect(row.int(2) == -1)
            #expect(row.bool(3))
            #expect(row.text(4) == "b")
            #expect(row.text(5) == "7.5", "text of a number, as SQLite writes it")
            #expect(try !row.step())
        }
    }

    @Test func aFailingStatementThrows() throws {
        try DatabaseQueue().read { db in
            let row = try LedgerRowReader(db, sql: "SELECT abs(-9223372036854775807 - 1)")
            #expect(throws: DatabaseError.self) { try row.step() }
        }
    }
}
