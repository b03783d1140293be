public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case high, medium, review

    /// high > medium > review.
    var rank: Int {
        switch self {
        case .high: 2
        case .medium: 1
        case .review: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// The rule ids of the contract; their raw values are stable and appear in reports.
public enum RuleID: String, Sendable, Codable, CaseIterable, Comparable {
    case usedITNoPermit = "used-it.no-permit"
    case usedITPermitInvalid = "used-it.permit-invalid"
    case usedITPermitUnverified = "used-it.permit-unverified"
    case usedITUnlistedHeading = "used-it.unlisted-it-heading"
    case processingNotReexported = "processing.not-reexported"
    case processingBalanceOutstanding = "processing.balance-outstanding"
    case inputInvalidHSCode = "input.invalid-hs-code"

    public static func < (lhs: RuleID, rhs: RuleID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One flagged line (or contract): a value with every report column filled in.
public struct Finding: Sendable, Hashable {
    public var severity: Severity
    public var rule: RuleID
    public var declaration: String
    public var line: Int?
    public var typeCode: String
    public var registeredOn: String?
    public var customsOffice: String?
    public var taxCode: String?
    public var company: String?
    public var hsCode: String?
    public var listCode: String?
    public var description: String?
    public var condition: GoodsCondition?
    public var quantity: String?
    public var unit: String?
    public var value: String?
    public var currency: String?
    public var licences: String
    public var contract: String?
    public var reason: String
    public var source: String
    public var sourceLine: Int
    /// The finding's identity across runs and amendments (`FindingIdentity`).
    public var findingID: String
    /// `new` when first reported on this run's audit date, else `open` (set by the run).
    public var state: FindingState = .new
    /// The audit date of the first run of the finding's current episode (set by the run).
    public var firstReportedOn: String?
    /// The latest inspector decision and its note, if any (set by the run from the ledger).
    public var triage: String?
    public var triageNote: String?
    /// A `false-positive` or `accepted` decision holds on the run's date: the finding is reported
    /// but does not count for the exit status (set by the run from the ledger).
    public var suppressed = false
    /// The line's value in dong, where the input carries it.
    public var valueVND: String?
    /// The instruments in force on the declaration's date that the finding rests on, `; `-joined.
    public var legalBasis: String = ""

    /// `subject` is the identity's subject when the rule's default (declaration and line, or the
    /// contract) is not enough, as for a goods balance.
    public init(
        severity: Severity, rule: RuleID, declaration: String, line: Int?, typeCode: String,
        registeredOn: String?, customsOffice: String?, taxCode: String?, company: String?,
        hsCode: String?, listCode: String?, description: String?, condition: GoodsCondition?,
        quantity: String?, unit: String?, value: String?, currency: String?, licences: String,
        contract: String?, reason: String, source: String, sourceLine: Int, valueVND: String? = nil,
        subject: String? = nil
    ) {
        self.init(
            severity: severity, rule: rule, declaration: declaration, line: line, typeCode: typeCode,
            registeredOn: registeredOn, customsOffice: customsOffice, taxCode: taxCode, company: company, hsCode: hsCode,
            listCode: listCode, description: description, condition: condition, quantity: quantity, unit: unit,
            value: value, currency: currency, licences: licences, contract: contract, reason: reason, source: source,
            sourceLine: sourceLine, valueVND: valueVND,
            findingID: FindingIdentity.id(
                rule: rule,
                subject: subject
                    ?? FindingIdentity.subject(rule: rule, declaration: declaration, line: line, contract: contract)))
    }

    /// A finding whose id is known already: one read back from the run's findings file, where
    /// hashing its subject again cost more than the rest of its decoding.
    init(
        severity: Severity, rule: RuleID, declaration: String, line: Int?, typeCode: String,
        registeredOn: String?, customsOffice: String?, taxCode: String?, company: String?,
        hsCode: String?, listCode: String?, description: String?, condition: GoodsCondition?,
        quantity: String?, unit: String?, value: String?, currency: String?, licences: String,
        contract: String?, reason: String, source: String, sourceLine: Int, valueVND: String?, findingID: String
    ) {
        self.severity = severity
        self.rule = rule
        self.declaration = declaration
        self.line = line
        self.typeCode = typeCode
        self.registeredOn = registeredOn
        self.customsOffice = customsOffice
        self.taxCode = taxCode
        self.company = company
        self.hsCode = hsCode
        self.listCode = listCode
        self.description = description
        self.condition = condition
        self.quantity = quantity
        self.unit = unit
        self.value = value
        self.currency = currency
        self.licences = licences
        self.contract = contract
        self.reason = reason
        self.source = source
        self.sourceLine = sourceLine
        self.valueVND = valueVND
        self.findingID = findingID
    }
}

/// Whether a finding is new this run or was already open (with a ledger, from earlier runs).
public enum FindingState: String, Sendable, Codable, CaseIterable {
    case new, open
}
