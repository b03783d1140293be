/// What the goods description says about the condition of the goods, and the words that said it.
public struct ConditionEvidence: Sendable, Hashable {
    /// `.used`, `.refurbished`, `.new` or `.unknown`.
    public var condition: GoodsCondition
    /// The deciding phrases as written in the description (original case and diacritics),
    /// in order of appearance; empty for `.unknown`.
    public var words: [String]

    public init(condition: GoodsCondition, words: [String]) {
        self.condition = condition
        self.words = words
    }
}

/// Decides the condition of goods from a free-text description (Vietnamese with or without
/// diacritics, English, any case, NFC or NFD, `?` for mis-encoded letters).
///
/// Decision: any refurbished phrase (not negated) gives `.refurbished`, because the label is the
/// more specific finding and Circular 11/2018 treats it as used anyway; its words then include
/// the plain "used" phrases too. Else any used phrase gives `.used`; else any new phrase (a negated
/// used phrase such as "chưa qua sử dụng" is one) gives `.new`; else `.unknown`.
public enum ConditionDetector {
    public static func decide(description: String) -> ConditionEvidence {
        let text = FoldedText(description)
        guard !text.tokens.isEmpty else { return ConditionEvidence(condition: .unknown, words: []) }
        var used: [String] = []
        var refurbished: [String] = []
        var new: [String] = []
        var usedOrRefurbished: [String] = []  // in order of appearance

        var i = 0
        var floor = 0  // first token not yet part of a phrase
        while i < text.tokens.count {
            guard let found = match(at: i, floor: floor, in: text) else {
                i += 1
                continue
            }
            let quote = text.quote(found.quote)
            switch found.signal {
            case .used:
                used.append(quote)
                usedOrRefurbished.append(quote)
            case .refurbished:
                refurbished.append(quote)
                usedOrRefurbished.append(quote)
            case .new:
                new.append(quote)
            }
            i = found.end
            floor = found.end
        }

        if !refurbished.isEmpty {
            return ConditionEvidence(condition: .refurbished, words: unique(usedOrRefurbished))
        }
        if !used.isEmpty { return ConditionEvidence(condition: .used, words: unique(used)) }
        if !new.isEmpty { return ConditionEvidence(condition: .new, words: unique(new)) }
        return ConditionEvidence(condition: .unknown, words: [])
    }

    // MARK: matching

    enum Signal: Sendable { case used, refurbished, new }

    /// What a phrase means when found, before negation.
    enum Meaning: Sendable {
        case used, refurbished, new
        /// "sử dụng", "dùng": says nothing alone, "chưa (từng) sử dụng" is new.
        case unusedIfNotYet
        /// English "used": not when it is "used for/in/…" or "widely used".
        case usedWord
        /// English "new": not in "New Zealand" and the like.
        case newWord
    }

    struct Found {
        var signal: Signal
        /// Folded byte range to quote.
        var quote: Range<Int>
        /// Token index past the phrase.
        var end: Int
    }

    static let phrases = PhraseTable<Meaning>([
        // used
        (Phrase("đã qua sử dụng", wildcards: true), .used),
        (Phrase("qua sử dụng", wildcards: true), .used),
        (Phrase("đã sử dụng", wildcards: true), .used),
        (Phrase("đã được sử dụng", wildcards: true), .used),
        (Phrase("qua sd"), .used),
        (Phrase("second hand"), .used),
        (Phrase("secondhand"), .used),
        (Phrase("2nd hand"), .used),
        (Phrase("pre owned"), .used),
        (Phrase("preowned"), .used),
        (Phrase("like new"), .used),
        (Phrase("as good as new"), .used),
        (Phrase("như mới"), .used),
        (Phrase("used"), .usedWord),
        // refurbished (Circular 11/2018 Art. 2: these labels count as used)
        (Phrase("đã tân trang", wildcards: true), .refurbished),
        (Phrase("tân trang", wildcards: true), .refurbished),
        (Phrase("tái chế", wildcards: true), .refurbished),
        (Phrase("refurbished"), .refurbished),
        (Phrase("refurbish"), .refurbished),
        (Phrase("refurb"), .refurbished),
        (Phrase("remanufactured"), .refurbished),
        (Phrase("reconditioned"), .refurbished),
        (Phrase("recertified"), .refurbished),
        (Phrase("renewed"), .refurbished),
        (Phrase("renew"), .refurbished),
        (Phrase("re-new"), .refurbished),
        (Phrase("recycled"), .refurbished),
        (Phrase("reused"), .refurbished),
        // new
        (Phrase("hàng mới"), .new),
        (Phrase("máy mới"), .new),
        (Phrase("mới nguyên"), .new),
        (Phrase("brand new"), .new),
        (Phrase("unused"), .new),
        (Phrase("new"), .newWord),
        // neutral unless "chưa"
        (Phrase("sử dụng", wildcards: true), .unusedIfNotYet),
        (Phrase("dùng"), .unusedIfNotYet),
    ])

