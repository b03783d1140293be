extension DocumentReader {
    /// Reads a document held in memory (gzip recognised by content, as for files), shown in
    /// messages as `label`; never throws: what went wrong is in the outcome. For the fuzz harness
    /// in fuzz/ and for callers that already hold the bytes.
    public static func read(
        bytes: [UInt8], label: String, items: ItemFilter = .all, emit: @escaping (Declaration) -> Void
    ) -> ReadOutcome {
        read(
            source: { () throws(DeclauditError) -> ByteSource in try bytes.asSource(label: label) }, label: label, items: items,
            emit: emit)
    }
}
