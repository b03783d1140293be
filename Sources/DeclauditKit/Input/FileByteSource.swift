/// Reads a file or standard input through its descriptor, 64 KiB at a time; what the opener
/// peeks at (the gzip magic number) stays to be read. The system calls are in System/.
final class FileByteSource: ByteSource {
    private let descriptor: FileDescriptor
    private let ownsDescriptor: Bool
    private let label: String
    /// Bytes read ahead: libxml2 asks for 4,000 bytes at a time, and a system call per 4,000
    /// bytes cost the reader's thread more than copying from here. Also what `peek` leaves in place.
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: ioChunkBytes, alignment: 16)
    private var bufferStart = 0
    private var bufferEnd = 0
    private var hasBeenRead = false

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
        buffer.deallocate()
    }

    /// The first `count` bytes (fewer at the end of the stream), left in place for `read`.
    func peek(_ count: Int) throws(DeclauditError) -> [UInt8] {
        precondition(!hasBeenRead && count <= buffer.count, "peek comes before any read, and is short")
        while bufferEnd < count {
            let got = try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: buffer[bufferEnd...]))
            if got == 0 { break }
            bufferEnd += got
        }
        return Array(buffer[..<min(count, bufferEnd)])
    }

    func read(into target: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        let isFirst = !hasBeenRead
        hasBeenRead = true
        var copied = takeBuffered(into: target)
        // The first read is filled whole: libxml2 detects a byte-order mark from it, and what
        // `peek` left may be too few bytes for that.
        while copied == 0 || (isFirst && copied < target.count) {
            let rest = UnsafeMutableRawBufferPointer(rebasing: target[copied...])
            if rest.count >= buffer.count {
                let got = try readDescriptor(into: rest)
                if got == 0 { break }
                copied += got
                continue
            }
            bufferStart = 0
            bufferEnd = try readDescriptor(into: buffer)
            if bufferEnd == 0 { break }
            copied += takeBuffered(into: rest)
        }
        return copied
    }

    /// Copies what is buffered, up to `target.count` bytes.
    private func takeBuffered(into target: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(target.count, bufferEnd - bufferStart)
        guard count > 0 else { return 0 }
        target.baseAddress!.copyMemory(from: buffer.baseAddress! + bufferStart, byteCount: count)
        bufferStart += count
        return count
    }

    private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        do {
            return try descriptor.read(into: buffer)
        } catch {
            throw DeclauditError(.inputUnreadable, "read failed: \(error.reason)", at: SourceLocation(file: label))
        }
    }
}
