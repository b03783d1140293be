/// What reading one input produced, apart from the declarations it handed on.
public struct ReadOutcome: Sendable {
    public var format: InputFormat?
    public var declarations = 0
    public var items = 0
    /// Problems that skipped part of the input while the rest was read.
    public var problems: [DeclauditError] = []
    /// The error that ended the reading early, if any.
    public var error: DeclauditError?
    /// The line where the last declaration read in full started (how far a failed input got).
    public var lastDeclarationLine: Int?

    public var succeeded: Bool { error == nil && problems.isEmpty }
    /// The first thing that went wrong, for the report.
    public var firstError: DeclauditError? { error ?? problems.first }
}

/// The most goods lines one declaration may have; VNACCS allows 50, so more is a broken or
/// hostile input, and the bound keeps memory flat.
let maximumItemsPerDeclaration = 10_000

/// Format-specific readers: they receive the events after the root element picked them.
protocol FormatReader: AnyObject {
    func startElement(_ tag: XMLStartTag) throws(DeclauditError)
    func endElement(_ symbol: XMLSymbol?) throws(DeclauditError)
    func characters(_ text: UnsafeRawBufferPointer)
    func endDocument() throws(DeclauditError)
}

/// Reads declarations from one input, recognising the format from the root element, and hands
/// each complete declaration to `emit` as soon as it can (one at a time for dumps).
public final class DocumentReader: XMLEventHandler {
    private let label: String
    private var reader: FormatReader?
    private(set) var outcome = ReadOutcome()
    private let emit: (Declaration) -> Void

    init(label: String, emit: @escaping (Declaration) -> Void) {
        self.label = label
        self.emit = emit
    }

    /// Reads the input at `path` (`-` for standard input; gzip recognised by content), shown in
    /// messages as `label`. Never throws: what went wrong is in the outcome.
    public static func read(path: String, label: String, emit: @escaping (Declaration) -> Void) -> ReadOutcome {
        read(source: { () throws(DeclauditError) -> ByteSource in try InputOpener.open(path: path, label: label) }, label: label, emit: emit)
    }

    static func read(
        source open: () throws(DeclauditError) -> ByteSource, label: String, emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        let reader = DocumentReader(label: label, emit: emit)
        do throws(DeclauditError) {
            let source = try open()
            try LibXML2.parse(source: source, label: label, handler: reader)
            if reader.reader == nil {
                reader.outcome.error = DeclauditError(.unknownFormat, "the document has no root element", at: SourceLocation(file: label))
            }
        } catch {
            reader.outcome.error = error
        }
        return reader.outcome
    }

    func accept(_ declaration: Declaration) {
        outcome.declarations += 1
        outcome.items += declaration.items.count
        outcome.lastDeclarationLine = declaration.sourceLine
        emit(declaration)
    }

    func record(_ problem: DeclauditError) {
        outcome.problems.append(problem)
    }

    func location(_ line: Int?) -> SourceLocation {
        SourceLocation(file: label, line: line)
    }

    func startElement(_ tag: XMLStartTag) throws(DeclauditError) {
        if let reader {
            try reader.startElement(tag)
            return
        }
        let namespace = tag.namespaceURI
        switch tag.symbol {
        case .ecusRoot? where namespace == nil:
            outcome.format = .ecus5
            reader = ECUS5Reader(document: self)
        case .DeclarationDump? where namespace == dumpNamespace:
            outcome.format = .dump
            reader = DumpReader(document: self)
        default:
            let written = namespace.map { "{\($0)}\(tag.name)" } ?? tag.name
            throw DeclauditError(
                .unknownFormat,
                "the root element <\(written)> is neither an ECUS5 export (<Root>) nor a declaration dump (<DeclarationDump> in \(dumpNamespace))",
                at: SourceLocation(file: label, line: tag.line))
        }
        try reader?.startElement(tag)
    }

    func endElement(_ symbol: XMLSymbol?) throws(DeclauditError) {
        try reader?.endElement(symbol)
    }

    func characters(_ text: UnsafeRawBufferPointer) {
        reader?.characters(text)
    }

    func endDocument() throws(DeclauditError) {
        try reader?.endDocument()
    }
}
