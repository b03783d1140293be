/// `used-it.permit-unverified`: as `used-it.no-permit`, but the declaration carries permit
/// references and no permit registry was given to check them against.
struct UsedITPermitUnverifiedRule: LineRule {
    static let id = RuleID.usedITPermitUnverified

    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict? {
        guard context.permits == nil, let listed = ListedUsedGoods(line) else { return nil }
        let references = line.declaration.permitReferences
        guard !references.isEmpty else { return nil }
        let named = references.map(\.reportForm).joined(separator: ", ")
        return listed.verdict(line, severity: .medium, [listed.coverage, ReasonPhrases.permitsUnverified(named)])
    }
}
