/// Reads a declaration dump (`DeclarationDump` in `urn:declaudit:dump:1`), handing on each
/// declaration at its end tag as bytes (`DeclarationBatch` makes its Strings where it is used).
///
/// A declaration's text is kept in two buffers reused from declaration to declaration: the goods
/// lines' fields as they are read, and the header fields trimmed at their end tags. No String
/// and no allocation is made per element or field (licences, a few per declaration, are made as
/// read).
struct DumpReader {
    private let label: String
    /// The element whose text is being captured into `bytes` from `fieldStart`, and whether it
    /// is a goods-line field (kept there until the declaration ends) rather than a header field
    /// (moved to `headerText` at its end tag).
    private var field: XMLSymbol?
    private var fieldIsItem = false
    private var fieldStart = 0
    /// Declarant, Partner, Contract or Item while inside one.
    private var container: XMLSymbol?
    /// The declaration being read, without its lines; valid while `inDeclaration`.
    private var record = DumpRecord(sourceLine: 0)
    private var inDeclaration = false
    private var licences: [Licence] = []
    /// The declaration's goods lines so far, their text in `bytes`, and the one being read.
    private var items: [ItemSlot] = []
    private let bytes = ByteArena()
    /// The header fields' text, trimmed, where `record`'s ranges point.
    private let headerText = ByteArena()
    private var item = ItemSlot(line: 0, sourceLine: 0)
    private var inItem = false
    /// Duplicate line numbers: while the lines only go up, `highestLine` tells; after that, a set.
    private var highestLine = 0
    private var linesInOrder = true
    private var itemLines: Set<Int> = []
    /// Set when the declaration is broken; it is skipped at its end tag.
    private var declarationProblem: DeclauditError?

    init(label: String) {
        self.label = label
    }

    /// Whether an element's text is being captured (libxml2 delivers text only then).
    var capturesText: Bool { field != nil }

    /// The start tags met most, handled without a call: a name no reader uses, and the fields
    /// of a goods line and of the header (an attribute is kept only if short; see
    /// `ByteArena.appendShort`). Returns whether text is captured then, or nil to leave the tag
    /// to `startElement`, which decides the same.
    @inline(__always)
    mutating func startsQuickly(_ tag: XMLStartTag) -> Bool? {
        guard let symbol = tag.symbol else { return capturesText }
        switch tag.depth {
        case 4 where container == .Item:
            switch symbol {
            case .HSCode, .ProductCode, .Description, .Condition, .Origin, .ValueVND, .ExemptionCode:
                break
            case .Quantity:
                guard let unit = keepQuickly(tag.cachedAttributeBytes(.attrUnit)) else { return nil }
                item.unit = unit
            case .Value:
                guard let currency = keepQuickly(tag.cachedAttributeBytes(.attrCurrency)) else { return nil }
                item.currency = currency
            default:
                return nil
            }
            captureItem(symbol)
        case 3 where inDeclaration:
            guard Self.isDeclarationField(symbol) else { return nil }
            captureHeader(symbol)
        case 4 where container != nil:
            guard Self.isContainerField(container.unsafelyUnwrapped, symbol) else { return nil }
            captureHeader(symbol)
        default:
            return nil
        }
        return true
    }

    /// The header fields right under a `Declaration`.
    @inline(__always)
    private static func isDeclarationField(_ symbol: XMLSymbol) -> Bool {
        switch symbol {
        case .Number, .FirstNumber, .TypeCode, .CustomsOffice, .RegisteredOn, .Status: true
        default: false
        }
    }

    /// The header fields inside `Declarant`, `Partner` and `Contract`.
    @inline(__always)
    private static func isContainerField(_ container: XMLSymbol, _ symbol: XMLSymbol) -> Bool {
        switch (container, symbol) {
        case (.Declarant, .TaxCode), (.Declarant, .Name), (.Partner, .Name), (.Partner, .Country),
            (.Contract, .Number), (.Contract, .SignedOn), (.Contract, .ExpiresOn):
            true
        default: false
        }
    }

    /// `keep` without a call: nil when the attribute could not be looked up quickly, or is too
    /// long or too much for the declaration (`keep` decides then).
    @inline(__always)
    private mutating func keepQuickly(_ value: UnsafeBufferPointer<UInt8>??) -> TextRange? {
        guard case .some(let value) = value else { return nil }
        guard let value else { return .absent }
        guard bytes.count &+ value.count <= maximumDeclarationBytes else { return nil }
        return bytes.appendShort(value)
    }

