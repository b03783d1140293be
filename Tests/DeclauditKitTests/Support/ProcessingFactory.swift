import GRDB

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

    /// A migrated in-memory ledger holding `records` as a run stores them.
    static func ledger(_ records: [ProcessingRecord]) throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Ledger.migrator.migrate(queue)
        try queue.write { db in
            for record in records {
                try db.execute(
                    sql: """
                        INSERT INTO processing_declaration (identity, number, version, type_code, contract_key, contract_number,
                            contract_expires_on, registered_on, customs_office, tax_code, company, licences, source, source_line)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        record.identity, record.number, record.version, record.typeCode, record.contractKey,
                        record.contractNumber, record.contractExpiresOn, record.registeredOn, record.customsOffice,
                        record.taxCode, record.company, record.licences, record.source, record.sourceLine,
                    ])
                for (ordinal, line) in record.lines.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO processing_line (identity, ordinal, line, goods_key, hs_code, description, quantity, unit,
                                listed_used, condition, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [
                            record.identity, ordinal, line.line, line.goodsKey, line.hsCode, line.description, line.quantity,
                            line.unit, line.listedUsed, line.condition.rawValue, line.sourceLine,
                        ])
                }
            }
        }
        return queue
    }

    /// The contracts of `records` as one wave, read from a ledger holding them.
    static func wave(_ records: [ProcessingRecord]) throws -> ContractWave {
        var waves: [ContractWave] = []
        try ledger(records).read { db in try Ledger.forEachWave(in: db, contracts: .max) { waves.append($0) } }
        return waves.first ?? ContractWave()
    }
}
