/// Declarations on their way from a reader to whatever uses them, in reading order. A dump's are
/// still bytes: their fields become Strings, and their goods lines `DeclarationItem`s as the
/// `ItemFilter` selects them, in `forEachDeclaration`, on the thread that calls it (the judging thread of a
/// large input), so the reading thread makes none. An ECUS5 export's come made (its files are
/// small); one document gives one kind or the other.
struct DeclarationBatch: Sendable {
    let filter: ItemFilter
    /// Every dump declaration's text: its header fields', then its goods lines'.
    private var text: [UInt8] = []
    private var records: [DumpRecord] = []
    private var lines: [ItemSlot] = []
    private var licences: [Licence] = []
    private var made: [Declaration] = []

    init(filter: ItemFilter) { self.filter = filter }

    /// An empty batch with room for as much as `previous` held and a quarter more: the next batch
    /// is filled without its arrays growing (each growth copies them).
    init(following previous: DeclarationBatch) {
        filter = previous.filter
        text.reserveCapacity(previous.text.count + previous.text.count / 4)
        records.reserveCapacity(previous.records.count + previous.records.count / 4)
        lines.reserveCapacity(previous.lines.count + previous.lines.count / 4)
        licences.reserveCapacity(previous.licences.count + previous.licences.count / 4)
    }

    var count: Int { records.count + made.count }
    var isEmpty: Bool { records.isEmpty && made.isEmpty }
    var textBytes: Int { text.count }

    mutating func append(_ declaration: Declaration) {
        made.append(declaration)
    }

    /// A dump declaration: `record`'s header ranges are in `headerText`, its `lines`' ranges in
    /// `lineText`.
    mutating func append(
        _ record: DumpRecord, headerText: UnsafeBufferPointer<UInt8>, lineText: UnsafeBufferPointer<UInt8>,
        lines: [ItemSlot], licences: [Licence]
    ) {
        var record = record
        record.headerBase = text.count
        text.append(contentsOf: headerText)
        record.lineBase = text.count
        text.append(contentsOf: lineText)
        record.lines = self.lines.count..<self.lines.count + lines.count
        self.lines.append(contentsOf: lines)
        record.licences = self.licences.count..<self.licences.count + licences.count
        self.licences.append(contentsOf: licences)
        records.append(record)
    }

    /// Hands on every declaration, made, in reading order.
    func forEachDeclaration(_ body: (Declaration) -> Void) {
        text.withUnsafeBufferPointer { all in
            for record in records { body(declaration(record, in: all)) }
        }
        for declaration in made { body(declaration) }
    }

    private func declaration(_ record: DumpRecord, in all: UnsafeBufferPointer<UInt8>) -> Declaration {
        let header = UnsafeBufferPointer(rebasing: all[record.headerBase...])
        var declaration = Declaration(
            number: record.number.string(in: header) ?? "",
            firstNumber: record.firstNumber.string(in: header),
            typeCode: record.typeCode.string(in: header) ?? "",
            customsOffice: record.customsOffice.string(in: header),
            registeredOn: record.registeredOn.string(in: header),
            status: record.status,
            declarantTaxCode: record.declarantTaxCode.string(in: header),
            declarantName: record.declarantName.string(in: header),
            partnerName: record.partnerName.string(in: header),
            partnerCountry: record.partnerCountry.string(in: header),
            contractNumber: record.contractNumber.string(in: header),
            contractSignedOn: record.contractSignedOn.string(in: header),
            contractExpiresOn: record.contractExpiresOn.string(in: header),
            licences: record.licences.isEmpty ? [] : Array(licences[record.licences]),
            sourceLine: record.sourceLine)
        guard !record.lines.isEmpty else { return declaration }
        let text = UnsafeBufferPointer(rebasing: all[record.lineBase...])
        let slots = lines[record.lines]
        switch filter.scope(of: declaration) {
        case .all:
            declaration.items = slots.map { $0.item(in: text) }
        case .none:
            declaration.omittedItemCount = slots.count
        case .matching(let prefixes):
            for slot in slots {
                if filter.keeps(slot.hsCode.isAbsent ? nil : HSCode(normalizing: slot.hsCode.bytes(in: text)), prefixes) {
                    // Room for every line at the first kept one: the array never regrows.
                    if declaration.items.isEmpty { declaration.items.reserveCapacity(slots.count) }
                    declaration.items.append(slot.item(in: text))
                } else {
                    declaration.omittedItemCount += 1
                }
            }
        }
        return declaration
    }
}

