import Foundation
import Testing

/// Lists whose rows apply for a period: each declaration is judged by the rows in force on its
/// registration date (Fixtures/dated, Fixtures/lists/dated-monitors.csv).
@Suite("list periods, end to end")
struct ListPeriodEndToEndTests {
    /// severity, rule, declaration, line, hs_code, list_code of each finding.
    private func findings(_ arguments: [String]) throws -> (status: Int32, rows: [String]) {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run(["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path] + arguments)
        let csv = (try? String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)) ?? ""
        let rows = csv.split(separator: "\n").dropFirst().map { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return [fields[0], fields[1], fields[2], fields[3], fields[9], fields[10]].joined(separator: " ")
        }
        return (run.status, rows)
    }

    @Test("a dated entry flags the monitor registered in its period, not the one registered after")
    func datedEntry() throws {
        for list in ["Fixtures/lists/dated-monitors.csv", try compiled("Fixtures/lists/dated-monitors.csv")] {
            let run = try findings(["--list", list, "Fixtures/dated"])
            #expect(run.status == 1)
            #expect(
                run.rows == [
                    "high used-it.no-permit 107000006010 1 85287292 8528",
                    "review used-it.unlisted-it-heading 107000006020 1 85287292 8528",
                ], "\(list)")
        }
    }

    @Test("against the built-in list, a declaration of 2018-11-29 gets no entry finding")
    func builtInBeforeItsDate() throws {
        let run = try findings(["Fixtures/dated"])
        #expect(run.status == 1)
        #expect(
            run.rows == [
                "high used-it.no-permit 107000006010 1 85287292 8528",
                "high used-it.no-permit 107000006020 1 85287292 8528",
                "review used-it.unlisted-it-heading 107000006030 2 85441120 8544",
            ], "the used laptop of 2018-11-29 (line 1) gives nothing; the review row has no dates")
    }

    @Test("overlapping periods of one code are refused with both line numbers")
    func overlapping() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try BinaryRunner.run(["audit", "--out", out.path, "--list", "Fixtures/lists/overlapping.csv", "Fixtures/dated"])
        #expect(run.status == 64)
        #expect(
            run.standardError.contains(
                "Fixtures/lists/overlapping.csv:4: list row 4: code \"8528\" (from 2026-06-01) overlaps row 2 (2018-11-30 to 2026-06-30)"
            ))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
        let compile = try BinaryRunner.run([
            "list", "compile", "Fixtures/lists/overlapping.csv", "-o", out.appendingPathComponent("x.hstrie").path,
        ])
        #expect(compile.status == 64)
    }

    @Test("a version-1 .hstrie still loads and audits as the list it was compiled from")
    func versionOneList() throws {
        let v1 = try findings(["--list", "Fixtures/lists/appendix-v1.hstrie", "Fixtures/appendix"])
        let builtIn = try findings(["Fixtures/appendix"])
        #expect(v1.status == 1)
        #expect(v1.rows.count == 19)
        #expect(v1.rows == builtIn.rows)
    }

    @Test("list show --on a date before the built-in list says it covers only its review rows")
    func showOn() throws {
        let before = try BinaryRunner.run(["list", "show", "--on", "2018-11-29"])
        #expect(before.status == 0)
        #expect(
            before.standardOutput.contains(
                "on 2018-11-29 no entry or header row of this list is in force (the first applies from 2018-11-30): the list covers nothing but its review rows"
            ))
        #expect(
            before.standardOutput.contains(
                "rows: 6 (0 entries in effect, 0 entries acting as headers, 0 header rows, 6 review headings)"))
        let after = try BinaryRunner.run(["list", "show", "--on", "2018-11-30"])
        #expect(after.standardOutput.contains("on: 2018-11-30: 46 of its 46 rows are in force"))
        #expect(after.standardOutput.contains("    in force: from 2018-11-30"))
        // After the list, who issued permits when (issue 17): the regime of the date is marked.
        #expect(
            after.standardOutput.hasSuffix(
                """

                Permits
                  2016-07-01 to 2019-10-08: Ministry of Information and Communications (in force on 2018-11-30)
                    Decision 18/2016/QD-TTg
                  2019-10-09 to 2025-10-30: Ministry of Information and Communications
                    Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg
                  from 2025-10-31: Ministry of Science and Technology
                    Circular 26/2025/TT-BKHCN

                """))
        #expect(try BinaryRunner.run(["list", "show", "--on", "30/11/2018"]).status == 64)
    }

    @Test("list lookup --on says which period a row is in; --json prints one object per code")
    func lookupOn() throws {
        let text = try BinaryRunner.run([
            "list", "lookup", "--list", "Fixtures/lists/dated-monitors.csv", "--on", "2026-05-10", "8528.72.92",
        ])
        #expect(text.status == 0)
        #expect(
            text.standardOutput.hasPrefix(
                "list: Test list: monitors prohibited until 2026-06-30, then only their review\n\n8528.72.92: prohibited when used (entry 8528)\n"
            ))
        #expect(text.standardOutput.contains("  entry 8528 is in force until 2026-06-30\n"))
        #expect(text.standardOutput.contains("  review 8528 (from 2026-07-01) is not in force on 2026-05-10\n"))

        let json = try BinaryRunner.run([
            "list", "lookup", "--list", "Fixtures/lists/dated-monitors.csv", "--on", "2026-08-10", "--json", "8528.72.92",
            "84713020",
        ])
        #expect(json.status == 0)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]])
        #expect(objects.count == 2)
        #expect(objects.map { $0["code"] as? String } == ["85287292", "84713020"])
        #expect(objects.map { $0["on"] as? String } == ["2026-08-10", "2026-08-10"])
        #expect(objects[0]["verdict"] as? String == "needs-review")
        #expect(objects[0]["entry"] is NSNull)
        #expect(objects[0]["review"] as? String == "8528")
        #expect(objects[0]["valid_from"] as? String == "2026-07-01")
        #expect(objects[0]["valid_to"] is NSNull)
        #expect(objects[1]["verdict"] as? String == "not-listed")
        #expect(objects[1]["valid_from"] is NSNull)

        let named = try BinaryRunner.run(["list", "lookup", "8528.72.92"])
        #expect(
            named.standardOutput.hasPrefix(
                "list: Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import (effective 2018-11-30)\n\n")
        )

        let builtIn = try BinaryRunner.run(["list", "lookup", "--json", "8528.72.92"])
        let plain = try #require(try JSONSerialization.jsonObject(with: Data(builtIn.standardOutput.utf8)) as? [[String: Any]])
        #expect(plain.first?["entry"] as? String == "8528")
        #expect(plain.first?["valid_from"] as? String == "2018-11-30")
        #expect(plain.first?["on"] == nil, "no --on, no on")
    }

    /// Compiles `source` into a temporary .hstrie and returns its path.
    private func compiled(_ source: String) throws -> String {
        let folder = try BinaryRunner.temporaryFolder()
        let path = folder.appendingPathComponent("list.hstrie").path
        let run = try BinaryRunner.run(["list", "compile", source, "-o", path])
        #expect(run.status == 0, "\(run.standardError)")
        return path
    }
}
