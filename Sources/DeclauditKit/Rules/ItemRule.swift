/// A rule that judges one imported goods line. Rules are tried in `ItemRules.all` order and
/// the first finding wins: a line gets at most one finding from them.
protocol ItemRule: Sendable {
    static var rule: RuleID { get }
    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding?
}

/// What rules may consult beyond the line itself.
struct RuleContext: Sendable {
    let list: ProhibitedList
    /// False until a permit registry is supplied (`--permits`).
    let hasPermitRegistry: Bool
}

enum ItemRules {
    static let all: [any ItemRule] = [
        InvalidHSCodeRule(), UsedITNoPermitRule(), UsedITPermitUnverifiedRule(), UnlistedITHeadingRule(),
    ]

    static func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        for rule in all {
            if let finding = rule.evaluate(assessment, context: context) { return finding }
        }
        return nil
    }
}
