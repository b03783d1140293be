/// What a finding is about: the assessed line, or the contract and the verdict's anchor in it.
/// Its columns fill the report row.
enum FindingSubject {
    case line(ItemAssessment)
    case contract(ContractBalance, ContractVerdict)
}

/// How findings are written: the audit date stands in for a missing registration date.
struct FindingContext: Sendable {
    let asOf: String
    let language: ReportLanguage
}

extension Finding {
    /// The report row of `rule`'s verdict about `subject`: the one place a verdict becomes a
    /// finding, with its reason rendered in the report language and its `legal_basis` from the
    /// instruments in force on the declaration's registration date (else the audit date).
    init(_ rule: RuleID, _ verdict: Verdict, about subject: FindingSubject, context: FindingContext) {
        switch subject {
        case .line(let line):
            let declaration = line.declaration
            let item = line.item
            var reason = verdict.reason
            reason.notes += line.unreadableFieldNotes
            self.init(
                severity: verdict.severity, rule: rule, declaration: declaration.number, line: item.line,
                typeCode: declaration.typeCode, registeredOn: declaration.registeredOn,
                customsOffice: declaration.customsOffice, taxCode: declaration.declarantTaxCode,
                company: declaration.declarantName, hsCode: line.hsCode?.digits ?? item.hsCode, listCode: verdict.listCode,
                description: item.description, condition: line.condition.condition, quantity: item.quantity,
                unit: item.unit, value: item.value, currency: item.currency,
                licences: declaration.licences.map(\.reportForm).joined(separator: ";"),
                contract: ContractKey.of(declaration), reason: reason.rendered(in: context.language), source: line.source,
                sourceLine: item.sourceLine, valueVND: line.valueVND)
        case .contract(let contract, let anchor):
            let record = anchor.record
            let line = anchor.line
            self.init(
                severity: verdict.severity, rule: rule, declaration: record.number, line: line?.line,
                typeCode: record.typeCode, registeredOn: record.registeredOn, customsOffice: record.customsOffice,
                taxCode: record.taxCode, company: record.company, hsCode: line?.hsCode, listCode: verdict.listCode,
                description: line?.description, condition: line?.decidedCondition, quantity: line?.quantity,
                unit: line?.unit, value: nil, currency: nil, licences: record.licences, contract: contract.key,
                reason: verdict.reason.rendered(in: context.language), source: record.source,
                sourceLine: line?.sourceLine ?? record.sourceLine, subject: anchor.subject)
        }
        let day = LegalRegime.day(registeredOn: registeredOn, asOf: context.asOf)
        legalBasis = LegalRegime.basis(of: rule, on: day, listedUsedGoods: verdict.listedUsedGoods)
    }
}
