#if canImport(Glibc)
    import Glibc
#endif

/// File names are bytes; a name that is not UTF-8 (a Latin-1 share, a copy from an old system)
/// must still be opened, and shown to people. Such a path travels inside a `String` as a marker
/// that no real path can start with (a NUL byte) and its bytes in hexadecimal; every POSIX call
/// on an input path goes through `withCString`, and reports show `display`, with each byte
/// that is not UTF-8 as `\xHH`.
public enum RawPath {
    private static let marker = "\u{0}raw:"

    /// The String that stands for `bytes`: the text itself when it is UTF-8.
    public static func string(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self), !text.hasPrefix(marker) { return text }
        return marker + bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }

    /// The bytes a path String stands for.
    public static func bytes(_ path: String) -> [UInt8] {
        guard path.hasPrefix(marker) else { return Array(path.utf8) }
        let digits = Array(path.utf8.dropFirst(marker.utf8.count))
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(decoding: digits[index...index + 1], as: UTF8.self), radix: 16) ?? 0x3F
        }
    }

    /// The path for people: valid UTF-8 as it is, every other byte as `\xHH`.
    public static func display(_ path: String) -> String {
        path.hasPrefix(marker) ? display(bytes: bytes(path)) : path
    }

    public static func display(bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var shown = ""
        var rest = bytes[...]
        while !rest.isEmpty {
            // The longest valid UTF-8 prefix is kept as text; one byte after it is escaped.
            var valid = rest.count
            while valid > 0, String(validating: rest.prefix(valid), as: UTF8.self) == nil { valid -= 1 }
            shown += String(decoding: rest.prefix(valid), as: UTF8.self)
            rest = rest.dropFirst(valid)
            if let byte = rest.first {
                shown += "\\x" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
                rest = rest.dropFirst()
            }
        }
        return shown
    }

    /// Calls `body` with the path's bytes as a C string.
    public static func withCString<T>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> T) rethrows -> T {
        guard path.hasPrefix(marker) else { return try path.withCString(body) }
        let terminated = bytes(path) + [0]
        return try terminated.withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// The program's arguments as the bytes they were: `CommandLine.arguments` replaces bytes
    /// that are not UTF-8 with U+FFFD, so such an argument is found again in `argv` by that
    /// rendering. Arguments that are UTF-8 come back as they are.
    public static func recoverArgument(_ argument: String) -> String {
        guard argument.unicodeScalars.contains("\u{FFFD}") else { return argument }
        for index in 0..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            let raw = Array(
                UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self), count: strlen(pointer)))
            if String(validating: raw, as: UTF8.self) == nil, String(decoding: raw, as: UTF8.self) == argument {
                return string(raw)
            }
        }
        return argument
    }
}

extension FileSystem {
    /// The names in a directory as bytes (without `.` and `..`); nil if it cannot be listed.
    static func entries(ofDirectory path: String) -> [[UInt8]]? {
        guard let folder = RawPath.withCString(path, { opendir($0) }) else { return nil }
        defer { closedir(folder) }
        var names: [[UInt8]] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix(while: { $0 != 0 })) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        return names
    }

    /// The canonical path (links resolved), as bytes; nil if it cannot be resolved.
    static func realPath(_ path: String) -> [UInt8]? {
        guard let resolved = RawPath.withCString(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return Array(
            UnsafeBufferPointer(start: UnsafeRawPointer(resolved).assumingMemoryBound(to: UInt8.self), count: strlen(resolved)))
    }
}
