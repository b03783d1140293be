import CZlib

/// Inflates a gzip stream (several members allowed, as `cat a.gz b.gz` makes) from another source.
/// The tool decompresses itself rather than relying on libxml2's gzip reading, whose speed and
/// behaviour vary across libxml2 versions. All zlib calls live here.
final class GzipByteSource: ByteSource {
    private let upstream: ByteSource
    private let label: String
    private var stream = z_stream()
    private var input: UnsafeMutableRawBufferPointer
    private var upstreamEnded = false
    private var memberEnded = false
    private var finished = false
    private var pendingFailure: DeclauditError?

    init(upstream: ByteSource, label: String) throws(DeclauditError) {
        self.upstream = upstream
        self.label = label
        input = .allocate(byteCount: 1 << 17, alignment: 16)
        // 16 + MAX_WBITS: gzip wrapper only, so that a zlib or raw stream is refused.
        let status = declaudit_inflateInit2(&stream, 16 + MAX_WBITS)
        guard status == Z_OK else {
            input.deallocate()
            throw DeclauditError(.internal, "zlib could not start (status \(status))", at: SourceLocation(file: label))
        }
    }

    deinit {
        inflateEnd(&stream)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        if let pendingFailure {
            self.pendingFailure = nil
            finished = true
            throw pendingFailure
        }
        guard !finished, buffer.count > 0 else { return 0 }
        do throws(DeclauditError) {
            return try inflate(into: buffer)
        } catch {
            // What was inflated before the error goes to the reader first (so every declaration
            // before a damaged or cut part is read); the error comes with the next read.
            let produced = buffer.count - Int(stream.avail_out)
            guard produced > 0 else {
                finished = true
                throw error
            }
            pendingFailure = error
            return produced
        }
    }

    private func inflate(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        stream.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(buffer.count)
        while stream.avail_out > 0 && !finished {
            if memberEnded {
                // Another gzip member may follow the one that ended.
                try refillIfEmpty()
                if stream.avail_in == 0 {
                    finished = true
                    break
                }
                inflateReset(&stream)
                memberEnded = false
            }
            try refillIfEmpty()
            if stream.avail_in == 0 {
                throw fail(
                    stream.total_in == 0 ? "the gzip file is empty" : "the gzip data is cut short (unexpected end of file)")
            }
            let status = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                memberEnded = true
            default:
                let detail = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw fail("not valid gzip data (\(detail))")
            }
        }
        return buffer.count - Int(stream.avail_out)
    }

    private func refillIfEmpty() throws(DeclauditError) {
        guard stream.avail_in == 0, !upstreamEnded else { return }
        let got = try upstream.read(into: input)
        if got == 0 {
            upstreamEnded = true
        } else {
            stream.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(got)
        }
    }

    private func fail(_ message: String) -> DeclauditError {
        DeclauditError(.gzip, message, at: SourceLocation(file: label))
    }
}
