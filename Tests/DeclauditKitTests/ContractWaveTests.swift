import GRDB
import Testing

@testable import DeclauditKit

private typealias P = ProcessingFactory
private typealias F = DeclarationFactory

/// Contracts cross from the database thread to the judging one as the bytes of their rows: what
/// the wave decodes must be what was stored, to the NULL.
@Suite struct ContractWaveTests {
    private static func record(
        _ number: String, contract: String, registeredOn: String?, lines: [ProcessingLine]
    ) -> ProcessingRecord {
        var record = P.record(number, lines: lines)
        record.identity = number
        record.contractKey = contract
        record.registeredOn = registeredOn
        return record
    }

    /// Empty text where `P` puts text, NULL where it may: the two must not be confused.
    private static func emptyAndNull() -> ProcessingRecord {
        var empty = record("105000000001", contract: "0100000001/A", registeredOn: "", lines: [])
        empty.contractNumber = ""
        empty.contractExpiresOn = nil
        empty.customsOffice = ""
        empty.taxCode = nil
        empty.company = ""
        empty.licences = ""
        empty.source = ""
        var blank = P.line("", "", unit: "", line: 1)
        blank.hsCode = ""
        blank.description = nil
        var null = P.line("N", nil, line: 2)
        null.hsCode = nil
        null.description = ""
        null.unit = nil
        null.condition = .new
        empty.lines = [blank, null]
        return empty
    }

    /// A contract of three declarations, each with lines, stored out of their ledger order (lines
    /// come for several headers, and must each reach its own).
    private static func severalHeaders() -> [ProcessingRecord] {
        var late = record("105000000030", contract: "0100000001/B", registeredOn: "2026-05-01", lines: [])
        late.company = "Công ty TNHH Điện Tử \"Việt\" — một công ty rất dài 中文"
        late.lines = [P.line("Máy-1", "2,5", unit: "cái"), P.line("B", "7", listedUsed: true, line: 2)]
        var early = record("105000000020", contract: "0100000001/B", registeredOn: "2026-01-01", lines: [])
        early.company = late.company
        early.source = "/dữ liệu/đêm 1 — nhập khẩu.xml"
        early.lines = [P.line("C", "1"), P.line("D", "2", line: 2), P.line("E", "3", line: 3)]
        var undated = record("305000000010", contract: "0100000001/B", registeredOn: nil, lines: [P.line("Máy-1", "1")])
        undated.typeCode = "E52"
        undated.version = 3
        undated.sourceLine = 9_000_000_000
        return [late, early, undated]
    }

    @Test func aWaveGivesBackWhatTheLedgerHolds() throws {
        let empty = Self.emptyAndNull()
        let several = Self.severalHeaders()
        let lineless = Self.record("105000000040", contract: "0100000001/C", registeredOn: "2026-02-02", lines: [])
        let wave = try P.wave([lineless] + several + [empty])
        var contracts: [(String, [ProcessingRecord])] = []
        wave.forEachContract { contracts.append(($0, $1)) }
        #expect(contracts.map(\.0) == ["0100000001/A", "0100000001/B", "0100000001/C"])
        #expect(contracts[0].1 == [empty])
        // In ledger order: undated first, then by date; each line with its own declaration.
        #expect(contracts[1].1 == [several[2], several[1], several[0]])
        #expect(contracts[2].1 == [lineless])
        let read = contracts[0].1[0]
        #expect(read.contractNumber == "" && read.contractExpiresOn == nil && read.registeredOn == "")
        #expect(read.customsOffice == "" && read.taxCode == nil && read.company == "")
        #expect(read.lines[0].hsCode == "" && read.lines[0].description == nil && read.lines[0].quantity == "")
        #expect(read.lines[1].hsCode == nil && read.lines[1].description == "" && read.lines[1].unit == nil)
        #expect(read.lines[1].condition == .new)
        #expect(contracts[1].1[2].company == several[0].company)
        #expect(contracts[1].1[1].source == several[1].source)
        #expect(contracts[1].1[0].sourceLine == 9_000_000_000 && contracts[1].1[0].version == 3)
    }

    @Test func aRangeOfAWaveGivesItsOwnContracts() throws {
        let records = (0..<5).map { index in
            Self.record(
                "10500000005\(index)", contract: "0100000001/\(index)", registeredOn: "2026-03-0\(index + 1)",
                lines: [P.line("K\(index)", "\(index)")])
        }
        let wave = try P.wave(records.reversed())
        var keys: [String] = []
        var read: [ProcessingRecord] = []
        wave.forEachContract(in: 1..<3) { key, records in
            keys.append(key)
            read += records
        }
        #expect(keys == ["0100000001/1", "0100000001/2"])
        #expect(read == [records[1], records[2]])
    }

