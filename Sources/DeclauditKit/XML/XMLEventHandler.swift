/// What a reader sees of a document: start and end tags already mapped to symbols, and text as
/// raw UTF-8 bytes (valid only during the call). Throwing stops the parse; the parser rethrows
/// the error once libxml2 has returned.
protocol XMLEventHandler: AnyObject {
    func startElement(_ tag: XMLStartTag) throws(DeclauditError)
    func endElement(_ symbol: XMLSymbol?) throws(DeclauditError)
    func characters(_ text: UnsafeRawBufferPointer)
    /// Called once after the last end tag of a well-formed document.
    func endDocument() throws(DeclauditError)
}

