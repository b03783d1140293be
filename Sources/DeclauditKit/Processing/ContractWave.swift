/// Processing contracts on their way from the ledger's statements (`Ledger.forEachWave`) to
/// their judging, still as the bytes SQLite gave: the database thread only copies the rows'
/// columns, and their Strings and `ProcessingRecord`s are made by `forEachContract`, on the
/// thread that judges them (as `DeclarationBatch` does for the reader).
struct ContractWave: Sendable {
    /// A text value: `start..<start + count` of `bytes`, or NULL (`count` -1).
    private struct Text {
        var start: Int
        var count: Int
    }

    /// A row of `Ledger.contractDeclarations` but its contract key, which the contract keeps once.
    private struct DeclarationRow {
        var id: Int
        var identity: Text
        var number: Text
        var version: Int
        var typeCode: Text
        var contractNumber: Text
        var contractExpiresOn: Text
        var registeredOn: Text
        var customsOffice: Text
        var taxCode: Text
        var company: Text
        var licences: Text
        var source: Text
        var sourceLine: Int
    }

    /// A row of `Ledger.contractLines` but its contract key and declaration id.
    private struct LineRow {
        /// The position of the line's declaration in `declarations`.
        var declaration: Int
        var line: Int
        var goodsKey: Text
        var hsCode: Text
        var description: Text
        var quantity: Text
        var unit: Text
        var listedUsed: Bool
        var condition: Text
        var sourceLine: Int
    }

    /// One contract's rows: `declarations` and `lines` are ranges of the wave's.
    private struct Bounds {
        var key: Text
        var declarations: Range<Int>
        var lines: Range<Int>
    }

    /// Every text value's bytes, one after another, in `bytes[..<byteCount]`. Grown by hand, in
    /// zeros: `Array.append(contentsOf:)` costs more than the copy for values this short.
    private var bytes: [UInt8] = []
    private var byteCount = 0
    private var declarations: [DeclarationRow] = []
    private var lines: [LineRow] = []
    private var contracts: [Bounds] = []
    /// The first declaration of the open contract a line may still belong to.
    private var nextDeclaration = 0

    init() {}

    /// An empty wave with room for as much as `previous` held: the next wave is filled without its
    /// arrays growing (each growth copies them).
    init(following previous: ContractWave) {
        // Zeros in one go (a loop byte by byte otherwise).
        bytes = Array(unsafeUninitializedCapacity: previous.byteCount) { storage, count in
            storage.initialize(repeating: 0)
            count = storage.count
        }
        declarations.reserveCapacity(previous.declarations.count)
        lines.reserveCapacity(previous.lines.count)
        contracts.reserveCapacity(previous.contracts.count)
    }

    var count: Int { contracts.count }
    var isEmpty: Bool { contracts.isEmpty }

    // MARK: filled on the database thread, from `Ledger.forEachWave`'s statements or the run's records

    /// Starts a contract whose key is `column` of `row`; `endContract` ends it.
    mutating func startContract(key row: LedgerRowReader, column: Int32) {
        let key = text(row, column)
        nextDeclaration = declarations.count
        contracts.append(
            Bounds(key: key, declarations: declarations.count..<declarations.count, lines: lines.count..<lines.count))
    }

    /// Adds a declaration row to the contract started last; all come before its lines.
    mutating func appendDeclaration(_ row: LedgerRowReader) {
        let declaration = DeclarationRow(
            id: row.int(0), identity: text(row, 1), number: text(row, 2), version: row.int(3), typeCode: text(row, 4),
            contractNumber: text(row, 6), contractExpiresOn: text(row, 7), registeredOn: text(row, 8),
            customsOffice: text(row, 9), taxCode: text(row, 10), company: text(row, 11), licences: text(row, 12),
            source: text(row, 13), sourceLine: row.int(14))
        declarations.append(declaration)
    }

    /// Adds a line row to the contract started last if it is one of its declarations' lines;
    /// false (nothing added) if not: it belongs to a later contract. A contract's lines come after
    /// its declarations, in the order of their ids (declarations are in that order too), so each
    /// finds its declaration by walking forward; a later contract's lines come after them.
    mutating func appendLine(_ row: LedgerRowReader) -> Bool {
        let id = row.int(1)
        while nextDeclaration < declarations.count, declarations[nextDeclaration].id < id { nextDeclaration += 1 }
        guard nextDeclaration < declarations.count, declarations[nextDeclaration].id == id else { return false }
        let line = LineRow(
            declaration: nextDeclaration, line: row.int(2), goodsKey: text(row, 3), hsCode: text(row, 4),
            description: text(row, 5), quantity: text(row, 6), unit: text(row, 7), listedUsed: row.bool(8),
            condition: text(row, 9), sourceLine: row.int(10))
        lines.append(line)
        return true
    }

