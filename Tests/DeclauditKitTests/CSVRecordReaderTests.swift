import DeclauditKit
import Testing

@Suite struct CSVRecordReaderTests {
    private func read(_ text: String) throws -> [CSVRecord] {
        try CSVRecordReader.records(in: Array(text.utf8))
    }

    private func readError(_ bytes: [UInt8]) -> CSVReadError? {
        #expect(throws: CSVReadError.self) { try CSVRecordReader.records(in: bytes) }
    }

    @Test func plainRecordsWithLineNumbers() throws {
        let records = try read("a,b,c\n1,2,3\n")
        #expect(records == [CSVRecord(line: 1, fields: ["a", "b", "c"]), CSVRecord(line: 2, fields: ["1", "2", "3"])])
    }

    @Test func lastLineBreakIsOptional() throws {
        #expect(try read("a,b\n1,2") == [CSVRecord(line: 1, fields: ["a", "b"]), CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try read("").isEmpty)
    }

    @Test func emptyFieldsAndBlankLines() throws {
        let records = try read("a,,b\n\n,\nc,\n")
        #expect(records.map(\.fields) == [["a", "", "b"], [""], ["", ""], ["c", ""]])
        #expect(records.map(\.line) == [1, 2, 3, 4])
        #expect(records.map(\.isBlank) == [false, true, false, false])
    }

    @Test func fieldsAreNotTrimmed() throws {
        #expect(try read(" a , b \n").first?.fields == [" a ", " b "])
    }

    @Test func quotedFieldsAndEscapedQuotes() throws {
        let records = try read(#""a,b","say ""hi""",""\#n"#)
        #expect(records.first?.fields == ["a,b", #"say "hi""#, ""])
    }

    @Test func quoteInsideUnquotedFieldIsKept() throws {
        #expect(try read("12\" monitor,x\n").first?.fields == ["12\" monitor", "x"])
    }

    @Test func embeddedNewlinesKeepStartLines() throws {
        let text = "h1,h2\n\"one\ntwo\nthree\",x\nnext,\"a\r\nb\"\nlast,y\n"
        let records = try read(text)
        #expect(records.map(\.line) == [1, 2, 5, 7])
        #expect(records[1].fields == ["one\ntwo\nthree", "x"])
        #expect(records[2].fields == ["next", "a\r\nb"])
        #expect(records[3].fields == ["last", "y"])
    }

    @Test func crlfAndLoneCR() throws {
        #expect(try read("a,b\r\n1,2\r\n").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try read("a,b\r1,2\r3,4").map(\.line) == [1, 2, 3])
        #expect(try read("\"q\"\r\nx\r\n").map(\.fields) == [["q"], ["x"]])
    }

    @Test func byteOrderMarkIsDropped() throws {
        let records = try CSVRecordReader.records(in: [0xEF, 0xBB, 0xBF] + Array("code,role\n8471,entry\n".utf8))
        #expect(records.first?.fields == ["code", "role"])
        #expect(records.map(\.line) == [1, 2])
    }

    @Test func vietnameseTextSurvives() throws {
        #expect(try read("\"Máy in, máy copy\",– – Loại khác.\n").first?.fields == ["Máy in, máy copy", "– – Loại khác."])
    }

    @Test func unterminatedQuoteNamesWhereItOpened() throws {
        let error = try #require(readError(Array("a,b\nc,\"de\nf\ng\n".utf8)))
        #expect(error.kind == .unterminatedQuote)
        #expect(error.line == 2)
        #expect(error.column == 3)
        #expect(error.description.hasPrefix("line 2, column 3: "))
    }

    @Test func textAfterClosingQuote() throws {
        let error = try #require(readError(Array("x\n\"ab\"c,d\n".utf8)))
        #expect(error.kind == .textAfterQuote)
        #expect(error.line == 2)
        #expect(error.column == 5)
    }

    @Test func invalidUTF8NamesTheByte() throws {
        let error = try #require(readError(Array("a,b\n\"é\nx\",".utf8) + [0xFF] + Array("\n".utf8)))
        #expect(error.kind == .invalidUTF8)
        #expect(error.line == 3)
        #expect(error.column == 4)
        let truncated = try #require(readError(Array("é,".utf8) + [0xC3]))
        #expect(truncated.line == 1)
        #expect(truncated.column == 3)
    }

    @Test func readsIncrementally() throws {
        var reader = try CSVRecordReader(bytes: Array("a\nb\n".utf8))
        #expect(try reader.next()?.fields == ["a"])
        #expect(try reader.next()?.fields == ["b"])
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }
}
