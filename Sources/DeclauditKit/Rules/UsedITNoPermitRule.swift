/// `used-it.no-permit`: used or refurbished goods whose code the list covers, on a declaration
/// with no permit reference (an `HDGC` processing-contract reference is not a permit).
struct UsedITNoPermitRule: ItemRule {
    static let rule = RuleID.usedITNoPermit

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        guard let listed = ListedUsedGoods(assessment), assessment.declaration.permitReferences.isEmpty else { return nil }
        let contractNote = assessment.declaration.licences.contains(where: \.isProcessingContract)
            ? " (its HDGC reference is a processing contract, not a permit)" : ""
        return assessment.finding(
            Self.rule, listed.severity(otherwise: .high), listCode: listed.entry.written,
            reason: "Goods \(assessment.conditionPhrase); \(listed.coverage), and the declaration carries no permit reference\(contractNote); importing listed used IT products needs a Ministry of Science and Technology permit (Circular 26/2025/TT-BKHCN)\(listed.carveOutNote).")
    }
}
