import DeclauditKit
import Foundation
import Testing

private let header = "code,role,description_vi,description_en,basis\n"

private func list(_ rows: String, header: String = header) throws -> ProhibitedList {
    try ProhibitedList.parse(csv: Array((header + rows).utf8), name: "test.csv", source: "lists/test.csv")
}

private func code(_ text: String) -> HSCode { HSCode(normalizing: text)! }

/// The error a malformed list gives; checks it is `listMalformed` located in the source.
private func malformed(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DeclauditError? {
    let error = #expect(throws: DeclauditError.self, sourceLocation: sourceLocation) {
        try ProhibitedList.parse(csv: Array(text.utf8), name: "test.csv", source: "lists/test.csv")
    }
    #expect(error?.code == .listMalformed, sourceLocation: sourceLocation)
    #expect(error?.location?.file == "lists/test.csv", sourceLocation: sourceLocation)
    return error
}

@Suite struct ProhibitedListParsingTests {
    @Test func readsRowsNotesAndProvenance() throws {
        let parsed = try list(
            "8443,header,Máy in,Printers,App.,medium\n 8443.99.20 ,Entry,\"Hộp mực, in\",Cartridges,\"App.; Art. 2\",low\n",
            header: " Code , ROLE,Description_VI,description_en,basis, confidence \n")
        #expect(parsed.name == "test.csv")
        #expect(parsed.source == "lists/test.csv")
        #expect(parsed.entries.count == 2)
        let cartridge = parsed.entries[1]
        #expect(cartridge.code == "84439920")
        #expect(cartridge.written == "8443.99.20")
        #expect(cartridge.role == .entry)
        #expect(cartridge.descriptionVI == "Hộp mực, in")
        #expect(cartridge.descriptionEN == "Cartridges")
        #expect(cartridge.basis == "App.; Art. 2")
        #expect(cartridge.notes == [ListNote(name: "confidence", value: "low")])
        #expect(cartridge.confidence == "low")
        #expect(cartridge.line == 3)
        #expect(parsed.entries[0].role == .header)
        #expect(parsed.entries[0].confidence == "medium")
    }

    @Test func noConfidenceColumnMeansNil() throws {
        #expect(try list("8471,entry,a,b,c\n").entries[0].confidence == nil)
    }

    @Test func sha256IsOfTheSourceBytes() throws {
        let parsed = try list("8471,entry,,,\n")
        #expect(parsed.sha256 == "e77fb178553ee8c91b28ddeed64926c3bb657c45874136428e53fd00eaa7738c")
    }

    @Test func rowLinesFollowMultiLineFieldsAndBlankLines() throws {
        let parsed = try list("8471,entry,\"two\nlines\",x,y\n\n8517,entry,a,b,c\r\n")
        #expect(parsed.entries.map(\.line) == [2, 5])
        #expect(parsed.entries[0].descriptionVI == "two\nlines")
    }

