import CLibXML2

#if canImport(Glibc)
    import Glibc
#endif

// Every libxml2 call of the program lives in this file. Readers see symbols, line numbers and
// byte buffers; no libxml2 type or pointer leaves it.

/// A start tag: its symbol (nil for a name no reader uses), its depth, and its line, attributes
/// and namespace on request. Valid only during the reader's `startElement`.
struct XMLStartTag {
    let symbol: XMLSymbol?
    let depth: Int
    fileprivate let session: UnsafeMutablePointer<ParseSession>
    fileprivate let localName: UnsafePointer<xmlChar>
    fileprivate let uri: UnsafePointer<xmlChar>?
    fileprivate let attributeCount: Int
    fileprivate let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The line where the start tag is (read from the parser on request: most tags never ask).
    var line: Int { session.pointee.currentLine }

    /// The raw bytes of an attribute without namespace, or nil; valid during `startElement`.
    /// Attribute names are interned like element names, so they are matched by symbol.
    func attributeBytes(_ wanted: XMLSymbol) -> UnsafeBufferPointer<UInt8>? {
        guard let attributes else { return nil }
        for index in 0..<attributeCount {
            // libxml2 gives five pointers per attribute: localname, prefix, URI, value start, end.
            let base = attributes + index * 5
            guard let name = base[0], base[2] == nil, let start = base[3], let end = base[4] else { continue }
            if session.pointee.symbols.symbol(for: name) == wanted {
                return UnsafeBufferPointer(start: start, count: end - start)
            }
        }
        return nil
    }

    /// `attributeBytes` without a call, for the callbacks' quick paths: `.none` when a name is
    /// not in the symbol cache yet.
    @inline(__always)
    func cachedAttributeBytes(_ wanted: XMLSymbol) -> UnsafeBufferPointer<UInt8>?? {
        guard let attributes else { return .some(nil) }
        for index in 0..<attributeCount {
            let base = attributes + index * 5
            guard let name = base[0], base[2] == nil, let start = base[3], let end = base[4] else { continue }
            guard case .some(let symbol) = session.pointee.symbols.cachedSymbol(for: name) else { return .none }
            if symbol == wanted { return .some(UnsafeBufferPointer(start: start, count: end - start)) }
        }
        return .some(nil)
    }

    /// The value of an attribute without namespace, or nil.
    func attribute(_ wanted: XMLSymbol) -> String? {
        attributeBytes(wanted).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The element's namespace URI, or nil; makes a String, so readers ask only at the root.
    var namespaceURI: String? { uri.map { String(cString: $0) } }

    /// The element's local name as written; makes a String, for messages.
    var name: String { String(cString: localName) }
}

/// An end tag; valid only during the reader's `endElement`.
struct XMLEndTag {
    fileprivate let session: UnsafeMutablePointer<ParseSession>
    fileprivate let localName: UnsafePointer<xmlChar>

    /// The tag's symbol (nil for a name no reader uses), looked up on request: the end of a
    /// captured field, most end tags, needs none.
    var symbol: XMLSymbol? { session.pointee.symbols.symbol(for: localName) }
}

/// A compiled XML Schema, shared read-only by parses (libxml2 documents compiled schemas as
/// usable from several validation contexts at once).
final class CompiledXMLSchema: @unchecked Sendable {
    fileprivate let schema: xmlSchemaPtr

    /// Compiles the schema text; the text is the program's own, so a failure is internal.
    init(text: String, label: String) throws(DeclauditError) {
        LibXML2.initializeOnce()
        var utf8 = Array(text.utf8)
        let parserContext = utf8.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                xmlSchemaNewMemParserCtxt($0, Int32(buffer.count))
            }
        }
        guard let parserContext else {
            throw DeclauditError(.internal, "cannot read the schema \(label)")
        }
        defer { xmlSchemaFreeParserCtxt(parserContext) }
        // Schema compilation errors would be the program's own bug; keep libxml2 from printing them.
        xmlSchemaSetParserStructuredErrors(parserContext, { _, _ in }, nil)
        guard let compiled = xmlSchemaParse(parserContext) else {
            throw DeclauditError(.internal, "the schema \(label) does not compile")
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }
}

