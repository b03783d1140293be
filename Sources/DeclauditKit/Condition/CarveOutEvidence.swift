/// Why a printer/copier description may fall under a carve-out of Circular 11/2018 Art. 2.
public enum PrinterCarveOut: String, Sendable, Hashable, CaseIterable {
    /// Monochrome: with A0 or at least 35 pages per minute the used machine is not prohibited.
    case monochrome
    /// Handles A0 paper.
    case a0
    /// Prints at least 35 A4 pages per minute.
    case speed
    /// Colour printer/copier: falls under the printing law instead of the list.
    case colour
}

/// A phrase of a description that shows a carve-out, as written.
public struct CarveOutPhrase: Sendable, Hashable {
    public var kind: PrinterCarveOut
    public var phrase: String

    public init(kind: PrinterCarveOut, phrase: String) {
        self.kind = kind
        self.phrase = phrase
    }
}

/// Words in a description that show a carve-out of the list may apply. The HS code alone can't
/// decide it; these are evidence for the inspector, quoted as written.
public enum CarveOutEvidence {
    /// Words showing that a printer/copier carve-out applies: monochrome, A0, at least 35 pages per
    /// minute, or colour (printing law instead). Quoted as written, in order; nil when none.
    public static func printerCopier(in description: String) -> [String]? {
        let phrases = printerCopierPhrases(in: description)
        return phrases.isEmpty ? nil : unique(phrases.map(\.phrase))
    }

    /// The same evidence with what each phrase shows, so a caller can tell colour (another law)
    /// from monochrome, A0 and speed (the carve-out proper needs monochrome and A0 or speed).
    public static func printerCopierPhrases(in description: String) -> [CarveOutPhrase] {
        let text = FoldedText(description)
        var found: [CarveOutPhrase] = []
        var i = 0
        while i < text.tokens.count {
            if let (kind, end, quote) = printerMatch(at: i, in: text) {
                found.append(CarveOutPhrase(kind: kind, phrase: text.quote(quote)))
                i = end
            } else {
                i += 1
            }
        }
        return found
    }

    /// "laser" (any case, also "LaserJet"), "mực laser", "hộp mực laser", "toner": a laser
    /// cartridge. Quoted as written, in order; nil when none.
    public static func laserCartridge(in description: String) -> [String]? {
        let text = FoldedText(description)
        var found: [String] = []
        var i = 0
        while i < text.tokens.count {
            if let match = laserPhrases.candidates(at: i, in: text).lazy
                .compactMap({ laserPhrases.entries[$0].phrase.match(at: i, in: text) }).first
            {
                found.append(text.quote(match.bytes))
                i = match.end
            } else if text.token(i, startsWith: laser) {
                found.append(text.quote(tokens: i, through: i))
                i += 1
            } else {
                i += 1
            }
        }
        return found.isEmpty ? nil : unique(found)
    }

    // MARK: printer/copier

    enum Meaning: Sendable {
        case monochrome, a0, colour
        /// "màu": not when it is the colour of the casing ("vỏ màu xám"); needs its diacritic.
        case colourWord
        /// "colour"/"color": not in "Color: Black".
        case colourEnglish
    }

    static let printerPhrases = PhraseTable<Meaning>([
        (Phrase("đơn sắc"), .monochrome),
        (Phrase("đen trắng"), .monochrome),
        (Phrase("trắng đen"), .monochrome),
        (Phrase("monochrome"), .monochrome),
        (Phrase("mono"), .monochrome),
        (Phrase("black and white"), .monochrome),
        (Phrase("black & white"), .monochrome),
        (Phrase("black/white"), .monochrome),
        (Phrase("b/w"), .monochrome),
        (Phrase("b&w"), .monochrome),
        (Phrase("khổ a0"), .a0),
        (Phrase("a0"), .a0),
        (Phrase("in màu"), .colour),  // "in mau" without diacritics too: printing context
        (Phrase("mực màu"), .colour),
        (Phrase("in mầu"), .colour),  // older spelling of "màu"
        (Phrase("màu"), .colourWord),
        (Phrase("mầu"), .colourWord),
        (Phrase("colour"), .colourEnglish),
        (Phrase("color"), .colourEnglish),
    ])

    /// Units after a page count: "35 ppm", "40 trang/phút", "45 pages per minute".
    static let speedUnits: [Phrase] = [
        "ppm", "cpm", "ipm", "trang/phút", "trang / phút", "tờ/phút", "bản/phút", "trang mỗi phút",
        "trang một phút", "pages per minute", "page per minute", "pages/minute", "pages/min",
        "pages per min", "copies per minute", "copies/minute", "copies/min",
    ].map { Phrase($0) }
    private static let attachedUnits: [[UInt8]] = ["ppm", "cpm", "ipm"].map { Array($0.utf8) }
    static let minimumSpeed = 35.0

