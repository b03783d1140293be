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

/// The longest text a field may have. VNACCS fields hold a few hundred characters at most; a
/// longer one is a broken or hostile file, and keeping it would make memory grow with it.
let maximumFieldBytes = 1 << 20

/// The most text one declaration may keep (its goods lines' fields are held until its end tag):
/// many long fields together are bounded like one long field, so memory stays flat.
let maximumDeclarationBytes = 16 << 20

/// An ECUS5 export is held whole until its end (see `maximumRowsPerECUSFile`): the text it keeps
/// is bounded too, at a few declarations' worth.
let maximumECUSTextBytes = 4 * maximumDeclarationBytes

/// An ECUS5 export is joined at its end (headers, licences and goods come in separate sections),
/// so it is held whole: this bounds it. ECUS writes one declaration, rarely a few, per file.
let maximumRowsPerECUSFile = 50_000

/// Where a format reader hands what it read: the outcome so far and the caller's `emit`.
struct DocumentOutput {
    let label: String
    var outcome = ReadOutcome()
    let emit: (Declaration) -> Void
    let filter: ItemFilter

    mutating func accept(_ declaration: Declaration) {
        outcome.declarations += 1
        outcome.items += declaration.itemCount
        outcome.lastDeclarationLine = declaration.sourceLine
        emit(declaration)
    }

    mutating func record(_ problem: DeclauditError) {
        outcome.problems.append(problem)
    }

    func location(_ line: Int?) -> SourceLocation {
        SourceLocation(file: label, line: line)
    }
}

/// Reads declarations from one input, recognising the format from the root element, and hands
/// each complete declaration to `emit` as soon as it can (one at a time for dumps). A value kept
/// behind libxml2's user-data pointer for the parse: events reach the format readers by static
/// calls.
public struct DocumentReader {
    private enum Format { case none, dump, ecus5 }

    private var output: DocumentOutput
    private var format = Format.none
    private var dump: DumpReader
    private var ecus5: ECUS5Reader?

    init(label: String, filter: ItemFilter, emit: @escaping (Declaration) -> Void) {
        output = DocumentOutput(label: label, emit: emit, filter: filter)
        dump = DumpReader(label: label)
    }

    /// Reads the input at `path` (`-` for standard input; gzip recognised by content), shown in
    /// messages as `label`. Never throws: what went wrong is in the outcome. `items` says which
    /// goods lines the caller needs as `DeclarationItem`s; all of them unless told.
    public static func read(
        path: String, label: String, items: ItemFilter = .all, emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        read(
            source: { () throws(DeclauditError) -> ByteSource in try InputOpener.open(path: path, label: label) },
            label: label, items: items, emit: emit)
    }

    static func read(
        source open: () throws(DeclauditError) -> ByteSource, label: String, items: ItemFilter = .all,
        emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        var reader = DocumentReader(label: label, filter: items, emit: emit)
        do throws(DeclauditError) {
            let source = try open()
            try LibXML2.parse(source: source, label: label, document: &reader)
            if reader.format == .none {
                reader.output.outcome.error = DeclauditError(
                    .unknownFormat, "the document has no root element", at: SourceLocation(file: label))
            }
        } catch {
            reader.output.outcome.error = error
        }
        return reader.output.outcome
    }

    @inline(__always)
    mutating func startElement(_ tag: XMLStartTag) throws(DeclauditError) {
        switch format {
        case .dump: try dump.startElement(tag, output: &output)
        case .ecus5: try ecus5?.startElement(tag, output: &output)
        case .none: try startRoot(tag)
        }
    }

    private mutating func startRoot(_ tag: XMLStartTag) throws(DeclauditError) {
        let namespace = tag.namespaceURI
        switch tag.symbol {
        case .ecusRoot? where namespace == nil:
            output.outcome.format = .ecus5
            format = .ecus5
            ecus5 = ECUS5Reader()
        case .DeclarationDump? where namespace == dumpNamespace:
            output.outcome.format = .dump
            format = .dump
        default:
            let written = namespace.map { "{\($0)}\(tag.name)" } ?? tag.name
            throw DeclauditError(
                .unknownFormat,
                "the root element <\(written)> is neither an ECUS5 export (<Root>) nor a declaration dump (<DeclarationDump> in \(dumpNamespace))",
                at: SourceLocation(file: output.label, line: tag.line))
        }
        try startElement(tag)
    }

    @inline(__always)
    mutating func endElement(_ symbol: XMLSymbol?) throws(DeclauditError) {
        switch format {
        case .dump: try dump.endElement(symbol, output: &output)
        case .ecus5: try ecus5?.endElement(symbol, output: &output)
        case .none: break
        }
    }

    /// Whether the reader is capturing an element's text.
    var capturesText: Bool {
        switch format {
        case .dump: dump.capturesText
        case .ecus5: ecus5?.capturesText ?? false
        case .none: false
        }
    }

    @inline(__always)
    mutating func characters(_ text: UnsafeRawBufferPointer) {
        switch format {
        case .dump: dump.characters(text)
        case .ecus5: ecus5?.characters(text)
        case .none: break
        }
    }

    mutating func endDocument() throws(DeclauditError) {
        switch format {
        case .dump: break
        case .ecus5: try ecus5?.endDocument(output: &output)
        case .none: break
        }
    }
}