    /// Adds a declaration and its lines to the contract started last from one value of
    /// `encode`, `id` its declaration's id: its bytes are copied at once, and its texts are
    /// ranges of the copy.
    mutating func appendRecord(id: Int, _ record: UnsafeBufferPointer<UInt8>) {
        let start = reserve(record.count)
        if let source = record.baseAddress, record.count > 0 {
            bytes.withUnsafeMutableBufferPointer { $0.baseAddress!.advanced(by: start).update(from: source, count: record.count) }
        }
        var fields = RecordFields(record, at: start)
        declarations.append(
            DeclarationRow(
                id: id, identity: fields.text(), number: fields.text(), version: fields.int(), typeCode: fields.text(),
                contractNumber: fields.text(), contractExpiresOn: fields.text(), registeredOn: fields.text(),
                customsOffice: fields.text(), taxCode: fields.text(), company: fields.text(), licences: fields.text(),
                source: fields.text(), sourceLine: fields.int()))
        let declaration = declarations.count - 1
        for _ in 0..<fields.int() {
            lines.append(
                LineRow(
                    declaration: declaration, line: fields.int(), goodsKey: fields.text(), hsCode: fields.text(),
                    description: fields.text(), quantity: fields.text(), unit: fields.text(),
                    listedUsed: fields.int() != 0, condition: fields.text(), sourceLine: fields.int()))
        }
        precondition(fields.isAtEnd, "a staged record is read as it was written")
    }

    /// Hands the wave to `body` and goes on with an empty one, sized like it, once it holds
    /// `contracts` contracts; call between contracts.
    mutating func handOver(whenHolding contracts: Int, to body: (ContractWave) throws -> Void) rethrows {
        guard count >= contracts else { return }
        let next = ContractWave(following: self)
        try body(self)
        self = next
    }

    /// Ends the contract started last: its rows are those added since.
    mutating func endContract() {
        let last = contracts.count - 1
        contracts[last].declarations = contracts[last].declarations.lowerBound..<declarations.count
        contracts[last].lines = contracts[last].lines.lowerBound..<lines.count
    }

    private mutating func text(_ row: LedgerRowReader, _ column: Int32) -> Text {
        row.withText(column) { text in
            guard let text else { return Text(start: 0, count: -1) }
            let start = reserve(text.count)
            if let source = text.baseAddress, text.count > 0 {
                bytes.withUnsafeMutableBufferPointer {
                    $0.baseAddress!.advanced(by: start).update(from: source, count: text.count)
                }
            }
            return Text(start: start, count: text.count)
        }
    }

    /// The start of `count` more bytes at the end of `bytes[..<byteCount]`, now counted in it.
    private mutating func reserve(_ count: Int) -> Int {
        let start = byteCount
        let end = start + count
        if end > bytes.count {
            bytes.append(contentsOf: repeatElement(0, count: max(end, 2 * bytes.count, 4096) - bytes.count))
        }
        byteCount = end
        return start
    }

    // MARK: decoded where the contracts are judged

    /// Hands on the contracts of `range` (positions in the wave, in reading order) with their
    /// records, as `Ledger.records(ofContract:)` gives them.
    func forEachContract(in range: Range<Int>, _ body: (String, [ProcessingRecord]) throws -> Void) rethrows {
        var texts = ContractTexts()
        try bytes.withUnsafeBufferPointer { all in
            for contract in contracts[range] {
                let key = Self.string(contract.key, all) ?? ""
                var records: [ProcessingRecord] = []
                records.reserveCapacity(contract.declarations.count)
                for row in declarations[contract.declarations] {
                    records.append(Self.record(row, all, contractKey: key, texts: &texts))
                }
                for row in lines[contract.lines] {
                    let record = row.declaration - contract.declarations.lowerBound
                    // Most declarations have a few lines: one allocation instead of four.
                    if records[record].lines.isEmpty { records[record].lines.reserveCapacity(8) }
                    records[record].lines.append(Self.line(row, all))
                }
                if records.count > 1 { records.sort(by: Self.inLedgerOrder) }
                try body(key, records)
            }
        }
    }

    /// Every contract of the wave, in reading order.
    func forEachContract(_ body: (String, [ProcessingRecord]) throws -> Void) rethrows {
        try forEachContract(in: contracts.indices, body)
    }

