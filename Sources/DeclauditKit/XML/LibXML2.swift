import CLibXML2
#if canImport(Glibc)
import Glibc
#endif

// Every libxml2 call of the program lives in this file. Readers see symbols, line numbers and
// byte buffers; no libxml2 type or pointer leaves it.

/// A start tag: its symbol (nil for a name no reader uses), where it starts, and its attributes
/// and namespace on request. Valid only during `XMLEventHandler.startElement`.
struct XMLStartTag {
    let symbol: XMLSymbol?
    let line: Int
    let depth: Int
    fileprivate let localName: UnsafePointer<xmlChar>?
    fileprivate let uri: UnsafePointer<xmlChar>?
    fileprivate let attributeCount: Int
    fileprivate let attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

    /// The value of an attribute without namespace, or nil.
    func attribute(_ wanted: XMLSymbol) -> String? {
        guard let attributes else { return nil }
        let wantedName = wanted.xmlName.utf8
        for index in 0..<attributeCount {
            // libxml2 gives five pointers per attribute: localname, prefix, URI, value start, end.
            let base = attributes + index * 5
            guard let name = base[0], base[2] == nil, let start = base[3], let end = base[4] else { continue }
            if bytesEqual(name, wantedName) {
                let buffer = UnsafeBufferPointer(start: start, count: end - start)
                return String(decoding: buffer, as: UTF8.self)
            }
        }
        return nil
    }

    /// The element's namespace URI, or nil; makes a String, so readers ask only at the root.
    var namespaceURI: String? { uri.map { String(cString: $0) } }

    /// The element's local name as written; makes a String, for messages.
    var name: String { localName.map { String(cString: $0) } ?? "" }
}

