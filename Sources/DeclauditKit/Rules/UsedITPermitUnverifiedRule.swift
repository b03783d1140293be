/// `used-it.permit-unverified`: as `used-it.no-permit`, but the declaration carries permit
/// references and no permit registry was given to check them against.
struct UsedITPermitUnverifiedRule: ItemRule {
    static let rule = RuleID.usedITPermitUnverified

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        let references = assessment.declaration.permitReferences
        guard context.permits == nil, !references.isEmpty, let listed = ListedUsedGoods(assessment) else { return nil }
        let named = references.map(\.reportForm).joined(separator: ", ")
        return assessment.finding(
            Self.rule, listed.severity(otherwise: .medium), listCode: listed.entry.written,
            reason: "Goods \(assessment.conditionPhrase); \(listed.coverage); the declaration cites \(named), which could not be verified because no permit registry was given (--permits)\(listed.carveOutNote).")
    }
}
