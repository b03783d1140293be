/// Judges processing contracts a wave at a time on `jobs` workers: balances, the contract rules
/// (`Rules.contract`) and the contract's entry in report.json's `processing` section. The ledger
/// is read on the database thread; this is the part that computes, records made from the wave's
/// bytes included, and it parallelises.
enum ContractJudging {
    /// What a slice of a wave gave, in the wave's order.
    struct Judged: Sendable {
        /// Members of the `processing` array (see `JSONWriter(membersAtDepth:)`).
        var json: [UInt8] = []
        var contracts = 0
        /// Each finding with the identity of the declaration it is anchored on, if known.
        var findings: [(finding: Finding, identity: String?)] = []
    }

    static func judge(
        _ wave: ContractWave, asOf: String, graceDays: Int, jobs: Int, list: ProhibitedList?, language: ReportLanguage
    ) -> [Judged] {
        let slices = max(1, min(jobs, wave.count))
        let size = (wave.count + slices - 1) / slices
        return Worker.all(slices) { slice in
            judge(
                wave, min(wave.count, slice * size)..<min(wave.count, (slice + 1) * size), asOf: asOf,
                graceDays: graceDays, list: list, language: language)
        }
    }

    private static func judge(
        _ wave: ContractWave, _ contracts: Range<Int>, asOf: String, graceDays: Int, list: ProhibitedList?,
        language: ReportLanguage
    ) -> Judged {
        var judged = Judged()
        var json = JSONWriter(membersAtDepth: 2, file: nil)
        wave.forEachContract(in: contracts) { key, records in
            let contract = ContractBalance(key: key, records: records, asOf: asOf, graceDays: graceDays)
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
