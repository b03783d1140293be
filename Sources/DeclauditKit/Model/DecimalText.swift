import Foundation

/// Decimal numbers as text, kept exact (no binary floating point between input and report).
public enum DecimalText {
    /// `15000.00000000` → `15000`, `1.50` → `1.5`; anything that is not a plain decimal is
    /// returned unchanged so the report shows what was declared.
    public static func tidy(_ text: String) -> String {
        var text = text
        return text.withUTF8 { tidy($0) }
    }

    /// `tidy` on UTF-8 bytes, making one String (and none of the intermediate ones).
    static func tidy(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard isPlainDecimal(bytes), bytes.contains(0x2E) else { return String(decoding: bytes, as: UTF8.self) }
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x30 { end -= 1 }
        if end > 0, bytes[end - 1] == 0x2E { end -= 1 }
        if end == 0 || (end == 1 && bytes[0] == 0x2D) { return "0" }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
    }

    /// The value of a plain decimal (see `isPlainDecimal`), exact; nil for anything else.
    public static func value(_ text: String) -> Decimal? {
        isPlainDecimal(text) ? Decimal(string: text, locale: posix) : nil
    }

    /// Made once: a Locale per parsed number cost more than the parsing.
    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Optional sign, digits, optional fraction.
    public static func isPlainDecimal(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { isPlainDecimal($0) }
    }

    static func isPlainDecimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var sawDigit = false
        var sawPoint = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case 0x30...0x39: sawDigit = true
            case 0x2E where !sawPoint: sawPoint = true
            case 0x2D where index == 0, 0x2B where index == 0: continue
            default: return false
            }
        }
        return sawDigit
    }
}
