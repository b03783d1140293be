/// What the auditor established about one imported goods line before the rules judge it:
/// its normalised code, its condition and why, and what the list says of the code. A class: the
/// rules, a finding and a permit candidate share one (a struct of it would copy, retaining each of
/// its declaration's, line's and list entries' Strings, at every hand-over).
final class ItemAssessment: Sendable {
    let declaration: Declaration
    let item: DeclarationItem
    let source: String
    /// nil when the declared code is missing or not 8 digits.
    let hsCode: HSCode?
    let condition: ConditionEvidence
    /// True when the condition came from the declared `Condition`, not the description.
    let conditionDeclared: Bool
    /// What the list says of the code on `listDay`; nil when the code is invalid.
    let match: ListMatch?

    /// `listDay`: the day whose list rows apply (`RuleContext.listDay(of:)`); without one, the
    /// rows with no end date.
    convenience init(
        declaration: Declaration, item: DeclarationItem, source: String, list: ProhibitedList, listDay: Int32 = ListDay.latest
    ) {
        self.init(
            declaration: declaration, item: item, hsCode: item.hsCode.flatMap { HSCode(normalizing: $0) }, source: source,
            list: list, listDay: listDay)
    }

    /// As above, with the line's code already normalised (`AssessStage` does it once per line).
    init(
        declaration: Declaration, item: DeclarationItem, hsCode: HSCode?, source: String, list: ProhibitedList,
        listDay: Int32
    ) {
        self.declaration = declaration
        self.item = item
        self.source = source
        self.hsCode = hsCode
        let match = hsCode.map { list.lookup($0, on: listDay) }
        self.match = match
        if let declared = item.declaredCondition, declared != .unknown {
            condition = ConditionEvidence(condition: declared, words: [])
            conditionDeclared = true
        } else if ItemAssessment.conditionMatters(hsCode: hsCode, match: match), let description = item.description {
            condition = ConditionDetector.decide(description: description)
            conditionDeclared = false
        } else {
            // No rule can use the condition of a line outside every list heading, so the
            // description is not read (most lines of a dump).
            condition = ConditionEvidence(condition: GoodsCondition.unknown, words: [])
            conditionDeclared = false
        }
    }

    /// Whether any rule can apply to the line: its code is invalid, or the list covers or
    /// watches it. Most lines of a dump fail this cheap test and are not assessed further.
    static func isCandidate(_ item: DeclarationItem, list: ProhibitedList) -> Bool {
        isCandidate(hsCode: item.hsCode.flatMap { HSCode(normalizing: $0) }, list: list)
    }

    /// `isCandidate` from the line's code as normalised (nil when absent or invalid). On any day:
    /// the line's date is not known yet, and most lines fail this whatever it is.
    static func isCandidate(hsCode code: HSCode?, list: ProhibitedList) -> Bool {
        guard let code else { return true }
        return list.coversOnSomeDay(code)
    }

    /// The condition decides a finding only for lines the list covers or watches, and adds
    /// evidence to a line whose code cannot be looked up.
    private static func conditionMatters(hsCode: HSCode?, match: ListMatch?) -> Bool {
        guard hsCode != nil, let match else { return true }
        return match.entry != nil || match.review != nil
    }

    /// "declared as used (Condition element)" or "described as used ("đã qua sử dụng" in the description)".
    var conditionPhrase: ReasonText {
        ReasonPhrases.conditionEvidence(condition, declared: conditionDeclared)
    }

    /// The declared value in dong, else the value itself when it is declared in dong.
    var valueVND: String? {
        item.valueVND ?? (item.currency?.uppercased() == "VND" ? item.value : nil)
    }

    /// Fields the reader keeps as declared but that are not what they should be: a finding's
    /// reason names them, so an inspector knows why a date or quantity could not be used.
    var unreadableFieldNotes: [ReasonText] {
        var notes: [ReasonText] = []
        if let date = declaration.registeredOn, DateText.normalize(date) != date {
            notes.append(ReasonPhrases.unreadableRegistrationDate(date))
        }
        if let quantity = item.quantity, !DecimalText.isPlainDecimal(quantity) {
            notes.append(ReasonPhrases.unreadableQuantity(quantity))
        }
        return notes
    }
}

/// The processing contract key of a declaration: declarant tax code + `HDGC` registration
/// number, or the contract number when no `HDGC` licence is present (declaration-data.md §4).
enum ContractKey {
    static func of(_ declaration: Declaration) -> String? {
        guard !TypeCodes.kind(of: declaration.typeCode).isDisjoint(with: .processing)
        else { return nil }
        let registration = declaration.licences.first(where: \.isProcessingContract)?.number ?? declaration.contractNumber
        guard let registration else { return nil }
        return "\(declaration.declarantTaxCode ?? "")/\(registration)"
    }
}