/// Where libxml2 pulls bytes from, apart from the SAX state so that a schema validation can use
/// it too.
private final class InputFeed {
    let source: ByteSource
    var readFailure: DeclauditError?
    /// The lines of what libxml2 was given, in 64 bits (its own count wraps); counted only for a
    /// schema validation, whose parser is out of reach (a parse samples its parser's count).
    var lines = LineCounter()

    init(source: ByteSource) { self.source = source }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> InputFeed {
        Unmanaged<InputFeed>.fromOpaque(pointer!).takeUnretainedValue()
    }
}

/// Element and attribute names to symbols, direct-mapped on the name's address: libxml2 interns names per parse
/// (its dictionary), so each distinct name is looked up by its bytes about once and every later
/// tag costs one load and one compare. A collision only costs another lookup by bytes.
struct SymbolCache {
    private struct Entry {
        var name: UnsafeRawPointer?
        var symbol: XMLSymbol?
    }

    private static let size = 512
    private let entries: UnsafeMutablePointer<Entry>

    init() {
        entries = .allocate(capacity: Self.size)
        entries.initialize(repeating: Entry(name: nil, symbol: nil), count: Self.size)
    }

    func free() { entries.deallocate() }

    @inline(__always)
    private func slot(for name: UnsafePointer<xmlChar>) -> UnsafeMutablePointer<Entry> {
        let bits = UInt(bitPattern: name)
        return entries + Int((bits ^ (bits >> 9)) & UInt(Self.size - 1))
    }

    @inline(__always)
    func symbol(for name: UnsafePointer<xmlChar>) -> XMLSymbol? {
        let slot = slot(for: name)
        if slot.pointee.name == UnsafeRawPointer(name) { return slot.pointee.symbol }
        return miss(name, slot)
    }

    /// The symbol of a name already in the cache; `.none` when it is not (without a call, for
    /// the callbacks' quick paths).
    @inline(__always)
    func cachedSymbol(for name: UnsafePointer<xmlChar>) -> XMLSymbol?? {
        let slot = slot(for: name)
        return slot.pointee.name == UnsafeRawPointer(name) ? .some(slot.pointee.symbol) : .none
    }

    @inline(never)
    private func miss(_ name: UnsafePointer<xmlChar>, _ slot: UnsafeMutablePointer<Entry>) -> XMLSymbol? {
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        let symbol = XMLSymbol.named(UnsafeBufferPointer(start: name, count: length))
        slot.pointee = Entry(name: UnsafeRawPointer(name), symbol: symbol)
        return symbol
    }
}

/// State of one parse, kept behind the pointer that libxml2 hands to every SAX callback (as in
/// swift-nio's HTTP decoder, but a struct): callbacks capture nothing and reach the reader without
/// reference counting or exclusivity checks, record errors here and stop the parser, and `parse`
/// rethrows after libxml2 returns.
private struct ParseSession {
    var document: DocumentReader
    let label: String
    /// Reached without reference counting: the feed outlives the parse.
    unowned(unsafe) let feed: InputFeed
    var context: xmlParserCtxtPtr?
    var depth = 0
    let symbols = SymbolCache()
    var failure: DeclauditError?
    /// The message of an encoding conversion that failed, raised without a position. libxml2
    /// converts ahead of the parser, which goes on to the last converted character: where it
    /// stops is where the bad bytes are.
    var pendingEncodingMessage: String?
    /// Set with `failure`: what the callbacks test (cheaper than looking into the optional error).
    var stopped = false
    /// libxml2's line count made 64-bit, sampled at each read.
    var lines = LineTracker()
    /// The parser's text callback, set only while the reader captures an element's text, so
    /// that the white space between tags and the text of elements no reader keeps cost no call.
    /// Set with `context`.
    var charactersSlot: UnsafeMutablePointer<charactersSAXFunc?>?

