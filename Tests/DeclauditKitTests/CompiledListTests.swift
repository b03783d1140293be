import Foundation
import Testing

@testable import DeclauditKit

private let header = "code,role,description_vi,description_en,basis,confidence\n"

/// Headers of both kinds (a header row, an entry acting as one), both slots on one code, every
/// code length, leading zeros, metadata, notes.
private let richCSV = """
    # name: Rich test list
    # basis: Test basis
    # effective: 2020-01-31
    \(header)8443,header,Máy in,Printers,"App.; Art. 2",medium
    84433119,entry,– – – – Loại khác.,Other,App.,low
    84439920,entry,Hộp mực,Cartridges,App.,low
    8443,review,,,Watched,n/a
    8471,entry,,,App.,low
    847130,entry,,,App.,low
    8517,entry,,,App.,low
    851712,header,,,App.,low
    8504.40,review,,,Watched,n/a
    0101,entry,,,,

    """

private func parse(_ text: String, name: String = "rich.csv") throws -> ProhibitedList {
    try ProhibitedList.parse(csv: Array(text.utf8), name: name, source: "lists/\(name)")
}

/// The codes a list is most likely to get wrong: for every prefix of every row's code, each next
/// digit, padded with 0s and with 9s; plus a fixed random sample.
private func probeCodes(_ list: ProhibitedList, random count: Int = 100) -> [HSCode] {
    var values = Set<UInt32>()
    for entry in list.entries {
        for length in 0..<entry.code.count {
            for digit in 0...9 {
                let stem = String(entry.code.prefix(length)) + String(digit)
                for filler in ["0", "9"] {
                    values.insert(UInt32(stem + String(repeating: filler, count: 8 - stem.count))!)
                }
            }
        }
    }
    var random = SplitMix64(state: 7)
    for _ in 0..<count { values.insert(UInt32.random(in: 0..<100_000_000, using: &random)) }
    return values.sorted().map { HSCode(value: $0)! }
}

/// A lookup by the codes it finds (lines may differ after a flip in a line field).
private func codes(_ match: ListMatch) -> [String?] { [match.entry?.code, match.review?.code] }

/// The same bytes with the trailing digest recomputed, so the structural checks alone decide.
private func resealed(_ bytes: [UInt8]) -> [UInt8] {
    let body = bytes.dropLast(CompiledList.digestSize)
    return Array(body) + CompiledList.digest(of: body)
}

private func refusal(_ bytes: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DeclauditError? {
    let error = #expect(throws: DeclauditError.self, sourceLocation: sourceLocation) {
        try ProhibitedList.decode(compiled: bytes, source: "lists/x.hstrie")
    }
    #expect(error?.code == .listMalformed, sourceLocation: sourceLocation)
    #expect(error?.location == DeclauditKit.SourceLocation(file: "lists/x.hstrie"), sourceLocation: sourceLocation)
    return error
}

@Suite struct CompiledListTests {
    @Test func roundTripKeepsEveryRowAndTheProvenance() throws {
        let source = try parse(richCSV)
        let loaded = try ProhibitedList.decode(compiled: source.compiled(), source: "elsewhere/rich.hstrie")
        #expect(loaded.entries == source.entries)
        #expect(loaded.metadata == ListMetadata(name: "Rich test list", basis: "Test basis", effectiveDate: "2020-01-31"))
        #expect(loaded.name == "Rich test list")
        #expect(loaded.fallbackName == "rich.csv")
        #expect(loaded.source == "elsewhere/rich.hstrie")
        #expect(loaded.sha256 == source.sha256)
        #expect(loaded.sha256 == ProhibitedList.hexSHA256(Array(richCSV.utf8)))
        #expect(loaded.effectiveEntryCount == source.effectiveEntryCount)
        #expect(loaded.entries.map(loaded.isActingAsHeader) == source.entries.map(source.isActingAsHeader))
        #expect(loaded.isActingAsHeader(try #require(loaded.entries.first { $0.code == "8471" })))
        #expect(loaded.trie == source.trie, "stored as built, not rebuilt differently")
    }

