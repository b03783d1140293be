/// A description folded once for phrase matching: ASCII lowercase, Vietnamese diacritics removed,
/// đ → d, other whitespace and dashes unified. Every folded byte keeps the UTF-8 range of the
/// original character it came from, so evidence can quote the description as written.
struct FoldedText: Sendable {
    /// A run of word bytes (a-z, 0-9, `?` from mis-encoding, other letters), numbers keep `.`/`,`.
    struct Token: Sendable, Hashable {
        var start: Int
        var end: Int
        var count: Int { end - start }
    }

    let original: String
    /// The original's UTF-8, for quoting and spelling checks without walking the `String`.
    let originalBytes: [UInt8]
    let bytes: [UInt8]
    /// Original UTF-8 range of each folded byte `k`: `spans[2k]..<spans[2k + 1]`, one array (one
    /// allocation fewer per description); empty when the text is ASCII (identity).
    private let spans: [Int]
    let tokens: [Token]

    var isASCII: Bool { spans.isEmpty }

    @inline(__always) private func start(_ k: Int) -> Int { spans[2 &* k] }
    @inline(__always) private func end(_ k: Int) -> Int { spans[2 &* k &+ 1] }

    /// Folded byte for a letter outside ASCII and Latin ranges (never equals a pattern byte).
    static let otherLetter: UInt8 = 0x80
    /// Folded byte for a symbol outside ASCII.
    static let otherSymbol: UInt8 = 0x81
    private static let attach: UInt8 = 0

    init(_ text: String) {
        original = text
        let utf8 = Array(text.utf8)
        originalBytes = utf8
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        if !utf8.contains(where: { $0 >= 0x80 }) {
            for b in utf8 { bytes.append(Self.foldASCII(b)) }
            spans = []
        } else {
            var spans: [Int] = []
            spans.reserveCapacity(2 * utf8.count)
            var offset = 0
            // Decoded by hand from the bytes of a valid `String`: most bytes of a Vietnamese
            // description are ASCII, and the scalar iterator costs more than the folding.
            while offset < utf8.count {
                let lead = utf8[offset]
                let width: Int
                let folded: UInt8
                if lead < 0x80 {
                    width = 1
                    folded = Self.foldASCII(lead)
                } else {
                    let scalar: UInt32
                    if lead < 0xE0 {
                        width = 2
                        scalar = UInt32(lead & 0x1F) << 6 | UInt32(utf8[offset + 1] & 0x3F)
                    } else if lead < 0xF0 {
                        width = 3
                        scalar =
                            UInt32(lead & 0x0F) << 12 | UInt32(utf8[offset + 1] & 0x3F) << 6
                            | UInt32(utf8[offset + 2] & 0x3F)
                    } else {
                        width = 4
                        scalar =
                            UInt32(lead & 0x07) << 18 | UInt32(utf8[offset + 1] & 0x3F) << 12
                            | UInt32(utf8[offset + 2] & 0x3F) << 6 | UInt32(utf8[offset + 3] & 0x3F)
                    }
                    folded = Self.foldNonASCII(Unicode.Scalar(scalar) ?? "\u{FFFD}")
                }
                if folded == Self.attach {
                    // Combining marks (NFD) and invisible characters belong to the letter before.
                    if !spans.isEmpty { spans[spans.count - 1] = offset + width }
                } else {
                    bytes.append(folded)
                    spans.append(offset)
                    spans.append(offset + width)
                }
                offset += width
            }
            self.spans = spans
        }
        self.bytes = bytes
        tokens = Self.tokenize(bytes)
    }

    // MARK: folding

    @inline(__always)
    static func foldASCII(_ b: UInt8) -> UInt8 {
        switch b {
        case 0x41...0x5A: b | 0x20
        case 0x00...0x1F, 0x7F: 0x20
        default: b
        }
    }

    // Latin-1 Supplement U+00C0...U+00FF; `*` another letter, `#` a symbol.
    private static let latin1: [UInt8] = Array("aaaaaa*ceeeeiiiidnooooo#ouuuuy**aaaaaa*ceeeeiiiidnooooo#ouuuuy*y".utf8)

