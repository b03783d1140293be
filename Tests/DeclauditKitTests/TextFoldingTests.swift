import Foundation
import Testing

@testable import DeclauditKit

@Suite struct TextFoldingTests {
    private func folded(_ s: String) -> String {
        String(decoding: FoldedText(s).bytes, as: UTF8.self)
    }

    private func tokens(_ s: String) -> [String] {
        let text = FoldedText(s)
        return text.tokens.map { String(decoding: text.bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    @Test(arguments: [
        ("Đã Qua Sử Dụng", "da qua su dung"),
        ("ĐƯỢC ĐÓNG GÓI", "duoc dong goi"),
        ("Hàng mới 100%", "hang moi 100%"),
        ("Tân trang, tái chế", "tan trang, tai che"),
        ("ăâêôơưđ ĂÂÊÔƠƯĐ", "aaeooud aaeooud"),
        ("ỹỳỵ ĩịỉ ẽẹẻ", "yyy iii eee"),
        ("Ñandú Øre Çà", "nandu ore ca"),
        ("MAY IN\tDA\nQUA", "may in da qua"),
        ("tốc độ 40 trang／phút", "toc do 40 trang/phut"),
        ("second\u{2013}hand\u{A0}x", "second-hand x"),
    ])
    func foldsVietnameseAndLatin(_ input: String, _ expected: String) {
        #expect(folded(input) == expected)
    }

    @Test func decomposedAndPrecomposedFoldAlike() {
        let nfc = "Máy tính xách tay đã qua sử dụng, mới 90%"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.utf8) != Array(nfc.utf8))
        #expect(folded(nfd) == folded(nfc))
        #expect(folded(nfd) == "may tinh xach tay da qua su dung, moi 90%")
    }

    @Test func quoteReturnsTheOriginalSubstring() {
        let text = FoldedText("Máy IN Đã Qua Sử Dụng!")
        let range = text.tokens[2].start..<text.tokens[5].end
        #expect(String(decoding: text.bytes[range], as: UTF8.self) == "da qua su dung")
        #expect(text.quote(range) == "Đã Qua Sử Dụng")
        let nfd = FoldedText("Máy in đã dùng".decomposedStringWithCanonicalMapping)
        #expect(
            Array(nfd.quote(tokens: 2, through: 3).utf8)
                == Array("đã dùng".decomposedStringWithCanonicalMapping.utf8))
    }

    @Test func asciiTextIsItsOwnMap() {
        let text = FoldedText("USED Laptop")
        #expect(text.isASCII)
        #expect(text.quote(tokens: 0, through: 0) == "USED")
        #expect(!FoldedText("cũ").isASCII)
    }

    @Test func tokensKeepNumbersAndMisEncodedLetters() {
        #expect(tokens("Giá 99,5% và 8471.30.20") == ["gia", "99,5", "va", "8471.30.20"])
        #expect(tokens("T? khai dã du?c ??? xong.") == ["t?", "khai", "da", "du?c", "xong"])
        #expect(tokens("LM#&Lò xo (SPW)") == ["lm", "lo", "xo", "spw"])
        #expect(tokens("ab, cd.") == ["ab", "cd"])
    }

    @Test func numbersParse() {
        let text = FoldedText("mới 99,5 % new 100 x7")
        #expect(text.number(1) == 99.5)
        #expect(text.number(3) == 100)
        #expect(text.number(4) == nil)
        #expect(text.number(9) == nil)
    }

    @Test func phraseMatchesWithAndWithoutDiacriticsButNotOtherDiacritics() {
        let cu = Phrase("cũ")
        #expect(cu.match(at: 0, in: FoldedText("cũ"))?.end == 1)
        #expect(cu.match(at: 0, in: FoldedText("CU"))?.end == 1)
        #expect(cu.match(at: 0, in: FoldedText("cụ")) == nil)
        #expect(cu.match(at: 0, in: FoldedText("cụ".decomposedStringWithCanonicalMapping)) == nil)
        #expect(cu.match(at: 0, in: FoldedText("cũ".decomposedStringWithCanonicalMapping))?.end == 1)
        let used = Phrase("đã qua sử dụng")
        #expect(used.match(at: 1, in: FoldedText("Hàng ĐÃ QUA SỬ DỤNG"))?.end == 5)
        #expect(used.match(at: 0, in: FoldedText("đa qua sử dụng")) == nil)
        #expect(used.match(at: 0, in: FoldedText("ða qua su dung")) == nil)
        #expect(used.match(at: 0, in: FoldedText("ðã qua su dung"))?.end == 4)
    }

    @Test func wildcardsNeedOneCleanWord() {
        let phrase = Phrase("đã sử dụng", wildcards: true)
        #expect(phrase.match(at: 0, in: FoldedText("dã s? d?ng"))?.end == 3)
        #expect(phrase.match(at: 0, in: FoldedText("d? s? d?ng")) == nil)
        #expect(Phrase("đã sử dụng").match(at: 0, in: FoldedText("dã s? d?ng")) == nil)
        // A trailing question mark is punctuation.
        let question = FoldedText("used?")
        #expect(Phrase("used").match(at: 0, in: question) == Phrase.Match(end: 1, bytes: 0..<4))
    }

    @Test func gapsMustMatch() {
        let bw = Phrase("b/w")
        #expect(bw.match(at: 0, in: FoldedText("B/W"))?.end == 2)
        #expect(bw.match(at: 0, in: FoldedText("b / w"))?.end == 2)
        #expect(bw.match(at: 0, in: FoldedText("b w")) == nil)
        let hand = Phrase("second hand")
        #expect(hand.match(at: 0, in: FoldedText("second-hand"))?.end == 2)
        #expect(hand.match(at: 0, in: FoldedText("second, hand")) == nil)
    }
}