    @Test func badCodeNamesTheLine() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n847,entry,,,\n"))
        #expect(error.message == #"list row 3: code "847" must have 4, 6 or 8 digits"#)
        #expect(error.location?.line == 3)
    }

    @Test(arguments: [
        ("84713", "must have 4, 6 or 8 digits"), ("8471302", "must have 4, 6 or 8 digits"),
        ("847130201", "must have 4, 6 or 8 digits"), ("84A1", "only digits, dots and spaces"),
        ("8471-30", "only digits, dots and spaces"), ("", "code is empty"),
    ])
    func badCodes(written: String, problem: String) throws {
        let error = try #require(malformed(header + "8471,entry,,,\n\n\(written),entry,,,\n"))
        #expect(error.location?.line == 4)
        #expect(error.message.hasPrefix("list row 4: "))
        #expect(error.message.contains(problem))
    }

    @Test func unknownRole() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n8517,prohibited,,,\n"))
        #expect(error.location?.line == 3)
        #expect(error.message == #"list row 3: unknown role "prohibited" (expected entry, header or review)"#)
    }

    @Test func duplicateEntryNamesBothRows() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n8517,entry,,,\n84.71,entry,,,\n"))
        #expect(error.location?.line == 4)
        #expect(error.message.hasPrefix(#"list row 4: code "84.71" repeats row 2"#))
    }

    @Test(arguments: [("entry", "header"), ("header", "entry"), ("header", "header"), ("review", "review")])
    func duplicateRoles(first: String, second: String) throws {
        let error = try #require(malformed(header + "8443,\(first),,,\n8443,\(second),,,\n"))
        #expect(error.location?.line == 3)
        #expect(error.message.contains("repeats row 2"))
    }

    @Test func oneMainRowAndOneReviewRowMayShareACode() throws {
        let parsed = try list("8443,header,,,\n8443,review,,,\n8471,review,,,\n8471,entry,,,\n")
        #expect(parsed.entries.map(\.role) == [.header, .review, .review, .entry])
        let error = try #require(malformed(header + "8443,header,,,\n8443,review,,,\n84.43,entry,,,\n"))
        #expect(error.location?.line == 4)
        _ = try #require(malformed(header + "8443,header,,,\n8443,review,,,\n8443,review,,,\n"))
    }

    @Test func wrongFieldCount() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n8517,entry,a,b\n"))
        #expect(error.location?.line == 3)
        #expect(error.message == "list row 3: 4 fields, but the header has 5")
        let tooMany = try #require(malformed(header + "8517,entry,a,b,c,d\n"))
        #expect(tooMany.location?.line == 2)
    }

    @Test func emptyLists() throws {
        let nothing = try #require(malformed(""))
        #expect(nothing.location?.line == nil)
        #expect(nothing.message.contains("empty"))
        let onlyBlank = try #require(malformed("\n\n"))
        #expect(onlyBlank.message.contains("no header"))
        let headerOnly = try #require(malformed(header + "\n"))
        #expect(headerOnly.location?.line == 1)
        #expect(headerOnly.message.contains("no rows"))
    }

    @Test func badHeader() throws {
        let error = try #require(malformed("code,role,description,description_en,basis\n8471,entry,,,\n"))
        #expect(error.location?.line == 1)
        #expect(error.message.contains("header must start with code,role,description_vi,description_en,basis"))
        _ = try #require(malformed("code,role,description_vi,description_en\n8471,entry,,\n"))
    }

    @Test func csvErrorsCarryLineAndColumn() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n8517,entry,\"open,,\n"))
        #expect(error.location?.line == 3)
        #expect(error.location?.column == 12)
        #expect(error.message.hasPrefix("list line 3, column 12: "))
        let utf8 = try #require(
            #expect(throws: DeclauditError.self) {
                try ProhibitedList.parse(csv: Array(header.utf8) + [0x38, 0xFE], name: "x", source: "x")
            })
        #expect(utf8.location?.line == 2)
        #expect(utf8.location?.column == 2)
    }

    @Test func loadReadsAFileAndNamesIt() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-list-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("official.csv").path
        let text = header + "8471,entry,,,\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let loaded = try ProhibitedList.load(path: path)
        #expect(loaded.name == "official.csv")
        #expect(loaded.source == path)
        #expect(loaded.sha256 == "e77fb178553ee8c91b28ddeed64926c3bb657c45874136428e53fd00eaa7738c")
        #expect(loaded.lookup(code("84713020")).entry?.code == "8471")

        let missing = directory.appendingPathComponent("missing.csv").path
        let error = try #require(#expect(throws: DeclauditError.self) { try ProhibitedList.load(path: missing) })
        #expect(error.code == .inputUnreadable)
        #expect(error.message.contains(missing))
        #expect(error.location?.file == missing)
        let notAFile = try #require(#expect(throws: DeclauditError.self) { try ProhibitedList.load(path: directory.path) })
        #expect(notAFile.message.contains("directory"))

        let bad = directory.appendingPathComponent("bad.csv").path
        try Data((header + "847,entry,,,\n").utf8).write(to: URL(fileURLWithPath: bad))
        let badError = try #require(#expect(throws: DeclauditError.self) { try ProhibitedList.load(path: bad) })
        #expect(badError.code == .listMalformed)
        #expect(badError.location == DeclauditKit.SourceLocation(file: bad, line: 2))
    }
}

