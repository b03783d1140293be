import Foundation
import Testing

/// Findings that remember, across nights against one ledger: state, episodes, `resolved`, and
/// inspectors' decisions (`triage set|import|export`) with their effect on the exit status.
@Suite("finding state and triage, end to end")
struct TriageEndToEndTests {
    static let nights = [
        "Fixtures/processing/night-1.xml", "Fixtures/processing/night-2.xml", "Fixtures/triage/night-3.xml",
    ]
    static let dates = ["2026-11-27", "2026-11-28", "2026-11-29"]

    /// Contract B's `processing.not-reexported` (never settled) and contract D's goods balance
    /// (settled on night 3), from the formula of the contract.
    static let contractB = "d9268564615c765b"
    static let contractDBalance = "5a2bf0418f86d880"

    /// A folder with a ledger in it, removed at the end.
    struct Night {
        let folder: URL
        var ledger: URL { folder.appendingPathComponent("ledger.sqlite") }

        init() throws { folder = try BinaryRunner.temporaryFolder() }

        func out(_ name: String) -> URL { folder.appendingPathComponent(name) }

        /// Audits night `index` (0-based) on its date; `inputs` nil: that night's file.
        @discardableResult
        func audit(_ index: Int, inputs: [String]? = nil, out: String = "out", extra: [String] = []) throws -> BinaryRunner.Run {
            try BinaryRunner.run(
                [
                    "audit", "--quiet", "--as-of", TriageEndToEndTests.dates[index], "--out", self.out(out).path, "--ledger",
                    ledger.path,
                ]
                    + extra + (inputs ?? [TriageEndToEndTests.nights[index]]))
        }

        func triage(_ arguments: [String]) throws -> BinaryRunner.Run {
            try BinaryRunner.run(["triage"] + arguments.prefix(1) + ["--ledger", ledger.path] + arguments.dropFirst())
        }

