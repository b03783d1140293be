import Foundation
import GRDB
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// A run-only ledger reads its contracts from the run's tables; a file ledger stores them and
/// reads them back. Both must give the same reports.
@Suite struct RunOnlyContractsTests {
    /// Night 1 again, with a cancelled later version of contract B's import and an amended
    /// contract C import (fewer cables).
    private static func laterVersions(in directory: URL) throws -> InputFile {
        var text = try String(contentsOf: F.fixture("processing/night-1.xml"), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "<Number>105000001020</Number>", with: "<Number>105000001021</Number>")
        text = text.replacingOccurrences(
            of: "<RegisteredOn>2026-03-02</RegisteredOn>",
            with: "<RegisteredOn>2026-03-02</RegisteredOn>\n    <Status>cancelled</Status>")
        text = text.replacingOccurrences(of: "<Number>105000001030</Number>", with: "<Number>105000001031</Number>")
        let url = directory.appendingPathComponent("later.xml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return InputFile(path: url.path, label: "later.xml")
    }

    private static func reports(_ result: AuditResult, in directory: URL) throws -> [String: Data] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try ReportWriter.write(result, to: directory.path, excel: false)
        var reports: [String: Data] = [:]
        for name in ["findings.csv", "report.json", "report.html"] {
            reports[name] = try Data(contentsOf: directory.appendingPathComponent(name))
        }
        return reports
    }

    @Test func aRunOnlyLedgerAndAFileLedgerGiveTheSameReports() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Read twice across inputs, interleaved (two jobs), with later and cancelled versions.
        let files =
            try ["processing/night-1.xml", "processing/night-2.xml"].map { name in
                InputFile(path: try F.fixture(name).path, label: name)
            } + [
                Self.laterVersions(in: directory),
                InputFile(path: try F.fixture("processing/night-1.xml").path, label: "again.xml"),
            ]
        let options = AuditOptions(list: ProhibitedList.builtIn, asOf: "2026-11-29", jobs: 2)
        let runOnly = try AuditRun.audit(files, options: options)
        let ledgerPath = directory.appendingPathComponent("ledger.sqlite").path
        let stored = try AuditRun.audit(files, options: options, ledger: Ledger(path: ledgerPath))
        #expect(runOnly.findings.contains { $0.rule.rawValue.hasPrefix("processing.") })
        #expect(
            try Self.reports(runOnly, in: directory.appendingPathComponent("run-only"))
                == Self.reports(stored, in: directory.appendingPathComponent("stored")))
        // The file ledger keeps the counting versions: not the cancelled one, the amendment.
        let identities = try Ledger(path: ledgerPath).queue.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM processing_declaration ORDER BY number")
        }
        #expect(!identities.contains("105000001020") && !identities.contains("105000001021"))
        #expect(identities.contains("105000001031") && !identities.contains("105000001030"))
    }

    @Test func anEarlierNightsRecordIsReplacedByALaterVersion() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledgerPath = directory.appendingPathComponent("ledger.sqlite").path
        let first = InputFile(path: try F.fixture("processing/night-1.xml").path, label: "night-1.xml")
        var options = AuditOptions(list: ProhibitedList.builtIn, asOf: "2026-11-29", jobs: 2)
        _ = try AuditRun.audit([first], options: options, ledger: Ledger(path: ledgerPath))
        options.asOf = "2026-11-30"
        _ = try AuditRun.audit(
            [try Self.laterVersions(in: directory), first], options: options, ledger: Ledger(path: ledgerPath))
        let numbers = try Ledger(path: ledgerPath).queue.read { db in
            try String.fetchAll(db, sql: "SELECT number FROM processing_declaration ORDER BY number")
        }
        #expect(numbers.contains("105000001010") && numbers.contains("105000001031"))
        #expect(!numbers.contains("105000001020") && !numbers.contains("105000001030"), "cancelled, and amended")
    }
}
