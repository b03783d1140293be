import Foundation

/// Writes the two reports into the output folder, each to a temporary file first and then
/// renamed over the old one, so a killed run never leaves a half-written report.
public enum ReportWriter {
    /// Creates the folder and proves it writable before any input is read.
    public static func prepare(directory: String) throws(DeclauditError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DeclauditError(.outputNotWritable, "cannot create the output folder: \(error.localizedDescription)", at: SourceLocation(file: directory))
        }
        let probe = directory + "/.declaudit-write-test-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw DeclauditError(.outputNotWritable, "the output folder is not writable", at: SourceLocation(file: directory))
        }
        try? FileManager.default.removeItem(atPath: probe)
    }

    public static func write(_ result: AuditResult, to directory: String, excel: Bool) throws(DeclauditError) {
        try writeAtomically(CSVReport.render(result.findings, excel: excel), to: directory + "/findings.csv")
        try writeAtomically(JSONReport.render(result), to: directory + "/report.json")
    }

    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(DeclauditError) {
        let temporary = path + ".tmp-\(getpid())"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: temporary))
            guard rename(temporary, path) == 0 else {
                throw DeclauditError(.outputNotWritable, "cannot rename the report into place", at: SourceLocation(file: path))
            }
        } catch let error as DeclauditError {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw DeclauditError(.outputNotWritable, "cannot write the report: \(error.localizedDescription)", at: SourceLocation(file: path))
        }
    }
}
