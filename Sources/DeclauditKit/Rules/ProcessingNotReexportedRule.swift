/// `processing.not-reexported`: a processing contract with imports (E21, E23) whose deadline
/// (contract end + grace days) passed before the audit date, with no re-export or transfer
/// (E52, E54) at all. Reported once per contract, on its first import declaration.
struct ProcessingNotReexportedRule {
    static let rule = RuleID.processingNotReexported

    func evaluate(_ contract: ContractBalance) -> Finding? {
        guard contract.deadlinePassed, contract.returns.isEmpty, let first = contract.imports.first else { return nil }
        let imported = contract.goods.filter { $0.imported > 0 }
            .map { "\($0.imported) \($0.unit) of \($0.label)" }
        let listed = contract.goods.contains { $0.listedUsed }
            ? "; they include listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)" : ""
        let goods = imported.isEmpty ? "" : "; goods: \(ContractBalance.list(imported))"
        return Finding(
            severity: .high, rule: Self.rule, declaration: first.number, line: nil, typeCode: first.typeCode,
            registeredOn: first.registeredOn, customsOffice: first.customsOffice, taxCode: first.taxCode,
            company: first.company, hsCode: nil, listCode: nil, description: nil, condition: nil, quantity: nil,
            unit: nil, value: nil, currency: nil, licences: first.licences, contract: contract.key,
            reason: "Processing contract \(contract.name) \(contract.deadlinePhrase), but only imports were declared (\(ContractBalance.list(contract.imports.map(\.number)))\(goods)) and no re-export (E52) or transfer (E54); surplus goods must leave within 30 days of the contract's end (Circular 38/2015/TT-BTC Art. 64)\(listed).",
            source: first.source, sourceLine: first.sourceLine)
    }
}
