/// The carve-outs of Circular 11/2018/TT-BTTTT Art. 2.2.c, all in this file: which codes they
/// concern, what evidence in a description decides them, and what that does to a finding. The
/// HS code alone cannot decide one: the auditor says "carve-out may apply" and the inspector
/// decides. (The words are found by `CarveOutEvidence`; the sentences are in `ReasonPhrases`.)
public enum CarveOutKind: String, Sendable, CaseIterable {
    /// Used monochrome printers/copiers handling A0 or printing at least 35 A4 pages per minute;
    /// colour ones fall under the printing law instead.
    case printerCopier
    /// Used laser printer cartridges (the listed line 8443.99.20 excludes them).
    case laserCartridge

    /// The codes it concerns, as digit prefixes: the only table of them.
    public var codePrefixes: [String] {
        switch self {
        case .printerCopier: ["844331", "844332", "844339"]
        case .laserCartridge: ["84439920"]
        }
    }

    /// A sentence tail for `list lookup` when nothing in a description decides it (English).
    public var legalNote: String { ReasonPhrases.carveOutMayApply(self).en }

    /// What the carve-out says (English).
    public var rule: String { ReasonPhrases.carveOutRule(self).en }
}

public enum CarveOuts {
    /// The carve-out that may apply to goods under `code`, if any: printers/copiers under
    /// 8443.31, 8443.32 and 8443.39; cartridges under 8443.99.20.
    public static func carveOut(for code: HSCode) -> CarveOutKind? {
        let digits = code.digits
        return CarveOutKind.allCases.first { $0.codePrefixes.contains(where: digits.hasPrefix) }
    }

    /// The carve-outs that may apply to some code under `prefix` (1 to 8 digits), e.g. both for
    /// heading 8443.
    public static func carveOuts(under prefix: String) -> [CarveOutKind] {
        CarveOutKind.allCases.filter { kind in
            kind.codePrefixes.contains { $0.hasPrefix(prefix) || prefix.hasPrefix($0) }
        }
    }
}

/// A listed line's carve-out as its description shows it: for, against, or undecided.
struct CarveOutAssessment: Sendable, Hashable {
    let kind: CarveOutKind
    /// The description's words showing the carve-out applies (severity then drops to review).
    let wordsFor: [String]?
    /// The description's words showing the printer/copier carve-out does not apply (a speed
    /// below 35 pages per minute, with no A0 or colour): the reason then says so, not "may apply".
    let wordsAgainst: [String]?

    /// nil when no carve-out concerns `code`.
    init?(code: HSCode, description: String) {
        guard let kind = CarveOuts.carveOut(for: code) else { return nil }
        self.kind = kind
        switch kind {
        case .printerCopier:
            wordsFor = Self.printerCarveOutWords(in: description)
            wordsAgainst = wordsFor == nil ? Self.printerEvidenceAgainst(in: description) : nil
        case .laserCartridge:
            wordsFor = CarveOutEvidence.laserCartridge(in: description)
            wordsAgainst = nil
        }
    }

    /// The printer/copier carve-out applies to colour machines (printing law instead), or to
    /// monochrome ones that handle A0 or print at least 35 A4 pages per minute: monochrome
    /// alone is not enough.
    static func printerCarveOutWords(in description: String) -> [String]? {
        let phrases = CarveOutEvidence.printerCopierPhrases(in: description)
        let kinds = Set(phrases.map(\.kind))
        let applies = kinds.contains(.colour) || kinds.contains(.monochrome) && (kinds.contains(.a0) || kinds.contains(.speed))
        return applies ? phrases.map(\.phrase) : nil
    }

    /// Only A0, at least 35 pages per minute or colour could bring a printer/copier under the
    /// carve-out; a slower speed with none of those is evidence that it does not apply.
    static func printerEvidenceAgainst(in description: String) -> [String]? {
        let slow = CarveOutEvidence.printerSpeedsBelowCarveOut(in: description)
        guard !slow.isEmpty else { return nil }
        let kinds = Set(CarveOutEvidence.printerCopierPhrases(in: description).map(\.kind))
        guard kinds.isDisjoint(with: [.a0, .speed, .colour]) else { return nil }
        return slow
    }

    /// The rule's severity, or review when the description shows the carve-out.
    func severity(otherwise severity: Severity) -> Severity {
        wordsFor == nil ? severity : .review
    }

    /// The clause the reason ends with.
    var note: ReasonText {
        if let wordsFor { return ReasonPhrases.carveOutShown(kind, words: wordsFor) }
        if let wordsAgainst { return ReasonPhrases.carveOutEvidenceAgainst(words: wordsAgainst) }
        return ReasonPhrases.carveOutMayApply(kind)
    }
}