    @Test func withoutMetadataTheNameIsTheSourceFileName() throws {
        let source = try parse(header + "8471,entry,,,,\n", name: "official.csv")
        let loaded = try ProhibitedList.decode(compiled: source.compiled(), source: "x.hstrie")
        #expect(loaded.metadata == ListMetadata())
        #expect(loaded.name == "official.csv")
    }

    @Test func compilingIsReproducible() throws {
        let first = try parse(richCSV).compiled()
        #expect(try parse(richCSV).compiled() == first)
        let reloaded = try ProhibitedList.decode(compiled: first, source: "somewhere else")
        #expect(reloaded.compiled() == first, "no path, time or other run-dependent byte is stored")
    }

    @Test func layoutStartsWithMagicVersionAndLength() throws {
        let bytes = try parse(richCSV).compiled()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x48, 0x53, 0x54, 0x52, 0x49, 0x45, 0x0A])
        #expect(Array(bytes[8..<12]) == [2, 0, 0, 0])
        let length = bytes[12..<20].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        #expect(length == UInt64(bytes.count))
        #expect(Array(bytes[20..<52]) == Array(ProhibitedList.bytes(ofHex: ProhibitedList.hexSHA256(Array(richCSV.utf8)))))
    }

    /// Compile then load gives the CSV's lookups for every code under every heading of the list,
    /// and for a large random sample elsewhere.
    @Test func compiledLookupsEqualTheCSVsEverywhere() throws {
        let source = try parse(richCSV)
        let loaded = try ProhibitedList.decode(compiled: source.compiled(), source: "x")
        var mismatches: [String] = []
        var compared = 0
        var values = Set<UInt32>()
        for heading in Set(source.entries.map { UInt32($0.code.prefix(4))! }) {
            for tail in UInt32(0)..<10_000 { values.insert(heading * 10_000 + tail) }
        }
        var random = SplitMix64(state: 2018)
        for _ in 0..<100_000 { values.insert(UInt32.random(in: 0..<100_000_000, using: &random)) }
        for value in values {
            let code = HSCode(value: value)!
            if LookupKey(loaded.lookup(code)) != LookupKey(source.lookup(code)), mismatches.count < 5 {
                mismatches.append(code.digits)
            }
            compared += 1
        }
        #expect(mismatches.isEmpty, "compiled and CSV lists disagree on \(mismatches)")
        #expect(compared > 149_000, "5 headings of 10,000 codes and about 100,000 others")
    }

    /// Random lists, compiled and loaded, against the naive reference.
    @Test func compiledListsAgreeWithALinearScan() throws {
        var random = SplitMix64(state: 20_181_130)
        var lookups = 0
        var hits = 0
        for round in 0..<40 {
            var rows: [String] = []
            var used = Set<String>()
            for _ in 0..<Int.random(in: 1...25, using: &random) {
                let heading = ["8443", "0101"].randomElement(using: &random)!
                let length = [4, 6, 8].randomElement(using: &random)!
                let digits = heading + (0..<(length - 4)).map { _ in String(Int.random(in: 0...2, using: &random)) }.joined()
                let role = ListRole.allCases.randomElement(using: &random)!
                guard used.insert(digits + (role == .review ? "r" : "m")).inserted else { continue }
                rows.append("\(digits),\(role.rawValue),,,,")
            }
            let source = try parse(header + rows.joined(separator: "\n") + "\n", name: "random-\(round).csv")
            let loaded = try ProhibitedList.decode(compiled: source.compiled(), source: "x")
            for code in probeCodes(loaded, random: 200) {
                let slow = naiveLookup(loaded.entries, code.digits)
                #expect(LookupKey(loaded.lookup(code)) == LookupKey(entry: slow.entry, review: slow.review), "\(code) in \(rows)")
                lookups += 1
                if slow.entry != nil || slow.review != nil { hits += 1 }
            }
        }
        #expect(lookups > 10_000)
        #expect(hits > lookups / 10, "the probes should hit the lists often enough to mean something")
    }

    /// The checksum covers every byte: any single-byte change is refused, none crashes.
    @Test func everySingleByteFlipIsRefused() throws {
        let bytes = try parse(richCSV).compiled()
        var refused = 0
        for offset in bytes.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var flipped = bytes
                flipped[offset] ^= mask
                if (try? ProhibitedList.decode(compiled: flipped, source: "x")) == nil { refused += 1 }
            }
        }
        #expect(refused == bytes.count * 3)
    }

    /// Behind a recomputed checksum (a crafted file), the structural checks alone must still
    /// refuse any flip that would change a lookup, and never crash.
    @Test func flipsBehindAValidChecksumAreRefusedOrChangeNoLookup() throws {
        let source = try parse(richCSV)
        let bytes = source.compiled()
        let probes = probeCodes(source)
        let expected = probes.map { codes(source.lookup($0)) }
        var loadedCount = 0
        var refusedCount = 0
        for offset in 0..<(bytes.count - CompiledList.digestSize) {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var flipped = bytes
                flipped[offset] ^= mask
                do throws(DeclauditError) {
                    let loaded = try ProhibitedList.decode(compiled: resealed(flipped), source: "x")
                    loadedCount += 1
                    let found = probes.map { codes(loaded.lookup($0)) }
                    #expect(found == expected, "byte \(offset) ^ \(mask) loads but changes lookups")
                    #expect(loaded.effectiveEntryCount == source.effectiveEntryCount)
                } catch {
                    #expect(error.code == .listMalformed)
                    refusedCount += 1
                }
            }
        }
        // Text flips (descriptions, names) load; structural ones are refused.
        #expect(loadedCount > 100)
        #expect(refusedCount > 1_000)
    }

    @Test func everyTruncationIsRefused() throws {
        let bytes = try parse(richCSV).compiled()
        for count in 0..<bytes.count {
            #expect(throws: DeclauditError.self, "\(count) bytes") {
                try ProhibitedList.decode(compiled: Array(bytes.prefix(count)), source: "x")
            }
        }
        let error = try #require(refusal(Array(bytes.prefix(bytes.count - 1))))
        #expect(
            error.message
                == "compiled list: truncated: \(bytes.count - 1) of \(bytes.count) bytes; compile it again with `declaudit list compile`"
        )
        #expect(try #require(refusal(Array(bytes.prefix(3)))).message.contains("truncated"))
        #expect(try #require(refusal(Array(bytes.prefix(15)))).message.contains("not even a whole header"))
    }

    @Test func wrongVersionForeignAndLengthenedFilesSaySo() throws {
        let bytes = try parse(richCSV).compiled()
        var newer = bytes
        newer[8] = 3
        let version = try #require(refusal(resealed(newer)))
        #expect(version.message.contains("format version 3, but this declaudit reads versions 1 to 2"))

        let foreign = try #require(refusal(Array("code,role\n".utf8)))
        #expect(foreign.message.contains("not a compiled declaudit list"))
        _ = try #require(refusal([]))

        let longer = try #require(refusal(bytes + [0]))
        #expect(longer.message.contains("1 bytes after its end"))

        var corrupt = bytes
        corrupt[100] ^= 0x20
        let checksum = try #require(refusal(corrupt))
        #expect(checksum.message.contains("checksum does not match"))
    }

    /// Parts that disagree with each other, compiled as they are: each is refused by name.
    @Test func inconsistentPartsAreRefused() throws {
        let good = try parse(richCSV)
        func build(
            entries: [ListEntry]? = nil, acting: Set<String>? = nil, trie: HSTrie? = nil, metadata: ListMetadata? = nil
        ) -> [UInt8] {
            ProhibitedList(
                fallbackName: "x", source: "x", sha256: good.sha256, metadata: metadata ?? good.metadata,
                entries: entries ?? good.entries, actingHeaderCodes: acting ?? good.actingHeaderCodes,
                trie: trie ?? good.trie
            ).compiled()
        }
        #expect(try ProhibitedList.decode(compiled: build(), source: "x").entries == good.entries, "the baseline loads")

        let noActing = try #require(refusal(build(acting: [])))
        #expect(noActing.message.contains("header rule"))

        let shuffled = try parse(header + "0101,entry,,,,\n8517,entry,,,,\n8443,review,,,,\n8471,entry,,,,\n")
        _ = try #require(refusal(build(trie: shuffled.trie)))

        var extra = good.trie
        extra.insert(digits: "8443", slot: .entry, payload: 0)
        let extraPayload = try #require(refusal(build(trie: extra)))
        #expect(extraPayload.message.contains("trie"))

        var badCode = good.entries
        badCode[4].code = "847"
        #expect(try #require(refusal(build(entries: badCode))).message.contains("not 4, 6 or 8 digits"))

        let duplicate = try #require(refusal(build(entries: good.entries + [good.entries[1]])))
        #expect(duplicate.message.contains("repeats the code"))

        let badDate = try #require(refusal(build(metadata: ListMetadata(effectiveDate: "2018-02-30"))))
        #expect(badDate.message.contains("not a date"))
    }

    @Test func loadRecognisesEitherFormAndTheyAgree() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csvPath = folder.appendingPathComponent("official.csv").path
        let compiledPath = folder.appendingPathComponent("official.hstrie").path
        let disguisedPath = folder.appendingPathComponent("list.csv").path
        try Data(richCSV.utf8).write(to: URL(fileURLWithPath: csvPath))
        try ProhibitedList.load(path: csvPath).writeCompiled(to: compiledPath)
        try FileManager.default.copyItem(atPath: compiledPath, toPath: disguisedPath)

        let fromCSV = try ProhibitedList.load(path: csvPath)
        for path in [compiledPath, disguisedPath] {
            let fromCompiled = try ProhibitedList.load(path: path)
            #expect(fromCompiled.source == path)
            #expect(fromCompiled.name == fromCSV.name)
            #expect(fromCompiled.sha256 == fromCSV.sha256)
            #expect(fromCompiled.entries == fromCSV.entries)
            for code in probeCodes(fromCSV) {
                #expect(LookupKey(fromCompiled.lookup(code)) == LookupKey(fromCSV.lookup(code)))
            }
        }

        // A compiled list cut short, a text file named .hstrie, a binary file: refused, located.
        let cut = folder.appendingPathComponent("cut.hstrie").path
        try Data(try packageFileBytesOf(compiledPath).prefix(60)).write(to: URL(fileURLWithPath: cut))
        let workbook = folder.appendingPathComponent("list.xlsx").path
        try Data([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]).write(to: URL(fileURLWithPath: workbook))
        let textNamedCompiled = folder.appendingPathComponent("text.hstrie").path
        try Data(richCSV.utf8).write(to: URL(fileURLWithPath: textNamedCompiled))
        for (path, words) in [
            (cut, "truncated"), (workbook, "neither a source CSV"), (textNamedCompiled, "not a compiled declaudit list"),
        ] {
            let error = try #require(#expect(throws: DeclauditError.self) { try ProhibitedList.load(path: path) })
            #expect(error.code == .listMalformed)
            #expect(DeclauditKit.ExitStatus.of(error) == .usage)
            #expect(error.location?.file == path)
            #expect(error.message.contains(words), "\(error.message)")
        }

        let unwritable = #expect(throws: DeclauditError.self) {
            try fromCSV.writeCompiled(to: folder.appendingPathComponent("missing/x.hstrie").path)
        }
        #expect(unwritable?.code == .outputNotWritable)
    }

    /// `--list` accepts either form; the findings are identical either way.
    @Test func auditFindingsAreIdenticalWithEitherForm() throws {
        let root = try #require(packageRoot)
        let files = InputExpander.expand([root.appendingPathComponent("Fixtures").path])
        let csv = try ProhibitedList.parse(csv: packageFileBytes(builtInSourcePath), name: "used-it-list.csv", source: "a.csv")
        let compiled = try ProhibitedList.decode(compiled: csv.compiled(), source: "a.hstrie")
        let fromCSV = try AuditRun.audit(files, options: AuditOptions(list: csv, asOf: "2026-11-29"))
        let fromCompiled = try AuditRun.audit(files, options: AuditOptions(list: compiled, asOf: "2026-11-29"))
        #expect(fromCSV.findings == fromCompiled.findings)
        #expect(CSVReport.render(fromCSV.findings, excel: false) == CSVReport.render(fromCompiled.findings, excel: false))
        #expect(fromCSV.findings.contains { $0.listCode != nil }, "the fixtures exercise the list")
    }
}

private func packageFileBytesOf(_ absolutePath: String) throws -> [UInt8] {
    [UInt8](try #require(FileManager.default.contents(atPath: absolutePath)))
}