    private static let casingColours: [[UInt8]] = [
        "den", "trang", "xam", "bac", "do", "xanh", "vang", "hong", "tim", "nau", "cam", "be",
        "ghi", "black", "white", "grey", "gray", "silver", "red", "blue", "green", "yellow", "beige",
        "pink", "gold", "dark", "light",
    ].map { Array($0.utf8) }

    private static func printerMatch(at i: Int, in text: FoldedText)
        -> (PrinterCarveOut, Int, Range<Int>)?
    {
        if let found = speed(at: i, in: text) { return found }
        for index in printerPhrases.candidates(at: i, in: text) {
            let entry = printerPhrases.entries[index]
            guard let match = entry.phrase.match(at: i, in: text) else { continue }
            let (end, quote) = (match.end, match.bytes)
            switch entry.tag {
            case .monochrome: return (.monochrome, end, quote)
            case .a0: return (.a0, end, quote)
            case .colour: return (.colour, end, quote)
            case .colourWord:
                // ASCII "mau" may be "mẫu" (sample); only "in mau" / "muc mau" count.
                guard text.hasDiacritic(at: text.tokens[i].start + 1),
                    !(text.plainGap(after: i) && text.token(i + 1, isAnyOf: casingColours))
                else { continue }
                return (.colour, end, quote)
            case .colourEnglish:
                if i + 1 < text.tokens.count, text.token(i + 1, isAnyOf: casingColours),
                    text.plainGap(after: i) || text.gap(after: i, is: [UInt8(ascii: ":")])
                {
                    continue
                }
                return (.colour, end, quote)
            }
        }
        return nil
    }

    private static func speed(at i: Int, in text: FoldedText) -> (PrinterCarveOut, Int, Range<Int>)? {
        guard let found = pageSpeed(at: i, in: text), found.value >= minimumSpeed else { return nil }
        return (.speed, found.end, found.quote)
    }

    /// A page count with its unit at token `i` ("20 trang/phút", "35ppm"), whatever the number.
    private static func pageSpeed(at i: Int, in text: FoldedText) -> (value: Double, end: Int, quote: Range<Int>)? {
        let t = text.tokens[i]
        guard FoldedText.isDigit(text.bytes[t.start]) else { return nil }
        if let value = text.number(i) {
            guard i + 1 < text.tokens.count, text.plainGap(after: i) else { return nil }
            for unit in speedUnits {
                if let match = unit.match(at: i + 1, in: text) {
                    return (value, match.end, t.start..<match.bytes.upperBound)
                }
            }
            return nil
        }
        // "35ppm" written as one word.
        var digits = t.start
        while digits < t.end, FoldedText.isDigit(text.bytes[digits]) { digits += 1 }
        let suffix = Array(text.bytes[digits..<t.end])
        guard attachedUnits.contains(suffix) else { return nil }
        var value = 0.0
        for k in t.start..<digits { value = value * 10 + Double(text.bytes[k] - 0x30) }
        return (value, i + 1, t.start..<t.end)
    }

    /// Page speeds below the carve-out's 35 per minute ("20 trang/phút"), quoted as written: a
    /// machine that slow is not under the monochrome carve-out. Empty when none.
    public static func printerSpeedsBelowCarveOut(in description: String) -> [String] {
        let text = FoldedText(description)
        var found: [String] = []
        var i = 0
        while i < text.tokens.count {
            if let match = pageSpeed(at: i, in: text) {
                if match.value < minimumSpeed { found.append(text.quote(match.quote)) }
                i = match.end
            } else {
                i += 1
            }
        }
        return unique(found)
    }

    // MARK: laser cartridge

    static let laserPhrases = PhraseTable<Void>([
        (Phrase("hộp mực in laser"), ()),
        (Phrase("hộp mực laser"), ()),
        (Phrase("mực in laser"), ()),
        (Phrase("mực laser"), ()),
        (Phrase("toner"), ()),
        (Phrase("toners"), ()),
    ])
    private static let laser = Array("laser".utf8)

    private static func unique(_ words: [String]) -> [String] {
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }
}

extension FoldedText {
    /// Token `j` begins with `prefix` ("laser" in "LaserJet").
    func token(_ j: Int, startsWith prefix: [UInt8]) -> Bool {
        guard j >= 0, j < tokens.count, tokens[j].count >= prefix.count else { return false }
        let start = tokens[j].start
        for k in 0..<prefix.count where bytes[start + k] != prefix[k] { return false }
        return true
    }
}
