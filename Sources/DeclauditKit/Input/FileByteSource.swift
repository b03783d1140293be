#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file or standard input through its descriptor, with a small look-ahead so that the
/// opener can sniff the gzip magic number without consuming it. All POSIX file calls live here.
final class FileByteSource: ByteSource {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let label: String
    private var lookahead: [UInt8] = []

    /// Opens `path` for reading; `-` means standard input.
    init(path: String, label: String) throws(DeclauditError) {
        self.label = label
        if path == "-" {
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        let opened = RawPath.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
        guard opened >= 0 else {
            let code = errno
            throw DeclauditError(
                code == ENOENT ? .inputNotFound : .inputUnreadable,
                code == ENOENT ? "no such file" : "cannot open: \(Self.describe(code))",
                at: SourceLocation(file: label))
        }
        var status = stat()
        if fstat(opened, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(opened)
            throw DeclauditError(.inputUnreadable, "is a directory", at: SourceLocation(file: label))
        }
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
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
        while true {
            let got = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if got >= 0 { return got }
            if errno == EINTR { continue }
            throw DeclauditError(
                .inputUnreadable, "read failed: \(Self.describe(errno))", at: SourceLocation(file: label))
        }
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
