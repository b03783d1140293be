import Foundation
import GRDB
import Synchronization
import Testing

@testable import DeclauditKit

#if canImport(Glibc)
    import Glibc
#endif

private typealias F = DeclarationFactory

/// Issue 13: the nightly job against operators' accidents and attackers' plants.
@Suite struct HardeningTests {
    // MARK: 13.2 report temporaries

    @Test("a link planted at the old predictable temporary name is never followed")
    func plantedTemporaryLinkIsNotFollowed() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        for name in ReportWriter.reportNames {
            try FileManager.default.createSymbolicLink(
                atPath: out.path + "/." + name + ".tmp-\(getpid())", withDestinationPath: victim.path)
        }
        try ReportWriter.write(F.auditResult(findings: [F.finding()]), to: out.path, excel: false)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("report.json").path))
    }

    @Test("temporaries are created new, never opened through an existing name")
    func temporariesAreExclusive() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (first, firstPath) = try SafeOutput.createTemporary(for: "findings.csv", in: folder.path)
        let (second, secondPath) = try SafeOutput.createTemporary(for: "findings.csv", in: folder.path)
        first.close()
        second.close()
        #expect(firstPath != secondPath)
        #expect(firstPath.hasPrefix(folder.path + "/.findings.csv.tmp-"))
    }

    // MARK: 13.3 -o onto links and devices

    @Test("-o onto a link to a device writes through it and leaves the link")
    func writesThroughALinkToADevice() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.path + "/null"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        try SafeOutput.write(Array("a,b\n".utf8), to: link)
        #expect(FileSystem.kind(atPath: link) == .symbolicLink)
        #expect(FileSystem.kind(atPath: "/dev/null") == .other)
    }

    @Test("-o onto a link to a regular file is refused and the file is untouched")
    func refusesALinkToAFile() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let victim = folder.appendingPathComponent("victim.txt")
        try Data("precious".utf8).write(to: victim)
        let link = folder.path + "/export.csv"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: victim.path)
        let error = #expect(throws: DeclauditError.self) { try SafeOutput.write(Array("x".utf8), to: link) }
        #expect(error?.code == .outputNotWritable)
        #expect(error?.message.contains("symbolic link") == true)
        #expect(FileSystem.kind(atPath: link) == .symbolicLink)
        #expect(try String(contentsOf: victim, encoding: .utf8) == "precious")
    }

    @Test("-o onto a regular file or a new name replaces it atomically")
    func replacesARegularFile() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/list.hstrie"
        try SafeOutput.write(Array("one".utf8), to: path)
        try SafeOutput.write(Array("two".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["list.hstrie"])
    }

    @Test("the compiled list onto a link to a device leaves the link")
    func compiledListThroughALink() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let link = folder.path + "/out.hstrie"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/dev/null")
        try ProhibitedList.builtIn.writeCompiled(to: link)
        #expect(FileSystem.kind(atPath: link) == .symbolicLink)
    }

    // MARK: 13.1 the output folder's lock

    @Test("a second run into a locked output folder gives up with output-busy")
    func outputLockIsExclusive() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let held = try ReportWriter.prepare(directory: folder.path, waitSeconds: 0)
        let error = #expect(throws: DeclauditError.self) { _ = try ReportWriter.prepare(directory: folder.path, waitSeconds: 0) }
        #expect(error?.code == .outputBusy)
        #expect(DeclauditKit.ExitStatus.of(try #require(error)) == .temporaryFailure)
        withExtendedLifetime(held) {}
    }

    @Test("preparing the folder removes temporaries that killed runs left")
    func staleTemporariesAreSwept() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let stale = folder.path + "/.report.json.tmp-4242"
        _ = FileManager.default.createFile(atPath: stale, contents: Data("half".utf8))
        let lock = try ReportWriter.prepare(directory: folder.path, waitSeconds: 0)
        #expect(!FileManager.default.fileExists(atPath: stale))
        withExtendedLifetime(lock) {}
    }

    // MARK: 13.4 and 13.5 the ledger

    @Test("a damaged ledger is refused when opened, with 64")
    func damagedLedgerIsRefused() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/ledger.sqlite"
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: DeclauditError.self) { _ = try Ledger(path: path, waitSeconds: 0) }
        #expect(error?.code == .ledgerUnusable)
        #expect(DeclauditKit.ExitStatus.of(try #require(error)) == .usage)
    }

    @Test("a ledger taken by another process while the inputs are read: ledger-busy before any report, not at commit")
    func ledgerHeldAtMergeTime() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/ledger.sqlite"
        let ledger = try Ledger(path: path, waitSeconds: 1)
        let other = try DatabaseQueue(path: path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let reportsWritten = Atomic<Bool>(false)
            let error = #expect(throws: DeclauditError.self) {
                _ = try AuditRun.audit(
                    [InputFile(path: try F.fixture("processing/night-1.xml").path, label: "night-1.xml")],
                    options: AuditOptions(list: ProhibitedList.builtIn, asOf: "2026-11-29"), ledger: ledger,
                    beforeCommit: { _ in reportsWritten.store(true, ordering: .relaxed) })
            }
            #expect(error?.code == .ledgerBusy)
            #expect(error?.message.contains("held by another process") == true)
            let written = reportsWritten.load(ordering: .relaxed)
            #expect(written == false)
        }
    }

    @Test("a single write transaction (as triage commands make) waits for a held ledger, then ledger-busy")
    func writeTransactionWaitsForAHeldLedger() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.path + "/ledger.sqlite"
        let ledger = try Ledger(path: path, waitSeconds: 1)
        let other = try DatabaseQueue(path: path)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            defer { try? db.execute(sql: "ROLLBACK") }
            let error = #expect(throws: DeclauditError.self) { try ledger.transaction { _ in } }
            #expect(error?.code == .ledgerBusy)
        }
        try ledger.transaction { _ in }
    }

    @Test("the run-only ledger has no name in the temporary folder once open")
    func runOnlyLedgerIsUnlinked() throws {
        let before = Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path))
        let ledger = try Ledger(path: nil)
        let after = Set(try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path))
        let created = after.subtracting(before).filter { $0.hasPrefix("declaudit-run-") }
        #expect(created.isEmpty, "left in TMPDIR: \(created)")
        _ = try ledger.contracts(asOf: "2026-01-01", graceDays: 30)
    }

    // MARK: 13.6 line numbers past 2^31

    /// A seam test: generating 2^31 newlines through the parser takes minutes in a debug build,
    /// so the counter and the unwrapping of libxml2's C int are checked on their own.
    @Test("libxml2's wrapped line numbers are unwrapped against a 64-bit count")
    func lineNumbersAreUnwrapped() {
        // The case: 2,348,810,244 lines, reported by libxml2 as -1946157052.
        #expect(LineCounter.unwrap(-1_946_157_052, bound: 2_348_810_300) == 2_348_810_244)
        #expect(LineCounter.unwrap(Int(Int32.max), bound: Int(Int32.max) + 10) == Int(Int32.max))
        #expect(LineCounter.unwrap(17, bound: 20) == 17)
        #expect(LineCounter.unwrap(17, bound: 5) == 17)
        // Past 2^32 the count wraps to small positive values again.
        #expect(LineCounter.unwrap(5, bound: (1 << 32) + 9) == (1 << 32) + 5)
    }

    @Test("a parse's line numbers are unwrapped against the last sample of libxml2's count")
    func sampledLineNumbersAreUnwrapped() {
        var tracker = LineTracker()
        #expect(tracker.unwrap(17) == 17)
        #expect(tracker.unwrap(0) == 0)
        tracker.sample(Int32.max - 5)
        #expect(tracker.unwrap(Int32.max) == Int(Int32.max))
        // Past 2^31 libxml2's int goes negative: the case, 2,348,810,244 lines.
        tracker.sample(-2_000_000_000)
        #expect(tracker.unwrap(-1_946_157_052) == 2_348_810_244)
        // Past 2^32 it is positive again; a number just before the sample is placed before it.
        tracker.sample(3)
        #expect(tracker.unwrap(5) == (1 << 32) + 5)
        #expect(tracker.unwrap(2) == (1 << 32) + 2)
    }

    @Test("lines are counted as libxml2 counts them: LF, CR LF and lone CR, across chunks")
    func linesAreCountedLikeLibXML2() {
        var counter = LineCounter()
        for chunk in ["a\nb\r", "\nc\rd", "\r\n", "e"] {
            Array(chunk.utf8).withUnsafeBytes { counter.count($0) }
        }
        // Breaks: \n, \r\n (split across chunks), \r, \r\n.
        #expect(counter.breaks == 4)
        #expect(counter.bound == 5)
    }

    // MARK: 13.11 findings read back

    @Test("a findings file that cannot be read back throws instead of trapping")
    func unreadableFindingsThrow() throws {
        let file = try FindingFile()
        let entries = [F.finding(), F.finding(declaration: "107000000002")].map(file.append)
        try file.finish()
        // Make the descriptor write-only under the list: pread then fails with EBADF.
        let writeOnly = open("/dev/null", O_WRONLY)
        #expect(dup2(writeOnly, file.descriptorForTesting) >= 0)
        close(writeOnly)
        let list = FindingList(file: file, entries: entries)
        let error = #expect(throws: DeclauditError.self) { _ = try list.finding(at: 0) }
        #expect(error?.code == .internal)
        #expect(error?.message.hasPrefix("the findings' temporary file could not be read back") == true)
        _ = list[1]
        #expect(list.readFailure != nil)
        // Read in order, through a window of the file, each gets its stand-in.
        #expect(Array(list).map(\.declaration) == ["", ""])
        #expect(Array(list).map(\.source) == entries.map(\.source))
        #expect(DeclauditKit.ExitStatus.of(try #require(list.readFailure)) == .internal)
    }

    @Test("a report is not committed when a finding could not be read back")
    func reportWithAHoleIsNotCommitted() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try FindingFile()
        let entries = [F.finding()].map(file.append)
        try file.finish()
        let writeOnly = open("/dev/null", O_WRONLY)
        #expect(dup2(writeOnly, file.descriptorForTesting) >= 0)
        close(writeOnly)
        var result = F.auditResult(findings: [])
        result.findings = FindingList(file: file, entries: entries)
        #expect(throws: DeclauditError.self) { try ReportWriter.write(result, to: folder.path, excel: false) }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("findings.csv").path))
    }

    // MARK: 13.9 ops ergonomics

    @Test("an INPUT directory with no XML is a failed input, no-input-files")
    func emptyDirectoryIsAFailedInput() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = FileManager.default.createFile(atPath: folder.path + "/notes.txt", contents: Data())
        let files = InputExpander.expand([folder.path])
        #expect(files.count == 1)
        #expect(files.first?.problem?.code == .noInputFiles)
    }

    @Test("--fail-on never: the exit status is never 1")
    func failOnNever() {
        let result = F.auditResult(findings: [F.finding(severity: .high)])
        #expect(DeclauditKit.ExitStatus.of(result, failOn: nil) == .clean)
        #expect(DeclauditKit.ExitStatus.of(result, failOn: .high) == .findings)
    }

    @Test("75 is the temporary failure of a held ledger or output folder")
    func temporaryFailureCode() {
        #expect(DeclauditKit.ExitStatus.temporaryFailure.rawValue == 75)
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.ledgerBusy, "held")) == .temporaryFailure)
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.outputBusy, "held")) == .temporaryFailure)
        #expect(DeclauditKit.ExitStatus.helpText.contains("75"))
    }

    @Test("the last progress agrees with the summary's totals")
    func lastProgressAgreesWithTheResult() throws {
        let progress = Mutex<[AuditProgress]>([])
        let files = ["processing/night-1.xml", "processing/night-2.xml"].map { name in
            let path = (try? F.fixture(name).path) ?? name
            return InputFile(path: path, label: name)
        }
        let result = try AuditRun.audit(
            files, options: AuditOptions(list: ProhibitedList.builtIn, asOf: "2026-11-29"),
            progress: { snapshot in progress.withLock { $0.append(snapshot) } })
        let last = try #require(progress.withLock { $0.last })
        #expect(result.findings.count > 0)
        #expect(last.findings == result.findings.count)
        #expect(last.declarations == result.declarations)
        #expect(last.filesDone == files.count)
    }

    // MARK: 13.8 file names that are not UTF-8

    @Test("a path that is not UTF-8 keeps its bytes for opening and is shown escaped")
    func rawPathsRoundTrip() {
        let bytes: [UInt8] = Array("/srv/th".utf8) + [0xE1] + Array("ng/caf".utf8) + [0xE9] + Array(".xml".utf8)
        let path = RawPath.string(bytes)
        #expect(RawPath.bytes(path) == bytes)
        #expect(RawPath.display(path) == "/srv/th\\xE1ng/caf\\xE9.xml")
        #expect(RawPath.string(Array("/srv/café.xml".utf8)) == "/srv/café.xml")
        #expect(RawPath.display("/srv/café.xml") == "/srv/café.xml")
    }

    @Test("a directory walk opens and accounts for names that are not UTF-8")
    func directoryWalkKeepsRawNames() throws {
        let folder = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let xml = try Data(contentsOf: F.fixture("dump/used-it.xml"))
        let rawName: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".XML".utf8)
        let descriptor = (Array(folder.path.utf8) + [0x2F] + rawName + [0]).withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = xml.withUnsafeBytes { write(descriptor, $0.baseAddress!, $0.count) }
        close(descriptor)
        let files = InputExpander.expand([folder.path])
        #expect(files.map(\.label) == [folder.path + "/caf\\xE9.XML"])
        #expect(files.first?.problem == nil)
        let file = try #require(files.first)
        let outcome = DocumentReader.read(path: file.path, label: file.label) { _ in }
        #expect(outcome.error == nil)
        #expect(outcome.declarations > 0)
    }

    // MARK: 13.10 permit registry tax codes

    @Test("a tax code that lost its leading zero is a malformed registry, with a hint")
    func strippedTaxCodeIsRefused() throws {
        let csv =
            "permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to\nP-1,0100000101-001,research,8471,5,PCE,,\nP-2,100000101,research,8471,5,PCE,,\n"
        let error = #expect(throws: DeclauditError.self) { _ = try PermitRegistry.parse(csv: Array(csv.utf8), source: "r.csv") }
        #expect(error?.code == .permitsMalformed)
        #expect(error?.location?.line == 3)
        #expect(error?.message.contains("leading zeros") == true)
        #expect(PermitRegistry.isTaxCode("0100000101"))
        #expect(PermitRegistry.isTaxCode("0100000101-001"))
        #expect(!PermitRegistry.isTaxCode("0100000101-01"))
        #expect(!PermitRegistry.isTaxCode("01000001O1"))
    }
}