    /// The end of a field that needs no trimming, handled without a call (a header field's if
    /// its text is short; see `ByteArena.appendShort`); false leaves the tag to `endElement`,
    /// which decides the same.
    @inline(__always)
    mutating func endsQuickly() -> Bool {
        guard let current = field, let range = TextCapture.untrimmed(bytes.bytes, from: fieldStart) else { return false }
        if fieldIsItem {
            field = nil
            store(range, inItemField: current)
            return true
        }
        // As `endHeaderField` with `keepHeader`, where no compaction is due.
        guard inDeclaration, current != .Status, headerText.count &+ range.count <= maximumFieldBytes,
            let kept = headerText.appendShort(range.bytes(in: bytes.bytes))
        else { return false }
        field = nil
        assign(kept, toHeaderField: current)
        bytes.truncate(to: fieldStart)
        return true
    }

    /// Text of a field within the bounds and the room already allocated, appended without a
    /// call but the copy; false leaves it to `characters`.
    @inline(__always)
    mutating func appendsQuickly(_ text: UnsafeRawBufferPointer) -> Bool {
        guard field != nil, bytes.count &- fieldStart &+ text.count <= maximumFieldBytes,
            bytes.count &+ text.count <= maximumDeclarationBytes
        else { return false }
        return bytes.appendWithinCapacity(text)
    }

    /// Inlined into the parser's callback: a goods line's field (most elements) is handled
    /// here, everything else out of line.
    @inline(__always)
    mutating func startElement(_ tag: XMLStartTag, output: inout DocumentOutput) throws(DeclauditError) {
        guard let symbol = tag.symbol else { return }
        if tag.depth == 4, container == .Item {
            switch symbol {
            case .HSCode, .ProductCode, .Description, .Condition, .Origin, .ValueVND, .ExemptionCode:
                captureItem(symbol)
            case .Quantity:
                item.unit = keep(tag.attributeBytes(.attrUnit))
                captureItem(symbol)
            case .Value:
                item.currency = keep(tag.attributeBytes(.attrCurrency))
                captureItem(symbol)
            default:
                break
            }
            return
        }
        startOtherElement(symbol, tag)
    }

    @inline(never)
    private mutating func startOtherElement(_ symbol: XMLSymbol, _ tag: XMLStartTag) {
        switch tag.depth {
        case 2 where symbol == .Declaration:
            record = DumpRecord(sourceLine: tag.line)
            inDeclaration = true
            licences.removeAll(keepingCapacity: true)
            items.removeAll(keepingCapacity: true)
            bytes.removeAll()
            headerText.removeAll()
            highestLine = 0
            linesInOrder = true
            itemLines.removeAll(keepingCapacity: true)
            declarationProblem = nil
        case 3 where inDeclaration:
            switch symbol {
            case .Declarant, .Partner, .Contract:
                container = symbol
            case .Licence:
                guard let number = tag.attribute(.attrNumber) else {
                    flag("Licence without a number attribute", line: tag.line)
                    return
                }
                // A blank number refers to nothing: no permit reference (as ECUS's empty columns).
                guard Self.hasNonWhitespace(number) else { return }
                if licences.count == 5 {
                    flag("more than 5 Licence elements", line: tag.line)
                }
                licences.append(Licence(type: tag.attribute(.attrType) ?? "", number: number))
            case .Item:
                startItem(tag)
            default:
                if Self.isDeclarationField(symbol) { captureHeader(symbol) }
            }
        case 4 where container != nil:
            if Self.isContainerField(container.unsafelyUnwrapped, symbol) { captureHeader(symbol) }
        default:
            break
        }
    }

    private mutating func startItem(_ tag: XMLStartTag) {
        if items.count >= maximumItemsPerDeclaration {
            // Past the bound the declaration is skipped, its remaining lines read past without
            // keeping anything, and the declarations after it are read as usual.
            if declarationProblem == nil {
                declarationProblem = DeclauditError(
                    .declarationTooLarge, "declaration has more than \(maximumItemsPerDeclaration) items",
                    at: SourceLocation(file: label, line: record.sourceLine))
            }
            return
        }
        container = .Item
        let written = tag.attributeBytes(.attrLine)
        let line = written.flatMap(Self.integer) ?? 0
        if line <= 0 {
            let shown = written.map { "\"\(String(decoding: $0, as: UTF8.self))\"" } ?? "missing"
            flag("Item line attribute \(shown); must be a positive integer", line: tag.line)
        } else if !isNewLine(line) {
            flag("Item line \(line) appears twice in the declaration", line: tag.line)
        }
        item = ItemSlot(line: line, sourceLine: tag.line)
        inItem = true
    }

