import Foundation

/// Writes the reports into the output folder (findings.csv, report.json, and for people
/// report.html and findings.xlsx). All are rendered and written in full to hidden temporary
/// files (flushed to disk) before any replaces its old copy, and each replaces it by a rename: a
/// killed run leaves the previous reports as they were, never a half report and never a new
/// findings.csv beside an old report.json (short of the instant between the renames). A killed
/// run may leave a hidden `.NAME.tmp-*` file behind, never a visible one; the next run into the
/// folder removes it.
public enum ReportWriter {
    /// The reports, in the order they are renamed into place.
    static let reportNames = ["findings.csv", "report.json", "report.html", "findings.xlsx"]

    /// Creates the folder, takes its lock (waiting up to `waitSeconds` for another run), proves
    /// it writable and removes temporaries that killed runs left, all before any input is read.
    /// The lock is held until the returned value goes (the end of the process).
    public static func prepare(directory: String, waitSeconds: Int) throws(DeclauditError) -> OutputLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw DeclauditError(
                .outputNotWritable, "cannot create the output folder: \(error.localizedDescription)",
                at: SourceLocation(file: directory))
        }
        let lock = try OutputLock.acquire(directory: directory, waitingUpTo: waitSeconds)
        do {
            let (probe, path) = try SafeOutput.createTemporary(for: "declaudit-write-test", in: directory)
            probe.close()
            FileSystem.unlink(path)
        } catch {
            throw DeclauditError(
                .outputNotWritable, "the output folder is not writable: \(error.reason)", at: SourceLocation(file: directory))
        }
        SafeOutput.sweepTemporaries(for: reportNames, in: directory)
        return lock
    }

    public static func write(_ result: AuditResult, to directory: String, excel: Bool, language: ReportLanguage = .vi)
        throws(DeclauditError)
    {
        let people = ReportsForPeople(result, language: language, in: directory)
        let csv: String
        do {
            csv = try stage("findings.csv", in: directory, findings: result.findings) {
                CSVReport.write(result.findings, excel: excel, to: $0)
            }
        } catch {
            people.discard()
            throw error
        }
        let json: String
        do {
            json = try stage("report.json", in: directory, findings: result.findings) { JSONReport.write(result, to: $0) }
        } catch {
            FileSystem.unlink(csv)
            people.discard()
            throw error
        }
        let forPeople: (html: String, xlsx: String)
        do {
            forPeople = try people.stage()
        } catch {
            FileSystem.unlink(csv)
            FileSystem.unlink(json)
            throw error
        }
        do {
            try commit(csv, as: "findings.csv", in: directory, alsoDiscarding: json)
            try commit(json, as: "report.json", in: directory, alsoDiscarding: nil)
        } catch {
            FileSystem.unlink(forPeople.html)
            FileSystem.unlink(forPeople.xlsx)
            throw error
        }
        try commit(forPeople.html, as: "report.html", in: directory, alsoDiscarding: forPeople.xlsx)
        try commit(forPeople.xlsx, as: "findings.xlsx", in: directory, alsoDiscarding: nil)
        FileSystem.syncDirectory(directory)
    }

    /// report.html and findings.xlsx, staged like the others; the cases and counts they share
    /// are gathered in one pass first. Each is written on a thread of its own from the start,
    /// while this thread writes the CSV and the JSON: the four reports are the run's last work,
    /// and the page and the workbook take longer than the other two together.
    private final class ReportsForPeople: Sendable {
        private let page: Worker<Result<String, DeclauditError>>
        private let workbook: Worker<Result<String, DeclauditError>>

        init(_ result: AuditResult, language: ReportLanguage, in directory: String) {
            let overview = ReportOverview(result.findings)
            page = Worker(name: "declaudit-page") {
                Result { () throws(DeclauditError) -> String in
                    try ReportWriter.stage("report.html", in: directory, findings: result.findings) {
                        HTMLReport.write(result, overview: overview, language: language, to: $0)
                    }
                }
            }
            workbook = Worker(name: "declaudit-workbook") {
                Result { () throws(DeclauditError) -> String in
                    try stageWorkbook(result, overview, language, in: directory)
                }
            }
        }

        /// Waits for the page and the workbook; both temporaries, or neither.
        func stage() throws(DeclauditError) -> (html: String, xlsx: String) {
            switch (page.wait(), workbook.wait()) {
            case (.success(let html), .success(let xlsx)):
                return (html, xlsx)
            case (.failure(let error), let other), (let other, .failure(let error)):
                if case .success(let temporary) = other { FileSystem.unlink(temporary) }
                throw error
            }
        }

        /// The other reports failed: waits for the page and the workbook and removes their
        /// temporaries. Call once: `stage` or `discard`.
        func discard() {
            for written in [page.wait(), workbook.wait()] {
                if case .success(let temporary) = written { FileSystem.unlink(temporary) }
            }
        }
    }

    private static func stageWorkbook(
        _ result: AuditResult, _ overview: ReportOverview, _ language: ReportLanguage, in directory: String
    ) throws(DeclauditError) -> String {
        var problem: String?
        do {
            // libxlsxwriter opens by name; it is handed the descriptor `stage` opened (as
            // /proc/self/fd/N, see XLSXWorkbook), never a path in the folder.
            return try stage("findings.xlsx", in: directory, findings: result.findings) { file in
                problem = WorkbookReport.write(
                    result, overview: overview, language: language, descriptor: file.descriptor.rawValue)
                if problem != nil { file.fail(SystemError.ioError) }
            }
        } catch {
            guard let problem else { throw error }
            throw DeclauditError(
                .outputNotWritable, "cannot write the workbook: \(problem)",
                at: SourceLocation(file: directory + "/findings.xlsx"))
        }
    }

    /// Streams a report into a new hidden temporary file beside it (created with
    /// `O_EXCL|O_NOFOLLOW` under a random name: a link planted there is never followed), flushed
    /// to disk; its path.
    private static func stage(
        _ name: String, in directory: String, findings: FindingList, render: (OutputFile) -> Void
    ) throws(DeclauditError) -> String {
        let descriptor: FileDescriptor
        let temporary: String
        do {
            (descriptor, temporary) = try SafeOutput.createTemporary(for: name, in: directory)
        } catch {
            throw failure("cannot write the report", error.code, name, directory)
        }
        let file = OutputFile(descriptor: descriptor)
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

    private static func commit(_ temporary: String, as name: String, in directory: String, alsoDiscarding other: String?)
        throws(DeclauditError)
    {
        do {
            try FileSystem.rename(temporary, directory + "/" + name)
        } catch {
            FileSystem.unlink(temporary)
            if let other { FileSystem.unlink(other) }
            throw failure("cannot rename the report into place", error.code, name, directory)
        }
    }

    private static func failure(_ what: String, _ code: Int32, _ name: String, _ directory: String) -> DeclauditError {
        DeclauditError(
            .outputNotWritable, "\(what): \(SystemError(what, code: code).reason)",
            at: SourceLocation(file: directory + "/" + name))
    }
}
