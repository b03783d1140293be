#if canImport(Glibc)
    import Glibc
#endif

// The program's POSIX file calls gather here (and in SafeOutput): each returns a typed error
// instead of a -1 and an errno to remember to read.

/// How many bytes are read or written at a time (buffers flush at this size): few system
/// calls, and a buffer that stays in cache.
let ioChunkBytes = 1 << 16

/// A failed system call: which call, on what, and its errno.
public struct SystemError: Error, Sendable, Equatable {
    /// An input/output error: what a read that ends early in a file of known size counts as.
    public static let ioError = EIO

    public let call: String
    public let code: Int32

    public init(_ call: String, code: Int32 = errno) {
        self.call = call
        self.code = code
    }

    /// The C library's sentence for the errno ("No such file or directory").
    public var reason: String { String(cString: strerror(code)) }

    public var isAlreadyExists: Bool { code == EEXIST }
    public var isNoSuchFile: Bool { code == ENOENT }
    public var isLinkLoop: Bool { code == ELOOP }
    public var isWouldBlock: Bool { code == EWOULDBLOCK || code == EAGAIN }
}

/// `open(2)` flags as a typed set.
public struct OpenFlags: OptionSet, Sendable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let readOnly = OpenFlags([])
    public static let writeOnly = OpenFlags(rawValue: O_WRONLY)
    public static let readWrite = OpenFlags(rawValue: O_RDWR)
    public static let create = OpenFlags(rawValue: O_CREAT)
    public static let exclusive = OpenFlags(rawValue: O_EXCL)
    public static let truncate = OpenFlags(rawValue: O_TRUNC)
    public static let noFollow = OpenFlags(rawValue: O_NOFOLLOW)
    public static let closeOnExec = OpenFlags(rawValue: O_CLOEXEC)
    public static let directory = OpenFlags(rawValue: O_DIRECTORY)
    public static let nonBlocking = OpenFlags(rawValue: O_NONBLOCK)
}

/// The kind of file a descriptor or path names (`st_mode & S_IFMT`).
public enum FileKind: Sendable, Equatable {
    case regular, directory, symbolicLink, other

    init(mode: mode_t) {
        switch mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}

/// An open file descriptor; closed explicitly (`close`) by whoever opened it.
public struct FileDescriptor: Sendable, Equatable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Opens `path` (a `RawPath` String); close-on-exec is always added (no child process
    /// should inherit our files).
    public static func open(_ path: String, _ flags: OpenFlags, mode: mode_t = 0o666) throws(SystemError) -> FileDescriptor {
        while true {
            let descriptor = RawPath.withCString(path) { Glibc.open($0, flags.union(.closeOnExec).rawValue, mode) }
            if descriptor >= 0 { return FileDescriptor(rawValue: descriptor) }
            if errno == EINTR { continue }
            throw SystemError("open")
        }
    }

    public static let standardInput = FileDescriptor(rawValue: STDIN_FILENO)

    /// A job started with standard input, output or error closed (`<&-`) would hand descriptors
    /// 0-2 to the first files the program opens: `-` would then read another input's bytes, and
    /// messages would land in a report. Call first: opens each closed one on /dev/null.
    public static func reopenClosedStandardDescriptors() {
        for descriptor: Int32 in 0...2 where fcntl(descriptor, F_GETFD) == -1 && errno == EBADF {
            // open() returns the lowest free descriptor: this one, as the lower ones are open.
            _ = Glibc.open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
        }
    }

    public func close() {
        _ = Glibc.close(rawValue)
    }

    /// Flushes the file to disk.
    public func sync() throws(SystemError) {
        guard fsync(rawValue) == 0 else { throw SystemError("fsync") }
    }

    /// What kind of file is open (checked after opening, so no rename can swap it in between).
    public func kind() throws(SystemError) -> FileKind {
        var status = stat()
        guard fstat(rawValue, &status) == 0 else { throw SystemError("fstat") }
        return FileKind(mode: status.st_mode)
    }

    /// Takes an exclusive `flock` without waiting; false when another open file holds it.
    public func tryLockExclusive() throws(SystemError) -> Bool {
        while true {
            if flock(rawValue, LOCK_EX | LOCK_NB) == 0 { return true }
            let error = SystemError("flock")
            if error.code == EINTR { continue }
            if error.isWouldBlock { return false }
            throw error
        }
    }

    /// Takes an exclusive `flock`, waiting up to `seconds` (polled: flock has no timeout);
    /// false when it is still held by another process then.
    public func lockExclusive(waitingUpTo seconds: Int, clock: ContinuousClock = ContinuousClock()) throws(SystemError) -> Bool {
        let deadline = clock.now.advanced(by: .seconds(seconds))
        while true {
            if try tryLockExclusive() { return true }
            if clock.now >= deadline { return false }
            usleep(100_000)
        }
    }

    /// Reads up to `buffer.count` bytes at the current position; 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        while true {
            let count = Glibc.read(rawValue, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw SystemError("read")
        }
    }

