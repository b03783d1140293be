/// Reads a file or standard input through its descriptor, with a small look-ahead so that the
/// opener can sniff the gzip magic number without consuming it. The system calls are in System/.
final class FileByteSource: ByteSource {
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    private let label: String
    private var lookahead: [UInt8] = []

    /// Opens `path` for reading; `-` means standard input.
    init(path: String, label: String) throws(DeclauditError) {
        self.label = label
        if path == "-" {
            descriptor = .standardInput
            ownsDescriptor = false
            return
        }
        let opened: FileDescriptor
        do {
            opened = try FileDescriptor.open(path, .readOnly)
        } catch {
            throw DeclauditError(
                error.isNoSuchFile ? .inputNotFound : .inputUnreadable,
                error.isNoSuchFile ? "no such file" : "cannot open: \(error.reason)",
                at: SourceLocation(file: label))
        }
        if (try? opened.kind()) == .directory {
            opened.close()
            throw DeclauditError(.inputUnreadable, "is a directory", at: SourceLocation(file: label))
        }
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { descriptor.close() }
    }

    /// The first `count` bytes (fewer at the end of the stream), left in place for `read`.
    func peek(_ count: Int) throws(DeclauditError) -> [UInt8] {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 1)
        defer { chunk.deallocate() }
        while lookahead.count < count {
            let got = try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: chunk[..<(count - lookahead.count)]))
            if got == 0 { break }
            lookahead.append(contentsOf: chunk[..<got])
        }
        return Array(lookahead.prefix(count))
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        if !lookahead.isEmpty {
            let count = min(buffer.count, lookahead.count)
            lookahead.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: count)
            }
            lookahead.removeFirst(count)
            // Fill the rest too: libxml2 detects a byte-order mark from its first read, and two
            // look-ahead bytes alone are too few for it.
            guard count < buffer.count else { return count }
            return count + (try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: buffer[count...])))
        }
        return try readDescriptor(into: buffer)
    }

    private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        do {
            return try descriptor.read(into: buffer)
        } catch {
            throw DeclauditError(.inputUnreadable, "read failed: \(error.reason)", at: SourceLocation(file: label))
        }
    }
}
