/// Stage 8, render: the findings in report order and the run's totals, as the `AuditResult`
/// the report writers render.
enum RenderStage {
    /// Input order, then source line, then rule; findings anchored in earlier runs come last,
    /// by their recorded source. A total order, so no tie depends on scheduling.
    static func reportOrder(_ findings: [StagedFinding]) -> [FindingFile.Entry] {
        findings.sorted { lhs, rhs in
            if lhs.input != rhs.input { return lhs.input < rhs.input }
            if lhs.entry.source != rhs.entry.source { return lhs.entry.source < rhs.entry.source }
            if lhs.entry.sourceLine != rhs.entry.sourceLine { return lhs.entry.sourceLine < rhs.entry.sourceLine }
            return lhs.entry.rule < rhs.entry.rule
        }.map(\.entry)
    }

    static func result(
        options: AuditOptions, inputs: [InputAudit], findings: RunFindings, versions: SettledVersions,
        permitAccounts: [PermitAccount]?, processing: RenderedSection?, resolved: [ResolvedFinding]
    ) throws(DeclauditError) -> AuditResult {
        try findings.file.finish()
        return AuditResult(
            asOf: options.asOf, list: options.list, inputs: inputs.map(\.report),
            findings: FindingList(file: findings.file, entries: reportOrder(findings.staged)),
            declarations: inputs.reduce(0) { $0 + $1.report.declarations },
            items: inputs.reduce(0) { $0 + $1.report.items },
            supersededSkipped: versions.superseded, cancelledSkipped: versions.cancelled,
            permitAccounts: permitAccounts, processing: processing, resolved: resolved)
    }
}
