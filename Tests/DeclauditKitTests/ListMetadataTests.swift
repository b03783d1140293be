import Testing

@testable import DeclauditKit

private let header = "code,role,description_vi,description_en,basis\n"

private func parse(_ text: String, name: String = "test.csv") throws -> ProhibitedList {
    try ProhibitedList.parse(csv: Array(text.utf8), name: name, source: "lists/test.csv")
}

private func malformed(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> DeclauditError? {
    let error = #expect(throws: DeclauditError.self, sourceLocation: sourceLocation) { try parse(text) }
    #expect(error?.code == .listMalformed, sourceLocation: sourceLocation)
    #expect(error?.location?.file == "lists/test.csv", sourceLocation: sourceLocation)
    return error
}

@Suite struct ListMetadataTests {
    @Test func commentsBeforeTheHeaderGiveNameBasisAndDate() throws {
        let list = try parse(
            """
            # name:  Official list 2024
            #BASIS: Circular 11/2018/TT-BTTTT Appendix: as amended, with commas, "quotes"
            # Effective : 2024-07-01
            # a free comment, and # another: ignored
            \(header)8471,entry,,,

            """)
        #expect(list.metadata.name == "Official list 2024")
        #expect(list.metadata.basis == #"Circular 11/2018/TT-BTTTT Appendix: as amended, with commas, "quotes""#)
        #expect(list.metadata.effectiveDate == "2024-07-01")
        #expect(list.name == "Official list 2024")
        #expect(list.fallbackName == "test.csv")
        #expect(list.entries.count == 1)
    }

    @Test func withoutCommentsTheNameIsTheGivenOne() throws {
        let list = try parse(header + "8471,entry,,,\n", name: "official.csv")
        #expect(list.metadata == ListMetadata())
        #expect(list.name == "official.csv")
    }

    /// Errors and rows keep the file's real line numbers, whatever line ends are used.
    @Test(arguments: ["\n", "\r\n", "\r"])
    func lineNumbersCountTheCommentLines(lineEnd: String) throws {
        let lines = ["# name: x", "", "# effective: 2018-11-30", String(header.dropLast()), "8471,entry,,,", "8517,entry,,,"]
        let list = try parse(lines.joined(separator: lineEnd) + lineEnd)
        #expect(list.entries.map(\.line) == [5, 6])
        #expect(list.metadata.effectiveDate == "2018-11-30")

        let bad = lines.dropLast() + ["851,entry,,,"]
        let error = try #require(malformed(bad.joined(separator: lineEnd) + lineEnd))
        #expect(error.location?.line == 6)
        #expect(error.message.hasPrefix("list row 6: "))
    }

    @Test func byteOrderMarkBeforeTheComments() throws {
        let list = try parse("\u{FEFF}# name: With BOM\n" + header + "8471,entry,,,\n")
        #expect(list.metadata.name == "With BOM")
        #expect(list.entries.first?.line == 3)
    }

    @Test func theChecksumCoversTheComments() throws {
        let plain = try parse(header + "8471,entry,,,\n")
        let named = try parse("# name: x\n" + header + "8471,entry,,,\n")
        #expect(plain.sha256 != named.sha256)
        #expect(named.sha256 == ProhibitedList.hexSHA256(Array(("# name: x\n" + header + "8471,entry,,,\n").utf8)))
    }

    @Test func repeatedOrEmptyKeysAreRefusedWithTheirLine() throws {
        let repeated = try #require(malformed("# name: a\n# basis: b\n# Name: c\n" + header + "8471,entry,,,\n"))
        #expect(repeated.location?.line == 3)
        #expect(repeated.message == ##"list line 3: "# name:" repeats line 1"##)
        let empty = try #require(malformed("# basis:   \n" + header + "8471,entry,,,\n"))
        #expect(empty.location?.line == 1)
        #expect(empty.message.contains("has no value"))
    }

    @Test(arguments: ["30/11/2018", "2018-02-30", "2018-11-30T00:00", "2018-1-30", "soon"])
    func effectiveDateMustBeISO(date: String) throws {
        let error = try #require(malformed("\n# effective: \(date)\n" + header + "8471,entry,,,\n"))
        #expect(error.location?.line == 2)
        #expect(error.message.contains("is not a date in the form YYYY-MM-DD"))
    }

    @Test func aCommentThatIsNotUTF8IsRefused() throws {
        let bytes = Array("# name: ".utf8) + [0xFF] + Array(("\n" + header + "8471,entry,,,\n").utf8)
        let error = try #require(
            #expect(throws: DeclauditError.self) { try ProhibitedList.parse(csv: bytes, name: "x", source: "x") })
        #expect(error.location?.line == 1)
        #expect(error.message.contains("not valid UTF-8"))
    }

    @Test func commentsAfterTheHeaderAreRefused() throws {
        let error = try #require(malformed(header + "8471,entry,,,\n# name: late\n"))
        #expect(error.location?.line == 3)
        #expect(error.message == "list row 3: comment lines (#) may only come before the header row")
    }

    @Test func onlyCommentsIsAnEmptyList() throws {
        let error = try #require(malformed("# name: nothing\n\n"))
        #expect(error.message.contains("no header row"))
    }
}
