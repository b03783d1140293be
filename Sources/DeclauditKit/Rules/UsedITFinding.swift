/// The parts of a used-IT reason that every list rule shares: which entry covers the code, on
/// what basis, and whether a carve-out may apply (Circular 11/2018/TT-BTTTT Art. 2.2.c).
struct ListedUsedGoods {
    let entry: ListEntry
    let hsCode: HSCode
    /// Non-nil when the code falls under a carve-out.
    let carveOut: CarveOutKind?
    /// The description's words showing the carve-out applies (severity then drops to review).
    let carveOutWords: [String]?

    init?(_ assessment: ItemAssessment) {
        guard assessment.condition.condition.isUsedOrRefurbished, let hsCode = assessment.hsCode,
              let entry = assessment.match?.entry
        else { return nil }
        self.entry = entry
        self.hsCode = hsCode
        carveOut = CarveOuts.carveOut(for: hsCode)
        let description = assessment.item.description ?? ""
        switch carveOut {
        case .printerCopier?: carveOutWords = CarveOutEvidence.printerCopier(in: description)
        case .laserCartridge?: carveOutWords = CarveOutEvidence.laserCartridge(in: description)
        case nil: carveOutWords = nil
        }
    }

    func severity(otherwise severity: Severity) -> Severity {
        carveOutWords == nil ? severity : .review
    }

    /// "HS 8471.30.20 is covered by list entry 8471 (basis; confidence low)".
    var coverage: String {
        var basis = entry.basis.isEmpty ? "" : entry.basis
        if let confidence = entry.confidence, !confidence.isEmpty {
            basis += basis.isEmpty ? "confidence \(confidence)" : "; confidence \(confidence)"
        }
        return "HS \(hsCode.dotted) is covered by list entry \(entry.written)" + (basis.isEmpty ? "" : " (\(basis))")
    }

    /// The carve-out sentence tail, empty when none applies.
    var carveOutNote: String {
        guard let carveOut else { return "" }
        if let carveOutWords {
            let quoted = carveOutWords.map { "\"\($0)\"" }.joined(separator: ", ")
            return "; the description (\(quoted)) suggests a carve-out applies, so the inspector should confirm: \(carveOut.legalNote)"
        }
        return "; \(carveOut.legalNote)"
    }
}
