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

/// Where a format reader hands what it read: the outcome so far, and the declarations, in
/// batches for the caller's `emit`.
struct DocumentOutput {
    let label: String
    var outcome = ReadOutcome()
    let filter: ItemFilter
    private let emit: (DeclarationBatch) -> Void
    private var batch: DeclarationBatch

    /// A batch is handed on at this many declarations or this much text, whichever comes first:
    /// few hand-overs, and memory bounded whatever the declarations hold.
    static let declarationsPerBatch = 64
    static let textBytesPerBatch = 1 << 20

    init(label: String, filter: ItemFilter, emit: @escaping (DeclarationBatch) -> Void) {
        self.label = label
        self.filter = filter
        self.emit = emit
        batch = DeclarationBatch(filter: filter)
    }

    /// A declaration made by the reader (ECUS5).
    mutating func accept(_ declaration: Declaration) {
        batch.append(declaration)
        counted(lines: declaration.itemCount, sourceLine: declaration.sourceLine)
    }

    /// A dump declaration as bytes (see `DeclarationBatch.append`).
    mutating func accept(
        _ record: DumpRecord, headerText: UnsafeBufferPointer<UInt8>, lineText: UnsafeBufferPointer<UInt8>,
        lines: [ItemSlot], licences: [Licence]
    ) {
        batch.append(record, headerText: headerText, lineText: lineText, lines: lines, licences: licences)
        counted(lines: lines.count, sourceLine: record.sourceLine)
    }

    private mutating func counted(lines: Int, sourceLine: Int) {
        outcome.declarations += 1
        outcome.items += lines
        outcome.lastDeclarationLine = sourceLine
        if batch.count >= Self.declarationsPerBatch || batch.textBytes >= Self.textBytesPerBatch { flush() }
    }

    /// Hands on the declarations not handed on yet.
    mutating func flush() {
        guard !batch.isEmpty else { return }
        emit(batch)
        batch = DeclarationBatch(following: batch)
    }

    mutating func record(_ problem: DeclauditError) {
        outcome.problems.append(problem)
    }

    func location(_ line: Int?) -> SourceLocation {
        SourceLocation(file: label, line: line)
    }
}

/// Reads declarations from one input, recognising the format from the root element, and hands
/// the complete declarations on in batches (a dump's as they end). A value kept
/// behind libxml2's user-data pointer for the parse: events reach the format readers by static
/// calls.
public struct DocumentReader {
    private enum Format { case none, dump, ecus5 }

    private var output: DocumentOutput
    private var format = Format.none
    private var dump: DumpReader
    private var ecus5: ECUS5Reader?

    init(label: String, filter: ItemFilter, emit: @escaping (DeclarationBatch) -> Void) {
        output = DocumentOutput(label: label, filter: filter, emit: emit)
        dump = DumpReader(label: label)
    }

    /// Reads the input at `path` (`-` for standard input; gzip recognised by content), shown in
    /// messages as `label`, handing each declaration to `emit`. Never throws: what went wrong is
    /// in the outcome. `items` says which goods lines the caller needs as `DeclarationItem`s; all
    /// of them unless told.
    public static func read(
        path: String, label: String, items: ItemFilter = .all, emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        readInBatches(path: path, label: label, items: items) { $0.forEachDeclaration(emit) }
    }

    /// As `read(path:label:items:emit:)`, handing on batches, whose declarations are made where
    /// the batch goes.
    static func readInBatches(
        path: String, label: String, items: ItemFilter = .all, batches: @escaping (DeclarationBatch) -> Void
    ) -> ReadOutcome {
        readInBatches(
            source: { () throws(DeclauditError) -> ByteSource in try InputOpener.open(path: path, label: label) },
            label: label, items: items, batches: batches)
    }

    static func read(
        source open: () throws(DeclauditError) -> ByteSource, label: String, items: ItemFilter = .all,
        emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        readInBatches(source: open, label: label, items: items) { $0.forEachDeclaration(emit) }
    }

    static func readInBatches(
        source open: () throws(DeclauditError) -> ByteSource, label: String, items: ItemFilter = .all,
        batches: @escaping (DeclarationBatch) -> Void
    ) -> ReadOutcome {
        var reader = DocumentReader(label: label, filter: items, emit: batches)
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
        // What was read before an error is handed on too.
        reader.output.flush()
        return reader.output.outcome
    }

    /// The start tags met most, handled without a call (see `DumpReader.startsQuickly`): returns
    /// whether the reader then captures text, or nil to leave the tag to `startElement`.
    @inline(__always)
    mutating func startsQuickly(_ tag: XMLStartTag) -> Bool? {
        format == .dump ? dump.startsQuickly(tag) : nil
    }

    /// The end tags met most, handled without a call (see `DumpReader.endsQuickly`); false leaves
    /// the tag to `endElement`. The reader captures no text after one.
    @inline(__always)
    mutating func endsQuickly() -> Bool {
        format == .dump && dump.endsQuickly()
    }

    /// Text captured without a call (see `DumpReader.appendsQuickly`); false leaves it to
    /// `characters`.
    @inline(__always)
    mutating func appendsQuickly(_ text: UnsafeRawBufferPointer) -> Bool {
        format == .dump && dump.appendsQuickly(text)
    }

    /// Returns whether the reader now captures the element's text (see `capturesText`).
    @inline(__always)
    mutating func startElement(_ tag: XMLStartTag) throws(DeclauditError) -> Bool {
        switch format {
        case .dump:
            try dump.startElement(tag, output: &output)
            return dump.capturesText
        case .ecus5:
            try ecus5?.startElement(tag, output: &output)
        case .none:
            try startRoot(tag)
        }
        return capturesText
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
        _ = try startElement(tag)
    }

    /// Returns whether the reader still captures text (see `capturesText`).
    @inline(__always)
    mutating func endElement(_ tag: XMLEndTag) throws(DeclauditError) -> Bool {
        switch format {
        case .dump:
            try dump.endElement(tag, output: &output)
            return dump.capturesText
        case .ecus5:
            try ecus5?.endElement(tag.symbol, output: &output)
        case .none:
            break
        }
        return capturesText
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
