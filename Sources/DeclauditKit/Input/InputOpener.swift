/// Opens one input for parsing: a plain file, standard input, or gzip (recognised by its magic
/// number; a name ending in `.gz` must hold gzip data).
enum InputOpener {
    static func open(path: String, label: String) throws(DeclauditError) -> ByteSource {
        let file = try FileByteSource(path: path, label: label)
        let head = try file.peek(2)
        if head.isEmpty {
            throw DeclauditError(.emptyInput, "the file is empty", at: SourceLocation(file: label))
        }
        let isGzip = head == [0x1f, 0x8b]
        if path.lowercased().hasSuffix(".gz") && !isGzip {
            throw DeclauditError(.gzip, "the name ends in .gz but the content is not gzip data", at: SourceLocation(file: label))
        }
        // Decompression runs on a thread of its own, ahead of the parser.
        return isGzip ? PrefetchingByteSource(upstream: try GzipByteSource(upstream: file, label: label)) : file
    }
}