    private static func slice(_ text: Text, _ all: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: all[text.start..<text.start + text.count])
    }

    private static func string(_ text: Text, _ all: UnsafeBufferPointer<UInt8>) -> String? {
        text.count < 0 ? nil : String(decoding: slice(text, all), as: UTF8.self)
    }

    /// The text of a NOT NULL column ("" for NULL, as GRDB reads it).
    private static func nonNull(_ text: Text, _ all: UnsafeBufferPointer<UInt8>) -> String { string(text, all) ?? "" }

    private static func string(_ text: Text, _ all: UnsafeBufferPointer<UInt8>, reusing last: inout RepeatedText) -> String? {
        text.count < 0 ? nil : last.string(slice(text, all))
    }

    /// The last value of each column that repeats from row to row, its `String` reused.
    private struct ContractTexts {
        var company = RepeatedText()
        var licences = RepeatedText()
        var source = RepeatedText()
    }

    /// `GoodsCondition`'s raw values as the ledger stores them, in `allCases` order.
    private static let conditionNames = GoodsCondition.allCases.map { Array($0.rawValue.utf8) }

    /// A declaration row's record, lines empty.
    private static func record(
        _ row: DeclarationRow, _ all: UnsafeBufferPointer<UInt8>, contractKey: String, texts: inout ContractTexts
    ) -> ProcessingRecord {
        ProcessingRecord(
            number: nonNull(row.number, all), identity: nonNull(row.identity, all), version: row.version,
            typeCode: nonNull(row.typeCode, all), contractKey: contractKey, contractNumber: string(row.contractNumber, all),
            contractExpiresOn: string(row.contractExpiresOn, all), registeredOn: string(row.registeredOn, all),
            customsOffice: string(row.customsOffice, all), taxCode: string(row.taxCode, all),
            company: string(row.company, all, reusing: &texts.company),
            licences: string(row.licences, all, reusing: &texts.licences) ?? "",
            source: string(row.source, all, reusing: &texts.source) ?? "", sourceLine: row.sourceLine, lines: [])
    }

    private static func line(_ row: LineRow, _ all: UnsafeBufferPointer<UInt8>) -> ProcessingLine {
        let condition =
            row.condition.count < 0
            ? nil : conditionNames.firstIndex { $0.elementsEqual(slice(row.condition, all)) }
        return ProcessingLine(
            line: row.line, goodsKey: nonNull(row.goodsKey, all), hsCode: string(row.hsCode, all),
            description: string(row.description, all), quantity: string(row.quantity, all), unit: string(row.unit, all),
            listedUsed: row.listedUsed, condition: condition.map { GoodsCondition.allCases[$0] } ?? .unknown,
            sourceLine: row.sourceLine)
    }

    /// `ORDER BY registered_on, number` as SQLite sorts: NULL first, then byte by byte. Done here
    /// per contract, where the contract index gives the rows: SQLite sorted each contract's rows
    /// in a temporary tree, which cost more than reading them.
    private static func inLedgerOrder(_ first: ProcessingRecord, _ second: ProcessingRecord) -> Bool {
        switch (first.registeredOn, second.registeredOn) {
        case (nil, nil): break
        case (nil, _): return true
        case (_, nil): return false
        case (let one?, let other?):
            if !one.utf8.elementsEqual(other.utf8) { return one.utf8.lexicographicallyPrecedes(other.utf8) }
        }
        return first.number.utf8.lexicographicallyPrecedes(second.number.utf8)
    }
}

