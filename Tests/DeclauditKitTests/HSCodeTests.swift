import DeclauditKit
import Testing

@Suite struct HSCodeTests {
    @Test(arguments: [
        "84713020", "8471.30.20", "8471 30 20", " 8471.30.20 ", "8471\t3020", "8471\u{00A0}30\u{00A0}20",
        "8471\u{202F}30.20", "84.71.30.20", "8.4.7.1.3.0.2.0",
    ])
    func normalisesSeparators(raw: String) throws {
        let code = try #require(HSCode(normalizing: raw))
        #expect(code.value == 84_713_020)
        #expect(code.digits == "84713020")
        #expect(code.dotted == "8471.30.20")
        #expect(code.description == "84713020")
    }

    @Test(arguments: [
        "", " ", "...", "8471302", "847130201", "8471302A", "A4713020", "8471-30-20", "8471/30/20",
        "８４７１３０２０", "84713020x", "8471\u{2003}3020", "8471,30,20", "+8471302",
    ])
    func rejects(raw: String) {
        #expect(HSCode(normalizing: raw) == nil)
    }

    @Test func keepsLeadingZeros() throws {
        let code = try #require(HSCode(normalizing: "0101.21.00"))
        #expect(code.value == 1_012_100)
        #expect(code.digits == "01012100")
        #expect(code.dotted == "0101.21.00")
        #expect(HSCode(normalizing: "00000000")?.digits == "00000000")
    }

    @Test func bytesGiveTheSameAsText() {
        let samples = ["8471.30.20", "0101 21 00", "8471302", "8443\u{00A0}99\u{00A0}20", "8443.99.2x"]
        for sample in samples {
            #expect(HSCode(normalizing: Array(sample.utf8)) == HSCode(normalizing: sample), "\(sample)")
            let padded = Array("xx\(sample)yy".utf8)
            #expect(HSCode(normalizing: padded[2..<(padded.count - 2)]) == HSCode(normalizing: sample))
        }
    }

    @Test func truncatedNoBreakSpaceIsRejected() {
        // A lone lead byte of U+00A0 or U+202F is not a separator.
        #expect(HSCode(normalizing: Array("8471302".utf8) + [0xC2, UInt8(ascii: "0")]) == nil)
        #expect(HSCode(normalizing: Array("8471302".utf8) + [0xE2, 0x80, UInt8(ascii: "0")]) == nil)
        #expect(HSCode(normalizing: Array("84713020".utf8) + [0xC2]) == nil)
    }

    @Test func valueInitialiserBoundsAndOrder() throws {
        #expect(HSCode(value: 99_999_999)?.digits == "99999999")
        #expect(HSCode(value: 100_000_000) == nil)
        let low = try #require(HSCode(value: 1_012_100))
        let high = try #require(HSCode(normalizing: "84713020"))
        #expect(low < high)
        #expect([high, low].sorted() == [low, high])
        #expect(HSCode(normalizing: "8471.30.20") == HSCode(value: 84_713_020))
    }

    @Test func prefixes() throws {
        let code = try #require(HSCode(normalizing: "84713020"))
        #expect(code.hasPrefix("8471"))
        #expect(code.hasPrefix("847130"))
        #expect(code.hasPrefix("84713020"))
        #expect(!code.hasPrefix("8472"))
        #expect(!code.hasPrefix("847131"))
        #expect(!code.hasPrefix(""))
        #expect(!code.hasPrefix("847130200"))
        #expect(!code.hasPrefix("8471.30"))
        let zero = try #require(HSCode(normalizing: "01012100"))
        #expect(zero.hasPrefix("0101"))
        #expect(!zero.hasPrefix("1012"))
    }
}