    init(document: DocumentReader, label: String, feed: InputFeed) {
        self.document = document
        self.label = label
        self.feed = feed
    }

    @inline(__always)
    static func at(_ pointer: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<ParseSession> {
        pointer.unsafelyUnwrapped.assumingMemoryBound(to: ParseSession.self)
    }

    var currentLine: Int {
        guard let context else { return 0 }
        return lines.unwrap(xmlSAX2GetLineNumber(context))
    }

    /// Turns libxml2's text delivery on or off as the reader starts or stops capturing (a store
    /// costs less than testing whether it changes). Mutating only so that it is called in place:
    /// a call on a copy of the session would copy the reader, arrays and all.
    @inline(__always)
    mutating func deliverText(_ wanted: Bool) {
        charactersSlot?.pointee = wanted ? charactersCallback : nil
    }

    var currentColumn: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetColumnNumber(context))
    }

    /// The failed conversion kept in `pendingEncodingMessage`, placed where the bad bytes are.
    func pendingEncodingFailure(at location: SourceLocation?) -> DeclauditError? {
        pendingEncodingMessage.map { DeclauditError(.xmlEncoding, $0, at: location) }
    }

    /// Whether the parser has consumed every character converted so far.
    var parserAtEndOfInput: Bool {
        guard let input = context?.pointee.input?.pointee, let cur = input.cur, let end = input.end else { return true }
        return cur >= end
    }

    /// Records the first error and stops libxml2.
    mutating func stop(with error: DeclauditError) {
        record(error)
        if let context { xmlStopParser(context) }
    }

    /// Records the first error; later events are ignored.
    mutating func record(_ error: DeclauditError) {
        if !stopped {
            failure = error
            stopped = true
        }
    }

    func location(line: Int?, column: Int?) -> SourceLocation {
        SourceLocation(file: label, line: line, column: column)
    }
}

/// What a schema validation collects; it delivers no events.
private final class ValidationSession {
    let label: String
    let feed: InputFeed
    var schemaErrors: [DeclauditError] = []

    init(label: String, feed: InputFeed) {
        self.label = label
        self.feed = feed
    }
}

enum LibXML2 {
    /// libxml2 wants one initialisation before threads parse; Swift runs a global's initialiser once.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func initializeOnce() { _ = initialized }

    /// Safe options only: no network, no entity substitution, no DTD loading, no recovery, no
    /// huge-document mode (which would lift the entity-amplification guard).
    private static let options = Int32(XML_PARSE_NONET.rawValue)

    /// Streams a document from `source` through SAX2 into `document`; throws the first
    /// well-formedness, read or reader error. `document` keeps what was read before it.
    static func parse(source: ByteSource, label: String, document: inout DocumentReader) throws(DeclauditError) {
        initializeOnce()
        let feed = InputFeed(source: source)
        // The session reaches the feed unowned: it must outlive the parse.
        defer { withExtendedLifetime(feed) {} }
        let session = UnsafeMutablePointer<ParseSession>.allocate(capacity: 1)
        var sax = makeHandler()
        session.initialize(to: ParseSession(document: document, label: label, feed: feed))
        defer {
            session.pointee.symbols.free()
            document = session.move().document
            session.deallocate()
        }
        guard let context = xmlCreateIOParserCtxt(&sax, session, parseReadCallback, nil, session, XML_CHAR_ENCODING_NONE)
        else {
            throw DeclauditError(
                .internal, "libxml2 could not create a parser", at: session.pointee.location(line: nil, column: nil))
        }
        defer {
            // The slot is in the parser's handler, which goes with it.
            session.pointee.charactersSlot = nil
            session.pointee.context = nil
            xmlFreeParserCtxt(context)
        }
        session.pointee.context = context
        let characters = UnsafeMutableRawPointer(context.pointee.sax) + MemoryLayout<xmlSAXHandler>.offset(of: \.characters)!
        session.pointee.charactersSlot = characters.assumingMemoryBound(to: charactersSAXFunc?.self)
        xmlCtxtUseOptions(context, options)
        // libxml2 keeps this handler per thread; it catches the errors raised without a context.
        xmlSetStructuredErrorFunc(session, contextlessError)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        xmlParseDocument(context)

        if let readFailure = feed.readFailure { throw readFailure }
        if let failure = session.pointee.failure { throw failure }
        if let failure = session.pointee.pendingEncodingFailure(
            at: session.pointee.location(
                line: session.pointee.currentLine, column: session.pointee.currentColumn))
        {
            throw failure
        }
        if context.pointee.wellFormed == 0 {
            throw DeclauditError(
                .xmlMalformed, "the document is not well-formed",
                at: session.pointee.location(line: session.pointee.currentLine, column: nil))
        }
    }

