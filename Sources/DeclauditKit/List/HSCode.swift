/// An 8-digit code of the Vietnamese tariff nomenclature, as declared on a goods line.
public struct HSCode: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 8 digits as a number; a code with leading zeros (e.g. chapter 01) is still 8 digits.
    public let value: UInt32

    /// `value` must be below 100,000,000 (at most 8 digits).
    public init?(value: UInt32) {
        guard value < 100_000_000 else { return nil }
        self.value = value
    }

    /// Normalise a declared code: remove ASCII dots, spaces, tabs, and no-break spaces; must then
    /// be exactly 8 ASCII digits. nil otherwise.
    public init?(normalizing raw: String) {
        // On the contiguous bytes (a native or small String): the generic walk of a
        // `String.UTF8View` costs several times more.
        let fast: HSCode?? = raw.utf8.withContiguousStorageIfAvailable { HSCode(normalizing: $0) }
        if let fast {
            guard let fast else { return nil }
            self = fast
        } else {
            self.init(normalizing: raw.utf8)
        }
    }

    /// Same rule as `init?(normalizing:)` on UTF-8 bytes, without making a String.
    public init?(normalizing bytes: some Collection<UInt8>) {
        var value: UInt32 = 0
        var count = 0
        let clean = HSDigits.forEachDigit(in: bytes) { digit in
            count += 1
            guard count <= 8 else { return false }
            value = value * 10 + UInt32(digit)
            return true
        }
        guard clean, count == 8 else { return nil }
        self.value = value
    }

    /// Always 8 characters, leading zeros kept, e.g. "84713020".
    public var digits: String {
        // Eight bytes fit a small String: written in place, nothing allocated.
        String(unsafeUninitializedCapacity: 8) { bytes in
            var rest = value
            for index in stride(from: 7, through: 0, by: -1) {
                bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            return 8
        }
    }

    /// "8471.30.20": heading, subheading, national line.
    public var dotted: String {
        let d = digits
        let a = d.index(d.startIndex, offsetBy: 4)
        let b = d.index(a, offsetBy: 2)
        return "\(d[..<a]).\(d[a..<b]).\(d[b...])"
    }

    public var description: String { digits }

    public static func < (lhs: HSCode, rhs: HSCode) -> Bool { lhs.value < rhs.value }

    /// True when `prefix` (1 to 8 ASCII digits, no separators) is the start of this code.
    public func hasPrefix(_ prefix: String) -> Bool {
        let utf8 = prefix.utf8
        guard (1...8).contains(utf8.count) else { return false }
        var number: UInt32 = 0
        for byte in utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            number = number * 10 + UInt32(byte - UInt8(ascii: "0"))
        }
        return value / HSDigits.powersOfTen[8 - utf8.count] == number
    }
}

/// The separator rule shared by declared codes and list codes.
enum HSDigits {
    static let powersOfTen: [UInt32] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// Calls `body` with each digit's value (0...9), skipping ASCII dots, spaces, tabs, U+00A0 and
    /// U+202F (the no-break spaces that spreadsheets and word processors put in numbers).
    /// Returns false on any other byte, or when `body` returns false. The closure is not escaping,
    /// so nothing is allocated.
    @inline(__always)
    static func forEachDigit<C: Collection<UInt8>>(in bytes: C, _ body: (UInt8) -> Bool) -> Bool {
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard body(byte - UInt8(ascii: "0")) else { return false }
                index = bytes.index(after: index)
            case UInt8(ascii: "."), UInt8(ascii: " "), UInt8(ascii: "\t"):
                index = bytes.index(after: index)
            case 0xC2:  // U+00A0 is C2 A0
                index = bytes.index(after: index)
                guard index != bytes.endIndex, bytes[index] == 0xA0 else { return false }
                index = bytes.index(after: index)
            case 0xE2:  // U+202F is E2 80 AF
                index = bytes.index(after: index)
                guard index != bytes.endIndex, bytes[index] == 0x80 else { return false }
                index = bytes.index(after: index)
                guard index != bytes.endIndex, bytes[index] == 0xAF else { return false }
                index = bytes.index(after: index)
            default:
                return false
            }
        }
        return true
    }
}
