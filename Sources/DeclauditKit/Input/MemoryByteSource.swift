/// Bytes already in memory: standard input kept for a second pass, and tests.
final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        let count = min(buffer.count, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }

    /// All of standard input.
    static func readAll(label: String) -> Result<[UInt8], DeclauditError> {
        do throws(DeclauditError) {
            let file = try FileByteSource(path: "-", label: label)
            var all: [UInt8] = []
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: ioChunkBytes, alignment: 1)
            defer { chunk.deallocate() }
            while true {
                let got = try file.read(into: chunk)
                if got == 0 { break }
                all += chunk[..<got]
            }
            return .success(all)
        } catch {
            return .failure(error)
        }
    }
}

extension [UInt8] {
    /// These bytes as an input, gunzipped when they hold gzip data.
    func asSource(label: String) throws(DeclauditError) -> ByteSource {
        if isEmpty { throw DeclauditError(.emptyInput, "the input is empty", at: SourceLocation(file: label)) }
        let memory = MemoryByteSource(self)
        return starts(with: [0x1f, 0x8b])
            ? PrefetchingByteSource(upstream: try GzipByteSource(upstream: memory, label: label)) : memory
    }
}
