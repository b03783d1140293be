/// `used-it.permit-unverified`: as `used-it.no-permit`, but the declaration carries permit
/// references and no permit registry was given to check them against.
struct UsedITPermitUnverifiedRule: LineRule {
    static let id = RuleID.usedITPermitUnverified

    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict? {
        let references = line.declaration.permitReferences
        guard context.permits == nil, !references.isEmpty, let listed = ListedUsedGoods(line) else { return nil }
        let named = references.map(\.reportForm).joined(separator: ", ")
        return listed.verdict(line, severity: .medium, [listed.coverage, ReasonPhrases.permitsUnverified(named)])
    }
}
