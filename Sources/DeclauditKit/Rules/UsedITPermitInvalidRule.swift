/// `used-it.permit-invalid`: listed used goods on a declaration that cites permits, when a
/// permit registry was given and no registry permit covers the line. Whether one covers it
/// depends on the quantities drawn by earlier-registered lines anywhere in the run, so this is a
/// run rule: the line stage keeps a candidate, and the draw-down says which checks failed.
struct UsedITPermitInvalidRule: RunRule {
    static let id = RuleID.usedITPermitInvalid

    /// The line as a candidate for the draw-down, when the rule may apply to it.
    static func candidate(_ line: ItemAssessment, key: DeclarationKey, context: RuleContext) -> PermitCandidate? {
        guard context.permits != nil, !line.declaration.permitReferences.isEmpty, let listed = ListedUsedGoods(line) else {
            return nil
        }
        return PermitCandidate(key: key, line: line, hsCode: listed.hsCode)
    }

    func evaluate(_ candidate: PermitCandidate, failures: [PermitFailure]) -> Verdict? {
        guard !failures.isEmpty, let listed = ListedUsedGoods(candidate.line) else { return nil }
        return listed.verdict(candidate.line, severity: .high, [listed.coverage, ReasonPhrases.noPermitCovers(failures)])
    }
}
