import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The report set is written whole or not at all; the workbook is made on a worker of its own.
@Suite struct ReportWriterTests {
    private static func entries(of directory: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    }

    @Test func everyReportIsRenamedIntoPlaceAndNoTemporaryStays() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = F.auditResult(findings: [F.finding()], inputs: [F.inputReport()])
        try ReportWriter.write(result, to: directory.path, excel: false)
        #expect(try Self.entries(of: directory) == ["findings.csv", "findings.xlsx", "report.html", "report.json"])
        let csv = try String(contentsOf: directory.appendingPathComponent("findings.csv"), encoding: .utf8)
        #expect(csv.contains("107000000010"))
    }

    @Test func aReportThatCannotBeRenamedLeavesNoTemporaryOfAnyReport() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A folder where report.json goes: its rename fails after the workbook was staged.
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("report.json"), withIntermediateDirectories: false)
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("report.json/x"), withIntermediateDirectories: false)
        let result = F.auditResult(findings: [F.finding()], inputs: [F.inputReport()])
        let error = #expect(throws: DeclauditError.self) {
            try ReportWriter.write(result, to: directory.path, excel: false)
        }
        #expect(error?.code == .outputNotWritable)
        #expect(try Self.entries(of: directory).allSatisfy { !$0.hasPrefix(".") }, "no hidden temporary is left")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("findings.xlsx").path))
    }
}