extension ContractWave {
    /// A processing record as one value, for a run that stages its records itself
    /// (`RunStaging.insertRecords`): its columns as `Ledger.forEachWave` selects them but its contract
    /// key and id, in the order `appendRecord` reads them, then its lines after their count. An
    /// integer takes 8 bytes; a text, its byte count in 4 (all ones for NULL), then its bytes.
    /// Written by hand: it lives only in this run's temporary table, and a general encoder
    /// (Codable) costs more than the SQLite rows it replaces.
    static func encode(_ record: ProcessingRecord, into bytes: inout [UInt8]) {
        // Sized first and written through a pointer: appending field by field cost more than the
        // rows it replaces.
        func size(_ text: String?) -> Int { 4 + (text?.utf8.count ?? 0) }
        var total = 3 * 8 + size(record.identity) + size(record.number) + size(record.typeCode)
        total += size(record.contractNumber) + size(record.contractExpiresOn) + size(record.registeredOn)
        total += size(record.customsOffice) + size(record.taxCode) + size(record.company)
        total += size(record.licences) + size(record.source)
        for line in record.lines {
            total += 3 * 8 + size(line.goodsKey) + size(line.hsCode) + size(line.description) + size(line.quantity)
            total += size(line.unit) + size(line.condition.rawValue)
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: total))
        bytes.withUnsafeMutableBytes { storage in
            var fields = FieldWriter(storage.baseAddress! + start)
            fields.text(record.identity)
            fields.text(record.number)
            fields.int(record.version)
            fields.text(record.typeCode)
            fields.text(record.contractNumber)
            fields.text(record.contractExpiresOn)
            fields.text(record.registeredOn)
            fields.text(record.customsOffice)
            fields.text(record.taxCode)
            fields.text(record.company)
            fields.text(record.licences)
            fields.text(record.source)
            fields.int(record.sourceLine)
            fields.int(record.lines.count)
            for line in record.lines {
                fields.int(line.line)
                fields.text(line.goodsKey)
                fields.text(line.hsCode)
                fields.text(line.description)
                fields.text(line.quantity)
                fields.text(line.unit)
                fields.int(line.listedUsed ? 1 : 0)
                fields.text(line.condition.rawValue)
                fields.int(line.sourceLine)
            }
            precondition(fields.written == total, "a record is written as it was sized")
        }
    }

    /// Writes the fields of one value of `encode` into memory sized for them.
    private struct FieldWriter {
        private let target: UnsafeMutableRawPointer
        private(set) var written = 0

        init(_ target: UnsafeMutableRawPointer) { self.target = target }

        mutating func int(_ value: Int) {
            target.storeBytes(of: Int64(value).littleEndian, toByteOffset: written, as: Int64.self)
            written += 8
        }

        mutating func text(_ value: String?) {
            guard let value else {
                target.storeBytes(of: UInt32.max, toByteOffset: written, as: UInt32.self)
                written += 4
                return
            }
            var utf8Count = 0
            let copied: Void? = value.utf8.withContiguousStorageIfAvailable { utf8 in
                utf8Count = utf8.count
                if let source = utf8.baseAddress, utf8.count > 0 {
                    (target + written + 4).copyMemory(from: source, byteCount: utf8.count)
                }
            }
            if copied == nil {
                for byte in value.utf8 {
                    target.storeBytes(of: byte, toByteOffset: written + 4 + utf8Count, as: UInt8.self)
                    utf8Count += 1
                }
            }
            target.storeBytes(of: UInt32(utf8Count).littleEndian, toByteOffset: written, as: UInt32.self)
            written += 4 + utf8Count
        }
    }

    /// Reads the fields of one value of `encode` that was copied to `start` of the wave's bytes,
    /// its texts as ranges of them.
    private struct RecordFields {
        private let record: UnsafeBufferPointer<UInt8>
        private let start: Int
        private var offset = 0

        init(_ record: UnsafeBufferPointer<UInt8>, at start: Int) {
            self.record = record
            self.start = start
        }

        var isAtEnd: Bool { offset == record.count }

        mutating func int() -> Int {
            Int(Int64(littleEndian: load(Int64.self)))
        }

        mutating func text() -> Text {
            let count = UInt32(littleEndian: load(UInt32.self))
            guard count != .max else { return Text(start: 0, count: -1) }
            precondition(Int(count) <= record.count - offset, "a staged text lies inside its record")
            defer { offset += Int(count) }
            return Text(start: start + offset, count: Int(count))
        }

        private mutating func load<T: FixedWidthInteger>(_: T.Type) -> T {
            precondition(MemoryLayout<T>.size <= record.count - offset, "a staged value lies inside its record")
            defer { offset += MemoryLayout<T>.size }
            return UnsafeRawBufferPointer(record).loadUnaligned(fromByteOffset: offset, as: T.self)
        }
    }
}

/// The last value a column gave, kept to reuse its `String`: a value that repeats row after row
/// (the source, a company) is decoded and allocated once. Text short enough to be stored in the
/// `String` itself (15 bytes) is simply decoded.
struct RepeatedText {
    private var bytes: [UInt8] = []
    private var text: String?

    mutating func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
        if let text, self.bytes.elementsEqual(bytes) { return text }
        let text = String(decoding: bytes, as: UTF8.self)
        self.bytes.removeAll(keepingCapacity: true)
        self.bytes.append(contentsOf: bytes)
        self.text = text
        return text
    }
}