    static func foldNonASCII(_ scalar: Unicode.Scalar) -> UInt8 {
        let v = scalar.value
        switch v {
        case 0xC0...0xFF:
            let b = latin1[Int(v - 0xC0)]
            return b == UInt8(ascii: "*") ? otherLetter : b == UInt8(ascii: "#") ? otherSymbol : b
        case 0x0100...0x017F: return foldLatinExtendedA(v)
        case 0x01A0, 0x01A1: return UInt8(ascii: "o")  // Ơ ơ
        case 0x01AF, 0x01B0: return UInt8(ascii: "u")  // Ư ư
        case 0x0189, 0x0256: return UInt8(ascii: "d")  // Ɖ ɖ, typed for Đ
        case 0x1EA0...0x1EB7: return UInt8(ascii: "a")  // Ạ ... ặ
        case 0x1EB8...0x1EC7: return UInt8(ascii: "e")
        case 0x1EC8...0x1ECB: return UInt8(ascii: "i")
        case 0x1ECC...0x1EE3: return UInt8(ascii: "o")
        case 0x1EE4...0x1EF1: return UInt8(ascii: "u")
        case 0x1EF2...0x1EF9: return UInt8(ascii: "y")
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F,
            0x200B...0x200D, 0x2060, 0xFEFF, 0xAD:
            return attach
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return 0x20
        case 0x2010...0x2015, 0x2212: return UInt8(ascii: "-")
        case 0xFF01...0xFF5E: return foldASCII(UInt8(v - 0xFEE0))  // full-width forms
        default:
            return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                ? otherLetter : otherSymbol
        }
    }

    private static func foldLatinExtendedA(_ v: UInt32) -> UInt8 {
        switch v {
        case 0x0100...0x0105: UInt8(ascii: "a")  // Ă ă among them
        case 0x0106...0x010D: UInt8(ascii: "c")
        case 0x010E...0x0111: UInt8(ascii: "d")  // Đ đ among them
        case 0x0112...0x011B: UInt8(ascii: "e")
        case 0x011C...0x0123: UInt8(ascii: "g")
        case 0x0124...0x0127: UInt8(ascii: "h")
        case 0x0128...0x0131: UInt8(ascii: "i")  // Ĩ ĩ among them
        case 0x0134, 0x0135: UInt8(ascii: "j")
        case 0x0136...0x0138: UInt8(ascii: "k")
        case 0x0139...0x0142: UInt8(ascii: "l")
        case 0x0143...0x014B: UInt8(ascii: "n")
        case 0x014C...0x0151: UInt8(ascii: "o")
        case 0x0154...0x0159: UInt8(ascii: "r")
        case 0x015A...0x0161, 0x017F: UInt8(ascii: "s")
        case 0x0162...0x0167: UInt8(ascii: "t")
        case 0x0168...0x0173: UInt8(ascii: "u")  // Ũ ũ among them
        case 0x0174, 0x0175: UInt8(ascii: "w")
        case 0x0176...0x0178: UInt8(ascii: "y")
        case 0x0179...0x017E: UInt8(ascii: "z")
        default: otherLetter
        }
    }

    // MARK: tokens

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || isDigit(b) || b == 0x3F || b == otherLetter
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func tokenize(_ bytes: [UInt8]) -> [Token] {
        bytes.withUnsafeBufferPointer { tokenize($0) }
    }

    private static func tokenize(_ b: UnsafeBufferPointer<UInt8>) -> [Token] {
        var tokens: [Token] = []
        // Tokens are separated: at most one per two bytes, so the array never grows.
        tokens.reserveCapacity((b.count + 1) / 2)
        var i = 0
        let n = b.count
        while i < n {
            guard isWordByte(b[i]) else {
                i += 1
                continue
            }
            let start = i
            var onlyQuestionMarks = b[i] == 0x3F
            i += 1
            while i < n {
                let c = b[i]
                if isWordByte(c) {
                    if c != 0x3F { onlyQuestionMarks = false }
                    i += 1
                } else if c == 0x2E || c == 0x2C, i + 1 < n, isDigit(b[i - 1]), isDigit(b[i + 1]) {
                    i += 2  // 99.5, 1,000
                } else {
                    break
                }
            }
            // A lone `?` is punctuation; inside a word it stands for a mis-encoded letter.
            if !onlyQuestionMarks { tokens.append(Token(start: start, end: i)) }
        }
        return tokens
    }

    // MARK: queries

    /// Whether the bytes between tokens `j` and `j + 1` are only spaces and hyphens.
    func plainGap(after j: Int) -> Bool {
        guard j + 1 < tokens.count else { return false }
        for k in tokens[j].end..<tokens[j + 1].start where bytes[k] != 0x20 && bytes[k] != 0x2D {
            return false
        }
        return true
    }

    /// The bytes between tokens `j` and `j + 1` without spaces equal `required`
    /// (an empty `required` accepts spaces and hyphens only).
    func gap(after j: Int, is required: [UInt8]) -> Bool {
        if required.isEmpty { return plainGap(after: j) }
        guard j + 1 < tokens.count else { return false }
        var r = 0
        for k in tokens[j].end..<tokens[j + 1].start where bytes[k] != 0x20 {
            guard r < required.count, bytes[k] == required[r] else { return false }
            r += 1
        }
        return r == required.count
    }

