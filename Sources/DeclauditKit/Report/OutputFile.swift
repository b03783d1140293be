import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An open file that reports are streamed into, so a report never has to fit in memory. Writes
/// go straight to the descriptor (the writers buffer); the first error is kept and thrown once,
/// by whoever finishes the file.
final class OutputFile {
    let descriptor: Int32
    private(set) var errorCode: Int32 = 0
    private(set) var byteCount = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Writes all of `bytes`, retrying short writes; after an error, writes nothing more.
    func write(_ bytes: [UInt8]) {
        guard errorCode == 0, !bytes.isEmpty else { return }
        bytes.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let count = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    errorCode = errno
                    return
                }
                written += count
            }
            byteCount += written
        }
    }

    /// Marks the file failed (a report must not be committed with a part missing).
    func fail(_ code: Int32) {
        if errorCode == 0 { errorCode = code }
    }

    /// A file in the temporary folder with no name (created, then unlinked at once): it
    /// vanishes when closed, even after a crash.
    static func anonymous() -> OutputFile? {
        guard let descriptor = try? FileSystem.anonymousTemporary(in: FileManager.default.temporaryDirectory.path) else { return nil }
        return OutputFile(descriptor: descriptor.rawValue)
    }
}

/// JSON members rendered ahead of time into an anonymous temporary file (the `processing`
/// section, computed before the summary that precedes it in report.json): copied into the
/// report, never held in memory.
public final class RenderedSection: Sendable {
    let descriptor: Int32
    let byteCount: Int
    public let memberCount: Int

    init(file: OutputFile, memberCount: Int) {
        descriptor = file.descriptor
        byteCount = file.byteCount
        self.memberCount = memberCount
    }

    deinit { close(descriptor) }

    /// Hands the rendered bytes over 64 KiB at a time; `failed` gets the error if they cannot
    /// be read back.
    func forEachChunk(_ body: ([UInt8]) -> Void, failed: (Int32) -> Void) {
        var offset = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while offset < byteCount {
            let count = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, min($0.count, byteCount - offset), off_t(offset)) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                failed(count < 0 ? errno : EIO)
                return
            }
            body(count == chunk.count ? chunk : Array(chunk[..<count]))
            offset += count
        }
    }
}
