/// `processing.balance-outstanding`: after the deadline, a goods key imported under the
/// contract with more imported than re-exported or transferred, where both sides name the key
/// or the goods are listed used IT goods. One finding per goods key, on its first import line;
/// high for listed used IT goods, medium otherwise. Not reported with `not-reexported`.
struct ProcessingBalanceOutstandingRule {
    static let rule = RuleID.processingBalanceOutstanding
    /// The run's list, for the `list_code` of listed used IT goods; nil leaves it empty.
    var list: ProhibitedList?

    func evaluate(_ contract: ContractBalance) -> [Finding] {
        guard contract.deadlinePassed, !contract.returns.isEmpty else { return [] }
        return contract.goods.compactMap { balance in
            guard balance.isCheckable, balance.outstanding > 0, let (record, line) = balance.firstImport else { return nil }
            let returned = balance.returnDeclarations.isEmpty
                ? "none was re-exported or transferred"
                : "\(balance.returned) \(balance.unit) were re-exported or transferred (\(ContractBalance.list(balance.returnDeclarations)))"
            let listed = balance.listedUsed
                ? "; these are listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)" : ""
            return Finding(
                severity: balance.listedUsed ? .high : .medium, rule: Self.rule, declaration: record.number,
                line: line.line, typeCode: record.typeCode, registeredOn: record.registeredOn,
                customsOffice: record.customsOffice, taxCode: record.taxCode, company: record.company,
                hsCode: line.hsCode, listCode: listCode(balance, line, record: record, asOf: contract.asOf),
                description: line.description,
                condition: line.decidedCondition,
                quantity: line.quantity, unit: line.unit, value: nil, currency: nil, licences: record.licences,
                contract: contract.key,
                reason: "Processing contract \(contract.name) \(contract.deadlinePhrase): \(balance.imported) \(balance.unit) of \(balance.label) were imported (\(ContractBalance.list(balance.importDeclarations))) and \(returned), leaving \(balance.outstanding) \(balance.unit) not returned (Circular 38/2015/TT-BTC Art. 64)\(listed).",
                source: record.source, sourceLine: line.sourceLine,
                subject: FindingIdentity.subject(contract: contract.key, goodsKey: balance.goodsKey, unit: balance.unit))
        }
    }

    /// The entry covering listed used goods on the import's registration date (else the audit
    /// date), as the list writes it; looked up only for a finding.
    private func listCode(_ balance: GoodsBalance, _ line: ProcessingLine, record: ProcessingRecord, asOf: String) -> String? {
        guard balance.listedUsed, let list, let code = line.hsCode.flatMap({ HSCode(normalizing: $0) }) else { return nil }
        let day = ListDay.of(declared: record.registeredOn) ?? ListDay.of(asOf) ?? ListDay.latest
        return list.lookup(code, on: day).entry?.written
    }
}