    /// Records `line` as seen; false if it was seen before in this declaration.
    private mutating func isNewLine(_ line: Int) -> Bool {
        if linesInOrder {
            if line > highestLine {
                highestLine = line
                return true
            }
            // Out of order: from now on a set decides.
            linesInOrder = false
            for slot in items where slot.line > 0 { itemLines.insert(slot.line) }
            if inItem, item.line > 0 { itemLines.insert(item.line) }
        }
        return itemLines.insert(line).inserted
    }

    /// Whether `text` has a character that is not white space (`Character.isWhitespace`); ASCII
    /// text is decided on its bytes, where each character is one byte but CR LF.
    static func hasNonWhitespace(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte >= 0x80 { return text.contains { !$0.isWhitespace } }
            if byte != 0x20 && !(0x09...0x0D).contains(byte) { return true }
        }
        return false
    }

    /// `Int(String)` on bytes: optional sign, then decimal digits only; nil on overflow.
    private static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let first = text.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            index = 1
        }
        guard index < text.count else { return nil }
        var value = 0
        while index < text.count {
            let digit = Int(text[index]) - 0x30
            guard digit >= 0, digit <= 9 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            index += 1
        }
        return value
    }

    private mutating func captureHeader(_ symbol: XMLSymbol) {
        field = symbol
        fieldIsItem = false
        fieldStart = bytes.count
    }

    private mutating func captureItem(_ symbol: XMLSymbol) {
        field = symbol
        fieldIsItem = true
        fieldStart = bytes.count
    }

    /// An attribute's bytes, kept in `bytes`.
    private mutating func keep(_ value: UnsafeBufferPointer<UInt8>?) -> TextRange {
        guard let value else { return .absent }
        guard bytes.count + value.count <= maximumDeclarationBytes else {
            declarationTooLarge()
            return .absent
        }
        let start = bytes.count
        bytes.append(value)
        return TextRange(start: start, end: bytes.count)
    }

    private mutating func flag(_ message: String, line: Int) {
        if declarationProblem == nil {
            declarationProblem = DeclauditError(.xmlMalformed, message, at: SourceLocation(file: label, line: line))
        }
    }

    @inline(__always)
    mutating func characters(_ text: UnsafeRawBufferPointer) {
        guard let field else { return }
        if bytes.count - fieldStart + text.count > maximumFieldBytes {
            fieldTooLong(field)
        } else if bytes.count + text.count > maximumDeclarationBytes {
            declarationTooLarge()
        } else {
            bytes.append(text)
        }
    }

    /// The goods lines' text stays in `bytes` until the declaration ends: many long fields in
    /// one declaration are bounded together, and past the bound it is skipped like a long field.
    private mutating func declarationTooLarge() {
        if declarationProblem == nil {
            declarationProblem = DeclauditError(
                .declarationTooLarge, "declaration holds more than \(maximumDeclarationBytes >> 20) MiB of text",
                at: SourceLocation(file: label, line: record.sourceLine))
        }
    }

    /// A field past `maximumFieldBytes` is no declaration data but a broken or hostile file:
    /// the declaration is skipped, and the rest of the text passes by without being kept.
    private mutating func fieldTooLong(_ symbol: XMLSymbol) {
        if declarationProblem == nil {
            declarationProblem = DeclauditError(
                .declarationTooLarge, "\(symbol.xmlName) is longer than \(maximumFieldBytes) bytes",
                at: SourceLocation(file: label, line: record.sourceLine))
        }
    }

    /// Inlined into the parser's callback: the end of a goods line's field (most end tags) is
    /// handled here, everything else out of line.
    @inline(__always)
    mutating func endElement(_ tag: XMLEndTag, output: inout DocumentOutput) throws(DeclauditError) {
        if let current = field {
            field = nil
            if fieldIsItem {
                storeItemField(current)
            } else {
                endHeaderField(current)
            }
            return
        }
        endOtherElement(tag.symbol, &output)
    }

    @inline(never)
    private mutating func endHeaderField(_ current: XMLSymbol) {
        let text = bytes.bytes
        let range = TextCapture.trimmed(text, from: fieldStart)
        if container == nil && current == .Status {
            storeStatus(range.isAbsent ? nil : range.bytes(in: text))
        } else {
            store(keepHeader(range, of: text), in: current)
        }
        bytes.truncate(to: fieldStart)
    }

    @inline(never)
    private mutating func endOtherElement(_ symbol: XMLSymbol?, _ output: inout DocumentOutput) {
        switch symbol {
        case .Item?:
            if inItem { items.append(item) }
            inItem = false
            container = nil
        case .Declarant?, .Partner?, .Contract?:
            container = nil
        case .Declaration?:
            finishDeclaration(&output)
        default:
            break
        }
    }

    /// The captured text trimmed as `TextCapture.finish` trims (absent when empty or `NULL`).
    @inline(__always)
    private mutating func storeItemField(_ symbol: XMLSymbol) {
        store(TextCapture.trimmedQuickly(bytes.bytes, from: fieldStart), inItemField: symbol)
    }

    @inline(__always)
    private mutating func store(_ range: TextRange, inItemField symbol: XMLSymbol) {
        guard inDeclaration else { return }
        switch symbol {
        case .HSCode: item.hsCode = range
        case .ProductCode: item.productCode = range
        case .Description: item.description = range
        case .Condition: item.condition = range
        case .Origin: item.origin = range
        case .Quantity: item.quantity = range
        case .Value: item.value = range
        case .ValueVND: item.valueVND = range
        case .ExemptionCode: item.exemptionCode = range
        default: break
        }
    }

    /// A header field's trimmed text, moved to `headerText`.
    private mutating func keepHeader(_ range: TextRange, of text: UnsafeBufferPointer<UInt8>) -> TextRange {
        guard inDeclaration, !range.isAbsent else { return .absent }
        let start = headerText.count
        headerText.append(range.bytes(in: text))
        return TextRange(start: start, end: headerText.count)
    }

    private mutating func store(_ value: TextRange, in symbol: XMLSymbol) {
        guard inDeclaration else { return }
        assign(value, toHeaderField: symbol)
        compactHeaderTextIfWasteful()
    }

    @inline(__always)
    private mutating func assign(_ value: TextRange, toHeaderField symbol: XMLSymbol) {
        switch (container, symbol) {
        case (nil, .Number): record.number = value
        case (nil, .FirstNumber): record.firstNumber = value
        case (nil, .TypeCode): record.typeCode = value
        case (nil, .CustomsOffice): record.customsOffice = value
        case (nil, .RegisteredOn): record.registeredOn = value
        case (.Declarant?, .TaxCode): record.declarantTaxCode = value
        case (.Declarant?, .Name): record.declarantName = value
        case (.Partner?, .Name): record.partnerName = value
        case (.Partner?, .Country): record.partnerCountry = value
        case (.Contract?, .Number): record.contractNumber = value
        case (.Contract?, .SignedOn): record.contractSignedOn = value
        case (.Contract?, .ExpiresOn): record.contractExpiresOn = value
        default: break
        }
    }

    private mutating func storeStatus(_ written: UnsafeBufferPointer<UInt8>?) {
        guard inDeclaration, let written else { return }
        guard let status = Self.status(written) else {
            flag(
                "Status \"\(String(decoding: written, as: UTF8.self))\" is not cleared, pending or cancelled",
                line: record.sourceLine)
            return
        }
        record.status = status
    }

    /// `DeclarationStatus(rawValue:)` on bytes (a String equal to an ASCII one has its bytes).
    private static func status(_ written: UnsafeBufferPointer<UInt8>) -> DeclarationStatus? {
        for status in [DeclarationStatus.cleared, .pending, .cancelled] where status.rawValue.utf8.elementsEqual(written) {
            return status
        }
        return nil
    }

    /// A header field given again leaves its earlier text in `headerText`: once that is more than
    /// a field's worth beyond twice what the fields hold, the text is rebuilt from the ranges in
    /// use, so that memory stays bounded by the fields kept however often they repeat.
    private mutating func compactHeaderTextIfWasteful() {
        guard headerText.count > maximumFieldBytes else { return }
        var used = 0
        record.moveHeaderRanges { range in
            used += range.count
            return range
        }
        guard headerText.count > 2 * used + maximumFieldBytes else { return }
        let old = Array(headerText.bytes)
        headerText.removeAll()
        old.withUnsafeBufferPointer { old in
            record.moveHeaderRanges { range in
                guard !range.isAbsent else { return range }
                let start = headerText.count
                headerText.append(range.bytes(in: old))
                return TextRange(start: start, end: headerText.count)
            }
        }
    }

    private mutating func finishDeclaration(_ output: inout DocumentOutput) {
        guard inDeclaration else { return }
        inDeclaration = false
        if record.number.isAbsent || record.typeCode.isAbsent {
            flag("Declaration without Number or TypeCode", line: record.sourceLine)
        }
        if let problem = declarationProblem {
            var skipped = problem
            let number = record.number.string(in: headerText.bytes) ?? "(no number)"
            skipped.message += "; declaration \(number) skipped"
            output.record(skipped)
            return
        }
        output.accept(record, headerText: headerText.bytes, lineText: bytes.bytes, lines: items, licences: licences)
    }
}
