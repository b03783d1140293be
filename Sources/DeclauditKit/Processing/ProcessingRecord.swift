/// What the processing reconciliation keeps of one declaration under a processing contract
/// (E21, E23 imports; E52, E54 returns): enough to rebuild balances in a later run, and to
/// report a finding with the source it was read from.
public struct ProcessingRecord: Sendable, Hashable {
    public var number: String
    public var identity: String
    public var version: Int
    public var typeCode: String
    public var contractKey: String
    public var contractNumber: String?
    public var contractExpiresOn: String?
    public var registeredOn: String?
    public var customsOffice: String?
    public var taxCode: String?
    public var company: String?
    public var licences: String
    public var source: String
    public var sourceLine: Int
    public var lines: [ProcessingLine]

    /// `typeCode` is stored upper-cased (`of`).
    public var isImport: Bool { TypeCodes.processingImports.contains(typeCode) }
}

public struct ProcessingLine: Sendable, Hashable {
    public var line: Int
    /// Product code, else the HS code as declared (normalised when valid).
    public var goodsKey: String
    public var hsCode: String?
    public var description: String?
    public var quantity: String?
    public var unit: String?
    /// Used or refurbished goods that a list entry covers: they must all go back.
    public var listedUsed: Bool
    /// As decided when read: `unknown` for a line outside the list whose description was not read.
    public var condition: GoodsCondition
    public var sourceLine: Int

    /// The condition for a finding on this line: decided from the description now if it was not
    /// when the line was read.
    var decidedCondition: GoodsCondition {
        guard condition == .unknown, let description else { return condition }
        return ConditionDetector.decide(description: description).condition
    }
}

/// What a processing import's record keeps of one assessed goods line: its position in `items`,
/// its condition, and whether it is listed used IT goods.
struct AssessedLine: Sendable {
    let position: Int
    let condition: GoodsCondition
    let listedUsed: Bool

    init(position: Int, condition: GoodsCondition, listedUsed: Bool) {
        self.position = position
        self.condition = condition
        self.listedUsed = listedUsed
    }

    init(position: Int, _ assessment: borrowing ItemAssessment) {
        self.position = position
        condition = assessment.condition.condition
        listedUsed = condition.isUsedOrRefurbished && assessment.match?.entry != nil
    }
}

extension ProcessingRecord {
    /// The record of a processing declaration, or nil for any other declaration. `assessed`: what
    /// the assessment of each candidate line of a processing import said, in line order.
    static func of(
        _ declaration: Declaration, key: DeclarationKey, source: String, assessed: [AssessedLine]
    ) -> ProcessingRecord? {
        let kind = TypeCodes.kind(of: declaration.typeCode)
        guard !kind.isDisjoint(with: .processing), let contractKey = ContractKey.of(declaration) else { return nil }
        let type = declaration.typeCode.uppercased()
        let isImport = kind.contains(.processingImport)
        var lines: [ProcessingLine] = []
        lines.reserveCapacity(declaration.items.count)
        var next = 0  // the first of `assessed` not yet matched to a line
        // Through the buffer: only the fields a record keeps are copied, not whole lines.
        declaration.items.withUnsafeBufferPointer { items in
            for position in items.indices {
                let digits = items[position].hsCode.flatMap { HSCode(normalizing: $0) }?.digits
                // A declared condition costs nothing to keep; the description of a line outside the
                // list is read only if the line gets a finding (ProcessingBalanceOutstandingRule).
                var condition = items[position].declaredCondition ?? .unknown
                var listedUsed = false
                while next < assessed.count, assessed[next].position < position { next += 1 }
                if isImport, next < assessed.count, assessed[next].position == position {
                    condition = assessed[next].condition
                    listedUsed = assessed[next].listedUsed
                }
                lines.append(
                    ProcessingLine(
                        line: items[position].line,
                        goodsKey: items[position].productCode ?? digits ?? items[position].hsCode ?? "",
                        hsCode: digits ?? items[position].hsCode, description: items[position].description,
                        quantity: items[position].quantity, unit: items[position].unit, listedUsed: listedUsed,
                        condition: condition, sourceLine: items[position].sourceLine))
            }
        }
        return ProcessingRecord(
            number: declaration.number, identity: key.identity, version: key.version, typeCode: type,
            contractKey: contractKey, contractNumber: declaration.contractNumber,
            // A date that cannot be read is kept as written: the contract reports it as unreadable.
            contractExpiresOn: declaration.contractExpiresOn.map { DateText.normalize($0) ?? $0 },
            registeredOn: declaration.registeredOn, customsOffice: declaration.customsOffice,
            taxCode: declaration.declarantTaxCode, company: declaration.declarantName,
            licences: declaration.licences.map(\.reportForm).joined(separator: ";"), source: source,
            sourceLine: declaration.sourceLine, lines: lines)
    }
}
