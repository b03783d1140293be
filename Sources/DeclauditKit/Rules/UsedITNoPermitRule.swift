/// `used-it.no-permit`: used or refurbished goods whose code the list covers, on a declaration
/// with no permit reference (an `HDGC` processing-contract reference is not a permit).
struct UsedITNoPermitRule: LineRule {
    static let id = RuleID.usedITNoPermit

    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict? {
        guard let listed = ListedUsedGoods(line), line.declaration.permitReferences.isEmpty else { return nil }
        let contract = line.declaration.licences.contains(where: \.isProcessingContract)
        return listed.verdict(
            line, severity: .high,
            [
                ReasonPhrases.noPermitReference(coverage: listed.coverage, processingContract: contract),
                ReasonPhrases.permitNeeded(on: context.legalDay(of: line.declaration)),
            ])
    }
}
