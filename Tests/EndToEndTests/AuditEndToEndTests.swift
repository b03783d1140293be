import Foundation
import Testing

/// Runs the real binary on the fixtures and compares the reports with golden files and the
/// exit status with the contract.
@Suite("audit, end to end")
struct AuditEndToEndTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let arguments: [String]
        let status: Int32
        /// `--lang`: English keeps the goldens readable to every reviewer; nil is the default, Vietnamese.
        var language: String? = "en"
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "dump", arguments: ["Fixtures/dump"], status: 1),
        Case(name: "ecus5", arguments: ["Fixtures/ecus5"], status: 1),
        Case(name: "broken", arguments: ["Fixtures/broken", "Fixtures/dump/used-it.xml", "Fixtures/missing.xml"], status: 2),
        Case(name: "excel", arguments: ["--excel", "Fixtures/dump/used-it.xml"], status: 1),
        Case(name: "review-list", arguments: ["--list", "Fixtures/lists/review-only.csv", "Fixtures/dump"], status: 1),
        Case(
            name: "permits", arguments: ["--permits", "Fixtures/permits/registry.csv", "Fixtures/permits/declarations.xml"],
            status: 1),
        Case(name: "permits-unverified", arguments: ["Fixtures/permits/declarations.xml"], status: 1),
        Case(name: "processing", arguments: ["Fixtures/processing"], status: 1),
        Case(name: "appendix", arguments: ["Fixtures/appendix"], status: 1),
        // The reasons in Vietnamese, the default language.
        Case(name: "dump-vi", arguments: ["Fixtures/dump"], status: 1, language: nil),
    ]

    @Test("reports match their golden copies", arguments: cases)
    func goldenReports(_ testCase: Case) throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let language = testCase.language.map { ["--lang", $0] } ?? []
        let run = try BinaryRunner.run(
            ["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path] + language + testCase.arguments)
        #expect(run.status == testCase.status, "stderr: \(run.standardError)")
        try Golden.check(out.appendingPathComponent("findings.csv"), against: "findings.csv", case: testCase.name)
        try Golden.check(out.appendingPathComponent("report.json"), against: "report.json", case: testCase.name)
        #expect(try ReportSchema.violations(of: out.appendingPathComponent("report.json")) == nil)
        // Only the four reports and the folder's lock file are left: temporary files were renamed
        // into place. (The lock file stays: removing it would let a waiting run and a new one
        // lock different files.)
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(left == [".declaudit.lock", "findings.csv", "findings.xlsx", "report.html", "report.json"])
    }

    /// Fixtures/appendix: one used line under each heading of the Appendix of Circular
    /// 11/2018/TT-BTTTT, each review row of the built-in list, and two headings that are neither.
    @Test("the built-in list is the Appendix: a verdict per heading and per review row")
    func appendixVerdicts() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run(["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "Fixtures/appendix"])
        #expect(run.status == 1, "stderr: \(run.standardError)")
        let csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // severity, rule, line, hs_code, list_code: the first four columns hold no comma.
        let found = rows.map { [$0[0], $0[1], $0[3], $0[9], $0[10]].joined(separator: " ") }
        let high = [
            "84433219 84433219", "84701000 8470", "84713020 8471", "85176259 8517", "85183010 8518", "85258910 8525",
            "85261010 8526", "85272100 8527", "85287292 8528", "85340010 8534", "85401100 8540", "85423100 8542",
            "85444211 85444211",
        ].enumerated().map { "high used-it.no-permit \($0.offset + 1) \($0.element)" }
        let review = ["84439990 8443", "84733010 8473", "85044011 8504.40", "85241100 8524", "85299020 8529", "85441120 8544"]
            .enumerated().map { "review used-it.unlisted-it-heading \($0.offset + 14) \($0.element)" }
        #expect(found == high + review, "8472.90.90 and 8523.51.00 (lines 20, 21) give nothing")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let list = try #require(report?["list"] as? [String: Any])
        #expect(list["name"] as? String == "Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import")
        #expect(list["effective"] as? String == "2018-11-30")
        #expect(list["entries"] as? Int == 46)
    }

    @Test("the same inputs give byte-identical reports (the four of them) whatever --jobs is")
    func deterministicAcrossJobs() throws {
        var reports: [[Data]] = []
        for jobs in ["1", "2", "5"] {
            let out = try BinaryRunner.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: out) }
            let run = try BinaryRunner.run([
                "audit", "--as-of", "2026-11-29", "--quiet", "--jobs", jobs, "--out", out.path, "Fixtures",
            ])
            #expect(run.status == 2)
            reports.append(
                try ["findings.csv", "report.json", "report.html", "findings.xlsx"].map {
                    try Data(contentsOf: out.appendingPathComponent($0))
                })
        }
        #expect(reports[0] == reports[1])
        #expect(reports[0] == reports[2])
        #expect(reports[0].allSatisfy { !$0.isEmpty })
    }

    @Test("--fail-on sets the lowest severity that makes the exit status 1")
    func failOn() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let base = [
            "audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "--list", "Fixtures/lists/review-only.csv",
            "Fixtures/dump",
        ]
        #expect(try BinaryRunner.run(base).status == 1)
        #expect(try BinaryRunner.run(base + ["--fail-on", "review"]).status == 1)
        #expect(try BinaryRunner.run(base + ["--fail-on", "medium"]).status == 0)
        #expect(try BinaryRunner.run(base + ["--fail-on", "high"]).status == 0)
        let withHigh = ["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "--fail-on", "high", "Fixtures/dump"]
        #expect(try BinaryRunner.run(withHigh).status == 1)
    }

    @Test("standard input is read as - and named so in the reports")
    func standardInput() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let input = try Data(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/later-amendments.xml.gz"))
        let run = try BinaryRunner.run(
            ["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "-"], standardInput: input)
        #expect(run.status == 1, "stderr: \(run.standardError)")
        let csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        let rows = csv.split(separator: "\n").dropFirst()
        #expect(rows.count == 3)
        // source and source_line, followed by the finding id.
        #expect(zip(rows, [9, 22, 28]).allSatisfy { row, line in row.contains(",-,\(line),") }, "\(rows)")
    }

    @Test("a failed input is named on standard error and the summary says so")
    func failedInputsOnStandardError() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run([
            "audit", "--as-of", "2026-11-29", "--out", out.path, "Fixtures/broken/truncated.xml", "Fixtures/ecus5",
        ])
        #expect(run.status == 2)
        #expect(run.standardError.contains("could not read Fixtures/broken/truncated.xml:22:1:"))
        #expect(run.standardError.contains("Audited 2 inputs (1 could not be read in full)"))
        #expect(run.standardError.contains("Reports: \(out.path)/findings.csv"))
    }

    @Test(
        "the real ECUS5 pair in ../shared is read in full with no used-IT finding",
        .enabled(
            if: BinaryRunner.sharedFile("samples/ecus5") != nil,
            "skipped: shared/samples/ecus5 is not beside the package (or DECLAUDIT_SHARED)"))
    func sharedSamples() throws {
        let samples = try #require(BinaryRunner.sharedFile("samples/ecus5"))
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run(["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, samples.path])
        #expect(run.status == 0, "stderr: \(run.standardError)")
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let inputs = try #require(report?["inputs"] as? [[String: Any]])
        #expect(inputs.count == 2)
        #expect(inputs.allSatisfy { $0["status"] as? String == "ok" && $0["format"] as? String == "ecus5" })
        #expect(inputs.map { $0["items"] as? Int } == [1, 11])
        let findings = try #require(report?["findings"] as? [[String: Any]])
        #expect(!findings.contains { ($0["rule"] as? String)?.hasPrefix("used-it.") == true })
    }
}

@Suite("usage errors exit 64")
struct UsageEndToEndTests {
    @Test(
        "bad options and arguments",
        arguments: [
            ["audit", "--as-of", "2026-13-01", "Fixtures/dump"],
            ["audit", "--as-of", "29/11/2026", "Fixtures/dump"],
            ["audit", "--bogus", "Fixtures/dump"],
            ["audit"],
            ["audit", "--jobs", "0", "Fixtures/dump"],
            ["audit", "--fail-on", "low", "Fixtures/dump"],
            ["audit", "--list", "Fixtures/lists/missing.csv", "Fixtures/dump"],
            ["audit", "--list", "Fixtures/lists/bad-code.csv", "Fixtures/dump"],
            ["audit", "--out", "/proc/declaudit-cannot-write-here", "Fixtures/dump"],
        ])
    func usage(_ arguments: [String]) throws {
        let run = try BinaryRunner.run(arguments)
        #expect(run.status == 64, "stderr: \(run.standardError)")
        #expect(!run.standardError.isEmpty)
    }

    @Test("a malformed list is refused with its line number before any input is read")
    func malformedListNamesTheLine() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run(["audit", "--out", out.path, "--list", "Fixtures/lists/bad-code.csv", "Fixtures/dump"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("Fixtures/lists/bad-code.csv:5"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }
}

@Suite("permit registry, end to end")
struct PermitRegistryEndToEndTests {
    @Test(
        "a malformed registry stops the run before any input is read, naming file and line",
        arguments: [
            ("bad-date.csv", 3, "valid_from \"2026-02-30\" is not a date"),
            ("bad-case.csv", 2, "case \"repair\" is not one of"),
            ("bad-hs.csv", 2, "hs_code \"847\" must have 4, 6 or 8 digits"),
            ("bad-quantity.csv", 2, "quantity \"1,5\" is not a number"),
            ("negative-quantity.csv", 2, "quantity -5 is negative"),
            ("duplicate-line.csv", 4, "repeats permit P-1 line 8471 PCE of row 2"),
            ("missing.csv", 0, "does not exist"),
        ])
    func malformedRegistry(_ file: String, _ line: Int, _ message: String) throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let path = "Fixtures/permits/\(file)"
        let run = try BinaryRunner.run(["audit", "--out", out.path, "--permits", path, "Fixtures/dump"])
        #expect(run.status == 64)
        #expect(run.standardError.contains(line > 0 ? "\(path):\(line): " : path))
        #expect(run.standardError.contains(message), "stderr: \(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }
}

@Suite("validate, end to end")
struct ValidateEndToEndTests {
    @Test("every dump fixture validates against Schemas/declaration-dump.xsd")
    func dumpFixturesValidate() throws {
        let run = try BinaryRunner.run(["validate", "Fixtures/dump", "Fixtures/permits/declarations.xml", "Fixtures/processing"])
        #expect(run.status == 0, "\(run.standardOutput)\(run.standardError)")
        #expect(run.standardOutput.split(separator: "\n").count == 5)
        #expect(!run.standardOutput.contains("invalid"))
        #expect(run.standardOutput.contains("ok      Fixtures/dump/used-it.xml (dump, 11 declarations)"))
        #expect(run.standardOutput.contains("ok      Fixtures/dump/later-amendments.xml.gz (dump, 2 declarations)"))
    }

    @Test("broken inputs and schema violations are named with line and column")
    func brokenInputsAreInvalid() throws {
        let run = try BinaryRunner.run(["validate", "Fixtures/broken", "Fixtures/ecus5"])
        #expect(run.status == 2)
        #expect(run.standardOutput.contains("invalid Fixtures/broken/truncated.xml:22:1:"))
        #expect(run.standardOutput.contains("invalid Fixtures/broken/doctype-entity.xml:2:"))
        #expect(run.standardOutput.contains("column MA_HANGKB is missing or NULL"))
    }

    @Test("a schema violation in a dump read from standard input")
    func schemaViolationOnStandardInput() throws {
        var text = try String(
            contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "<TypeCode>A12</TypeCode>", with: "<TypeCode>a12</TypeCode>")
        let run = try BinaryRunner.run(["validate", "-"], standardInput: Data(text.utf8))
        #expect(run.status == 2)
        #expect(run.standardOutput.contains("invalid -:"))
        #expect(run.standardOutput.contains("TypeCode"))
    }
}
