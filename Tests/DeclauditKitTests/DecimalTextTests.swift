import Testing

@testable import DeclauditKit

@Suite struct DecimalTextTests {
    @Test(arguments: [
        ("15000.00000000", "15000"), ("1.50", "1.5"), ("0.50000000", "0.5"), ("12.500", "12.5"), ("100.0", "100"),
        ("1.", "1"), (".50", ".5"), ("0.000", "0"), ("0.0", "0"), ("-1.250", "-1.25"), ("+2.10", "+2.1"),
        ("1313.56", "1313.56"), ("0.013136", "0.013136"),
    ])
    func trailingZerosOfTheFractionGo(text: String, expected: String) {
        #expect(DecimalText.tidy(text) == expected)
    }

    @Test(arguments: ["100", "15000", "0", "-0", "10", "007", "+5", "-20"])
    func integersAreUnchanged(text: String) {
        #expect(DecimalText.tidy(text) == text)
    }

    @Test(arguments: [
        "", "abc", "1,5", "1.000,50", "1.2.0", "2.50E+3", "1e5", " 1.0", "1.0 ", "1-0", "--1.0", "+-1.0",
        "NaN", "∞", "１.０", ".", "-", "-.",
    ])
    func notPlainDecimalsAreUnchanged(text: String) {
        #expect(DecimalText.tidy(text) == text)
    }

    @Test(arguments: ["0", "12", "-3", "+3", "1.5", ".5", "5.", "-.5", "0001.1000"])
    func plainDecimals(text: String) {
        #expect(DecimalText.isPlainDecimal(text))
    }

    @Test(arguments: ["", "-", "+", ".", "-.", "1.2.3", "1,5", "1e3", " 1", "1 ", "1-", "--1", "+-1", "0x1F", "١٢"])
    func notPlainDecimals(text: String) {
        #expect(!DecimalText.isPlainDecimal(text))
    }

    @Test func tidyingIsIdempotent() {
        for text in ["15000.00000000", "1.50", "-0.0", ".500", "abc", "100"] {
            let once = DecimalText.tidy(text)
            #expect(DecimalText.tidy(once) == once, "\(text)")
        }
    }
}
