import Foundation
import GRDB
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory
private typealias P = ProcessingFactory

/// Each stage of `AuditRun` on its own, in the order data flows.
@Suite struct AuditStagesTests {
    // MARK: read

    @Test func theReadersFilterKeepsExactlyTheLinesTheAssessmentCanUse() throws {
        let filter = ReadStage.filter(list: F.list)
        let importScope = filter.scope(of: F.declaration(typeCode: "A11", items: []))
        guard case .matching(let prefixes) = importScope else {
            Issue.record("an import's lines are filtered, got \(importScope)")
            return
        }
        let codes: [HSCode?] =
            [nil]
            + [
                84_713_020, 84_433_119, 84_433_190, 84_439_920, 84_439_930, 84_731_000, 85_044_090, 85_043_000,
                85_171_300, 1_012_100, 99_999_999, 84_700_000,
            ].map { HSCode(value: $0) }
        for code in codes {
            #expect(
                filter.keeps(code, prefixes) == ItemAssessment.isCandidate(hsCode: code, list: F.list),
                "code \(code?.digits ?? "invalid")")
        }
    }

    @Test func processingDeclarationsKeepEveryLineExportsAndCancelledNone() {
        let filter = ReadStage.filter(list: F.list)
        func scope(_ typeCode: String, status: DeclarationStatus = .cleared, number: String = "107000000010") -> String {
            switch filter.scope(of: F.declaration(number: number, typeCode: typeCode, items: [], status: status)) {
            case .all: "all"
            case .none: "none"
            case .matching: "matching"
            }
        }
        #expect(scope("E21") == "all")
        #expect(scope("e21") == "all", "type codes are compared in upper case")
        #expect(scope("E52", number: "307000000010") == "all")
        #expect(scope("B11", number: "307000000010") == "none")
        #expect(scope("A11", status: .cancelled) == "none")
        #expect(scope("A11") == "matching")
    }

    @Test func standardInputAndUnreadablePathsCountAsLargeASmallFileDoesNot() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let small = directory.appendingPathComponent("small.xml")
        try Data("<x/>".utf8).write(to: small)
        #expect(ReadStage.isLarge(InputFile(path: "-", label: "-")))
        #expect(ReadStage.isLarge(InputFile(path: directory.appendingPathComponent("missing").path, label: "missing")))
        #expect(!ReadStage.isLarge(InputFile(path: small.path, label: "small.xml")))
    }

    @Test func aGzipFileCountsAsLargeByWhatItInflatesTo() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let size = ReadStage.largeInputBytes / 8
        let gzip = directory.appendingPathComponent("dump.xml.gz")
        try Data([0x1f, 0x8b] + [UInt8](repeating: 0, count: size)).write(to: gzip)
        let plain = directory.appendingPathComponent("dump.xml")
        try Data([UInt8](repeating: 0x20, count: size)).write(to: plain)
        #expect(ReadStage.isLarge(InputFile(path: gzip.path, label: "dump.xml.gz")))
        #expect(!ReadStage.isLarge(InputFile(path: plain.path, label: "dump.xml")))
    }

    // MARK: assess lines

    @Test func onlyCandidateLinesOfJudgedDeclarationsAreAssessed() {
        let lines = [
            F.item(line: 1, hs: "8471.30.20"), F.item(line: 2, hs: "0101.21.00"), F.item(line: 3, hs: "bad"),
        ]
        var asked = 0
        var assessed: [ItemAssessment] = []
        AssessStage.assess(
            F.declaration(items: lines), source: "in.xml", list: F.list,
            listDay: {
                asked += 1
                return ListDay.latest
            },
            { assessed.append($1) })
        #expect(assessed.map(\.item.line) == [1, 3])
        #expect(assessed.map(\.hsCode) == [HSCode(value: 84_713_020), nil])
        #expect(asked == 2)
        asked = 0
        var none = 0
        let export = F.declaration(number: "307000000010", typeCode: "B11", items: lines)
        AssessStage.assess(
            export, source: "in.xml", list: F.list,
            listDay: {
                asked += 1
                return 0
            },
            { _, _ in none += 1 })
        let cancelled = F.declaration(items: lines, status: .cancelled)
        AssessStage.assess(
            cancelled, source: "in.xml", list: F.list,
            listDay: {
                asked += 1
                return 0
            },
            { _, _ in none += 1 })
        #expect(none == 0)
        #expect(asked == 0, "no list day is read for a declaration with nothing to assess")
    }

    // MARK: judge

    @Test func judgingStagesEveryDeclarationAndKeepsTheFindingsOfImportLines() {
        let channel = BoundedChannel<StagedBatch>(capacity: 4)
        var judge = JudgeStage(
            file: InputFile(path: "in.xml", label: "in.xml"), index: 3, context: F.context(), staging: channel)
        judge.judge(F.declaration(number: "107000000010"))
        judge.judge(F.declaration(number: "307000000020", typeCode: "B11"))
        judge.finish()
        channel.finish()
        var batches: [StagedBatch] = []
        while case .value(let batch) = channel.receive() { batches.append(batch) }
        #expect(batches.count == 1)
        #expect(batches.flatMap(\.seen).map(\.number) == ["107000000010", "307000000020"])
        #expect(batches.flatMap(\.seen).map(\.key.ordinal) == [0, 1])
        #expect(batches.flatMap(\.findings).map(\.finding.rule) == [.usedITNoPermit])
        #expect(batches.flatMap(\.findings).map(\.key.input) == [3])
        #expect(judge.findingCount == 1)
        #expect(judge.candidates.isEmpty)
    }

    @Test func aProcessingImportsRecordTakesItsLinesAssessmentsFromTheAssessStage() {
        let channel = BoundedChannel<StagedBatch>(capacity: 4)
        var judge = JudgeStage(
            file: InputFile(path: "in.xml", label: "in.xml"), index: 0, context: F.context(), staging: channel)
        let contract = [Licence(type: "HDGC", number: "11")]
        judge.judge(F.declaration(number: "105000000010", typeCode: "E21", licences: contract))
        judge.judge(F.declaration(number: "105000000020", typeCode: "E21", licences: contract, status: .cancelled))
        judge.finish()
        channel.finish()
        var batches: [StagedBatch] = []
        while case .value(let batch) = channel.receive() { batches.append(batch) }
        let records = batches.flatMap(\.processing).map(\.record)
        #expect(records.map(\.number) == ["105000000010", "105000000020"])
        // The used laptop line is listed used IT goods in both records, cancelled or not.
        #expect(records.map { $0.lines.map(\.listedUsed) } == [[true], [true]])
        #expect(records.map { $0.lines.map(\.condition) } == [[.used], [.used]])
        #expect(
            batches.flatMap(\.findings).map(\.finding.declaration) == ["105000000010"], "a cancelled one is recorded, not judged")
    }

    @Test func aLineWhosePermitMustBeDrawnBecomesACandidateNotAFinding() {
        let registry = try! PermitRegistry.parse(
            csv: Array(
                """
                permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to
                P-1,0100000001,research,8471,30,PCE,2026-01-01,2026-12-31
                """.utf8), source: "registry.csv")
        let channel = BoundedChannel<StagedBatch>(capacity: 4)
        var judge = JudgeStage(
            file: InputFile(path: "in.xml", label: "in.xml"), index: 0,
            context: RuleContext(list: F.list, permits: registry, language: .en), staging: channel)
        judge.judge(F.declaration(licences: [Licence(type: "GP", number: "P-1")]))
        judge.finish()
        channel.finish()
        while case .value = channel.receive() {}
        #expect(judge.findingCount == 0)
        #expect(judge.candidates.map(\.permitNumbers) == [["P-1"]])
    }

    // MARK: stage, settle versions

    @Test func stagedFindingsOfASupersededReadingAreDroppedWhenVersionsSettle() throws {
        let (staged, kept, versions) = try Self.inRun { db, findings in
            let channel = BoundedChannel<StagedBatch>(capacity: 1)
            // Two producers, as two inputs: the original declaration, then its amendment.
            let producers = ["107000000010", "107000000011"].enumerated().map { input, number in
                Worker { () -> Bool in
                    var judge = JudgeStage(
                        file: InputFile(path: "in\(input).xml", label: "in\(input).xml"), index: input,
                        context: F.context(), staging: channel)
                    judge.judge(F.declaration(number: number))
                    judge.finish()
                    channel.finish()
                    return true
                }
            }
            try StagingStage.drain(channel, producers: 2, keepsLedger: true, into: &findings, in: db)
            #expect(producers.allSatisfy { $0.wait() })
            let staged = findings.staged.count
            let versions = try SettleStage.settle(&findings, asOf: "2026-11-29", keepsLedger: true, in: db)
            return (staged, findings.staged.map(\.input), versions)
        }
        #expect(staged == 2)
        #expect(kept == [1], "only the amendment's finding stays")
        #expect(versions.superseded == 1)
        #expect(versions.cancelled == 0)
    }

    // MARK: permits

    @Test func permitsAreDrawnOnlyWithARegistryAndALineTheyCannotCoverIsAFinding() throws {
        let registry = try PermitRegistry.parse(
            csv: Array(
                """
                permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to
                P-1,0100000001,research,8471,30,PCE,2026-01-01,2026-12-31
                """.utf8), source: "registry.csv")
        let channel = BoundedChannel<StagedBatch>(capacity: 8)
        var judge = JudgeStage(
            file: InputFile(path: "in.xml", label: "in.xml"), index: 0,
            context: RuleContext(list: F.list, permits: registry, language: .en), staging: channel)
        // 20 and then 20 of a permit for 30: the second is not covered.
        judge.judge(F.declaration(number: "107000000010", licences: [Licence(type: "GP", number: "P-1")]))
        judge.judge(F.declaration(number: "107000000020", licences: [Licence(type: "GP", number: "P-1")]))
        judge.finish()
        channel.finish()
        while case .value = channel.receive() {}
        let candidates = judge.candidates
        #expect(candidates.count == 2)
        let versions = SettledVersions(beaten: [], superseded: 0, cancelled: 0)
        let (none, accounts, findings) = try Self.inRun { db, findings in
            let context = RuleContext(list: F.list, permits: registry, language: .en)
            let none = try PermitStage.draw(
                candidates, registry: nil, versions: versions, context: context, findings: &findings, in: db)
            let accounts = try PermitStage.draw(
                candidates, registry: registry, versions: versions, context: context, findings: &findings, in: db)
            try findings.file.finish()
            return (none, accounts, try findings.staged.map { try findings.file.finding(at: $0.entry) })
        }
        #expect(none == nil)
        #expect(accounts?.count == 1)
        #expect(findings.map(\.declaration) == ["107000000020"])
        #expect(findings.map(\.rule) == [.usedITPermitInvalid])
    }

    // MARK: processing

    /// With a kept ledger (records copied into it) and a run-only one (records read where staged).
    @Test(arguments: [true, false])
    func everyContractIsJudgedAndItsFindingGoesWithTheInputItWasReadFrom(keepsLedger: Bool) throws {
        let record = P.record("105000000010", expiresOn: "2026-06-30", lines: [P.line("A", "100")])
        let key = DeclarationKey(F.declaration(number: "105000000010", typeCode: "E21"), input: 0, ordinal: 0)
        let (section, findings) = try Self.inRun { db, findings in
            var batch = StagedBatch()
            batch.add(SeenDeclaration(key: key, number: record.number, typeCode: "E21", registeredOn: record.registeredOn))
            batch.add(record, key: key)
            try StagingStage.stage(batch, keepsLedger: keepsLedger, into: &findings, in: db)
            _ = try SettleStage.settle(&findings, asOf: "2026-11-29", keepsLedger: keepsLedger, in: db)
            let stage = ProcessingStage(
                asOf: "2026-11-29", graceDays: 30, jobs: 2, list: F.list, language: .en, earlierRunInput: 9,
                ledgerIsThrowaway: !keepsLedger)
            let section = try stage.reconcile(&findings, in: db)
            try findings.file.finish()
            return (section, try findings.staged.map { (try findings.file.finding(at: $0.entry), $0.input) })
        }
        #expect(section?.memberCount == 1)
        #expect(findings.map(\.0.rule) == [.processingNotReexported])
        #expect(findings.map(\.1) == [0])
    }

    @Test func contractJudgingGivesTheSameSlicesWhateverTheNumberOfJobs() throws {
        let wave = try P.wave(
            (0..<5).map { index in
                var record = P.record(
                    "10500000001\(index)", expiresOn: index.isMultiple(of: 2) ? "2026-06-30" : "2027-06-30",
                    lines: [P.line("A", "100")])
                record.identity = record.number
                record.contractKey = "0100000001/\(index)"
                return record
            })
        #expect(wave.count == 5)
        let one = ContractJudging.judge(wave, asOf: "2026-11-29", graceDays: 30, jobs: 1, list: nil, language: .en)
        let three = ContractJudging.judge(wave, asOf: "2026-11-29", graceDays: 30, jobs: 3, list: nil, language: .en)
        #expect(one.count == 1)
        #expect(three.count == 3)
        #expect(three.map(\.contracts) == [2, 2, 1])
        #expect(three.allSatisfy { !$0.json.isEmpty })
        #expect(one.flatMap(\.findings).map(\.finding.declaration) == three.flatMap(\.findings).map(\.finding.declaration))
        #expect(one.flatMap(\.findings).count == 3, "the three contracts ended in June 2026")
    }

    // MARK: render

    @Test func findingsAreRenderedInInputThenSourceLineThenRuleOrder() throws {
        let file = try FindingFile()
        func staged(_ input: Int, line: Int, rule: RuleID, source: String = "a.xml") -> StagedFinding {
            StagedFinding(input: input, key: nil, entry: file.append(F.finding(rule: rule, source: source, sourceLine: line)))
        }
        let order = RenderStage.reportOrder([
            staged(1, line: 5, rule: .usedITNoPermit), staged(0, line: 9, rule: .usedITNoPermit),
            staged(0, line: 9, rule: .inputInvalidHSCode), staged(0, line: 2, rule: .usedITNoPermit),
            staged(2, line: 1, rule: .usedITNoPermit, source: "z.xml"),
            staged(2, line: 1, rule: .usedITNoPermit, source: "b.xml"),
        ])
        #expect(order.map(\.sourceLine) == [2, 9, 9, 5, 1, 1])
        #expect(order.map(\.rule)[1...2] == [.inputInvalidHSCode, .usedITNoPermit])
        #expect(order.map(\.source)[4...] == ["b.xml", "z.xml"])
    }

    // MARK: the run

    @Test func aRunWiresTheStagesAndTheLedgerIsAParameter() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledgerPath = directory.appendingPathComponent("ledger.sqlite").path
        let files = ["processing/night-1.xml"].map { name in
            InputFile(path: (try? F.fixture(name).path) ?? name, label: name)
        }
        let options = AuditOptions(list: ProhibitedList.builtIn, asOf: "2026-11-29", jobs: 2)
        let first = try AuditRun.audit(files, options: options, ledger: Ledger(path: ledgerPath))
        var nextNight = options
        nextNight.asOf = "2026-11-30"
        let again = try AuditRun.audit(files, options: nextNight, ledger: Ledger(path: ledgerPath))
        let withoutLedger = try AuditRun.audit(files, options: options)
        #expect(first.declarations > 0)
        #expect(first.findings.count == withoutLedger.findings.count)
        #expect(first.findings.map(\.state).allSatisfy { $0 == .new })
        #expect(again.findings.count == first.findings.count)
        #expect(again.findings.map(\.state).allSatisfy { $0 != .new }, "the ledger given remembers the first run")
    }

    /// Three hundred contracts make five waves, two judged at a time while the next is read:
    /// each contract is judged once and the findings and the section keep contract order.
    @Test(arguments: [1, 2])
    func manyWavesKeepContractOrder(jobs: Int) throws {
        let count = 300
        let (section, findings) = try Self.inRun { db, findings in
            var batch = StagedBatch()
            for index in 0..<count {
                let number = "105\(String(format: "%08d", index))0"
                var record = P.record(number, expiresOn: "2026-06-30", lines: [P.line("A", "100")])
                record.contractKey = String(format: "K%05d", index)
                let key = DeclarationKey(F.declaration(number: number, typeCode: "E21"), input: 0, ordinal: index)
                batch.add(SeenDeclaration(key: key, number: number, typeCode: "E21", registeredOn: record.registeredOn))
                batch.add(record, key: key)
            }
            try StagingStage.stage(batch, keepsLedger: false, into: &findings, in: db)
            _ = try SettleStage.settle(&findings, asOf: "2026-11-29", keepsLedger: false, in: db)
            let stage = ProcessingStage(
                asOf: "2026-11-29", graceDays: 30, jobs: jobs, list: F.list, language: .en, earlierRunInput: 9,
                ledgerIsThrowaway: true)
            let section = try stage.reconcile(&findings, in: db)
            try findings.file.finish()
            return (section, try findings.staged.map { try findings.file.finding(at: $0.entry) })
        }
        #expect(section?.memberCount == count)
        #expect(findings.map(\.rule) == Array(repeating: .processingNotReexported, count: count))
        #expect(findings.map(\.contract) == (0..<count).map { String(format: "K%05d", $0) })
    }

    /// A ledger made for one run starts with no memory and goes with it: its findings are not
    /// recorded (nothing could read them), and none can have been resolved. A kept one records them.
    @Test(arguments: [false, true])
    func findingsAreRememberedOnlyInALedgerThatOutlivesTheRun(keepsLedger: Bool) throws {
        let (resolved, recorded) = try Self.inRun { db, findings in
            try findings.add(F.finding(), input: 0, key: nil, in: db)
            try findings.add(F.finding(declaration: "107000000020"), input: 1, key: nil, in: db)
            let resolved = try findings.remember(keepsLedger: keepsLedger, in: db)
            return (resolved, try Int.fetchOne(db, sql: "SELECT count(*) FROM main.finding") ?? -1)
        }
        #expect(resolved.isEmpty)
        #expect(recorded == (keepsLedger ? 2 : 0))
    }

    /// Runs `body` on the database thread of a run-only ledger, with the run's tables made and
    /// two inputs registered.
    private static func inRun<T>(_ body: (Database, inout RunFindings) throws -> T) throws -> T {
        let ledger = try Ledger(path: nil)
        var findings = try RunFindings(asOf: "2026-11-29")
        return try ledger.run { db in
            try RunStaging.create(in: db)
            try RunStaging.addInput(0, source: "in0.xml", in: db)
            try RunStaging.addInput(1, source: "in1.xml", in: db)
        } merge: { db, _ in
            try body(db, &findings)
        }
    }
}
