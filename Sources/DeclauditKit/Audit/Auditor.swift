import Dispatch
import Synchronization

/// Runs the rules over every input: files in parallel (`jobs`), each file streamed on one
/// thread, results merged in input order so the reports do not depend on scheduling.
public enum Auditor {
    public static func audit(
        _ files: [InputFile], options: AuditOptions,
        progress: (@Sendable (AuditProgress) -> Void)? = nil
    ) -> AuditResult {
        let context = RuleContext(list: options.list, permits: options.permits)
        let results = Mutex<[FileAudit?]>(Array(repeating: nil, count: files.count))
        let next = Atomic<Int>(0)
        let tally = Mutex(AuditProgress(filesDone: 0, filesTotal: files.count, declarations: 0, findings: 0))
        let workers = min(options.jobs, max(1, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < files.count else { return }
                let audit = FileAudit.run(files[index], index: index, context: context)
                results.withLock { $0[index] = audit }
                if let progress {
                    let snapshot = tally.withLock { state -> AuditProgress in
                        state.filesDone += 1
                        state.declarations += audit.report.declarations
                        state.findings += audit.findings.count
                        return state
                    }
                    progress(snapshot)
                }
            }
        }
        let audits = results.withLock { $0.map { $0! } }
        return merge(audits, options: options)
    }

    /// Keeps only the highest version of each declaration (first occurrence of duplicates),
    /// skips cancelled ones, and orders findings by input, source line, then rule.
    private static func merge(_ audits: [FileAudit], options: AuditOptions) -> AuditResult {
        var versions = DeclarationVersions()
        for audit in audits {
            for seen in audit.seen { versions.add(seen) }
        }
        versions.settle()
        var ordered: [(input: Int, finding: Finding)] = []
        for audit in audits {
            for tagged in audit.findings where versions.isKept(tagged.key) {
                ordered.append((tagged.key.input, tagged.finding))
            }
        }
        var permitAccounts: [PermitAccount]?
        if let registry = options.permits {
            var drawDown = PermitDrawDown(registry: registry)
            let candidates = audits.flatMap(\.permitCandidates).filter { versions.isKept($0.key) }
            for candidate in candidates.sorted(by: PermitCandidate.drawOrder) {
                if let finding = drawDown.apply(candidate) { ordered.append((candidate.key.input, finding)) }
            }
            permitAccounts = drawDown.accounts
        }
        // Input order, then source line, then rule: a total order, so no tie depends on scheduling.
        ordered.sort { lhs, rhs in
            if lhs.input != rhs.input { return lhs.input < rhs.input }
            if lhs.finding.sourceLine != rhs.finding.sourceLine { return lhs.finding.sourceLine < rhs.finding.sourceLine }
            return lhs.finding.rule < rhs.finding.rule
        }
        let findings = ordered.map(\.finding)
        return AuditResult(
            asOf: options.asOf, list: options.list, inputs: audits.map(\.report), findings: findings,
            declarations: audits.reduce(0) { $0 + $1.report.declarations },
            items: audits.reduce(0) { $0 + $1.report.items },
            supersededSkipped: versions.superseded, cancelledSkipped: versions.cancelled,
            permitAccounts: permitAccounts)
    }
}

/// One input's share of the run.
struct FileAudit: Sendable {
    struct TaggedFinding: Sendable {
        let key: DeclarationKey
        let finding: Finding
    }

    var report: InputReport
    var findings: [TaggedFinding] = []
    var permitCandidates: [PermitCandidate] = []
    var seen: [DeclarationKey] = []

    static func run(_ file: InputFile, index: Int, context: RuleContext) -> FileAudit {
        var audit = FileAudit(report: InputReport(
            path: file.label, format: nil, status: .ok, declarations: 0, items: 0, error: nil,
            problemCount: 0, lastDeclarationLine: nil))
        if let problem = file.problem {
            audit.report.status = .failed
            audit.report.error = problem
            return audit
        }
        var findings: [TaggedFinding] = []
        var candidates: [PermitCandidate] = []
        var seen: [DeclarationKey] = []
        let outcome = DocumentReader.read(path: file.path, label: file.label) { declaration in
            let key = DeclarationKey(declaration, input: index)
            seen.append(key)
            guard declaration.status != .cancelled,
                  TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
            else { return }
            for item in declaration.items where ItemAssessment.isCandidate(item, list: context.list) {
                let assessment = ItemAssessment(declaration: declaration, item: item, source: file.label, list: context.list)
                guard let finding = ItemRules.evaluate(assessment, context: context) else { continue }
                if finding.rule == .usedITPermitInvalid {
                    if let candidate = UsedITPermitInvalidRule.candidate(finding, assessment: assessment, key: key) {
                        candidates.append(candidate)
                    }
                } else {
                    findings.append(TaggedFinding(key: key, finding: finding))
                }
            }
        }
        audit.findings = findings
        audit.permitCandidates = candidates
        audit.seen = seen
        audit.report.format = outcome.format
        audit.report.declarations = outcome.declarations
        audit.report.items = outcome.items
        audit.report.lastDeclarationLine = outcome.lastDeclarationLine
        if let first = outcome.firstError {
            audit.report.status = .failed
            audit.report.error = first
            audit.report.problemCount = outcome.problems.count + (outcome.error == nil ? 0 : 1) - 1
        }
        return audit
    }
}
