#if canImport(Glibc)
    import Glibc
#endif

/// Counts the lines of the bytes handed to libxml2, in 64 bits. libxml2 counts lines in a C
/// `int`, which wraps past 2^31 (2.2 G newlines gave line −1946157052): its count is taken modulo
/// 2^32 and placed just below ours, which is ahead of the parser by what it has read but not
/// parsed yet (far less than 2^32 lines).
struct LineCounter {
    /// Line breaks seen so far as libxml2 counts them: LF, CR LF and a lone CR each end one line.
    private(set) var breaks = 0
    private var lastWasCR = false

    /// The highest line the parser can be on: the line after the last break fed.
    var bound: Int { breaks + 1 }

    mutating func count(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let buffer = bytes.assumingMemoryBound(to: UInt8.self)
        var lineFeeds = 0
        for byte in buffer { lineFeeds &+= byte == 0x0A ? 1 : 0 }
        breaks += lineFeeds
        // Carriage returns are rare (CR LF files, old Mac files): looked for only if present.
        if memchr(base, 0x0D, bytes.count) != nil || lastWasCR {
            var previous: UInt8 = lastWasCR ? 0x0D : 0
            for byte in buffer {
                if byte == 0x0D { breaks += 1 }
                if byte == 0x0A && previous == 0x0D { breaks -= 1 }
                previous = byte
            }
        }
        lastWasCR = buffer[buffer.count - 1] == 0x0D
    }

    /// The true line of a line number `reported` by libxml2 (possibly wrapped), given `bound`.
    static func unwrap(_ reported: Int, bound: Int) -> Int {
        let modulo = Int(UInt32(truncatingIfNeeded: reported))
        guard bound >= modulo else { return modulo }
        return bound - ((bound - modulo) & 0xFFFF_FFFF)
    }

    func unwrap(_ reported: Int) -> Int {
        Self.unwrap(reported, bound: bound)
    }
}
