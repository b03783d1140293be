/// What a rule judges: one imported goods line, one processing contract, or the whole run (the
/// permit draw-down needs every line of every input, in registration order).
enum RuleScope: Sendable {
    case line, contract, run
}

/// A rule of the contract: an id and a scope. It returns a `Verdict`, never a report row: the row
/// is built in one place (`Finding.init(_:_:about:context:)`).
protocol Rule: Sendable {
    static var id: RuleID { get }
    static var scope: RuleScope { get }
}

/// What a rule says about its subject: severity, list code and a reason that the phrasebook
/// renders in the report language.
struct Verdict: Sendable, Hashable {
    var severity: Severity
    var listCode: String?
    var reason: Reason
    /// Listed used IT goods are involved: a processing finding then cites the permit regime too.
    var listedUsedGoods = false
}

/// A rule about one imported goods line, as assessed (list match, condition, carve-out evidence).
protocol LineRule: Rule {
    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict?
}

extension LineRule {
    static var scope: RuleScope { .line }
}

/// A verdict about a processing contract, anchored on the declaration (and goods line) it is
/// reported on.
struct ContractVerdict: Sendable {
    var verdict: Verdict
    var record: ProcessingRecord
    var line: ProcessingLine?
    /// The identity's subject when the contract alone is not enough (a goods balance).
    var subject: String?
}

/// A rule about a processing contract's balances on the audit date.
protocol ContractRule: Rule {
    func evaluate(_ contract: ContractBalance, list: ProhibitedList?) -> [ContractVerdict]
}

extension ContractRule {
    static var scope: RuleScope { .contract }
}

/// A rule about a line that only the whole run can judge: the permit draw-down tells it which
/// checks failed for a candidate that no permit covered (empty when one did).
protocol RunRule: Rule {
    func evaluate(_ candidate: PermitCandidate, failures: [PermitFailure]) -> Verdict?
}

extension RunRule {
    static var scope: RuleScope { .run }
}

/// What rules may consult beyond their subject, and how their findings are written.
struct RuleContext: Sendable {
    let list: ProhibitedList
    /// The permit registry (`--permits`), when one was given.
    let permits: PermitRegistry?
    /// The audit date (`--as-of`): the list rows and instruments in force then judge a line whose
    /// declaration has no readable registration date.
    let asOf: String
    let asOfDay: Int32
    /// The language of the `reason` sentences (`--lang`).
    let language: ReportLanguage

    init(list: ProhibitedList, permits: PermitRegistry? = nil, asOf: String? = nil, language: ReportLanguage) {
        self.list = list
        self.permits = permits
        self.asOf = asOf ?? ""
        self.language = language
        asOfDay = asOf.flatMap(ListDay.of) ?? ListDay.latest
    }

    var findings: FindingContext { FindingContext(asOf: asOf, language: language) }

    /// The date whose instruments judge `declaration` (`LegalRegime.day`).
    func legalDay(of declaration: Declaration) -> String {
        LegalRegime.day(registeredOn: declaration.registeredOn, asOf: asOf)
    }

    /// The day whose list rows judge `declaration`'s lines: its registration date, else the audit date.
    func listDay(of declaration: Declaration) -> Int32 {
        ListDay.of(declared: declaration.registeredOn) ?? asOfDay
    }
}

/// Every rule, once. Adding a rule is one file with its type and one line here, in the list of
/// its scope; line rules are tried in order and the first verdict wins (a line gets at most one).
enum Rules {
    static let line: [any LineRule] = [
        InvalidHSCodeRule(), UsedITNoPermitRule(), UsedITPermitUnverifiedRule(), UnlistedITHeadingRule(),
    ]
    static let contract: [any ContractRule] = [ProcessingNotReexportedRule(), ProcessingBalanceOutstandingRule()]
    static let run: [any RunRule] = [UsedITPermitInvalidRule()]

    static var all: [any Rule.Type] {
        line.map { type(of: $0) } + contract.map { type(of: $0) } + run.map { type(of: $0) }
    }

    /// The finding for an assessed import line, if a line rule has one.
    static func judge(_ line: ItemAssessment, context: RuleContext) -> Finding? {
        for rule in self.line {
            if let verdict = rule.evaluate(line, context: context) {
                return Finding(type(of: rule).id, verdict, about: .line(line), context: context.findings)
            }
        }
        return nil
    }

    /// The findings of a processing contract judged on its audit date.
    static func judge(_ contract: ContractBalance, list: ProhibitedList?, language: ReportLanguage) -> [Finding] {
        let context = FindingContext(asOf: contract.asOf, language: language)
        return self.contract.flatMap { rule in
            rule.evaluate(contract, list: list).map {
                Finding(type(of: rule).id, $0.verdict, about: .contract(contract, $0), context: context)
            }
        }
    }

    /// The findings of a permit candidate once the draw-down has tried it (`failures` empty: covered).
    static func judge(_ candidate: PermitCandidate, failures: [PermitFailure], context: RuleContext) -> [Finding] {
        run.compactMap { rule in
            rule.evaluate(candidate, failures: failures).map {
                Finding(type(of: rule).id, $0, about: .line(candidate.line), context: context.findings)
            }
        }
    }
}
