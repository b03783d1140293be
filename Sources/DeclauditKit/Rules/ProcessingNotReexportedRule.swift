/// `processing.not-reexported`: a processing contract with imports (E21, E23) whose deadline
/// (contract end + grace days) passed before the audit date, with no re-export or transfer
/// (E52, E54) at all. Reported once per contract, on its first import declaration.
struct ProcessingNotReexportedRule: ContractRule {
    static let id = RuleID.processingNotReexported

    func evaluate(_ contract: ContractBalance, list: ProhibitedList?) -> [ContractVerdict] {
        guard contract.deadlinePassed, contract.returns.isEmpty, let first = contract.imports.first else { return [] }
        let day = LegalRegime.day(registeredOn: first.registeredOn, asOf: contract.asOf)
        let imported = contract.goods.filter { $0.imported > 0 }
            .map { ReasonPhrases.quantity($0.imported, $0.unit, of: ReasonPhrases.goodsLabel($0)) }
        let listed = contract.goods.contains { $0.listedUsed }
        var parts = [
            ReasonPhrases.processingContract(contract.name, contract.deadlinePhrase)
                + ReasonPhrases.onlyImports(
                    declarations: ReasonPhrases.declarations(contract.imports.map(\.number)),
                    goods: imported.isEmpty ? nil : ReasonPhrases.list(imported, of: .goods)),
            ReasonPhrases.surplusDeadline(on: day),
        ]
        if listed { parts.append(ReasonPhrases.includesListedUsedGoods(on: day)) }
        let verdict = Verdict(severity: .high, listCode: nil, reason: Reason(parts: parts), listedUsedGoods: listed)
        return [ContractVerdict(verdict: verdict, record: first, line: nil, subject: nil)]
    }
}
