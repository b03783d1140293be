import Foundation
internal import GRDB
import Synchronization

/// One audit, its stages in the order data flows (each in Audit/Stages/): read → assess lines →
/// judge (per input, `jobs` inputs at a time) → stage → settle versions → permits → processing
/// → render. The stages after judging run on the thread that owns the database connection,
/// inside the ledger's transaction.
public enum AuditRun {
    /// Audits `files` and hands the result to `beforeCommit` (which writes the reports) inside
    /// the transaction of `ledger` (a temporary one when nil): the ledger changes only if that
    /// succeeds.
    public static func audit(
        _ files: [InputFile], options: AuditOptions, ledger: Ledger? = nil,
        progress: (@Sendable (AuditProgress) -> Void)? = nil,
        beforeCommit: (AuditResult) throws(DeclauditError) -> Void = { _ in }
    ) throws(DeclauditError) -> AuditResult {
        // A ledger made here is empty, used by this run alone and deleted after it: nothing this
        // run would write into it for later runs is written (`declaration_version`, the copy of
        // the processing records).
        let ledgerIsThrowaway = ledger == nil
        let ledger = if let ledger { ledger } else { try Ledger(path: nil) }
        var findings = try RunFindings(asOf: options.asOf)
        return try ledger.run { db in
            try RunStaging.create(in: db)
            for (index, file) in files.enumerated() { try RunStaging.addInput(index, source: file.label, in: db) }
            return try judgeInputs(
                files, options: options, keepsLedger: !ledgerIsThrowaway, progress: progress, findings: &findings, in: db)
        } merge: { db, inputs in
            let versions = try SettleStage.settle(
                &findings, asOf: options.asOf, keepsLedger: !ledgerIsThrowaway, in: db)
            let permitAccounts = try PermitStage.draw(
                inputs.flatMap(\.permitCandidates), registry: options.permits, versions: versions,
                context: RuleContext(
                    list: options.list, permits: options.permits, asOf: options.asOf, language: options.language),
                findings: &findings, in: db)
            let processing = try ProcessingStage(
                asOf: options.asOf, graceDays: options.graceDays, jobs: options.jobs, list: options.list,
                language: options.language, earlierRunInput: inputs.count, ledgerIsThrowaway: ledgerIsThrowaway
            ).reconcile(&findings, in: db)
            let resolved = try findings.remember(keepsLedger: !ledgerIsThrowaway, in: db)
            let result = try RenderStage.result(
                options: options, inputs: inputs, findings: findings, versions: versions,
                permitAccounts: permitAccounts, processing: processing, resolved: resolved)
            progress?(AuditProgress(final: result))
            try beforeCommit(result)
            return result
        }
    }

    /// Reads, assesses and judges every input, `jobs` at a time on workers of their own, while
    /// this thread stages what they send; the inputs' reports in input order.
    private static func judgeInputs(
        _ files: [InputFile], options: AuditOptions, keepsLedger: Bool, progress: (@Sendable (AuditProgress) -> Void)?,
        findings: inout RunFindings, in db: Database
    ) throws -> [InputAudit] {
        let context = RuleContext(list: options.list, permits: options.permits, asOf: options.asOf, language: options.language)
        let filter = ReadStage.filter(list: options.list)
        let next = Atomic<Int>(0)
        let tally = Mutex(AuditProgress(filesDone: 0, filesTotal: files.count, declarations: 0, findings: 0))
        let count = min(options.jobs, max(1, files.count))
        let channel = BoundedChannel<StagedBatch>(capacity: 2 * count)
        let workers = (0..<count).map { _ in
            Worker { () -> [(Int, InputAudit)] in
                defer { channel.finish() }
                var done: [(Int, InputAudit)] = []
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < files.count else { return done }
                    let audit = InputAudit.run(files[index], index: index, context: context, filter: filter, staging: channel)
                    done.append((index, audit))
                    if let progress {
                        progress(
                            tally.withLock { state in
                                state.filesDone += 1
                                state.declarations += audit.report.declarations
                                state.findings += audit.findingCount
                                return state
                            })
                    }
                }
            }
        }
        try StagingStage.drain(channel, producers: count, keepsLedger: keepsLedger, into: &findings, in: db)
        var inputs = [InputAudit?](repeating: nil, count: files.count)
        for worker in workers {
            for (index, audit) in worker.wait() { inputs[index] = audit }
        }
        return inputs.map { $0! }
    }
}