/// One dump declaration as read: where each header field's text is (absent when not given,
/// empty or `NULL`), and where its goods lines and licences are in the batch.
struct DumpRecord: Sendable {
    var number = TextRange.absent
    var firstNumber = TextRange.absent
    var typeCode = TextRange.absent
    var customsOffice = TextRange.absent
    var registeredOn = TextRange.absent
    var declarantTaxCode = TextRange.absent
    var declarantName = TextRange.absent
    var partnerName = TextRange.absent
    var partnerCountry = TextRange.absent
    var contractNumber = TextRange.absent
    var contractSignedOn = TextRange.absent
    var contractExpiresOn = TextRange.absent
    var status = DeclarationStatus.cleared
    var sourceLine: Int
    /// Set by the batch: where the header and goods-line text start, which lines and licences.
    fileprivate(set) var headerBase = 0
    fileprivate(set) var lineBase = 0
    fileprivate(set) var lines = 0..<0
    fileprivate(set) var licences = 0..<0

    init(sourceLine: Int) { self.sourceLine = sourceLine }

    /// Every header range passed through `move` (to rebuild the text they point into).
    mutating func moveHeaderRanges(_ move: (TextRange) -> TextRange) {
        number = move(number)
        firstNumber = move(firstNumber)
        typeCode = move(typeCode)
        customsOffice = move(customsOffice)
        registeredOn = move(registeredOn)
        declarantTaxCode = move(declarantTaxCode)
        declarantName = move(declarantName)
        partnerName = move(partnerName)
        partnerCountry = move(partnerCountry)
        contractNumber = move(contractNumber)
        contractSignedOn = move(contractSignedOn)
        contractExpiresOn = move(contractExpiresOn)
    }
}

/// Where a field's text is in a reader's byte buffer; `absent` for a field not given (or
/// empty, or `NULL`).
struct TextRange: Sendable {
    // Full-width offsets: a range past 2 GiB must never wrap onto other text.
    var start: Int
    var end: Int

    static let absent = TextRange(start: 0, end: -1)

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    var isAbsent: Bool { end < 0 }
    var count: Int { isAbsent ? 0 : end - start }

    func bytes(in text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)])
    }

    func string(in text: UnsafeBufferPointer<UInt8>) -> String? {
        isAbsent ? nil : String(decoding: bytes(in: text), as: UTF8.self)
    }
}

/// One goods line of a dump as read: its numbers and where each field's text is.
struct ItemSlot: Sendable {
    var line: Int
    var sourceLine: Int
    var hsCode = TextRange.absent
    var productCode = TextRange.absent
    var description = TextRange.absent
    var condition = TextRange.absent
    var origin = TextRange.absent
    var quantity = TextRange.absent
    var unit = TextRange.absent
    var value = TextRange.absent
    var currency = TextRange.absent
    var valueVND = TextRange.absent
    var exemptionCode = TextRange.absent

    init(line: Int, sourceLine: Int) {
        self.line = line
        self.sourceLine = sourceLine
    }

    func item(in text: UnsafeBufferPointer<UInt8>) -> DeclarationItem {
        DeclarationItem(
            line: line,
            hsCode: hsCode.string(in: text),
            productCode: productCode.string(in: text),
            description: description.string(in: text),
            declaredCondition: condition.string(in: text).flatMap(GoodsCondition.init(rawValue:)),
            origin: origin.string(in: text),
            quantity: quantity.isAbsent ? nil : DecimalText.tidy(quantity.bytes(in: text)),
            unit: unit.string(in: text),
            value: value.isAbsent ? nil : DecimalText.tidy(value.bytes(in: text)),
            currency: currency.string(in: text),
            valueVND: valueVND.isAbsent ? nil : DecimalText.tidy(valueVND.bytes(in: text)),
            exemptionCode: exemptionCode.string(in: text),
            sourceLine: sourceLine)
    }
}