@Suite struct HeaderRuleTests {
    /// 8443 as in the Appendix: a header with 8-digit entries, also watched as a review heading.
    private let printers = """
        8443,header,,,
        84433119,entry,,,
        84439920,entry,,,
        8443,review,,,
        8471,entry,,,
        847130,entry,,,
        84713020,entry,,,
        8517,entry,,,
        851712,header,,,
        8518,entry,,,
        85181000,review,,,

        """

    @Test func headerWithEightDigitLines() throws {
        let parsed = try list(printers)
        let covered = parsed.lookup(code("8443.31.19"))
        #expect(covered.entry?.written == "84433119")
        #expect(covered.review?.written == "8443")
        let notListed = parsed.lookup(code("8443.31.11"))
        #expect(notListed.entry == nil)
        #expect(notListed.review?.code == "8443")
    }

    @Test func fourDigitEntryCoversItsLines() throws {
        let parsed = try list("8471,entry,,,\n")
        #expect(parsed.lookup(code("8471.30.20")).entry?.code == "8471")
        #expect(parsed.lookup(code("8471.90.90")).entry?.code == "8471")
        #expect(parsed.lookup(code("8472.30.20")).entry == nil)
        #expect(!parsed.isActingAsHeader(parsed.entries[0]))
        #expect(parsed.effectiveEntryCount == 1)
    }

    @Test func shorterEntriesWithLongerEntriesUnderThemActAsHeaders() throws {
        let parsed = try list(printers)
        let byCode = Dictionary(uniqueKeysWithValues: parsed.entries.filter { $0.role != .review }.map { ($0.code, $0) })
        #expect(parsed.isActingAsHeader(try #require(byCode["847130"])))
        #expect(parsed.isActingAsHeader(try #require(byCode["8471"])))
        #expect(!parsed.isActingAsHeader(try #require(byCode["84713020"])))
        #expect(!parsed.isActingAsHeader(try #require(byCode["8443"])), "a header row is not an entry acting as one")
        #expect(parsed.lookup(code("8471.30.20")).entry?.code == "84713020")
        #expect(parsed.lookup(code("8471.30.90")).entry == nil)
        #expect(parsed.lookup(code("8471.50.00")).entry == nil)
        // 8443 header, 8471 and 847130 acting as headers: 84433119, 84439920, 84713020, 8517, 8518.
        #expect(parsed.effectiveEntryCount == 5)
        #expect(parsed.effectiveEntries.map(\.code) == ["84433119", "84439920", "84713020", "8517", "8518"])
    }

    @Test func sixDigitEntryUnderFourDigitEntry() throws {
        let parsed = try list("8471,entry,,,\n847130,entry,,,\n")
        #expect(parsed.isActingAsHeader(parsed.entries[0]))
        #expect(!parsed.isActingAsHeader(parsed.entries[1]))
        #expect(parsed.lookup(code("84713020")).entry?.code == "847130")
        #expect(parsed.lookup(code("84714110")).entry == nil)
    }

    @Test func headerAndReviewRowsUnderAnEntryDoNotMakeItAHeader() throws {
        let parsed = try list(printers)
        #expect(parsed.lookup(code("8517.12.00")).entry?.code == "8517")
        #expect(parsed.lookup(code("8518.10.00")).entry?.code == "8518")
        #expect(parsed.lookup(code("8518.10.00")).review?.code == "85181000")
        #expect(parsed.lookup(code("8518.20.10")).review == nil)
    }

    @Test func headerRowsCoverNothing() throws {
        let parsed = try list("8443,header,,,\n")
        #expect(parsed.lookup(code("84433111")) == ListMatch())
        #expect(parsed.effectiveEntryCount == 0)
    }

