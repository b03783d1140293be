import Foundation

/// The parts of a used-IT reason that every list rule shares: which entry covers the code, on
/// what basis, and whether a carve-out may apply (Circular 11/2018/TT-BTTTT Art. 2.2.c).
struct ListedUsedGoods {
    let entry: ListEntry
    let hsCode: HSCode
    /// Non-nil when the code falls under a carve-out.
    let carveOut: CarveOutKind?
    /// The description's words showing the carve-out applies (severity then drops to review).
    let carveOutWords: [String]?
    /// The description's words showing the printer/copier carve-out does not apply (a speed
    /// below 35 pages per minute, with no A0 or colour): the reason then says so, not "may apply".
    let carveOutAgainstWords: [String]?

    init?(_ assessment: ItemAssessment) {
        guard assessment.condition.condition.isUsedOrRefurbished, let hsCode = assessment.hsCode,
              let entry = assessment.match?.entry
        else { return nil }
        self.entry = entry
        self.hsCode = hsCode
        carveOut = CarveOuts.carveOut(for: hsCode)
        let description = assessment.item.description ?? ""
        switch carveOut {
        case .printerCopier?:
            carveOutWords = Self.printerCarveOutWords(in: description)
            carveOutAgainstWords = carveOutWords == nil ? Self.printerEvidenceAgainst(in: description) : nil
        case .laserCartridge?:
            carveOutWords = CarveOutEvidence.laserCartridge(in: description)
            carveOutAgainstWords = nil
        case nil:
            carveOutWords = nil
            carveOutAgainstWords = nil
        }
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

    /// The printer/copier carve-out applies to colour machines (printing law instead), or to
    /// monochrome ones that handle A0 or print at least 35 A4 pages per minute: monochrome
    /// alone is not enough.
    static func printerCarveOutWords(in description: String) -> [String]? {
        let phrases = CarveOutEvidence.printerCopierPhrases(in: description)
        let kinds = Set(phrases.map(\.kind))
        let applies = kinds.contains(.colour) || kinds.contains(.monochrome) && (kinds.contains(.a0) || kinds.contains(.speed))
        return applies ? phrases.map(\.phrase) : nil
    }

    func severity(otherwise severity: Severity) -> Severity {
        carveOutWords == nil ? severity : .review
    }

    /// "HS 8471.30.20 is covered by list entry 8471 (Circular 11/2018/TT-BTTTT Appendix; confidence high)".
    /// Only the instrument part of the basis (before its first `;`) and the confidence level
    /// (before its `:`) go into the sentence; the rest of a row's notes stay in the list.
    var coverage: String {
        var parts: [String] = []
        if let instrument = entry.basis.split(separator: ";").first.map({ $0.trimmingCharacters(in: .whitespaces) }), !instrument.isEmpty {
            parts.append(instrument)
        }
        if let confidence = entry.confidence?.split(separator: ":").first.map({ $0.trimmingCharacters(in: .whitespaces) }),
           !confidence.isEmpty, confidence != "n/a"
        {
            parts.append("confidence \(confidence)")
        }
        let basis = parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))"
        return "HS \(hsCode.dotted) is covered by list entry \(entry.dotted)\(basis)"
    }

    /// The carve-out sentence tail, empty when none applies.
    var carveOutNote: String {
        guard let carveOut else { return "" }
        if let carveOutWords {
            let quoted = carveOutWords.map { "\"\($0)\"" }.joined(separator: ", ")
            return "; severity lowered to review because the description shows the carve-out (\(quoted)): \(carveOut.rule)"
        }
        if let carveOutAgainstWords {
            let quoted = carveOutAgainstWords.map { "\"\($0)\"" }.joined(separator: ", ")
            return "; the carve-out for used monochrome printers/copiers (A0 or at least 35 A4 pages per minute; colour ones fall under the printing law, Circular 11/2018/TT-BTTTT Art. 2.2.c) does not apply on this description: it gives \(quoted), below 35 pages per minute, and shows neither A0 nor colour"
        }
        return "; \(carveOut.legalNote)"
    }
}
