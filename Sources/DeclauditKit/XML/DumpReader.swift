/// Reads a declaration dump (`DeclarationDump` in `urn:declaudit:dump:1`), handing on each
/// `Declaration` at its end tag: one declaration in memory at a time.
final class DumpReader: FormatReader {
    private unowned let document: DocumentReader
    private var text = TextCapture()
    /// The element whose text is being captured, and the container it sits in.
    private var field: XMLSymbol?
    /// Declarant, Partner, Contract or Item while inside one.
    private var container: XMLSymbol?
    /// The declaration and item being read; valid while `inDeclaration` / `inItem`. Kept as
    /// plain values (not optionals) so fields are assigned in place without copies.
    private var declaration = Declaration(number: "", typeCode: "", sourceLine: 0)
    private var inDeclaration = false
    private var item = DeclarationItem(line: 0, sourceLine: 0)
    private var inItem = false
    private var itemLines: Set<Int> = []
    /// Set when the declaration is broken; it is skipped at its end tag.
    private var declarationProblem: DeclauditError?

    init(document: DocumentReader) {
        self.document = document
    }

    func startElement(_ tag: XMLStartTag) throws(DeclauditError) {
        guard let symbol = tag.symbol else { return }
        switch tag.depth {
        case 2 where symbol == .Declaration:
            declaration = Declaration(number: "", typeCode: "", sourceLine: tag.line)
            inDeclaration = true
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
                if declaration.licences.count == 5 {
                    flag("more than 5 Licence elements", line: tag.line)
                }
                declaration.licences.append(Licence(type: tag.attribute(.attrType) ?? "", number: number))
            case .Item:
                try startItem(tag)
            case .Number, .FirstNumber, .TypeCode, .CustomsOffice, .RegisteredOn, .Status:
                capture(symbol)
            default:
                break
            }
        case 4 where container != nil:
            switch (container!, symbol) {
            case (.Declarant, .TaxCode), (.Declarant, .Name), (.Partner, .Name), (.Partner, .Country),
                 (.Contract, .Number), (.Contract, .SignedOn), (.Contract, .ExpiresOn),
                 (.Item, .HSCode), (.Item, .ProductCode), (.Item, .Description), (.Item, .Condition),
                 (.Item, .Origin), (.Item, .ExemptionCode):
                capture(symbol)
            case (.Item, .Quantity):
                item.unit = tag.attribute(.attrUnit)
                capture(symbol)
            case (.Item, .Value):
                item.currency = tag.attribute(.attrCurrency)
                capture(symbol)
            default:
                break
            }
        default:
            break
        }
    }

    private func startItem(_ tag: XMLStartTag) throws(DeclauditError) {
        container = .Item
        let written = tag.attribute(.attrLine)
        let line = written.flatMap { Int($0) } ?? 0
        if line <= 0 {
            flag("Item line attribute \(written.map { "\"\($0)\"" } ?? "missing"); must be a positive integer", line: tag.line)
        } else if !itemLines.insert(line).inserted {
            flag("Item line \(line) appears twice in the declaration", line: tag.line)
        }
        if declaration.items.count >= maximumItemsPerDeclaration {
            throw DeclauditError(
                .declarationTooLarge,
                "declaration has more than \(maximumItemsPerDeclaration) items; refused",
                at: document.location(declaration.sourceLine))
        }
        item = DeclarationItem(line: line, sourceLine: tag.line)
        inItem = true
    }

    private func capture(_ symbol: XMLSymbol) {
        field = symbol
        text.begin()
    }

    private func flag(_ message: String, line: Int) {
        if declarationProblem == nil {
            declarationProblem = DeclauditError(.xmlMalformed, message, at: document.location(line))
        }
    }

    func characters(_ bytes: UnsafeRawBufferPointer) {
        text.append(bytes)
    }

    func endElement(_ symbol: XMLSymbol?) throws(DeclauditError) {
        if let current = field {
            field = nil
            store(text.finish(), in: current)
            return
        }
        switch symbol {
        case .Item?:
            if inItem { declaration.items.append(item) }
            inItem = false
            container = nil
        case .Declarant?, .Partner?, .Contract?:
            container = nil
        case .Declaration?:
            finishDeclaration()
        default:
            break
        }
    }

    private func store(_ value: String?, in symbol: XMLSymbol) {
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
        case (.Item?, .HSCode): item.hsCode = value
        case (.Item?, .ProductCode): item.productCode = value
        case (.Item?, .Description): item.description = value
        case (.Item?, .Condition): item.declaredCondition = value.flatMap(GoodsCondition.init(rawValue:))
        case (.Item?, .Origin): item.origin = value
        case (.Item?, .Quantity): item.quantity = value.map(DecimalText.tidy)
        case (.Item?, .Value): item.value = value.map(DecimalText.tidy)
        case (.Item?, .ExemptionCode): item.exemptionCode = value
        default: break
        }
    }

    private func finishDeclaration() {
        guard inDeclaration else { return }
        inDeclaration = false
        let finished = declaration
        if finished.number.isEmpty || finished.typeCode.isEmpty {
            flag("Declaration without Number or TypeCode", line: finished.sourceLine)
        }
        if let problem = declarationProblem {
            var skipped = problem
            skipped.message += "; declaration \(finished.number.isEmpty ? "(no number)" : finished.number) skipped"
            document.record(skipped)
            return
        }
        document.accept(finished)
    }

    func endDocument() throws(DeclauditError) {}
}
