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
        // Eight bytes a step: the byte loop cost about five instructions per byte of input. A
        // byte of `word` is zero where a line feed was; `zeros` has its top bit set exactly there.
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var lineFeeds = 0
        var offset = 0
        while offset + 8 <= bytes.count {
            let word = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) ^ 0x0A0A_0A0A_0A0A_0A0A
            let zeros = ~(((word & lows) &+ lows) | word | lows)
            // The sum of the top bits by a multiply: nonzeroBitCount is a long bit-twiddle on
            // baseline x86-64 (no POPCNT).
            lineFeeds &+= Int(truncatingIfNeeded: ((zeros >> 7) &* 0x0101_0101_0101_0101) >> 56)
            offset += 8
        }
        while offset < bytes.count {
            lineFeeds &+= buffer[offset] == 0x0A ? 1 : 0
            offset += 1
        }
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

/// libxml2's line number made 64-bit while it parses. Its C `int` wraps past 2^31, so the count
/// is sampled now and then (at every read of input) and a number it reports is placed relative
/// to the last sample: the parser cannot move 2^31 lines between two samples, as it holds far
/// fewer bytes than that, and no byte of the input needs counting.
struct LineTracker {
    private var sampledReport: Int32 = 1
    private var sampledLine = 1

    /// Takes the parser's current `reported` line as the new reference.
    mutating func sample(_ reported: Int32) {
        sampledLine = unwrap(reported)
        sampledReport = reported
    }

    /// The true line of a line number `reported` by libxml2 (possibly wrapped) since the last
    /// sample; 0 (libxml2's "no line") stays 0.
    func unwrap(_ reported: Int32) -> Int {
        reported == 0 ? 0 : sampledLine + Int(reported &- sampledReport)
    }
}
