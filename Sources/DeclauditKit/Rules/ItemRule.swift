/// A rule that judges one imported goods line. Rules are tried in `ItemRules.all` order and
/// the first finding wins: a line gets at most one finding from them.
protocol ItemRule: Sendable {
    static var rule: RuleID { get }
    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding?
}

/// What rules may consult beyond the line itself.
struct RuleContext: Sendable {
    let list: ProhibitedList
    /// The permit registry (`--permits`), when one was given.
    let permits: PermitRegistry?

    init(list: ProhibitedList, permits: PermitRegistry? = nil) {
        self.list = list
        self.permits = permits
    }
}

enum ItemRules {
    static let all: [any ItemRule] = [
        InvalidHSCodeRule(), UsedITNoPermitRule(), UsedITPermitInvalidRule(), UsedITPermitUnverifiedRule(),
        UnlistedITHeadingRule(),
    ]

    static func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        for rule in all {
            if let finding = rule.evaluate(assessment, context: context) { return finding }
        }
        return nil
    }
}