    /// Validates a document against a schema and returns every violation. Run only on a document
    /// that `parse` has already read without error: this second parse uses libxml2's own
    /// validating reader, which does not refuse a DOCTYPE itself.
    static func validate(source: ByteSource, label: String, schema: CompiledXMLSchema) throws(DeclauditError) -> [DeclauditError]
    {
        initializeOnce()
        let feed = InputFeed(source: source)
        let feedPointer = Unmanaged.passRetained(feed).toOpaque()
        defer { Unmanaged<InputFeed>.fromOpaque(feedPointer).release() }
        let session = ValidationSession(label: label, feed: feed)
        let sessionPointer = Unmanaged.passRetained(session).toOpaque()
        defer { Unmanaged<ValidationSession>.fromOpaque(sessionPointer).release() }
        guard let validation = xmlSchemaNewValidCtxt(schema.schema) else {
            throw DeclauditError(.internal, "libxml2 could not create a schema validator")
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(
            validation,
            { userData, error in
                guard let error else { return }
                let session = Unmanaged<ValidationSession>.fromOpaque(userData!).takeUnretainedValue()
                let column = Int(error.pointee.int2)
                session.schemaErrors.append(
                    DeclauditError(
                        .schemaInvalid, LibXML2.message(of: error.pointee),
                        at: SourceLocation(
                            file: session.label, line: session.feed.lines.unwrap(Int(error.pointee.line)),
                            column: column > 0 ? column : nil)))
            }, sessionPointer)
        // The input buffer takes ownership of nothing: the feed outlives it.
        guard let input = xmlParserInputBufferCreateIO(readCallback, nil, feedPointer, XML_CHAR_ENCODING_NONE) else {
            throw DeclauditError(.internal, "libxml2 could not create an input buffer")
        }
        let status = xmlSchemaValidateStream(validation, input, XML_CHAR_ENCODING_NONE, nil, nil)
        if let readFailure = feed.readFailure { throw readFailure }
        if status < 0 && session.schemaErrors.isEmpty {
            throw DeclauditError(.internal, "libxml2 failed to validate (status \(status))", at: SourceLocation(file: label))
        }
        return session.schemaErrors
    }

    /// The message of a libxml2 error on one line (a report cell): trailing newline trimmed,
    /// inner line breaks joined with "; ".
    private static func message(of error: xmlError) -> String {
        guard let text = error.message else { return "XML error \(error.code)" }
        var message = String(cString: text)
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        return message.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }

    /// A parse's read callback (its context is the session): the parser's line count is sampled
    /// at every read. Between two reads the parser moves by at most the lines of what libxml2
    /// holds (its look-ahead is bounded), far fewer than 2^31, so no byte needs counting.
    private static let parseReadCallback: xmlInputReadCallback = { context, buffer, length in
        let session = ParseSession.at(context)
        guard let buffer, length > 0 else { return 0 }
        if let parser = session.pointee.context { session.pointee.lines.sample(xmlSAX2GetLineNumber(parser)) }
        do throws(DeclauditError) {
            return Int32(
                try session.pointee.feed.source.read(into: UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))))
        } catch {
            session.pointee.feed.readFailure = error
            return -1
        }
    }

    /// A schema validation's read callback (its context is the feed), counting lines.
    private static let readCallback: xmlInputReadCallback = { context, buffer, length in
        let feed = InputFeed.from(context)
        guard let buffer, length > 0 else { return 0 }
        do throws(DeclauditError) {
            let target = UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))
            let count = try feed.source.read(into: target)
            feed.lines.count(UnsafeRawBufferPointer(rebasing: target[..<count]))
            return Int32(count)
        } catch {
            feed.readFailure = error
            return -1
        }
    }

    /// A libxml2 error raised with the parser's context: the first error stops the parse. After a
    /// failed conversion, an error where the converted text runs out ("premature end of data")
    /// marks the bad bytes' position; an error before that is a malformation ahead of them.
    private static let structuredError: xmlStructuredErrorFunc = { context, error in
        guard let error, let context else { return }
        let session = ParseSession.at(context)
        guard var failure = LibXML2.failure(from: error.pointee, session: session.pointee) else { return }
        if session.pointee.parserAtEndOfInput, let encodingFailure = session.pointee.pendingEncodingFailure(at: failure.location)
        {
            failure = encodingFailure
        }
        session.pointee.stop(with: failure)
    }

    /// An error raised without a context (an encoding conversion that fails; libxml2 would print
    /// it on stderr): kept until the parser reaches the bad bytes, but libxml2 is left to unwind
    /// by itself (stopping the parser in the middle of a conversion crashes it).
    private static let contextlessError: xmlStructuredErrorFunc = { context, error in
        guard let error, let context else { return }
        let session = ParseSession.at(context)
        guard session.pointee.pendingEncodingMessage == nil,
            let failure = LibXML2.failure(from: error.pointee, session: session.pointee)
        else { return }
        if failure.code == .xmlEncoding {
            session.pointee.pendingEncodingMessage = failure.message
        } else {
            session.pointee.record(failure)
        }
    }

    /// The error to report for a libxml2 error; nil for a warning (an unsupported encoding name
    /// that falls back, say), which does not stop the parse.
    private static func failure(from error: xmlError, session: ParseSession) -> DeclauditError? {
        guard error.level.rawValue >= XML_ERR_ERROR.rawValue else { return nil }
        let message = LibXML2.message(of: error)
        let isEncoding =
            error.domain == Int32(XML_FROM_I18N.rawValue)
            || (error.domain == Int32(XML_FROM_IO.rawValue) && error.code == Int32(XML_IO_ENCODER.rawValue))
            || error.code == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue)
            || error.code == Int32(XML_ERR_INVALID_ENCODING.rawValue)
            || error.code == Int32(XML_ERR_UNKNOWN_ENCODING.rawValue)
            // The same code also reports characters XML forbids, which are no encoding matter.
            || (error.code == Int32(XML_ERR_INVALID_CHAR.rawValue) && message.hasPrefix("Input is not proper UTF-8"))
        // An error without a context carries no position: the parser's is the best known.
        let line = error.line != 0 ? session.lines.unwrap(error.line) : session.currentLine
        let column = error.line != 0 ? Int(error.int2) : session.currentColumn
        return DeclauditError(
            isEncoding ? .xmlEncoding : .xmlMalformed, message,
            at: session.location(line: line > 0 ? line : nil, column: column > 0 ? column : nil))
    }

    /// The tags and text that `startElementCallback`, `endElementCallback` and
    /// `charactersCallback` do not handle inline.
    @inline(never)
    fileprivate static func startElement(
        _ session: UnsafeMutablePointer<ParseSession>, _ localName: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?,
        _ attributeCount: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        session.pointee.depth &+= 1
        let tag = XMLStartTag(
            symbol: session.pointee.symbols.symbol(for: localName), depth: session.pointee.depth, session: session,
            localName: localName, uri: uri, attributeCount: Int(attributeCount), attributes: attributes)
        do throws(DeclauditError) {
            session.pointee.deliverText(try session.pointee.document.startElement(tag))
        } catch {
            // The parser stops: no more text comes.
            session.pointee.stop(with: error)
        }
    }

    @inline(never)
    fileprivate static func endElement(_ session: UnsafeMutablePointer<ParseSession>, _ localName: UnsafePointer<xmlChar>) {
        session.pointee.depth &-= 1
        do throws(DeclauditError) {
            session.pointee.deliverText(
                try session.pointee.document.endElement(XMLEndTag(session: session, localName: localName)))
        } catch {
            // The parser stops: no more text comes.
            session.pointee.stop(with: error)
        }
    }

    @inline(never)
    fileprivate static func characters(_ session: UnsafeMutablePointer<ParseSession>, _ text: UnsafeRawBufferPointer) {
        session.pointee.document.characters(text)
    }

    private static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        // A DOCTYPE is refused outright: it closes every entity trick on every libxml2 version.
        sax.internalSubset = { context, name, _, _ in
            let session = ParseSession.at(context)
            session.pointee.stop(
                with: DeclauditError(
                    .xmlDoctype, "the document has a DOCTYPE declaration, which declarations never carry; refused for safety",
                    at: session.pointee.location(line: session.pointee.currentLine, column: session.pointee.currentColumn)))
        }
        sax.startElementNs = startElementCallback
        sax.endElementNs = endElementCallback
        sax.characters = charactersCallback
        // CDATA is rare: always delivered, and dropped by the reader when it captures nothing.
        sax.cdataBlock = sax.characters
        sax.endDocument = { context in
            let session = ParseSession.at(context)
            guard !session.pointee.stopped, let parser = session.pointee.context, parser.pointee.wellFormed != 0 else { return }
            do throws(DeclauditError) {
                try session.pointee.document.endDocument()
            } catch {
                session.pointee.stop(with: error)
            }
        }
        sax.serror = structuredError
        return sax
    }
}

