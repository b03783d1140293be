/// A forward-only stream of bytes that the XML parser pulls through its read callback.
/// Sources are used by one thread at a time (one parse), hence classes without locking.
protocol ByteSource: AnyObject {
    /// Fills up to `buffer.count` bytes; 0 means the end of the stream.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int
}
