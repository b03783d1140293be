#if canImport(Glibc)
    import Glibc
#endif

/// Writing files the program names itself (reports, `-o` outputs) without being turned against
/// the system: temporaries are created new (`O_EXCL|O_NOFOLLOW`, random names), so a link planted
/// at a predictable name is never followed; a rename never replaces a device, a pipe or a link.
public enum SafeOutput {
    /// A new hidden temporary file for `name` in `directory`, and its path.
    static func createTemporary(for name: String, in directory: String) throws(SystemError) -> (FileDescriptor, String) {
        while true {
            let path = directory + "/." + name + ".tmp-" + FileSystem.randomSuffix()
            do {
                return (try FileDescriptor.open(path, [.writeOnly, .create, .exclusive, .noFollow], mode: 0o666), path)
            } catch  where error.isAlreadyExists {
                continue
            }
        }
    }

    /// Removes the temporaries of earlier runs that were killed (`.NAME.tmp-*`); called with the
    /// output folder's lock held, so none of them belongs to a live run.
    static func sweepTemporaries(for names: [String], in directory: String) {
        guard let folder = opendir(directory) else { return }
        defer { closedir(folder) }
        let prefixes = names.map { "." + $0 + ".tmp-" }
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if prefixes.contains(where: name.hasPrefix) { FileSystem.unlink(directory + "/" + name) }
        }
    }

    /// Writes `bytes` to `path` (what `-o` names). A regular file (or nothing) is replaced
    /// atomically through a new temporary beside it; an existing device or pipe (`/dev/null`,
    /// `/dev/stdout`, a FIFO) is written through, never replaced; a symbolic link to anything
    /// else is refused, as writing through it is how a planted link turns a write against a victim.
    public static func write(_ bytes: [UInt8], to path: String) throws(DeclauditError) {
        func failure(_ sentence: String) -> DeclauditError {
            DeclauditError(.outputNotWritable, sentence, at: SourceLocation(file: path))
        }
        switch FileSystem.kind(atPath: path) {
        case .directory?:
            throw failure("cannot write there: it is a folder")
        case .symbolicLink?:
            guard FileSystem.kind(atPath: path, followingLinks: true) == .other else {
                throw failure("cannot write there: it is a symbolic link (name its target, or remove the link)")
            }
            try writeThrough(bytes, to: path, flags: [.writeOnly], failure)
        case .other?:
            try writeThrough(bytes, to: path, flags: [.writeOnly, .noFollow], failure)
        case .regular?, nil:
            try replace(path, with: bytes, failure)
        }
    }

    private static func writeThrough(
        _ bytes: [UInt8], to path: String, flags: OpenFlags, _ failure: (String) -> DeclauditError
    ) throws(DeclauditError) {
        let descriptor: FileDescriptor
        do {
            descriptor = try FileDescriptor.open(path, flags)
        } catch {
            throw failure("cannot write there: \(error.reason)")
        }
        defer { descriptor.close() }
        do {
            // Checked on the open file: a swap between the look and the open cannot slip by.
            guard try descriptor.kind() == .other else { throw failure("cannot write there: it changed while being opened") }
            try descriptor.writeAll(bytes)
        } catch let error as SystemError {
            throw failure("cannot write there: \(error.reason)")
        } catch {
            throw error as! DeclauditError
        }
    }

    private static func replace(_ path: String, with bytes: [UInt8], _ failure: (String) -> DeclauditError) throws(DeclauditError)
    {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard FileSystem.kind(atPath: directory, followingLinks: true) == .directory else {
            throw failure("cannot write there: the folder \(directory) does not exist")
        }
        var temporary: String?
        do throws(SystemError) {
            let (descriptor, created) = try createTemporary(for: name, in: directory)
            temporary = created
            defer { descriptor.close() }
            try descriptor.writeAll(bytes)
            try descriptor.sync()
            try FileSystem.rename(created, path)
            temporary = nil
            FileSystem.syncDirectory(directory)
        } catch {
            if let temporary { FileSystem.unlink(temporary) }
            throw failure("cannot write there: \(error.reason)")
        }
    }
}

/// The output folder's lock (`.declaudit.lock`, an exclusive `flock`), held until the process
/// exits: two runs into one folder (a cron overlap, a manual rerun) take turns, so the report set
/// there is always one run's.
public final class OutputLock: Sendable {
    public static let fileName = ".declaudit.lock"
    private let descriptor: FileDescriptor

    private init(descriptor: FileDescriptor) { self.descriptor = descriptor }

    deinit { descriptor.close() }

    /// Takes the lock, waiting up to `seconds` for a run that holds it; `output-busy` after that.
    public static func acquire(directory: String, waitingUpTo seconds: Int) throws(DeclauditError) -> OutputLock {
        let path = directory + "/" + fileName
        let location = SourceLocation(file: directory)
        let descriptor: FileDescriptor
        do {
            // Read-only is enough for flock, so a lock file another user created still serves;
            // non-blocking, so a FIFO planted under the name cannot hang the open.
            descriptor = try FileDescriptor.open(path, [.readOnly, .create, .noFollow, .nonBlocking], mode: 0o666)
        } catch {
            throw DeclauditError(
                .outputNotWritable, "cannot open the output folder's lock file \(fileName): \(error.reason)", at: location)
        }
        do {
            guard try descriptor.kind() == .regular else {
                descriptor.close()
                throw DeclauditError(.outputNotWritable, "\(fileName) in the output folder is not a regular file", at: location)
            }
            guard try descriptor.lockExclusive(waitingUpTo: seconds) else {
                descriptor.close()
                throw DeclauditError(
                    .outputBusy,
                    "the output folder is in use by another declaudit run (it holds \(fileName)); waited \(seconds) s (--ledger-wait), nothing was written; try again",
                    at: location)
            }
        } catch let error as SystemError {
            descriptor.close()
            throw DeclauditError(.outputNotWritable, "cannot lock the output folder: \(error.reason)", at: location)
        } catch {
            throw error as! DeclauditError
        }
        return OutputLock(descriptor: descriptor)
    }
}
