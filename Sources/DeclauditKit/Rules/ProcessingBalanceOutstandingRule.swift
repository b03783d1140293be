/// `processing.balance-outstanding`: after the deadline, a goods key imported under the
/// contract with more imported than re-exported or transferred, where both sides name the key
/// or the goods are listed used IT goods. One finding per goods key, on its first import line;
/// high for listed used IT goods, medium otherwise. Never with `not-reexported`, which needs a
/// contract with no return at all.
struct ProcessingBalanceOutstandingRule: ContractRule {
    static let id = RuleID.processingBalanceOutstanding

    /// `list` gives the `list_code` of listed used IT goods; nil leaves it empty.
    func evaluate(_ contract: ContractBalance, list: ProhibitedList?) -> [ContractVerdict] {
        guard contract.deadlinePassed, !contract.returns.isEmpty else { return [] }
        return contract.goods.compactMap { balance in
            guard balance.isCheckable, balance.outstanding > 0, let (record, line) = contract.firstImport(of: balance)
            else { return nil }
            let day = LegalRegime.day(registeredOn: record.registeredOn, asOf: contract.asOf)
            var parts = [
                ReasonPhrases.processingContract(contract.name, contract.deadlinePhrase) + ReasonPhrases.balance(balance, on: day)
            ]
            if balance.listedUsed { parts.append(ReasonPhrases.areListedUsedGoods(on: day)) }
            let verdict = Verdict(
                severity: balance.listedUsed ? .high : .medium,
                listCode: listCode(balance, line, record: record, asOf: contract.asOf, list: list), reason: Reason(parts: parts),
                listedUsedGoods: balance.listedUsed)
            return ContractVerdict(
                verdict: verdict, record: record, line: line,
                subject: FindingIdentity.subject(contract: contract.key, goodsKey: balance.goodsKey, unit: balance.unit))
        }
    }

    /// The entry covering listed used goods on the import's registration date (else the audit
    /// date), as the list writes it; looked up only for a finding.
    private func listCode(
        _ balance: GoodsBalance, _ line: ProcessingLine, record: ProcessingRecord, asOf: String, list: ProhibitedList?
    ) -> String? {
        guard balance.listedUsed, let list, let code = line.hsCode.flatMap({ HSCode(normalizing: $0) }) else { return nil }
        let day = ListDay.of(declared: record.registeredOn) ?? ListDay.of(asOf) ?? ListDay.latest
        return list.lookup(code, on: day).entry?.written
    }
}