    /// First non-space byte after token `j` (before the next token or the end), if any.
    func firstSymbol(after j: Int) -> (byte: UInt8, position: Int)? {
        let limit = j + 1 < tokens.count ? tokens[j + 1].start : bytes.count
        var k = tokens[j].end
        while k < limit {
            if bytes[k] != 0x20 { return (bytes[k], k) }
            k += 1
        }
        return nil
    }

    /// Token `j` is exactly `word` (folded bytes, no wildcard).
    func token(_ j: Int, is word: [UInt8]) -> Bool {
        guard j >= 0, j < tokens.count else { return false }
        let t = tokens[j]
        guard t.count == word.count else { return false }
        var k = 0
        while k < word.count {
            if bytes[t.start + k] != word[k] { return false }
            k += 1
        }
        return true
    }

    func token(_ j: Int, isAnyOf words: [[UInt8]]) -> Bool {
        words.contains { token(j, is: $0) }
    }

    /// Number written in token `j` (digits, one `.` or `,` as decimal mark), if it is one.
    func number(_ j: Int) -> Double? {
        guard j >= 0, j < tokens.count else { return nil }
        let t = tokens[j]
        var whole = 0.0
        var fraction = 0.0
        var scale = 1.0
        var seenMark = false
        for k in t.start..<t.end {
            let b = bytes[k]
            if Self.isDigit(b) {
                let d = Double(b - 0x30)
                if seenMark {
                    scale /= 10
                    fraction += d * scale
                } else {
                    whole = whole * 10 + d
                }
            } else if (b == 0x2E || b == 0x2C) && !seenMark {
                seenMark = true
            } else {
                return nil
            }
        }
        return whole + fraction
    }

    /// The original text of folded bytes `range`, as written.
    func quote(_ range: Range<Int>) -> String {
        guard !range.isEmpty else { return "" }
        let lower = isASCII ? range.lowerBound : start(range.lowerBound)
        let upper = isASCII ? range.upperBound : end(range.upperBound - 1)
        return String(decoding: originalBytes[lower..<upper], as: UTF8.self)
    }

    /// Whether the original bytes behind folded byte `k` are exactly `expected`.
    private func original(at k: Int, is expected: [UInt8]) -> Bool {
        let first = start(k)
        guard end(k) - first == expected.count else { return false }
        for (offset, b) in expected.enumerated() where originalBytes[first + offset] != b { return false }
        return true
    }

    /// Original text of tokens `first...last`.
    func quote(tokens first: Int, through last: Int) -> String {
        quote(tokens[first].start..<tokens[last].end)
    }

    /// Whether the original word behind folded bytes `base..<base+spelling.count` is spelled
    /// `spelling` (lowercase), or written without any diacritic. Rejects "dụng cụ" for "cũ", "mỗi"
    /// for "mới", "đa" for "đã". A `?` (mis-encoded) fits any letter, and a plain letter fits đ, ư,
    /// ơ, ă, which lossy code pages turn into d, u, o, a ("dã du?c" for "đã được").
    func word(at base: Int, fits spelling: [[UInt8]]) -> Bool {
        if isASCII { return true }
        let range = base..<(base + spelling.count)
        guard range.contains(where: { end($0) - start($0) > 1 }) else { return true }
        for (k, expectedBytes) in zip(range, spelling) where bytes[k] != 0x3F {
            // Written exactly as spelled (lowercase NFC, the usual case): no `String` needed.
            if original(at: k, is: expectedBytes) { continue }
            let expected = String(decoding: expectedBytes, as: UTF8.self)
            let written = quote(k..<(k + 1)).lowercased()
            if written == expected { continue }  // canonical equivalence: NFD equals NFC
            if end(k) - start(k) == 1 {
                guard expected.utf8.count == 1 || Self.lossyLetters.contains(expected) else {
                    return false
                }
            } else if !(expected == "đ" && (written == "ð" || written == "ɖ")) {
                return false
            }
        }
        return true
    }

    private static let lossyLetters: Set<String> = ["đ", "ư", "ơ", "ă"]

    /// Whether the original letter behind folded byte `k` carries a diacritic.
    func hasDiacritic(at k: Int) -> Bool {
        !isASCII && bytes[k] != 0x3F && end(k) - start(k) > 1
    }
}

/// A phrase to find in folded text, built from how it is spelled ("đã qua sử dụng", "b/w").
/// Words written without diacritics in the text match; words written with other diacritics do not.
/// A class: the matcher reads a table of them per token, and copying a struct would copy (retain)
/// each of its arrays.
final class Phrase: Sendable {
    /// Folded words.
    let words: [[UInt8]]
    /// Expected spelling (lowercase UTF-8) of each folded byte of each word.
    let spellings: [[[UInt8]]]
    /// Required non-space bytes between word i and i+1; empty: spaces or hyphens.
    let gaps: [[UInt8]]
    /// Whether a `?` (mis-encoded letter) may stand for a letter; at least one word must be clean.
    let wildcards: Bool