// The callbacks of the tags and text libxml2 delivers most, as functions (not closures) so that
// their C entry points hold the code: the common cases are decided inline without a call, so
// that they need no stack frame, and everything else goes to `LibXML2`'s functions.

@inline(__always)
private func startElementCallback(
    _ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _: UnsafePointer<xmlChar>?,
    _ uri: UnsafePointer<xmlChar>?, _: Int32, _: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?, _ attributeCount: Int32,
    _: Int32, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
) {
    let session = ParseSession.at(context)
    guard !session.pointee.stopped, let localName else { return }
    if case .some(let symbol) = session.pointee.symbols.cachedSymbol(for: localName) {
        let tag = XMLStartTag(
            symbol: symbol, depth: session.pointee.depth &+ 1, session: session, localName: localName, uri: uri,
            attributeCount: Int(attributeCount), attributes: attributes)
        if let captures = session.pointee.document.startsQuickly(tag) {
            session.pointee.depth &+= 1
            session.pointee.deliverText(captures)
            return
        }
    }
    LibXML2.startElement(session, localName, uri, attributeCount, attributes)
}

@inline(__always)
private func endElementCallback(
    _ context: UnsafeMutableRawPointer?, _ localName: UnsafePointer<xmlChar>?, _: UnsafePointer<xmlChar>?,
    _: UnsafePointer<xmlChar>?
) {
    let session = ParseSession.at(context)
    guard !session.pointee.stopped, let localName else { return }
    if session.pointee.document.endsQuickly() {
        session.pointee.depth &-= 1
        session.pointee.deliverText(false)
        return
    }
    LibXML2.endElement(session, localName)
}

@inline(__always)
private func charactersCallback(_ context: UnsafeMutableRawPointer?, _ text: UnsafePointer<xmlChar>?, _ length: Int32) {
    let session = ParseSession.at(context)
    guard !session.pointee.stopped, let text else { return }
    let bytes = UnsafeRawBufferPointer(start: text, count: Int(length))
    if session.pointee.document.appendsQuickly(bytes) { return }
    LibXML2.characters(session, bytes)
}