    private static let negations: [Phrase] = ["chưa", "không", "not", "never", "non", "un"].map { Phrase($0) }
    private static let notYet = Phrase("chưa")
    /// Words that may stand between a negation and the phrase it negates ("không phải là hàng").
    private static let fillers: [[UInt8]] = [
        "phai", "la", "hang", "hoa", "san", "pham", "duoc", "tung", "he", "it", "is", "was", "are",
        "been", "be", "has", "have", "had", "yet", "ever", "the", "a", "an", "goods", "item", "items",
        "product", "products",
    ].map { Array($0.utf8) }

    private static let usedAfter: [[UInt8]] = [
        "for", "in", "with", "to", "by", "as", "on", "at", "into", "inside", "within", "under",
        "during", "when", "only", "exclusively", "mainly", "primarily", "together", "cho", "trong",
    ].map { Array($0.utf8) }
    private static let usedBefore: [[UInt8]] = [
        "be", "is", "are", "being", "commonly", "widely", "mainly", "mostly", "often", "usually",
        "typically", "frequently", "generally", "normally", "specially", "specifically", "most",
    ].map { Array($0.utf8) }
    private static let newAfter: [[UInt8]] = [
        "zealand", "york", "jersey", "delhi", "balance", "holland", "era", "mexico", "hampshire",
        "england", "caledonia", "guinea", "orleans", "brunswick", "south", "taipei",
    ].map { Array($0.utf8) }

    private static let hang = Phrase("hàng")
    private static let cuPrefixes: [Phrase] = ["hàng", "máy", "đồ"].map { Phrase($0) }
    private static let cuBigramPrefixes: [Phrase] = ["hàng", "máy"].map { Phrase($0) }
    private static let moi = Phrase("mới")
    private static let newWord = Array("new".utf8)
    private static let cu = Array("cu".utf8)
    private static let the = Array("the".utf8)

    private static func match(at i: Int, floor: Int, in text: FoldedText) -> Found? {
        // Most tokens start no phrase: their first byte says which checks can apply at all.
        let lead = text.bytes[text.tokens[i].start]
        if FoldedText.isDigit(lead) || lead == UInt8(ascii: "h") || lead == UInt8(ascii: "m") || lead == UInt8(ascii: "n"),
            let found = percentage(at: i, in: text)
        {
            return found
        }
        if lead == UInt8(ascii: "c"), text.token(i, is: cu), let found = old(at: i, floor: floor, in: text) { return found }
        let candidates = phrases.candidates(at: i, in: text)
        guard !candidates.isEmpty else { return nil }
        for index in candidates {
            guard let found = phrases.entries[index].phrase.match(at: i, in: text) else { continue }
            let end = found.end
            let negation = negation(before: i, floor: floor, in: text)
            let quoteStart = negation.map { text.tokens[$0].start } ?? found.bytes.lowerBound
            let quote = quoteStart..<found.bytes.upperBound
            switch phrases.entries[index].tag {
            case .used:
                return Found(signal: negation == nil ? .used : .new, quote: quote, end: end)
            case .refurbished:
                return Found(signal: negation == nil ? .refurbished : .new, quote: quote, end: end)
            case .new:
                return Found(signal: negation == nil ? .new : .used, quote: quote, end: end)
            case .unusedIfNotYet:
                guard let negation, notYet.match(at: negation, in: text) != nil else { continue }
                return Found(signal: .new, quote: quote, end: end)
            case .usedWord:
                if text.plainGap(after: i), text.token(i + 1, isAnyOf: usedAfter) { continue }
                if i > floor, text.plainGap(after: i - 1), text.token(i - 1, isAnyOf: usedBefore) {
                    continue
                }
                return Found(signal: negation == nil ? .used : .new, quote: quote, end: end)
            case .newWord:
                if text.plainGap(after: i), text.token(i + 1, isAnyOf: newAfter) { continue }
                return Found(signal: negation == nil ? .new : .used, quote: quote, end: end)
            }
        }
        return nil
    }

