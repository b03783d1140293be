import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes the two reports into the output folder. Both are rendered and written in full to hidden
/// temporary files (flushed to disk) before either replaces its old copy, and each replaces it by
/// a rename: a killed run leaves the previous pair of reports as they were, never a half report
/// and never a new findings.csv beside an old report.json (short of the instant between the two
/// renames). A killed run may leave a hidden `.NAME.tmp-*` file behind, never a visible one; the
/// next run into the folder removes it.
public enum ReportWriter {
    /// The reports, in the order they are renamed into place.
    static let reportNames = ["findings.csv", "report.json"]

    /// Creates the folder, takes its lock (waiting up to `waitSeconds` for another run), proves
    /// it writable and removes temporaries that killed runs left, all before any input is read.
    /// The lock is held until the returned value goes (the end of the process).
    public static func prepare(directory: String, waitSeconds: Int) throws(DeclauditError) -> OutputLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DeclauditError(.outputNotWritable, "cannot create the output folder: \(error.localizedDescription)", at: SourceLocation(file: directory))
        }
        let lock = try OutputLock.acquire(directory: directory, waitingUpTo: waitSeconds)
        do {
            let (probe, path) = try SafeOutput.createTemporary(for: "declaudit-write-test", in: directory)
            probe.close()
            FileSystem.unlink(path)
        } catch {
            throw DeclauditError(.outputNotWritable, "the output folder is not writable: \(error.reason)", at: SourceLocation(file: directory))
        }
        SafeOutput.sweepTemporaries(for: reportNames, in: directory)
        return lock
    }

    public static func write(_ result: AuditResult, to directory: String, excel: Bool) throws(DeclauditError) {
        let csv = try stage("findings.csv", in: directory, findings: result.findings) { CSVReport.write(result.findings, excel: excel, to: $0) }
        let json: String
        do {
            json = try stage("report.json", in: directory, findings: result.findings) { JSONReport.write(result, to: $0) }
        } catch {
            FileSystem.unlink(csv)
            throw error
        }
        try commit(csv, as: "findings.csv", in: directory, alsoDiscarding: json)
        try commit(json, as: "report.json", in: directory, alsoDiscarding: nil)
        FileSystem.syncDirectory(directory)
    }

    /// Streams a report into a new hidden temporary file beside it (created with
    /// `O_EXCL|O_NOFOLLOW` under a random name: a link planted there is never followed), flushed
    /// to disk; its path.
    private static func stage(
        _ name: String, in directory: String, findings: FindingList, render: (OutputFile) -> Void
    ) throws(DeclauditError) -> String {
        let descriptor: FileDescriptor, temporary: String
        do {
            (descriptor, temporary) = try SafeOutput.createTemporary(for: name, in: directory)
        } catch {
            throw failure("cannot write the report", error.code, name, directory)
        }
        let file = OutputFile(descriptor: descriptor.rawValue)
        render(file)
        var code = file.errorCode
        if code == 0 {
            do { try descriptor.sync() } catch { code = error.code }
        }
        descriptor.close()
        guard code == 0 else {
            FileSystem.unlink(temporary)
            throw failure("cannot write the report", code, name, directory)
        }
        // A finding that could not be read back leaves a hole in the report: it is not committed.
        if let readFailure = findings.readFailure {
            FileSystem.unlink(temporary)
            throw readFailure
        }
        return temporary
    }

    private static func commit(_ temporary: String, as name: String, in directory: String, alsoDiscarding other: String?) throws(DeclauditError) {
        do {
            try FileSystem.rename(temporary, directory + "/" + name)
        } catch {
            FileSystem.unlink(temporary)
            if let other { FileSystem.unlink(other) }
            throw failure("cannot rename the report into place", error.code, name, directory)
        }
    }

    private static func failure(_ what: String, _ code: Int32, _ name: String, _ directory: String) -> DeclauditError {
        DeclauditError(.outputNotWritable, "\(what): \(String(cString: strerror(code)))", at: SourceLocation(file: directory + "/" + name))
    }
}