    @Test func wavesEndAtContractBoundaries() throws {
        let records =
            Self.severalHeaders()
            + (0..<4).map { index in
                Self.record(
                    "10500000006\(index)", contract: "0100000001/D\(index)", registeredOn: "2026-03-01",
                    lines: [P.line("K", "1")])
            }
        var waves: [[String]] = []
        var read: [String: [ProcessingRecord]] = [:]
        try P.ledger(records).read { db in
            try Ledger.forEachWave(in: db, contracts: 2) { wave in
                var keys: [String] = []
                wave.forEachContract { key, records in
                    keys.append(key)
                    read[key] = records
                }
                waves.append(keys)
            }
        }
        #expect(waves == [["0100000001/B", "0100000001/D0"], ["0100000001/D1", "0100000001/D2"], ["0100000001/D3"]])
        #expect(read["0100000001/B"]?.count == 3)
        #expect(read["0100000001/B"]?.flatMap(\.lines).count == 6)
        #expect(read["0100000001/D2"] == [records[5]])
    }

    /// A run-only ledger reads the run's records where they were staged, one value each: its
    /// waves must give what a ledger holding the counting readings gives, and nothing of a reading
    /// that does not count (an older version, a cancelled one).
    @Test func aRunsOwnRecordsComeBackAsALedgerGivesThem() throws {
        let empty = Self.emptyAndNull()
        let several = Self.severalHeaders()
        let lineless = Self.record("105000000040", contract: "0100000001/C", registeredOn: "2026-02-02", lines: [])
        var older = several[0]
        older.number = "105000000030"
        older.lines = [P.line("OLD", "99")]
        var amended = several[0]
        amended.number = "105000000031"
        amended.version = 1
        let cancelled = Self.record("105000000050", contract: "0100000001/C", registeredOn: "2026-02-03", lines: [])
        // Input 1 puts positions above 2^32; the older version is read there after its amendment.
        let readings: [(ProcessingRecord, input: Int, cancelled: Bool)] = [
            (lineless, 0, false), (amended, 0, false), (several[1], 0, false), (cancelled, 0, true),
            (several[2], 1, false), (older, 1, false), (empty, 1, false),
        ]
        var contracts: [(String, [ProcessingRecord])] = []
        let ledger = try Ledger(path: nil)
        try ledger.run { db in
            try RunStaging.create(in: db)
            try RunStaging.addInput(0, source: "a.xml", in: db)
            try RunStaging.addInput(1, source: "b.xml", in: db)
        } merge: { db, _ in
            var batch = StagedBatch()
            for (ordinal, reading) in readings.enumerated() {
                let declaration = F.declaration(
                    number: reading.0.number, typeCode: reading.0.typeCode,
                    status: reading.cancelled ? .cancelled : .cleared)
                let key = DeclarationKey(declaration, input: reading.input, ordinal: ordinal)
                batch.add(
                    SeenDeclaration(
                        key: key, number: reading.0.number, typeCode: reading.0.typeCode,
                        registeredOn: reading.0.registeredOn))
                batch.add(reading.0, key: key)
            }
            try RunStaging.insert(batch, keepsLedger: false, in: db)
            _ = try RunStaging.settle(in: db)
            try RunStaging.forEachRunWave(in: db, contracts: 2) { wave in
                wave.forEachContract { contracts.append(($0, $1)) }
            }
        }
        var expected: [(String, [ProcessingRecord])] = []
        try P.wave([lineless, amended, several[1], several[2], empty]).forEachContract { expected.append(($0, $1)) }
        #expect(contracts.map(\.0) == ["0100000001/A", "0100000001/B", "0100000001/C"])
        #expect(contracts.map(\.0) == expected.map(\.0))
        #expect(contracts.map(\.1) == expected.map(\.1))
        #expect(contracts[1].1.map(\.number) == ["305000000010", "105000000020", "105000000031"])
    }

    @Test func aRepeatedTextIsDecodedOnce() {
        var repeated = RepeatedText()
        let long = Array("Công ty TNHH Điện Tử Việt".utf8)
        let first = long.withUnsafeBufferPointer { repeated.string($0) }
        let again = long.withUnsafeBufferPointer { repeated.string($0) }
        #expect(first == "Công ty TNHH Điện Tử Việt" && again == first)
        let other = Array("Công ty TNHH Điện Tử Viet".utf8)
        #expect(other.withUnsafeBufferPointer { repeated.string($0) } == "Công ty TNHH Điện Tử Viet")
        #expect(Array("ngắn".utf8).withUnsafeBufferPointer { repeated.string($0) } == "ngắn")
        #expect(long.withUnsafeBufferPointer { repeated.string($0) } == "Công ty TNHH Điện Tử Việt")
    }
}
