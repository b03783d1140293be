import Foundation

/// The decisions file of `triage import` and the CSV of `triage export`.
public enum TriageCSV {
    /// What `triage import` requires the header to start with.
    public static let importColumns = ["finding_id", "status", "note", "by", "until"]
    /// What `triage export` writes: the import columns first, so an edited export imports again.
    public static let exportColumns = importColumns + ["decided_on", "rule", "declaration", "line", "contract"]

    /// The decisions of a file, each with its line, dated `decidedOn`. Anything wrong (not CSV,
    /// another header, a bad id, status or date) is refused with its line: nothing half-applies.
    public static func decisions(
        in bytes: [UInt8], file: String, decidedOn: String
    ) throws(DeclauditError) -> [(line: Int, decision: TriageDecision)] {
        func refuse(_ message: String, line: Int?, column: Int? = nil) -> DeclauditError {
            DeclauditError(
                .usage, "\(message); no decision was recorded", at: SourceLocation(file: file, line: line, column: column))
        }
        let records: [CSVRecord]
        do {
            records = try CSVRecordReader.records(in: bytes)
        } catch {
            throw refuse(error.message, line: error.line, column: error.column)
        }
        guard let header = records.first, !header.isBlank else {
            throw refuse("the decisions file is empty; its header must start \(importColumns.joined(separator: ","))", line: 1)
        }
        guard Array(header.fields.prefix(importColumns.count)) == importColumns else {
            throw refuse(
                "the header must start \(importColumns.joined(separator: ",")), not \(header.fields.prefix(importColumns.count).joined(separator: ","))",
                line: header.line)
        }
        var decisions: [(line: Int, decision: TriageDecision)] = []
        for record in records.dropFirst() where !record.isBlank {
            guard record.fields.count >= importColumns.count else {
                throw refuse(
                    "\(record.fields.count) field\(record.fields.count == 1 ? "" : "s"), expected at least \(importColumns.count) (\(importColumns.joined(separator: ",")))",
                    line: record.line)
            }
            let id = record.fields[0].trimmingCharacters(in: .whitespaces)
            guard isFindingID(id) else {
                throw refuse("\"\(record.fields[0])\" is not a finding_id (16 lower-case hexadecimal digits)", line: record.line)
            }
            let statusText = record.fields[1].trimmingCharacters(in: .whitespaces)
            guard let status = TriageStatus(rawValue: statusText) else {
                throw refuse(
                    "unknown status \"\(record.fields[1])\" (expected \(TriageStatus.allCases.map(\.rawValue).joined(separator: ", ")))",
                    line: record.line)
            }
            let until = record.fields[4].trimmingCharacters(in: .whitespaces)
            guard until.isEmpty || DateText.normalize(until) == until else {
                throw refuse("until \"\(record.fields[4])\" is not a date in the form YYYY-MM-DD", line: record.line)
            }
            decisions.append(
                (
                    record.line,
                    TriageDecision(
                        findingID: id, status: status, note: record.fields[2],
                        by: record.fields[3].trimmingCharacters(in: .whitespaces), until: until.isEmpty ? nil : until,
                        decidedOn: decidedOn)
                ))
        }
        return decisions
    }

    /// 16 lower-case hexadecimal digits, as `FindingIdentity` makes them.
    public static func isFindingID(_ text: String) -> Bool {
        text.utf8.count == 16 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// `exportColumns`, one row per record, RFC 4180, LF.
    public static func export(_ records: [TriageRecord]) -> [UInt8] {
        var out = Array((exportColumns.joined(separator: ",") + "\n").utf8)
        for record in records {
            let decision = record.decision
            let fields: [String?] = [
                decision.findingID, decision.status.rawValue, decision.note, decision.by, decision.until,
                decision.decidedOn, record.rule, record.declaration, record.line.map(String.init), record.contract,
            ]
            for (index, field) in fields.enumerated() {
                if index > 0 { out.append(0x2C) }
                CSVReport.append(field ?? "", excel: false, to: &out)
            }
            out.append(0x0A)
        }
        return out
    }
}
