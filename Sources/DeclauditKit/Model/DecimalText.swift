/// Decimal numbers as text, kept exact (no binary floating point between input and report).
public enum DecimalText {
    /// `15000.00000000` → `15000`, `1.50` → `1.5`; anything that is not a plain decimal is
    /// returned unchanged so the report shows what was declared.
    public static func tidy(_ text: String) -> String {
        guard isPlainDecimal(text), text.utf8.contains(0x2E) else { return text }
        var result = Substring(text)
        while result.last == "0" { result.removeLast() }
        if result.last == "." { result.removeLast() }
        return result.isEmpty || result == "-" ? "0" : String(result)
    }

    /// Optional sign, digits, optional fraction.
    public static func isPlainDecimal(_ text: String) -> Bool {
        var sawDigit = false
        var sawPoint = false
        for (index, byte) in text.utf8.enumerated() {
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
