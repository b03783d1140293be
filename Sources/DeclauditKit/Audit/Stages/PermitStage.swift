internal import GRDB

/// Stage 6, permits: the kept permit candidates draw on the registry in registration order,
/// after what earlier runs drew (the ledger); a line the permits cannot cover is a finding.
enum PermitStage {
    /// The permit lines' accounts; nil without a registry.
    static func draw(
        _ candidates: [PermitCandidate], registry: PermitRegistry?, versions: SettledVersions, context: RuleContext,
        findings: inout RunFindings, in db: Database
    ) throws -> [PermitAccount]? {
        guard let registry else { return nil }
        var drawDown = PermitDrawDown(registry: registry)
        let kept = candidates.filter { versions.isKept($0.key) }
        let identities = Set(kept.map(\.key.identity))
        drawDown.preDraw(try Ledger.priorDraws(excluding: identities, in: db))
        var recorded: [(identity: String, registeredOn: String?, account: PermitLine, draw: PermitDraw)] = []
        for candidate in kept.sorted(by: PermitCandidate.drawOrder) {
            switch drawDown.apply(candidate) {
            case .uncovered(let failures):
                for finding in Rules.judge(candidate, failures: failures, context: context) {
                    try findings.add(finding, input: candidate.key.input, key: nil, in: db)
                }
            case .covered(let permit, let draw):
                recorded.append((candidate.key.identity, candidate.registeredOn, permit, draw))
            }
        }
        try Ledger.replaceDraws(of: identities, with: recorded, in: db)
        return drawDown.accounts
    }
}
