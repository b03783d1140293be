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
    /// The audit date (`--as-of`) as a `ListDay`: the list rows in force then judge a line whose
    /// declaration has no readable registration date.
    let asOfDay: Int32

    init(list: ProhibitedList, permits: PermitRegistry? = nil, asOf: String? = nil) {
        self.list = list
        self.permits = permits
        asOfDay = asOf.flatMap(ListDay.of) ?? ListDay.latest
    }

    /// The day whose list rows judge `declaration`'s lines: its registration date, else the audit date.
    func listDay(of declaration: Declaration) -> Int32 {
        ListDay.of(declared: declaration.registeredOn) ?? asOfDay
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
