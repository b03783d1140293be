import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// findings.xlsx past a sheet's rows: the findings go on to further sheets (the limit lowered
/// here to a few rows; Excel's is 1,048,576).
@Suite struct WorkbookReportTests {
    private func write(_ findings: [Finding], rowsPerSheet: Int, to url: URL) throws {
        let result = F.auditResult(findings: findings)
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let problem = WorkbookReport.write(
            result, overview: ReportOverview(result.findings), language: .en, descriptor: descriptor, rowsPerSheet: rowsPerSheet)
        #expect(problem == nil)
    }

    @Test func findingsPastASheetGoOnToTheNextSheets() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let findings = (1...5).map { (index: Int) in F.finding(declaration: "10700000\(index)010", line: index) }
        let book = folder.appendingPathComponent("findings.xlsx")
        try write(findings, rowsPerSheet: 3, to: book)
        guard let python = try Self.python() else { return }
        let script = """
            import sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            for sheet in book.worksheets:
                print(sheet.title, sheet.max_row, sheet.auto_filter.ref, sheet.freeze_panes, ",".join(str(r[2].value) for r in sheet.iter_rows(min_row=2)) if sheet.title.startswith("Findings") else "")
            """
        let lines = try Self.run(python, ["-c", script, book.path]).split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "Summary 32 None None ",
                "Cases 2 A1:I2 A2 ",
                "Findings 3 A1:AC3 A2 107000001010,107000002010",
                "Findings 2 3 A1:AC3 A2 107000003010,107000004010",
                "Findings 3 2 A1:AC2 A2 107000005010",
            ])
    }

    @Test(arguments: [
        (ReportLanguage.vi, "Mã số thuế|Doanh nghiệp"), (ReportLanguage.en, "Tax code|Company"),
    ])
    func theCasesSheetIsHeadedInTheReportsLanguage(language: ReportLanguage, firstHeadings: String) throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("findings.xlsx")
        let result = F.auditResult(findings: [F.finding()])
        let descriptor = open(book.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        try #require(descriptor >= 0)
        #expect(
            WorkbookReport.write(result, overview: ReportOverview(result.findings), language: language, descriptor: descriptor)
                == nil)
        close(descriptor)
        guard let python = try Self.python() else { return }
        let script = """
            import sys, openpyxl
            print("|".join(str(c.value) for c in openpyxl.load_workbook(sys.argv[1])["Cases"][1]))
            """
        let headings = try Self.run(python, ["-c", script, book.path]).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(headings.hasPrefix(firstHeadings + "|"), "\(headings)")
        #expect(!headings.contains("_"))
    }

    @Test func aTextPastACellsLimitIsCutAndSaysSo() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("findings.xlsx")
        try write(
            [F.finding(description: String(repeating: "Máy tính đã qua sử dụng ", count: 2_000))], rowsPerSheet: 10, to: book)
        guard let python = try Self.python() else { return }
        let script = """
            import sys, openpyxl
            text = openpyxl.load_workbook(sys.argv[1])["Findings"]["L2"].value
            print(len(text.encode()), text.startswith("Máy tính đã qua sử dụng"), text.endswith("…"))
            """
        let shown = try Self.run(python, ["-c", script, book.path]).split(separator: " ").map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(shown.count == 3)
        #expect((Int(shown.first ?? "") ?? .max) <= 32_767)
        #expect((Int(shown.first ?? "") ?? 0) > 32_000)
        #expect(shown.dropFirst() == ["True", "True"])
    }

    @Test func theSameFindingsGiveTheSameBytes() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let findings = (1...5).map { F.finding(line: $0) }
        let first = folder.appendingPathComponent("a.xlsx")
        let second = folder.appendingPathComponent("b.xlsx")
        try write(findings, rowsPerSheet: XLSXWorkbook.maximumRows, to: first)
        Thread.sleep(forTimeInterval: 1.1)  // a second later: the clock must not show in the file
        try write(findings, rowsPerSheet: XLSXWorkbook.maximumRows, to: second)
        let same = try Data(contentsOf: first) == Data(contentsOf: second)
        #expect(same)
    }

    @Test(arguments: [("2026-11-29", 1_795_910_400), ("1970-01-01", 0), ("2024-02-29", 1_709_164_800)])
    func theCreationDateIsMidnightUTCOfTheAuditDate(_ date: String, _ seconds: Int) {
        #expect(XLSXWorkbook.midnightUTC(date) == seconds)
    }

    private static func python() throws -> String? {
        // The python3 on PATH, as `make deps` installs openpyxl for it.
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/python3") {
            if (try? run("\(folder)/python3", ["-c", "import openpyxl"])) != nil { return "\(folder)/python3" }
        }
        Issue.record("Python 3 with openpyxl is needed to read findings.xlsx back: run `make deps`")
        return nil
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return String(decoding: data, as: UTF8.self)
    }
}
