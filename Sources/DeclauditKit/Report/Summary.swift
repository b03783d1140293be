/// The one paragraph printed at the end of a run.
public enum Summary {
    public static func paragraph(_ result: AuditResult, out: String) -> String {
        let failed = result.failedInputs
        var text = "Audited \(result.inputs.count) input\(plural(result.inputs.count))"
        if failed > 0 { text += " (\(failed) could not be read in full)" }
        text +=
            ": \(result.declarations) declaration\(plural(result.declarations)), \(result.items) goods line\(plural(result.items)), as of \(result.asOf), against the list \"\(result.list.name)\" (\(result.list.entries.count) rows). "
        if result.findings.isEmpty {
            text += "No findings."
        } else {
            let parts = Severity.allCases.map { "\(result.count(of: $0)) \($0.rawValue)" }.joined(separator: ", ")
            text += "\(result.findings.count) finding\(plural(result.findings.count)): \(parts)."
        }
        // Only a ledger gives open, suppressed or resolved findings: a run without one reads as before.
        let open = result.count(of: .open)
        let suppressed = result.suppressedCount
        if open + suppressed + result.resolved.count > 0 {
            text += " \(result.count(of: .new)) new, \(open) open, \(suppressed) suppressed; \(result.resolved.count) resolved."
        }
        if result.supersededSkipped + result.cancelledSkipped > 0 {
            text +=
                " Skipped \(result.supersededSkipped) superseded and \(result.cancelledSkipped) cancelled declaration\(plural(result.cancelledSkipped))."
        }
        text += " Reports: \(out)/findings.csv, \(out)/report.json, \(out)/findings.xlsx; to read: \(out)/report.html."
        return text
    }

    private static func plural(_ count: Int) -> String { count == 1 ? "" : "s" }
}
