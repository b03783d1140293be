import Foundation

/// An open file that reports are streamed into, so a report never has to fit in memory. Writes
/// go straight to the descriptor (the writers buffer); the first error is kept and thrown once,
/// by whoever finishes the file.
final class OutputFile {
    let descriptor: FileDescriptor
    /// The errno of the first failure; 0 while all is well.
    private(set) var errorCode: Int32 = 0
    private(set) var byteCount = 0

    init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Writes all of `bytes`, retrying short writes; after an error, writes nothing more.
    func write(_ bytes: [UInt8]) {
        guard errorCode == 0, !bytes.isEmpty else { return }
        do {
            try descriptor.writeAll(bytes)
            byteCount += bytes.count
        } catch {
            errorCode = error.code
        }
    }

    /// Marks the file failed (a report must not be committed with a part missing).
    func fail(_ code: Int32) {
        if errorCode == 0 { errorCode = code }
    }

    /// A file in the temporary folder with no name (created, then unlinked at once): it
    /// vanishes when closed, even after a crash.
    static func anonymous() -> OutputFile? {
        guard let descriptor = try? FileSystem.anonymousTemporary(in: FileManager.default.temporaryDirectory.path) else {
            return nil
        }
        return OutputFile(descriptor: descriptor)
    }
}

/// JSON members rendered ahead of time into an anonymous temporary file (the `processing`
/// section, computed before the summary that precedes it in report.json): copied into the
/// report, never held in memory.
public final class RenderedSection: Sendable {
    let descriptor: FileDescriptor
    let byteCount: Int
    public let memberCount: Int

    init(file: OutputFile, memberCount: Int) {
        descriptor = file.descriptor
        byteCount = file.byteCount
        self.memberCount = memberCount
    }

    deinit { descriptor.close() }

    /// Hands the rendered bytes over a chunk at a time; `failed` gets the error if they cannot
    /// be read back (`SystemError.ioError` when the file ends early).
    func forEachChunk(_ body: ([UInt8]) -> Void, failed: (Int32) -> Void) {
        var offset = 0
        var chunk = [UInt8](repeating: 0, count: ioChunkBytes)
        while offset < byteCount {
            let wanted = min(chunk.count, byteCount - offset)
            let count: Int
            do {
                count = try descriptor.read(into: &chunk, count: wanted, at: offset)
            } catch {
                failed(error.code)
                return
            }
            guard count == wanted else {
                failed(SystemError.ioError)
                return
            }
            body(count == chunk.count ? chunk : Array(chunk[..<count]))
            offset += count
        }
    }
}
