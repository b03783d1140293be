import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 13, through the built binary: overlapping runs, held ledgers, leaks, `-o` targets and
/// the exit codes a nightly job's script acts on.
@Suite("nightly job hardening, end to end")
struct NightlyJobEndToEndTests {
    static let night = "Fixtures/processing/night-1.xml"
    static let findingsFixture = "Fixtures/dump/used-it.xml"

    func audit(_ arguments: [String], environment: [String: String] = [:]) throws -> BinaryRunner.Run {
        try BinaryRunner.run(["audit", "--as-of", "2026-11-29", "--quiet"] + arguments, environment: environment)
    }

    // MARK: 13.1 two runs into one --out

    @Test("a run into an output folder another run holds waits --ledger-wait, then exits 75 and writes nothing")
    func overlappingRunGivesUp() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        // The test plays the first run: it holds the folder's lock.
        let lock = open(out.path + "/.declaudit.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(lock >= 0)
        #expect(flock(lock, LOCK_EX) == 0)
        let blocked = try audit(["--out", out.path, "--ledger-wait", "1", Self.findingsFixture])
        #expect(blocked.status == 75)
        #expect(blocked.standardError.contains("in use by another declaudit run"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
        close(lock)
        let free = try audit(["--out", out.path, "--ledger-wait", "1", Self.findingsFixture])
        #expect(free.status == 1)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }

    // MARK: 13.4 a held ledger

    /// A python3 process that holds the ledger's write lock until its standard input closes.
    func holdLedger(_ ledger: URL) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1], isolation_level=None); c.execute('BEGIN IMMEDIATE'); print('held', flush=True); sys.stdin.read()",
            ledger.path,
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.availableData
        #expect(String(decoding: line, as: UTF8.self).hasPrefix("held"))
        return (process, input)
    }

    @Test("a ledger held by another process: exit 75 after --ledger-wait, reports untouched")
    func heldLedgerGivesUpWithoutTouchingReports() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        #expect(try audit(["--out", out.path, "--ledger", ledger.path, Self.night]).status == 1)
        let before = try ["findings.csv", "report.json"].map { try Data(contentsOf: out.appendingPathComponent($0)) }
        let (holder, input) = try holdLedger(ledger)
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let run = try audit(["--out", out.path, "--ledger", ledger.path, "--ledger-wait", "1", Self.night, Self.findingsFixture])
        #expect(run.status == 75)
        #expect(run.standardError.contains("held by another process"))
        let after = try ["findings.csv", "report.json"].map { try Data(contentsOf: out.appendingPathComponent($0)) }
        #expect(after == before)
        let show = try BinaryRunner.run(["ledger", "show", "--ledger", ledger.path, "--ledger-wait", "1"])
        #expect(show.status == 0, "a reader is not blocked by the held write lock (WAL): \(show.standardError)")
    }

    @Test("a damaged ledger is refused with 64 before any input is read")
    func damagedLedgerIsRefusedUpFront() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        try Data(repeating: 0x41, count: 8192).write(to: ledger)
        let run = try audit(["--out", folder.appendingPathComponent("out").path, "--ledger", ledger.path, "-"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("damaged"))
    }

    @Test("a read-only ledger is refused with 64 before any input is read, not 70 after")
    func readOnlyLedgerIsRefusedUpFront() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        let out = folder.appendingPathComponent("out")
        #expect(try audit(["--out", out.path, "--ledger", ledger.path, Self.night]).status == 1)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: ledger.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: out.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        var arguments = ["audit", "--as-of", "2026-11-29", "--quiet", "--out", out.path, "--ledger", ledger.path, Self.night]
        let run: BinaryRunner.Run
        if getuid() == 0 {
            // Root writes through any mode: the run is made as nobody, for whom the file is read-only.
            guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") else { return }
            arguments = ["-u", "nobody", "--", BinaryRunner.binary.path] + arguments
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = arguments
            process.currentDirectoryURL = BinaryRunner.packageRoot
            let error = Pipe()
            process.standardError = error
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            run = BinaryRunner.Run(status: process.terminationStatus, standardOutput: "", standardError: text)
        } else {
            run = try BinaryRunner.run(arguments)
        }
        #expect(run.status == 64, "stderr: \(run.standardError)")
        #expect(run.standardError.contains("cannot be written"))
    }

    // MARK: 13.5 the run-only ledger

    @Test("a run killed before its commit leaves no run-only ledger in TMPDIR")
    func killedRunLeavesNoTemporaryLedger() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let temporary = folder.appendingPathComponent("tmp")
        try FileManager.default.createDirectory(at: temporary, withIntermediateDirectories: true)
        let run = try audit(
            ["--out", folder.appendingPathComponent("out").path, Self.night],
            environment: ["TMPDIR": temporary.path, "DECLAUDIT_TEST_CRASH_BEFORE_COMMIT": "1"])
        #expect(run.status == 137)
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path) == [])
    }

    @Test("an unusable TMPDIR is named, exit 64")
    func unusableTemporaryFolderIsNamed() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("no-such-tmp").path
        let run = try audit(["--out", folder.appendingPathComponent("out").path, Self.night], environment: ["TMPDIR": missing])
        #expect(run.status == 64)
        #expect(run.standardError.contains(missing))
        #expect(run.standardError.contains("TMPDIR"))
    }

    // MARK: 13.3 -o targets

    @Test("ledger export -o into a missing folder: exit 64, one plain sentence")
    func exportIntoAMissingFolder() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        _ = try audit(["--out", folder.appendingPathComponent("out").path, "--ledger", ledger.path, Self.night])
        let run = try BinaryRunner.run(["ledger", "export", "--ledger", ledger.path, "-o", "/nonexistent/x"])
        #expect(run.status == 64)
        #expect(run.standardError.split(separator: "\n").count == 1)
        #expect(run.standardError.contains("/nonexistent"))
        #expect(!run.standardError.contains("Cocoa"))
    }

    @Test("ledger export and list compile -o onto a link to /dev/null write through it and keep the link")
    func outputsThroughALinkToADevice() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        _ = try audit(["--out", folder.appendingPathComponent("out").path, "--ledger", ledger.path, Self.night])
        let link = folder.appendingPathComponent("null").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        #expect(try BinaryRunner.run(["ledger", "export", "--ledger", ledger.path, "-o", link]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/null")
        #expect(try BinaryRunner.run(["list", "compile", "Sources/DeclauditKit/List/used-it-list.csv", "-o", link]).status == 0)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "/dev/null")
    }

    // MARK: 13.6 line numbers past 2^31

    /// The first finding's source_line in the report at `out`.
    func firstSourceLine(_ out: URL) throws -> Int? {
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        return ((report?["findings"] as? [[String: Any]])?.first?["source_line"] as? NSNumber)?.intValue
    }

    /// 2^31 + 10^8 blank lines are piped in ahead of the fixture's declarations (about 2.2 GB,
    /// made lazily by `head -c | tr`, never on disk); about a minute in a debug build.
    @Test("line numbers past 2^31 are right, and the report keeps to its schema")
    func lineNumbersPastTwoToTheThirtyFirst() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = BinaryRunner.packageRoot.appendingPathComponent(Self.findingsFixture)
        let plain = folder.appendingPathComponent("plain")
        #expect(try audit(["--out", plain.path, Self.findingsFixture]).status == 1)
        let plainLine = try #require(try firstSourceLine(plain))
        let blank = (1 << 31) + 100_000_000
        let out = folder.appendingPathComponent("out")
        // Three lines of the fixture (declaration, comment, root), the blank lines, then the rest.
        let script = #"""
            { head -n 3 "$2"; head -c "$3" /dev/zero | tr '\0' '\n'; tail -n +4 "$2"; } | "$1" audit --as-of 2026-11-29 --quiet --out "$4" -
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script, "sh", BinaryRunner.binary.path, fixture.path, String(blank), out.path]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(try firstSourceLine(out) == plainLine + blank)
        #expect(try ReportSchema.violations(of: out.appendingPathComponent("report.json")) == nil)
    }

    // MARK: 13.8 file names that are not UTF-8

    @Test("a file named on the command line with a name that is not UTF-8 is read, and shown escaped")
    func nonUTF8NameOnTheCommandLine() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        // Foundation passes arguments as UTF-8, so the shell makes the Latin-1 byte.
        let script = #"""
            name="$2/$(printf 'caf\351.xml')"
            cp "$3" "$name" && exec "$1" audit --as-of 2026-11-29 --quiet --out "$4" "$name"
            """#
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [
            "-c", script, "sh", BinaryRunner.binary.path, folder.path,
            BinaryRunner.packageRoot.appendingPathComponent(Self.findingsFixture).path, out.path,
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let input = try #require((report?["inputs"] as? [[String: Any]])?.first)
        #expect(input["status"] as? String == "ok")
        #expect(input["path"] as? String == folder.path + "/caf\\xE9.xml")
    }

    // MARK: 13.9 ops ergonomics

    @Test("an INPUT directory with no XML: failed input no-input-files, exit 2")
    func emptyNight() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let night = folder.appendingPathComponent("night")
        try FileManager.default.createDirectory(at: night, withIntermediateDirectories: true)
        let out = folder.appendingPathComponent("out")
        #expect(try audit(["--out", out.path, night.path]).status == 2)
        let report =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any]
        let input = try #require((report?["inputs"] as? [[String: Any]])?.first)
        #expect(input["status"] as? String == "failed")
        #expect((input["error"] as? [String: Any])?["code"] as? String == "no-input-files")
    }

    @Test("--fail-on never: findings do not make the exit status 1")
    func failOnNever() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try audit(["--out", folder.path, "--fail-on", "never", Self.findingsFixture]).status == 0)
        #expect(try audit(["--out", folder.path, Self.findingsFixture]).status == 1)
    }

    @Test("no INPUT with --ledger judges the ledger's contracts again; without --ledger it is a usage error")
    func noInputRejudges() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        let out = folder.appendingPathComponent("out")
        _ = try BinaryRunner.run([
            "audit", "--as-of", "2026-01-01", "--quiet", "--out", out.path, "--ledger", ledger.path, Self.night,
        ])
        let later = try BinaryRunner.run([
            "audit", "--as-of", "2027-12-31", "--quiet", "--out", out.path, "--ledger", ledger.path,
        ])
        #expect(later.status == 1)
        let csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        #expect(csv.contains("processing."))
        #expect(try audit(["--out", out.path]).status == 64)
    }

    @Test("--help lists the exit codes, 75 included")
    func helpListsExitCodes() throws {
        let help = try BinaryRunner.run(["audit", "--help"])
        #expect(help.standardOutput.contains("75"))
        #expect(help.standardOutput.contains("--ledger-wait"))
    }

    @Test("ledger show --contract with an unknown key says so")
    func unknownContract() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ledger = folder.appendingPathComponent("ledger.sqlite")
        _ = try audit(["--out", folder.appendingPathComponent("out").path, "--ledger", ledger.path, Self.night])
        let run = try BinaryRunner.run(["ledger", "show", "--ledger", ledger.path, "--contract", "XYZ"])
        #expect(run.status == 64)
        #expect(run.standardError.contains("no processing contract \"XYZ\""))
    }

    @Test("a name ending in .GZ is held to gzip like .gz")
    func upperCaseGzipName() throws {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("night.XML.GZ")
        try FileManager.default.copyItem(at: BinaryRunner.packageRoot.appendingPathComponent(Self.findingsFixture), to: input)
        let out = folder.appendingPathComponent("out")
        #expect(try audit(["--out", out.path, input.path]).status == 2)
        let report = try String(contentsOf: out.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report.contains("not gzip data"))
    }

    @Test("list lookup of a bad code prints its error once")
    func lookupErrorOnce() throws {
        let run = try BinaryRunner.run(["list", "lookup", "12345"])
        #expect(run.status == 64)
        #expect((run.standardOutput + run.standardError).components(separatedBy: "not an HS code").count - 1 == 1)
    }

    @Test("--grace-days -5 says what is wrong")
    func negativeGraceDays() throws {
        let run = try audit(["--grace-days", "-5", Self.findingsFixture])
        #expect(run.status == 64)
        #expect(run.standardError.contains("--grace-days -5 is negative"))
    }

    @Test("the README's cron example is one line (Debian cron has no continuation) and uses flock")
    func readmeCronExample() throws {
        let readme = try String(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let cronLines = readme.split(separator: "\n").filter {
            $0.range(of: #"^[0-9*,/-]+ [0-9*,/-]+ [0-9*,/-]+ [0-9*,/-]+ [0-9*,/-]+ "#, options: .regularExpression) != nil
        }
        #expect(!cronLines.isEmpty)
        for line in cronLines {
            #expect(!line.hasSuffix("\\"))
            #expect(line.contains("flock"))
            #expect(line.contains("declaudit audit"))
        }
    }
}