    init(_ spelling: String, wildcards: Bool = false) {
        let lower = spelling.lowercased()
        let folded = FoldedText(lower)
        var words: [[UInt8]] = []
        var spellings: [[[UInt8]]] = []
        var gaps: [[UInt8]] = []
        for (j, t) in folded.tokens.enumerated() {
            words.append(Array(folded.bytes[t.start..<t.end]))
            spellings.append((t.start..<t.end).map { Array(folded.quote($0..<($0 + 1)).utf8) })
            if j + 1 < folded.tokens.count {
                let next = folded.tokens[j + 1]
                gaps.append(folded.bytes[t.end..<next.start].filter { $0 != 0x20 })
            }
        }
        precondition(!words.isEmpty, "empty phrase")
        self.words = words
        self.spellings = spellings
        self.gaps = gaps
        self.wildcards = wildcards
    }

    var firstByte: UInt8 { words[0][0] }

    /// Where a phrase was found: the token after it and the folded bytes it covers (a stray `?`
    /// at the ends of a token is not part of it).
    struct Match: Sendable, Hashable {
        var end: Int
        var bytes: Range<Int>
    }

    /// The phrase starting at token `i`, if it is there.
    func match(at i: Int, in text: FoldedText) -> Match? {
        guard i + words.count <= text.tokens.count else { return nil }
        // Most tries fail here: a first word of another length, with no stray `?` at the
        // token's ends for `matchWord` to strip, cannot match.
        let head = text.tokens[i]
        if head.count != words[0].count, text.bytes[head.start] != 0x3F, text.bytes[head.end - 1] != 0x3F {
            return nil
        }
        var clean = false
        var first = 0
        var last = 0
        for (w, word) in words.enumerated() {
            if w > 0, !text.gap(after: i + w - 1, is: gaps[w - 1]) { return nil }
            guard let (offset, wild) = matchWord(word, token: text.tokens[i + w], in: text) else {
                return nil
            }
            if !wild { clean = true }
            let base = text.tokens[i + w].start + offset
            guard text.word(at: base, fits: spellings[w]) else { return nil }
            if w == 0 { first = base }
            last = base + word.count
        }
        return clean ? Match(end: i + words.count, bytes: first..<last) : nil
    }

    /// Offset of `word` in the token (a token may carry stray `?` at its ends) and whether a `?`
    /// stood in for a letter.
    private func matchWord(_ word: [UInt8], token t: FoldedText.Token, in text: FoldedText)
        -> (Int, Bool)?
    {
        let b = text.bytes
        if t.count == word.count {
            var wild = false
            var ok = true
            for k in 0..<word.count where b[t.start + k] != word[k] {
                if wildcards && b[t.start + k] == 0x3F {
                    wild = true
                } else {
                    ok = false
                    break
                }
            }
            if ok { return (0, wild) }
        }
        var lo = t.start
        var hi = t.end
        while lo < hi, b[lo] == 0x3F { lo += 1 }
        while hi > lo, b[hi - 1] == 0x3F { hi -= 1 }
        guard lo != t.start || hi != t.end, hi - lo == word.count else { return nil }
        for k in 0..<word.count where b[lo + k] != word[k] { return nil }
        return (lo - t.start, false)
    }
}

/// Phrases grouped by the first byte of their first word, longest phrase first, so a scan tries
/// only the few phrases that can start at a token.
struct PhraseTable<Tag: Sendable>: Sendable {
    let entries: [(phrase: Phrase, tag: Tag)]
    private let buckets: [[Int]]

    init(_ entries: [(Phrase, Tag)]) {
        self.entries = entries.map { (phrase: $0.0, tag: $0.1) }
        var buckets = [[Int]](repeating: [], count: 256)
        for (index, entry) in entries.enumerated() {
            buckets[Int(entry.0.firstByte)].append(index)
        }
        for b in buckets.indices {
            // Stable: longer phrases first, then table order.
            buckets[b] = buckets[b].enumerated().sorted { lhs, rhs in
                let l = entries[lhs.element].0.words.count
                let r = entries[rhs.element].0.words.count
                return l != r ? l > r : lhs.offset < rhs.offset
            }.map(\.element)
        }
        self.buckets = buckets
    }

    /// Candidates for a phrase starting at token `i`, in the order to try.
    func candidates(at i: Int, in text: FoldedText) -> [Int] {
        buckets[Int(text.bytes[text.tokens[i].start])]
    }
}
