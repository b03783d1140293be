import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct FindingListTests {
    static let full = F.finding(
        severity: .review, rule: .usedITUnlistedHeading, line: 7, description: "Máy in đã qua sử dụng, \"A4\"\nhai dòng",
        condition: .refurbished, licences: "GP:45/GP-BKHCN;HDGC:1100100000001", contract: "0100000001/1100100000001",
        reason: "quotes \"cũ\"", source: "dumps/2026-11-28.xml.gz", sourceLine: 70_000)
    static let sparse = Finding(
        severity: .medium, rule: .processingNotReexported, declaration: "", line: nil, typeCode: "E21", registeredOn: nil,
        customsOffice: nil, taxCode: nil, company: nil, hsCode: nil, listCode: nil, description: nil, condition: nil,
        quantity: nil, unit: nil, value: nil, currency: nil, licences: "", contract: nil, reason: "", source: "-",
        sourceLine: 0)

    @Test(arguments: [full, sparse])
    func codingRoundTripsEveryField(_ finding: Finding) {
        var bytes: [UInt8] = []
        FindingCoding.encode(finding, into: &bytes)
        #expect(FindingCoding.decode(bytes) == finding)
    }

    @Test func aSpilledListReadsBackInTheEntriesOrder() throws {
        let file = try FindingFile()
        let findings = (0..<2_000).map {
            F.finding(severity: $0 % 3 == 0 ? .review : .high, declaration: "1070000\($0)", sourceLine: $0)
        }
        // More than one 64 KiB buffer's worth, so some are read from the file and some were flushed late.
        let entries = findings.map(file.append)
        try file.finish()
        let list = FindingList(file: file, entries: entries.reversed())
        #expect(Array(list) == findings.reversed())
        #expect(list.count(of: .review) == 667)
        #expect(list.count(of: .high) == 1_333)
        #expect(list.count(of: .usedITNoPermit) == 2_000)
        #expect(list == FindingList(findings.reversed()))
    }

    /// Iterating reads the file through a window of it: findings in any order, some longer than
    /// the window, and findings of one severity, all come back whole.
    @Test func iteratingReadsEveryFindingThroughTheWindowInAnyOrder() throws {
        let file = try FindingFile()
        let long = String(repeating: "Máy in đã qua sử dụng ", count: 2_000)  // about 50 KiB
        let findings = (0..<600).map {
            F.finding(
                severity: $0 % 4 == 0 ? .review : .high, declaration: "1070000\($0)",
                description: $0 % 50 == 7 ? long : "dòng \($0)", sourceLine: $0)
        }
        let entries = findings.map(file.append)
        try file.finish()
        // Forward runs, jumps back and ahead: 0, 7, 14, ... then 1, 8, ... (7 is prime to 600).
        let order = (0..<7).flatMap { start in stride(from: start, to: 600, by: 7).map { $0 } }
        let list = FindingList(file: file, entries: order.map { entries[$0] })
        #expect(Array(list) == order.map { findings[$0] })
        #expect(Array(list.findings(of: .review)) == order.map { findings[$0] }.filter { $0.severity == .review })
        #expect(list.readFailure == nil)
    }

    @Test func anArrayListCountsWithoutAFile() {
        let list = FindingList([Self.full, Self.sparse, Self.full])
        #expect(list.count == 3)
        #expect(list[1] == Self.sparse)
        #expect(list.count(of: .review) == 2)
        #expect(list.count(of: .processingNotReexported) == 1)
        #expect(list.count(of: .high) == 0)
    }
}
