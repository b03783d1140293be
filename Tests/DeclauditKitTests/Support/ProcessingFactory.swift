@testable import DeclauditKit

/// Processing records for the contract and rule tests, with every field but the ones a test
/// cares about filled in plausibly.
enum ProcessingFactory {
    static let contractKey = "0100000001/1100100000001"

    static func line(
        _ goodsKey: String, _ quantity: String?, unit: String = "PCE", listedUsed: Bool = false, line: Int = 1
    ) -> ProcessingLine {
        ProcessingLine(
            line: line, goodsKey: goodsKey, hsCode: "84713020", description: "Goods \(goodsKey)", quantity: quantity,
            unit: unit, listedUsed: listedUsed, condition: listedUsed ? .used : .unknown, sourceLine: 10 + line)
    }

    static func record(
        _ number: String, type: String = "E21", registeredOn: String = "2026-03-01", expiresOn: String? = "2026-09-30",
        lines: [ProcessingLine]
    ) -> ProcessingRecord {
        ProcessingRecord(
            number: number, identity: String(number.prefix(11)), version: 0, typeCode: type, contractKey: contractKey,
            contractNumber: "01/HDGC", contractExpiresOn: expiresOn, registeredOn: registeredOn, customsOffice: "01AB",
            taxCode: "0100000001", company: "Cong ty Gia Cong", licences: "HDGC:1100100000001", source: "night.xml",
            sourceLine: 3, lines: lines)
    }

    static func contract(_ records: [ProcessingRecord], asOf: String = "2026-11-29", graceDays: Int = 30) -> ContractBalance {
        ContractBalance(key: contractKey, records: records, asOf: asOf, graceDays: graceDays)
    }
}