private func bytesEqual(_ cString: UnsafePointer<xmlChar>, _ expected: String.UTF8View) -> Bool {
    var index = 0
    for byte in expected {
        if cString[index] != byte { return false }
        index += 1
    }
    return cString[index] == 0
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

/// State of one parse, reached from libxml2's callbacks through the user-data pointer (as
/// swift-nio's HTTP decoder does): callbacks capture nothing, record errors here and stop the
/// parser, and `parse` rethrows after libxml2 returns.
private final class ParseSession {
    let handler: XMLEventHandler
    let source: ByteSource
    let label: String
    var context: xmlParserCtxtPtr?
    var depth = 0
    /// libxml2 interns names per parse, so a pointer seen once maps to the same symbol again.
    var symbolsByPointer: [UnsafeRawPointer: XMLSymbol?] = [:]
    var failure: DeclauditError?
    var readFailure: DeclauditError?
    var schemaErrors: [DeclauditError] = []

    init(handler: XMLEventHandler, source: ByteSource, label: String) {
        self.handler = handler
        self.source = source
        self.label = label
    }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> ParseSession {
        Unmanaged<ParseSession>.fromOpaque(pointer!).takeUnretainedValue()
    }

    func symbol(for name: UnsafePointer<xmlChar>) -> XMLSymbol? {
        let key = UnsafeRawPointer(name)
        if let known = symbolsByPointer[key] { return known }
        let length = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        let bytes = Array(UnsafeBufferPointer(start: name, count: length))
        let symbol = XMLSymbol.byName[bytes]
        // Bound the cache in case some libxml2 build does not intern names.
        if symbolsByPointer.count > 4096 { symbolsByPointer.removeAll(keepingCapacity: true) }
        symbolsByPointer[key] = symbol
        return symbol
    }

    var currentLine: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetLineNumber(context))
    }

    var currentColumn: Int {
        guard let context else { return 0 }
        return Int(xmlSAX2GetColumnNumber(context))
    }

    /// Records the first error and stops libxml2.
    func stop(with error: DeclauditError) {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
    }

    func location(line: Int?, column: Int?) -> SourceLocation {
        SourceLocation(file: label, line: line, column: column)
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

    /// Streams a document from `source` through SAX2 into `handler`; throws the first
    /// well-formedness, read or handler error.
    static func parse(source: ByteSource, label: String, handler: XMLEventHandler) throws(DeclauditError) {
        initializeOnce()
        let session = ParseSession(handler: handler, source: source, label: label)
        let sessionPointer = Unmanaged.passRetained(session).toOpaque()
        defer { Unmanaged<ParseSession>.fromOpaque(sessionPointer).release() }
        var sax = makeHandler()
        guard let context = xmlCreateIOParserCtxt(&sax, sessionPointer, readCallback, nil, sessionPointer, XML_CHAR_ENCODING_NONE)
        else {
            throw DeclauditError(.internal, "libxml2 could not create a parser", at: session.location(line: nil, column: nil))
        }
        defer {
            session.context = nil
            xmlFreeParserCtxt(context)
        }
        session.context = context
        xmlCtxtUseOptions(context, options)
        xmlParseDocument(context)

        if let readFailure = session.readFailure { throw readFailure }
        if let failure = session.failure { throw failure }
        if context.pointee.wellFormed == 0 {
            throw DeclauditError(.xmlMalformed, "the document is not well-formed", at: session.location(line: session.currentLine, column: nil))
        }
    }

    /// Validates a document against a schema and returns every violation. Run only on a document
    /// that `parse` has already read without error: this second parse uses libxml2's own
    /// validating reader, which does not refuse a DOCTYPE itself.
    static func validate(source: ByteSource, label: String, schema: CompiledXMLSchema) throws(DeclauditError) -> [DeclauditError] {
        initializeOnce()
        let session = ParseSession(handler: NoEvents(), source: source, label: label)
        let sessionPointer = Unmanaged.passRetained(session).toOpaque()
        defer { Unmanaged<ParseSession>.fromOpaque(sessionPointer).release() }
        guard let validation = xmlSchemaNewValidCtxt(schema.schema) else {
            throw DeclauditError(.internal, "libxml2 could not create a schema validator")
        }
        defer { xmlSchemaFreeValidCtxt(validation) }
        xmlSchemaSetValidStructuredErrors(validation, { userData, error in
            guard let error else { return }
            let session = ParseSession.from(userData)
            let column = Int(error.pointee.int2)
            session.schemaErrors.append(DeclauditError(
                .schemaInvalid, LibXML2.message(of: error.pointee),
                at: session.location(line: Int(error.pointee.line), column: column > 0 ? column : nil)))
        }, sessionPointer)
        // The input buffer takes ownership of nothing: the session outlives it.
        guard let input = xmlParserInputBufferCreateIO(readCallback, nil, sessionPointer, XML_CHAR_ENCODING_NONE) else {
            throw DeclauditError(.internal, "libxml2 could not create an input buffer")
        }
        let status = xmlSchemaValidateStream(validation, input, XML_CHAR_ENCODING_NONE, nil, nil)
        if let readFailure = session.readFailure { throw readFailure }
        if status < 0 && session.schemaErrors.isEmpty {
            throw DeclauditError(.internal, "libxml2 failed to validate (status \(status))", at: session.location(line: nil, column: nil))
        }
        return session.schemaErrors
    }

    /// The message of a libxml2 error, trimmed of its trailing newline.
    private static func message(of error: xmlError) -> String {
        guard let text = error.message else { return "XML error \(error.code)" }
        var message = String(cString: text)
        while message.last?.isNewline == true || message.last == " " { message.removeLast() }
        return message
    }

    private static let readCallback: xmlInputReadCallback = { context, buffer, length in
        let session = ParseSession.from(context)
        guard let buffer, length > 0 else { return 0 }
        do throws(DeclauditError) {
            let target = UnsafeMutableRawBufferPointer(start: buffer, count: Int(length))
            return Int32(try session.source.read(into: target))
        } catch {
            session.readFailure = error
            return -1
        }
    }

    private static func makeHandler() -> xmlSAXHandler {
        var sax = xmlSAXHandler()
        sax.initialized = UInt32(XML_SAX2_MAGIC)
        // A DOCTYPE is refused outright: it closes every entity trick on every libxml2 version.
        sax.internalSubset = { context, name, _, _ in
            let session = ParseSession.from(context)
            session.stop(with: DeclauditError(
                .xmlDoctype, "the document has a DOCTYPE declaration, which declarations never carry; refused for safety",
                at: session.location(line: session.currentLine, column: session.currentColumn)))
        }
        sax.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
            let session = ParseSession.from(context)
            guard session.failure == nil, let localName else { return }
            session.depth += 1
            let tag = XMLStartTag(
                symbol: session.symbol(for: localName), line: session.currentLine, depth: session.depth,
                localName: localName, uri: uri, attributeCount: Int(attributeCount), attributes: attributes)
            do throws(DeclauditError) {
                try session.handler.startElement(tag)
            } catch {
                session.stop(with: error)
            }
        }
        sax.endElementNs = { context, localName, _, _ in
            let session = ParseSession.from(context)
            guard session.failure == nil, let localName else { return }
            session.depth -= 1
            do throws(DeclauditError) {
                try session.handler.endElement(session.symbol(for: localName))
            } catch {
                session.stop(with: error)
            }
        }
        sax.characters = { context, text, length in
            let session = ParseSession.from(context)
            guard session.failure == nil, let text else { return }
            session.handler.characters(UnsafeRawBufferPointer(start: text, count: Int(length)))
        }
        sax.cdataBlock = sax.characters
        sax.endDocument = { context in
            let session = ParseSession.from(context)
            guard session.failure == nil, let parser = session.context, parser.pointee.wellFormed != 0 else { return }
            do throws(DeclauditError) {
                try session.handler.endDocument()
            } catch {
                session.stop(with: error)
            }
        }
        sax.serror = { context, error in
            guard let error else { return }
            let session = ParseSession.from(context)
            // Warnings (e.g. an unsupported encoding name that falls back) do not stop the parse.
            guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
            let column = Int(error.pointee.int2)
            let code: DeclauditError.Code =
                error.pointee.domain == Int32(XML_FROM_I18N.rawValue)
                || error.pointee.code == Int32(XML_ERR_UNSUPPORTED_ENCODING.rawValue)
                || error.pointee.code == Int32(XML_ERR_INVALID_ENCODING.rawValue)
                || error.pointee.code == Int32(XML_ERR_UNKNOWN_ENCODING.rawValue)
                ? .xmlEncoding : .xmlMalformed
            session.stop(with: DeclauditError(
                code, LibXML2.message(of: error.pointee),
                at: session.location(line: Int(error.pointee.line), column: column > 0 ? column : nil)))
        }
        return sax
    }
}

/// The handler of a parse whose events nobody needs.
private final class NoEvents: XMLEventHandler {
    func startElement(_ tag: XMLStartTag) throws(DeclauditError) {}
    func endElement(_ symbol: XMLSymbol?) throws(DeclauditError) {}
    func characters(_ text: UnsafeRawBufferPointer) {}
    func endDocument() throws(DeclauditError) {}
}