    /// Index of a negation word up to three fillers before token `i`, in the same clause.
    private static func negation(before i: Int, floor: Int, in text: FoldedText) -> Int? {
        var j = i - 1
        while j >= floor, j >= i - 4, text.plainGap(after: j) {
            if negations.contains(where: { $0.match(at: j, in: text) != nil }) { return j }
            guard text.token(j, isAnyOf: fillers) else { return nil }
            j -= 1
        }
        return nil
    }

    /// "mới 90%", "hàng mới 100%", "new 95%", "100% new": under 100 is used (trade usage), 100 new.
    private static func percentage(at i: Int, in text: FoldedText) -> Found? {
        let first = text.tokens[i].start
        let b = text.bytes[first]
        if FoldedText.isDigit(b) {
            guard let value = text.number(i), text.gap(after: i, is: [UInt8(ascii: "%")]),
                moi.match(at: i + 1, in: text) != nil || text.token(i + 1, is: newWord)
            else { return nil }
            return percentFound(value, quote: first..<text.tokens[i + 1].end, end: i + 2)
        }
        guard b == UInt8(ascii: "h") || b == UInt8(ascii: "m") || b == UInt8(ascii: "n") else {
            return nil
        }
        var j = i
        if hang.match(at: i, in: text) != nil {
            guard text.plainGap(after: i) else { return nil }
            j = i + 1
        }
        guard moi.match(at: j, in: text) != nil || text.token(j, is: newWord),
            text.plainGap(after: j), let value = text.number(j + 1),
            let symbol = text.firstSymbol(after: j + 1), symbol.byte == UInt8(ascii: "%")
        else { return nil }
        return percentFound(value, quote: first..<(symbol.position + 1), end: j + 2)
    }

    private static func percentFound(_ value: Double, quote: Range<Int>, end: Int) -> Found? {
        if value < 100 { return Found(signal: .used, quote: quote, end: end) }
        if value == 100 { return Found(signal: .new, quote: quote, end: end) }
        return nil
    }

    /// "cũ" (old): used when written with its tilde, or as "hang cu" / "may cu" without diacritics
    /// (never "dụng cụ", nor "hàng cụ thể" = specific goods).
    private static func old(at i: Int, floor: Int, in text: FoldedText) -> Found? {
        let u = text.tokens[i].start + 1
        let prefixed = i - 1 >= floor && text.plainGap(after: i - 1)
        var start = i
        if text.hasDiacritic(at: u) {
            guard text.quote(u..<(u + 1)).lowercased() == "ũ" else { return nil }
            if prefixed, cuPrefixes.contains(where: { $0.match(at: i - 1, in: text) != nil }) {
                start = i - 1
            }
        } else {
            guard !text.hasDiacritic(at: u - 1), prefixed,
                cuBigramPrefixes.contains(where: { $0.match(at: i - 1, in: text) != nil }),
                !(text.plainGap(after: i) && text.token(i + 1, is: the))
            else { return nil }
            start = i - 1
        }
        let negation = negation(before: start, floor: floor, in: text)
        let quote = text.tokens[negation ?? start].start..<text.tokens[i].end
        return Found(signal: negation == nil ? .used : .new, quote: quote, end: i + 1)
    }

    /// A description names a phrase or two: a linear scan costs less than hashing them.
    private static func unique(_ words: [String]) -> [String] {
        guard words.count > 1 else { return words }
        var kept: [String] = []
        for word in words where !kept.contains(word) { kept.append(word) }
        return kept
    }
}