    /// Reads `buffer.count` bytes from `offset` without moving the position (`pread`, so any
    /// thread may read at once); fewer only where the file ends.
    public func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws(SystemError) -> Int {
        var done = 0
        while done < buffer.count {
            let count = pread(rawValue, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("pread")
            }
            if count == 0 { break }
            done += count
        }
        return done
    }

    /// `read(into:at:)` into the start of `bytes`: `count` bytes, fewer only where the file ends.
    public func read(into bytes: inout [UInt8], count: Int, at offset: Int) throws(SystemError) -> Int {
        precondition(count <= bytes.count)
        let result = bytes.withUnsafeMutableBytes { raw -> Result<Int, SystemError> in
            do throws(SystemError) {
                return .success(try read(into: UnsafeMutableRawBufferPointer(rebasing: raw[..<count]), at: offset))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    public func writeAll(_ bytes: [UInt8]) throws(SystemError) {
        let failure: SystemError? = bytes.withUnsafeBytes { raw in
            do throws(SystemError) { try writeAll(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var written = 0
        while written < bytes.count {
            let count = Glibc.write(rawValue, bytes.baseAddress! + written, bytes.count - written)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("write")
            }
            written += count
        }
    }
}

/// Path calls that do not need an open descriptor.
public enum FileSystem {
    /// The kind of file at `path` itself (a symbolic link is not followed); nil if nothing is there.
    public static func kind(atPath path: String, followingLinks: Bool = false) -> FileKind? {
        var status = stat()
        let result = RawPath.withCString(path) { followingLinks ? stat($0, &status) : lstat($0, &status) }
        return result == 0 ? FileKind(mode: status.st_mode) : nil
    }

    /// The size in bytes of the file at `path` (a symbolic link is followed).
    public static func size(ofFileAt path: String) throws(SystemError) -> Int {
        var status = stat()
        guard RawPath.withCString(path, { stat($0, &status) }) == 0 else { throw SystemError("stat") }
        return Int(status.st_size)
    }

    public static func rename(_ from: String, _ to: String) throws(SystemError) {
        guard Glibc.rename(from, to) == 0 else { throw SystemError("rename") }
    }

    /// Removes a name; a name already gone is no error.
    public static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Makes renames in `directory` durable; a folder that cannot be synced is no reason to fail.
    public static func syncDirectory(_ directory: String) {
        guard let descriptor = try? FileDescriptor.open(directory, [.readOnly, .directory]) else { return }
        try? descriptor.sync()
        descriptor.close()
    }

    /// Whether `directory` is a folder this process may create files in.
    public static func isWritableDirectory(_ directory: String) -> Bool {
        kind(atPath: directory, followingLinks: true) == .directory && access(directory, W_OK | X_OK) == 0
    }

    /// A new file in `directory` with no name (mkstemp, then unlinked at once): it vanishes
    /// when closed, even after a crash.
    public static func anonymousTemporary(in directory: String) throws(SystemError) -> FileDescriptor {
        var template = Array((directory + "/declaudit-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SystemError("mkstemp") }
        _ = template.withUnsafeBufferPointer { Glibc.unlink($0.baseAddress!) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return FileDescriptor(rawValue: descriptor)
    }

    /// A random hexadecimal suffix for temporary names (unpredictable, unlike a process id).
    static func randomSuffix() -> String {
        var generator = SystemRandomNumberGenerator()
        return String(generator.next() as UInt64, radix: 16)
    }
}
