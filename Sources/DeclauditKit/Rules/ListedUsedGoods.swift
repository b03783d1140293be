/// What the three permit rules share about a line: used or refurbished goods that a list entry
/// covers, and the carve-out that may apply to them.
struct ListedUsedGoods: Sendable {
    let entry: ListEntry
    let hsCode: HSCode
    let carveOut: CarveOutAssessment?

    init?(_ line: borrowing ItemAssessment) {
        guard line.condition.condition.isUsedOrRefurbished, let hsCode = line.hsCode, let entry = line.match?.entry else {
            return nil
        }
        self.entry = entry
        self.hsCode = hsCode
        carveOut = CarveOutAssessment(code: hsCode, description: line.item.description ?? "")
    }

    func severity(otherwise severity: Severity) -> Severity {
        carveOut?.severity(otherwise: severity) ?? severity
    }

    var coverage: ReasonText { ReasonPhrases.coverage(hsCode: hsCode, entry: entry) }

    /// The verdict of a permit rule: "Goods …; coverage; `clauses`; carve-out".
    func verdict(_ line: ItemAssessment, severity: Severity, _ clauses: [ReasonText]) -> Verdict {
        let parts = [ReasonPhrases.goods(line.conditionPhrase)] + clauses + (carveOut.map { [$0.note] } ?? [])
        return Verdict(
            severity: self.severity(otherwise: severity), listCode: entry.written, reason: Reason(parts: parts),
            listedUsedGoods: true)
    }
}
