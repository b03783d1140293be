/// `input.invalid-hs-code`: an import line whose HS code is missing or not 8 digits after
/// normalisation; such a line cannot be looked up in the list.
struct InvalidHSCodeRule: LineRule {
    static let id = RuleID.inputInvalidHSCode

    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict? {
        guard line.hsCode == nil else { return nil }
        var parts = [ReasonPhrases.invalidHSCode(line.item.hsCode)]
        // A used line with a bad code may be listed goods in disguise: say so.
        if line.condition.condition.isUsedOrRefurbished { parts.append(ReasonPhrases.mayBeListedUsedGoods(line.conditionPhrase)) }
        return Verdict(severity: .review, listCode: nil, reason: Reason(parts: parts))
    }
}
