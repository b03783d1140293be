import Foundation
import Testing

/// findings.xlsx read back with openpyxl (what a spreadsheet sees), and both reports for people
/// on the real ECUS5 pair in both languages.
@Suite("reports for people, end to end")
struct WorkbookEndToEndTests {
    @Test(
        "findings.xlsx: identifiers stay text, values are numbers, dates are dates, header frozen, autofilter on, every CSV row")
    func workbookReadBack() throws {
        guard let python = ReportTestSupport.openpyxl() else { return }
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run([
            "audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "Fixtures/dump", "Fixtures/ecus5",
            "Fixtures/processing",
        ])
        #expect(run.status == 1, "stderr: \(run.standardError)")
        let rows = try ReportTestSupport.csvRows(out.appendingPathComponent("findings.csv"))
        let sheets = try ReportTestSupport.readWorkbook(out.appendingPathComponent("findings.xlsx"), python: python)
        #expect(sheets.map(\.name) == ["Summary", "Cases", "Findings"])
        guard sheets.count == 3 else { return }
        let findings = sheets[2]
        let cases = sheets[1]

        #expect(findings.rows.count == rows.count + 1, "a header and one row per CSV row")
        #expect(
            findings.rows[0].map { $0[0] }
                == Array(
                    try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
                        .prefix { $0 != "\n" }.split(separator: ",").map(String.init)))
        #expect(findings.freeze == "A2")
        #expect(findings.filter == "A1:AC\(rows.count + 1)")
        #expect(cases.freeze == "A2")
        #expect(cases.filter?.hasPrefix("A1:I") == true)

        for (index, csv) in rows.enumerated() {
            let cells = findings.record(index + 1)
            for column in ["declaration", "tax_code", "hs_code", "finding_id"] where csv[column]?.isEmpty == false {
                #expect(cells[column]?.value == csv[column], "\(column) of row \(index + 1)")
                #expect(cells[column]?.type == "s", "\(column) of row \(index + 1) is text")
            }
            if let listCode = csv["list_code"], !listCode.isEmpty {
                #expect(cells["list_code"]?.type == "s")
                #expect(cells["list_code"]?.value == listCode)
            }
            #expect(cells["registered_on"]?.type == "d")
            #expect(cells["registered_on"]?.value == "\(csv["registered_on"]!) 00:00:00")
            #expect(cells["first_reported_on"]?.value == "2026-11-29 00:00:00")
            if let value = csv["value_vnd"], !value.isEmpty {
                #expect(cells["value_vnd"]?.type == "n")
                #expect(Double(cells["value_vnd"]?.value ?? "") == Double(value))
            }
            if let quantity = csv["quantity"], !quantity.isEmpty {
                #expect(cells["quantity"]?.type == "n", "quantity \(quantity)")
            }
        }
        // Leading zeros survive (what --excel CSV loses in a spreadsheet).
        let flat = findings.rows.flatMap { $0.map { $0[0] } }
        #expect(flat.contains("0100000010"))
        #expect(flat.contains("107000000100"))

        let companies = Set(rows.compactMap { $0["tax_code"] })
        #expect(cases.rows.count == companies.count + 1)
        #expect(cases.rows.dropFirst().map { $0[0][1] }.allSatisfy { $0 == "s" })
        #expect(cases.rows[1][0][0] == "0100000004", "highest severity, then the largest value: 408,000,000 VND")

        let summary = sheets[0].rows.flatMap { $0.map { $0[0] } }
        #expect(summary.contains("Kết quả kiểm tra tờ khai hải quan"))
        #expect(summary.contains("2026-11-29 00:00:00"))
    }

    @Test("the workbook's creation date is the audit date, not the clock")
    func workbookDate() throws {
        guard let python = ReportTestSupport.program(["python3"]) else {
            Issue.record("python3 is needed: run `make deps`")
            return
        }
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try BinaryRunner.run(["audit", "--as-of", "2024-02-29", "--quiet", "--out", out.path, "Fixtures/dump"])
        let core = try ReportTestSupport.run(
            python,
            [
                "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('docProps/core.xml').decode())",
                out.appendingPathComponent("findings.xlsx").path,
            ])
        #expect(core.output.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-02-29T00:00:00Z</dcterms:created>"))
        #expect(core.output.contains("<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2024-02-29T00:00:00Z</dcterms:modified>"))
    }

    @Test(
        "both languages on the real ECUS5 pair in ../shared",
        .enabled(
            if: BinaryRunner.sharedFolder.map { FileManager.default.fileExists(atPath: $0.path + "/samples/ecus5") } ?? false,
            "../shared/samples/ecus5 is absent: the real ECUS5 pair is not copied into the project"))
    func realPairInBothLanguages() throws {
        let samples = try #require(BinaryRunner.sharedFolder).appendingPathComponent("samples/ecus5")
        let python = ReportTestSupport.openpyxl()
        var pages: [String: String] = [:]
        for (language, title) in [("vi", "Kết quả kiểm tra tờ khai hải quan"), ("en", "Customs declaration audit")] {
            let out = try BinaryRunner.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: out) }
            let run = try BinaryRunner.run([
                "audit", "--as-of", "2026-11-29", "--quiet", "--lang", language, "--out", out.path, samples.path,
            ])
            #expect(run.status == 0, "stderr: \(run.standardError)")
            let html = try String(contentsOf: out.appendingPathComponent("report.html"), encoding: .utf8)
            pages[language] = html
            #expect(html.contains("<html lang=\"\(language)\">"))
            #expect(html.contains(title))
            #expect(html.contains("2 \(language == "vi" ? "đọc được" : "read"), 0"))
            if let python {
                let sheets = try ReportTestSupport.readWorkbook(out.appendingPathComponent("findings.xlsx"), python: python)
                #expect(sheets.first?.rows.first?.first?.first == title)
                #expect(sheets.map(\.name).prefix(3) == ["Summary", "Cases", "Findings"])
            }
            // The values a script reads stay English, and the CSV does not depend on --lang.
            let csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("severity,rule,declaration,"))
        }
        #expect(pages["vi"] != pages["en"])
    }
}
