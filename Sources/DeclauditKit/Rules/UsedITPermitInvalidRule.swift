import Foundation

/// `used-it.permit-invalid`: listed used goods on a declaration that cites permits, when a
/// permit registry was given and no registry permit covers the line. Whether one covers it
/// depends on the quantities drawn by earlier-registered lines anywhere in the run, so the rule
/// yields a candidate here and `PermitDrawDown` decides after every input has been read.
struct UsedITPermitInvalidRule: ItemRule {
    static let rule = RuleID.usedITPermitInvalid
    /// Replaced by the failed checks once the draw-down has run.
    static let failuresPlaceholder = "\u{0}permit-failures\u{0}"

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        guard context.permits != nil, !assessment.declaration.permitReferences.isEmpty,
              let listed = ListedUsedGoods(assessment)
        else { return nil }
        return assessment.finding(
            Self.rule, listed.severity(otherwise: .high), listCode: listed.entry.written,
            reason: "Goods \(assessment.conditionPhrase); \(listed.coverage); no permit in the registry covers the line: \(Self.failuresPlaceholder)\(listed.carveOutNote).")
    }

    /// The candidate for the draw-down, built from the provisional finding.
    static func candidate(_ finding: Finding, assessment: ItemAssessment, key: DeclarationKey) -> PermitCandidate? {
        guard let hsCode = assessment.hsCode else { return nil }
        let quantityText = assessment.item.quantity
        let quantity = quantityText.flatMap(DecimalText.value)
        return PermitCandidate(
            key: key, finding: finding, hsCode: hsCode, quantity: quantity, quantityText: quantityText,
            unit: assessment.item.unit, holderTaxCode: assessment.declaration.declarantTaxCode,
            registeredOn: assessment.declaration.registeredOn, typeCode: assessment.declaration.typeCode,
            permitNumbers: assessment.declaration.permitReferences.map(\.number))
    }
}
