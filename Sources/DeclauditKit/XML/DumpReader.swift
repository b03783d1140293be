/// Reads a declaration dump (`DeclarationDump` in `urn:declaudit:dump:1`), handing on each
/// `Declaration` at its end tag: one declaration in memory at a time.
///
/// The header fields become Strings as they are read. The goods lines are kept as byte ranges in
/// one buffer that is reused from declaration to declaration, and become `DeclarationItem`s at
/// the declaration's end tag only if the caller's `ItemFilter` wants them: on a large dump most
/// lines are only counted, and reading one costs no allocation.
struct DumpReader {
    private let label: String
    /// The element whose text is being captured into `bytes` from `fieldStart`, and whether it
    /// is a goods-line field (kept there until the declaration ends) rather than a header field
    /// (made into a String at its end tag).
    private var field: XMLSymbol?
    private var fieldIsItem = false
    private var fieldStart = 0
    /// Declarant, Partner, Contract or Item while inside one.
    private var container: XMLSymbol?
    /// The declaration being read, without its items; valid while `inDeclaration`. A plain value
    /// (not an optional) so fields are assigned in place without copies.
    private var declaration = Declaration(number: "", typeCode: "", sourceLine: 0)
    private var inDeclaration = false
    /// The declaration's goods lines so far, their text in `bytes`, and the one being read.
    private var items: [ItemSlot] = []
    private let bytes = ByteArena()
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

    mutating func startElement(_ tag: XMLStartTag, output: inout DocumentOutput) throws(DeclauditError) {
        guard let symbol = tag.symbol else { return }
        switch tag.depth {
        case 2 where symbol == .Declaration:
            declaration = Declaration(number: "", typeCode: "", sourceLine: tag.line)
            inDeclaration = true
            items.removeAll(keepingCapacity: true)
            bytes.removeAll()
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
                guard number.contains(where: { !$0.isWhitespace }) else { return }
                if declaration.licences.count == 5 {
                    flag("more than 5 Licence elements", line: tag.line)
                }
                declaration.licences.append(Licence(type: tag.attribute(.attrType) ?? "", number: number))
            case .Item:
                startItem(tag)
            case .Number, .FirstNumber, .TypeCode, .CustomsOffice, .RegisteredOn, .Status:
                captureHeader(symbol)
            default:
                break
            }
        case 4 where container != nil:
            switch (container.unsafelyUnwrapped, symbol) {
            case (.Declarant, .TaxCode), (.Declarant, .Name), (.Partner, .Name), (.Partner, .Country),
                (.Contract, .Number), (.Contract, .SignedOn), (.Contract, .ExpiresOn):
                captureHeader(symbol)
            case (.Item, .HSCode), (.Item, .ProductCode), (.Item, .Description), (.Item, .Condition),
                (.Item, .Origin), (.Item, .ValueVND), (.Item, .ExemptionCode):
                captureItem(symbol)
            case (.Item, .Quantity):
                item.unit = keep(tag.attributeBytes(.attrUnit))
                captureItem(symbol)
            case (.Item, .Value):
                item.currency = keep(tag.attributeBytes(.attrCurrency))
                captureItem(symbol)
            default:
                break
            }
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
                    at: SourceLocation(file: label, line: declaration.sourceLine))
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
                at: SourceLocation(file: label, line: declaration.sourceLine))
        }
    }

    /// A field past `maximumFieldBytes` is no declaration data but a broken or hostile file:
    /// the declaration is skipped, and the rest of the text passes by without being kept.
    private mutating func fieldTooLong(_ symbol: XMLSymbol) {
        if declarationProblem == nil {
            declarationProblem = DeclauditError(
                .declarationTooLarge, "\(symbol.xmlName) is longer than \(maximumFieldBytes) bytes",
                at: SourceLocation(file: label, line: declaration.sourceLine))
        }
    }

    mutating func endElement(_ symbol: XMLSymbol?, output: inout DocumentOutput) throws(DeclauditError) {
        if let current = field {
            field = nil
            if fieldIsItem {
                storeItemField(current)
            } else {
                let text = bytes.bytes
                let value = TextCapture.trimmed(text, from: fieldStart).string(in: text)
                bytes.truncate(to: fieldStart)
                store(value, in: current)
            }
            return
        }
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
    private mutating func storeItemField(_ symbol: XMLSymbol) {
        let range = TextCapture.trimmed(bytes.bytes, from: fieldStart)
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

    private mutating func store(_ value: String?, in symbol: XMLSymbol) {
        guard inDeclaration else { return }
        switch (container, symbol) {
        case (nil, .Number): declaration.number = value ?? ""
        case (nil, .FirstNumber): declaration.firstNumber = value
        case (nil, .TypeCode): declaration.typeCode = value ?? ""
        case (nil, .CustomsOffice): declaration.customsOffice = value
        case (nil, .RegisteredOn): declaration.registeredOn = value
        case (nil, .Status):
            guard let value else { return }
            guard let status = DeclarationStatus(rawValue: value) else {
                flag("Status \"\(value)\" is not cleared, pending or cancelled", line: declaration.sourceLine)
                return
            }
            declaration.status = status
        case (.Declarant?, .TaxCode): declaration.declarantTaxCode = value
        case (.Declarant?, .Name): declaration.declarantName = value
        case (.Partner?, .Name): declaration.partnerName = value
        case (.Partner?, .Country): declaration.partnerCountry = value
        case (.Contract?, .Number): declaration.contractNumber = value
        case (.Contract?, .SignedOn): declaration.contractSignedOn = value
        case (.Contract?, .ExpiresOn): declaration.contractExpiresOn = value
        default: break
        }
    }

    private mutating func finishDeclaration(_ output: inout DocumentOutput) {
        guard inDeclaration else { return }
        inDeclaration = false
        var finished = Declaration(number: "", typeCode: "", sourceLine: 0)
        swap(&finished, &declaration)
        if finished.number.isEmpty || finished.typeCode.isEmpty {
            flag("Declaration without Number or TypeCode", line: finished.sourceLine)
        }
        if let problem = declarationProblem {
            var skipped = problem
            skipped.message += "; declaration \(finished.number.isEmpty ? "(no number)" : finished.number) skipped"
            output.record(skipped)
            return
        }
        if !items.isEmpty {
            let text = bytes.bytes
            switch output.filter.scope(of: finished) {
            case .all:
                finished.items = items.map { $0.item(in: text) }
            case .none:
                finished.omittedItemCount = items.count
            case .matching(let prefixes):
                for slot in items {
                    if output.filter.keeps(
                        slot.hsCode.isAbsent ? nil : HSCode(normalizing: slot.hsCode.bytes(in: text)), prefixes)
                    {
                        finished.items.append(slot.item(in: text))
                    } else {
                        finished.omittedItemCount += 1
                    }
                }
            }
        }
        output.accept(finished)
    }
}

/// Where a field's text is in the reader's byte buffer; `absent` for a field not given (or
/// empty, or `NULL`).
struct TextRange {
    // Full-width offsets: a range past 2 GiB must never wrap onto other text.
    var start: Int
    var end: Int

    static let absent = TextRange(start: 0, end: -1)

    init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    var isAbsent: Bool { end < 0 }

    func bytes(in text: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: text[Int(start)..<Int(end)])
    }

    func string(in text: UnsafeBufferPointer<UInt8>) -> String? {
        isAbsent ? nil : String(decoding: bytes(in: text), as: UTF8.self)
    }
}

/// One goods line of a dump as read: its numbers and where each field's text is.
private struct ItemSlot {
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
