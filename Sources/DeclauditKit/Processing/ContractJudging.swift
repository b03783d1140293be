/// Judges processing contracts a wave at a time on `jobs` workers: balances, the contract rules
/// (`Rules.contract`) and the contract's entry in report.json's `processing` section. The ledger
/// is read on the database thread; this is the part that computes, and it parallelises.
enum ContractJudging {
    /// One contract as the ledger gives it.
    struct Contract: Sendable {
        let key: String
        let records: [ProcessingRecord]
    }

    /// What a slice of a wave gave, in the wave's order.
    struct Judged: Sendable {
        /// Members of the `processing` array (see `JSONWriter(membersAtDepth:)`).
        var json: [UInt8] = []
        var contracts = 0
        /// Each finding with the identity of the declaration it is anchored on, if known.
        var findings: [(finding: Finding, identity: String?)] = []
    }

    static func judge(
        _ wave: [Contract], asOf: String, graceDays: Int, jobs: Int, list: ProhibitedList?, language: ReportLanguage
    ) -> [Judged] {
        let slices = max(1, min(jobs, wave.count))
        let size = (wave.count + slices - 1) / slices
        return Worker.all(slices) { slice in
            judge(
                wave[min(wave.count, slice * size)..<min(wave.count, (slice + 1) * size)], asOf: asOf, graceDays: graceDays,
                list: list, language: language)
        }
    }

    private static func judge(
        _ contracts: ArraySlice<Contract>, asOf: String, graceDays: Int, list: ProhibitedList?, language: ReportLanguage
    ) -> Judged {
        var judged = Judged()
        var json = JSONWriter(membersAtDepth: 2, file: nil)
        for entry in contracts {
            let contract = ContractBalance(key: entry.key, records: entry.records, asOf: asOf, graceDays: graceDays)
            JSONReport.write(contract, to: &json)
            judged.contracts += 1
            for finding in Rules.judge(contract, list: list, language: language) {
                let record = (contract.imports + contract.returns).first { $0.number == finding.declaration }
                judged.findings.append((finding, record?.identity))
            }
        }
        judged.json = json.bytes
        return judged
    }
}
