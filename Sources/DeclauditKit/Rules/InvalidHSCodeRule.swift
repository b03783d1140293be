/// `input.invalid-hs-code`: an import line whose HS code is missing or not 8 digits after
/// normalisation; such a line cannot be looked up in the list.
struct InvalidHSCodeRule: ItemRule {
    static let rule = RuleID.inputInvalidHSCode

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        guard assessment.hsCode == nil else { return nil }
        let problem = assessment.item.hsCode.map { "HS code \"\($0)\" is not 8 digits after removing dots and spaces" }
            ?? "The HS code is missing"
        // A used line with a bad code may be listed goods in disguise: say so.
        let risk = assessment.condition.condition.isUsedOrRefurbished
            ? "; the goods are \(assessment.conditionPhrase), so they may be listed used IT products" : ""
        return assessment.finding(
            Self.rule, .review, listCode: nil,
            reason: "\(problem), so the line could not be checked against the list of used IT products prohibited from import (Circular 11/2018/TT-BTTTT)\(risk).")
    }
}