    @Test func mostSpecificWinsWhateverTheOrder() throws {
        let parsed = try list("84713020,entry,,,\n8443,review,,,\n844399,review,,,\n8471,entry,,,\n")
        #expect(parsed.lookup(code("84713020")).entry?.code == "84713020")
        #expect(parsed.lookup(code("84713010")).entry == nil)
        #expect(parsed.lookup(code("84439920")).review?.code == "844399")
        #expect(parsed.lookup(code("84433111")).review?.code == "8443")
        #expect(parsed.lookup(code("85171200")) == ListMatch())
    }

    @Test func leadingZeroCodes() throws {
        let parsed = try list("0101,entry,,,\n")
        #expect(parsed.lookup(code("01012100")).entry?.code == "0101")
        #expect(parsed.lookup(code("10101210")).entry == nil)
    }

    /// Codes from a small space (two headings, digits 0-2) so rows overlap often.
    private func nearbyDigits(_ count: Int, using random: inout SplitMix64) -> String {
        let heading = ["8443", "0101"].randomElement(using: &random)!
        let tail = (0..<(count - 4)).map { _ in String(Int.random(in: 0...2, using: &random)) }.joined()
        return heading + tail
    }

    /// The header rule and most-specific rule, written the slow obvious way.
    private func naiveLookup(_ list: ProhibitedList, _ digits: String) -> (entry: String?, review: String?) {
        let entryRows = list.entries.filter { $0.role == .entry }
        let effective = entryRows.filter { row in
            !entryRows.contains { $0.code.count > row.code.count && $0.code.hasPrefix(row.code) }
        }
        let entry = effective.filter { digits.hasPrefix($0.code) }.max { $0.code.count < $1.code.count }
        let review = list.entries.filter { $0.role == .review && digits.hasPrefix($0.code) }
            .max { $0.code.count < $1.code.count }
        return (entry?.code, review?.code)
    }

    @Test func trieAgreesWithLinearScan() throws {
        var random = SplitMix64(state: 20_181_130)
        var lookups = 0
        var hits = 0
        for _ in 0..<40 {
            var rows: [String] = []
            var used = Set<String>()
            for _ in 0..<Int.random(in: 1...25, using: &random) {
                let digits = nearbyDigits([4, 6, 8].randomElement(using: &random)!, using: &random)
                let role = ListRole.allCases.randomElement(using: &random)!
                let slot = role == .review ? "r" : "m"
                guard used.insert(digits + slot).inserted else { continue }
                rows.append("\(digits),\(role.rawValue),,,")
            }
            let parsed = try list(rows.joined(separator: "\n") + "\n")
            var naiveEffectiveCount = 0
            for entry in parsed.entries where entry.role == .entry {
                let longer = parsed.entries.contains {
                    $0.role == .entry && $0.code.count > entry.code.count && $0.code.hasPrefix(entry.code)
                }
                #expect(parsed.isActingAsHeader(entry) == longer)
                if !longer { naiveEffectiveCount += 1 }
            }
            #expect(parsed.effectiveEntryCount == naiveEffectiveCount)
            for index in 0..<500 {
                let value =
                    index.isMultiple(of: 2)
                    ? UInt32(nearbyDigits(8, using: &random))!
                    : UInt32.random(in: 0..<100_000_000, using: &random)
                let hsCode = try #require(HSCode(value: value))
                let fast = parsed.lookup(hsCode)
                let slow = naiveLookup(parsed, hsCode.digits)
                #expect(fast.entry?.code == slow.entry, "\(hsCode) in \(rows)")
                #expect(fast.review?.code == slow.review, "\(hsCode) in \(rows)")
                lookups += 1
                if fast.entry != nil || fast.review != nil { hits += 1 }
            }
        }
        #expect(lookups == 20_000)
        #expect(hits > 2_000, "the generator should hit the list often enough to mean something")
    }
}