        func report(_ out: String = "out") throws -> [String: Any] {
            let data = try Data(contentsOf: self.out(out).appendingPathComponent("report.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }

        func findings(_ out: String = "out") throws -> [String: [String: Any]] {
            let list = try #require(try report(out)["findings"] as? [[String: Any]])
            return Dictionary(list.map { ($0["finding_id"] as! String, $0) }, uniquingKeysWith: { first, _ in first })
        }

        func resolved(_ out: String = "out") throws -> [[String: Any]] {
            try #require(try report(out)["resolved"] as? [[String: Any]])
        }

        func bytes(_ out: String, _ name: String) throws -> Data {
            try Data(contentsOf: self.out(out).appendingPathComponent(name))
        }

        func ledgerContent() throws -> String { try BinaryRunner.ledgerContent(ledger) }

        func write(_ text: String, to name: String) throws -> URL {
            let file = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            return file
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test("a finding new on night 1 is open on night 2 with the same id and first date; re-running a night changes no byte")
    func newThenOpen() throws {
        let night = try Night()
        defer { night.remove() }
        #expect(try night.audit(0).status == 1)
        let first = try night.findings()
        let b = try #require(first[Self.contractB])
        #expect(b["state"] as? String == "new")
        #expect(b["first_reported_on"] as? String == "2026-11-27")
        #expect(b["suppressed"] as? Bool == false)
        #expect(try night.audit(1).status == 1)
        let second = try night.findings()
        let again = try #require(second[Self.contractB])
        #expect(again["state"] as? String == "open")
        #expect(again["first_reported_on"] as? String == "2026-11-27")
        #expect(again["reason"] as? String == b["reason"] as? String)
        // Contract D appears on night 2: new then.
        #expect(second[Self.contractDBalance]?["state"] as? String == "new")
        let summary = try #require(try night.report()["summary"] as? [String: Any])
        let states = try #require(summary["by_state"] as? [String: Int])
        #expect(states["open"] == second.values.count { $0["state"] as? String == "open" })
        #expect(states["open"]! > 0 && states["new"]! > 0)
        // The same night again: the same reports, byte for byte.
        let csv = try night.bytes("out", "findings.csv")
        let json = try night.bytes("out", "report.json")
        try night.audit(1, out: "again")
        #expect(try night.bytes("again", "findings.csv") == csv)
        #expect(try night.bytes("again", "report.json") == json)
        #expect(try ReportSchema.violations(of: night.out("again").appendingPathComponent("report.json")) == nil)
    }

    @Test("an amendment keeps the finding; a contract judged again and no longer overdue is resolved")
    func amendmentAndResolution() throws {
        let night = try Night()
        defer { night.remove() }
        try night.audit(0)
        let first = try night.findings()
        // Contract A on night 1: imports only, so not re-exported.
        let a = try #require(
            first.values.first {
                $0["rule"] as? String == "processing.not-reexported"
                    && ($0["contract"] as? String)?.hasPrefix("0700000001/") == true
            })
        let laptop = try #require(
            first.values.first { $0["rule"] as? String == "used-it.no-permit" && $0["declaration"] as? String == "105000001010" })
        try night.audit(1)
        let second = try night.findings()
        // 105000001011 amends 105000001010: the same finding, still open.
        let amended = try #require(second[laptop["finding_id"] as! String])
        #expect(amended["declaration"] as? String == "105000001011")
        #expect(amended["state"] as? String == "open")
        // Night 2 re-exports part of contract A: no longer "not re-exported" (now a balance).
        let resolved = try night.resolved()
        #expect(resolved.map { $0["finding_id"] as? String } == [a["finding_id"] as? String])
        #expect(resolved.first?["first_reported_on"] as? String == "2026-11-27")
        #expect(resolved.first?["last_reported_on"] as? String == "2026-11-27")
        #expect(second[a["finding_id"] as! String] == nil)
    }

    @Test("three nights: a contract settled on night 3 is resolved then, and not again later")
    func threeNights() throws {
        let night = try Night()
        defer { night.remove() }
        try night.audit(0)
        try night.audit(1)
        #expect(try night.audit(2).status == 0)  // nothing new on night 3
        let third = try night.findings()
        #expect(third[Self.contractDBalance] == nil)
        #expect(third[Self.contractB]?["state"] as? String == "open")
        // Night 1's used-goods finding on 105000001020: not read tonight, so neither open nor resolved.
        #expect(
            !third.values.contains {
                $0["declaration"] as? String == "105000001020" && $0["rule"] as? String == "used-it.no-permit"
            })
        let resolved = try night.resolved()
        #expect(resolved.count == 1)
        let gone = try #require(resolved.first)
        #expect(gone["finding_id"] as? String == Self.contractDBalance)
        #expect(gone["rule"] as? String == "processing.balance-outstanding")
        #expect(gone["severity"] as? String == "medium")
        #expect(gone["contract"] as? String == "0700000004/1100100000104")
        #expect(gone["first_reported_on"] as? String == "2026-11-28")
        #expect(gone["last_reported_on"] as? String == "2026-11-28")
        // Re-running night 3 lists it again; a later night does not.
        let json = try night.bytes("out", "report.json")
        try night.audit(2, out: "again")
        #expect(try night.bytes("again", "report.json") == json)
        let nothing = try night.write(Self.laptops(version: 0, used: false), to: "nothing.xml")
        let later = try BinaryRunner.run([
            "audit", "--quiet", "--as-of", "2026-11-30", "--out", night.out("later").path, "--ledger", night.ledger.path,
            nothing.path,
        ])
        #expect(later.status == 0)
        #expect(try night.findings("later")[Self.contractB]?["state"] as? String == "open")
        #expect(try night.resolved("later").isEmpty)
    }

    /// One A11 import of laptops, version `version` of 10700000999, used or new.
    static func laptops(version: Int, used: Bool) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <DeclarationDump xmlns="urn:declaudit:dump:1">
          <Declaration>
            <Number>10700000999\(version)</Number>
            <TypeCode>A11</TypeCode>
            <CustomsOffice>01AB</CustomsOffice>
            <RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>0100000009</TaxCode><Name>Cong ty Vi Du</Name></Declarant>
            <Item line="1">
              <HSCode>8471.30.20</HSCode>
              <Description>Máy tính xách tay \(used ? "đã qua sử dụng" : "hàng mới 100%")</Description>
              <Quantity unit="PCE">20</Quantity>
            </Item>
          </Declaration>
        </DeclarationDump>
        """
    }

    @Test("a finding that comes back after being resolved starts a new episode, and alerts again")
    func comesBack() throws {
        let night = try Night()
        defer { night.remove() }
        let versions = [(0, true), (1, false), (2, true)]
        var runs: [BinaryRunner.Run] = []
        for (index, (version, used)) in versions.enumerated() {
            let file = try night.write(Self.laptops(version: version, used: used), to: "night-\(index).xml")
            runs.append(try night.audit(index, inputs: [file.path]))
        }
        #expect(runs.map(\.status) == [1, 0, 1])
        // Night 3 (version 2): the same id as night 1, a new episode from night 3.
        let back = try #require(try night.findings().values.first)
        #expect(back["declaration"] as? String == "107000009992")
        #expect(back["state"] as? String == "new")
        #expect(back["first_reported_on"] as? String == "2026-11-29")
        #expect(try night.resolved().isEmpty)
        let content = try night.ledgerContent()
        #expect(
            content.contains(
                "'\(back["finding_id"] as! String)','used-it.no-permit','high','107000009992','10700000999',1,NULL,2,'2026-11-29','2026-11-29',NULL)"
            ))
    }

    @Test("an amendment that removes the used line resolves the finding on the night it is read")
    func amendmentResolves() throws {
        let night = try Night()
        defer { night.remove() }
        let used = try night.write(Self.laptops(version: 0, used: true), to: "used.xml")
        let new = try night.write(Self.laptops(version: 1, used: false), to: "new.xml")
        try night.audit(0, inputs: [used.path])
        let id = try #require(try night.findings().keys.first)
        // Night 2 reads something else: the declaration is not judged, nothing is resolved.
        try night.audit(1, inputs: ["Fixtures/processing/night-1.xml"])
        #expect(!(try night.resolved().contains { $0["finding_id"] as? String == id }))
        try night.audit(2, inputs: [new.path])
        let resolved = try night.resolved()
        #expect(resolved.map { $0["finding_id"] as? String } == [id])
        #expect(resolved.first?["declaration"] as? String == "107000009990")
        #expect(resolved.first?["line"] as? Int == 1)
        #expect(resolved.first?["contract"] is NSNull)
    }

    @Test("a suppression keeps the exit status from being 1 and lapses after --until")
    func suppression() throws {
        let night = try Night()
        defer { night.remove() }
        #expect(try night.audit(0).status == 1)
        let ids = try night.findings().keys.sorted()
        #expect(ids.count == 5)
        let set = try night.triage(
            ["set"] + ids + ["--status", "accepted", "--note", "seen on paper", "--by", "inspector-1", "--as-of", "2026-11-27"])
        #expect(set.status == 0, "\(set.standardError)")
        #expect(try night.audit(0).status == 0)
        let suppressed = try night.findings()
        #expect(
            suppressed.values.allSatisfy {
                $0["suppressed"] as? Bool == true && $0["triage"] as? String == "accepted"
                    && $0["triage_note"] as? String == "seen on paper"
            })
        #expect(suppressed.values.allSatisfy { $0["state"] as? String == "new" })
        let summary = try #require(try night.report()["summary"] as? [String: Any])
        #expect(summary["suppressed"] as? Int == 5)
        #expect(summary["findings"] as? Int == 5)
        let csv = String(decoding: try night.bytes("out", "findings.csv"), as: UTF8.self)
        #expect(csv.contains(",accepted,seen on paper,"))
        // Until yesterday: lapsed tonight, the finding counts again but keeps its triage.
        _ = try night.triage(
            ["set"] + ids + ["--status", "accepted", "--until", "2026-11-26", "--by", "inspector-1", "--as-of", "2026-11-27"])
        #expect(try night.audit(0).status == 1)
        #expect(
            try night.findings().values.allSatisfy { $0["suppressed"] as? Bool == false && $0["triage"] as? String == "accepted" }
        )
        // Until tonight: holds tonight.
        _ = try night.triage(
            ["set"] + ids + [
                "--status", "false-positive", "--until", "2026-11-27", "--by", "inspector-1", "--as-of", "2026-11-27",
            ])
        #expect(try night.audit(0).status == 0)
        // confirmed does not suppress; cleared removes the decision.
        _ = try night.triage(["set", ids[0], "--status", "confirmed", "--by", "inspector-2", "--as-of", "2026-11-27"])
        #expect(try night.audit(0).status == 1)
        _ = try night.triage(["set", ids[0], "--status", "cleared", "--by", "inspector-2", "--as-of", "2026-11-27"])
        #expect(try night.audit(0).status == 1)
        let cleared = try #require(try night.findings()[ids[0]])
        #expect(cleared["triage"] is NSNull)
        #expect(cleared["suppressed"] as? Bool == false)
    }

    @Test("open findings do not make the exit status 1; new ones do")
    func onlyNewAlerts() throws {
        let night = try Night()
        defer { night.remove() }
        #expect(try night.audit(0).status == 1)
        // The next night, with a file that raises nothing: the contracts' findings are open.
        let nothing = try night.write(Self.laptops(version: 0, used: false), to: "nothing.xml")
        let quiet = try BinaryRunner.run([
            "audit", "--quiet", "--as-of", "2026-11-28", "--out", night.out("empty").path, "--ledger", night.ledger.path,
            nothing.path,
        ])
        #expect(quiet.status == 0)
        #expect(try night.findings("empty").values.allSatisfy { $0["state"] as? String == "open" })
        #expect(try !night.findings("empty").isEmpty)
    }

    @Test("a malformed decisions file is refused whole with its line, and changes nothing")
    func malformedImport() throws {
        let night = try Night()
        defer { night.remove() }
        try night.audit(0)
        let ids = try night.findings().keys.sorted()
        let before = try night.ledgerContent()
        let header = "finding_id,status,note,by,until\n"
        let cases: [(String, String)] = [
            (header + "\(ids[0]),accepted,,a,\n\(ids[1]),fixed,,a,\n", ":3: unknown status \"fixed\""),
            (
                header + "\(ids[0]),accepted,,a,\nffffffffffffffff,accepted,,a,\n",
                ":3: finding ffffffffffffffff was never recorded"
            ),
            (header + "\(ids[0]),accepted,,a,27/11/2026\n", ":2: until \"27/11/2026\""),
            (header + "\(ids[0]),accepted,\"open quote,a,\n", ":2:"),
            (header + "\(ids[0]),accepted\n", ":2: 2 fields"),
            ("id,status,note,by,until\n\(ids[0]),accepted,,a,\n", ":1: the header must start"),
            (header + "\(ids[0].uppercased()),accepted,,a,\n", ":2:"),
        ]
        for (index, (text, message)) in cases.enumerated() {
            let file = try night.write(text, to: "bad-\(index).csv")
            let run = try night.triage(["import", file.path, "--as-of", "2026-11-27"])
            #expect(run.status == 64, "case \(index)")
            #expect(run.standardError.contains(file.lastPathComponent + message), "case \(index): \(run.standardError)")
            #expect(try night.ledgerContent() == before, "case \(index)")
        }
        let unknown = try night.triage(["set", "0123456789abcdef", "--status", "accepted", "--as-of", "2026-11-27"])
        #expect(unknown.status == 64)
        #expect(unknown.standardError.contains("0123456789abcdef was never recorded"))
        let notAnID = try night.triage(["set", "ABC", "--status", "accepted"])
        #expect(notAnID.status == 64)
        #expect(notAnID.standardError.contains("\"ABC\" is not a finding_id"))
        let badStatus = try night.triage(["set", ids[0], "--status", "fixed"])
        #expect(badStatus.status == 64)
        #expect(try night.ledgerContent() == before)
        let noLedger = try BinaryRunner.run([
            "triage", "export", "--ledger", night.folder.appendingPathComponent("none.sqlite").path,
        ])
        #expect(noLedger.status == 64)
        #expect(!FileManager.default.fileExists(atPath: night.folder.appendingPathComponent("none.sqlite").path))
    }

    @Test("triage export round-trips into triage import (with a byte-order mark and extra columns)")
    func exportImportRoundTrip() throws {
        let night = try Night()
        defer { night.remove() }
        try night.audit(0)
        let pristine = night.folder.appendingPathComponent("pristine.sqlite")
        try FileManager.default.copyItem(at: night.ledger, to: pristine)
        let ids = try night.findings().keys.sorted()
        _ = try night.triage(["set", ids[0], "--status", "under-review", "--by", "a", "--as-of", "2026-11-27"])
        _ = try night.triage([
            "set", ids[0], "--status", "false-positive", "--note", "permit 12/GP, \"seen\"\nline two", "--by", "Nguyễn Văn A",
            "--until", "2026-12-31", "--as-of", "2026-11-27",
        ])
        _ = try night.triage(["set", ids[1], "--status", "confirmed", "--by", "b", "--as-of", "2026-11-27"])
        _ = try night.triage(["set", ids[2], "--status", "accepted", "--by", "b", "--as-of", "2026-11-27"])
        _ = try night.triage(["set", ids[2], "--status", "cleared", "--by", "b", "--as-of", "2026-11-27"])
        let exportFile = night.folder.appendingPathComponent("decisions.csv")
        let export = try night.triage(["export", "-o", exportFile.path])
        #expect(export.status == 0)
        let exported = try String(contentsOf: exportFile, encoding: .utf8)
        #expect(exported.hasPrefix("finding_id,status,note,by,until,decided_on,rule,declaration,line,contract\n"))
        #expect(exported.split(separator: "\n", omittingEmptySubsequences: false).count > 3)
        #expect(
            exported.contains(
                "\(ids[0]),false-positive,\"permit 12/GP, \"\"seen\"\"\nline two\",Nguyễn Văn A,2026-12-31,2026-11-27,"))
        #expect(!exported.contains(ids[2]))
        let history = try night.triage(["export", "--history"])
        #expect(history.standardOutput.split(separator: "\n").count { line in ids.contains { line.hasPrefix($0) } } == 5)
        #expect(history.standardOutput.contains("\(ids[2]),cleared,"))
        // Into the ledger as it was before any decision, with a byte-order mark: the same decisions.
        let withBOM = night.folder.appendingPathComponent("decisions-bom.csv")
        try (Data([0xEF, 0xBB, 0xBF]) + Data(exported.utf8)).write(to: withBOM)
        let imported = try BinaryRunner.run([
            "triage", "import", "--ledger", pristine.path, withBOM.path, "--as-of", "2026-11-27",
        ])
        #expect(imported.status == 0, "\(imported.standardError)")
        let again = try BinaryRunner.run(["triage", "export", "--ledger", pristine.path])
        #expect(again.standardOutput == exported)
    }

    @Test("triage export -o writes through a link to a device and refuses a link to a file, like ledger export")
    func exportIsASafeOutput() throws {
        let night = try Night()
        defer { night.remove() }
        try night.audit(0)
        let toDevice = night.folder.appendingPathComponent("to-null")
        try FileManager.default.createSymbolicLink(atPath: toDevice.path, withDestinationPath: "/dev/null")
        #expect(try night.triage(["export", "-o", toDevice.path]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: toDevice.path) == "/dev/null")
        let victim = night.folder.appendingPathComponent("victim.txt")
        try Data("keep".utf8).write(to: victim)
        let toFile = night.folder.appendingPathComponent("to-victim")
        try FileManager.default.createSymbolicLink(atPath: toFile.path, withDestinationPath: victim.path)
        let refused = try night.triage(["export", "-o", toFile.path])
        #expect(refused.status == 64, "\(refused.standardError)")
        #expect(try String(contentsOf: victim, encoding: .utf8) == "keep")
    }

    @Test("a ledger written by the release before findings were recorded upgrades in place")
    func upgradesVersion1Ledger() throws {
        let night = try Night()
        defer { night.remove() }
        // Written by `declaudit audit --as-of 2026-11-27 --ledger … Fixtures/processing/night-1.xml`
        // at d1e7695, schema v1-processing-ledger.
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/ledger/v1-night-1.sqlite"), to: night.ledger)
        let before = try night.ledgerContent()
        #expect(!before.contains("v2-findings-and-triage"))
        #expect(try night.audit(1).status == 1)
        let after = try night.ledgerContent()
        #expect(after.contains("v2-findings-and-triage"))
        #expect(after.contains("INSERT INTO \"finding\" VALUES('\(Self.contractB)'"))
        // Night 1's contracts came through the upgrade: contract B is still overdue. The v1 ledger
        // kept no findings, so what it raised is new on the first night after the upgrade.
        let b = try #require(try night.findings()[Self.contractB])
        #expect(b["state"] as? String == "new")
        #expect(b["first_reported_on"] as? String == "2026-11-28")
        try night.audit(2)
        #expect(try night.findings()[Self.contractB]?["state"] as? String == "open")
        #expect(try night.resolved().map { $0["finding_id"] as? String } == [Self.contractDBalance])
    }
}
