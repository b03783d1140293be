import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The judging thread's cheaper paths give what the plain ones give: type codes from a table,
/// codes normalised on contiguous bytes, a list basis cut on bytes, a processing record from the
/// assessed lines in order.
@Suite struct JudgingShortcutsTests {
    // MARK: type codes

    /// What the sets say of a code, upper-cased: the table must agree.
    private func expectedKind(_ code: String) -> TypeCodes.Kind {
        let upper = code.uppercased()
        var kind: TypeCodes.Kind = []
        if TypeCodes.imports.contains(upper) { kind.insert(.import) }
        if TypeCodes.exports.contains(upper) { kind.insert(.export) }
        if TypeCodes.processingImports.contains(upper) { kind.insert(.processingImport) }
        if TypeCodes.processingReturns.contains(upper) { kind.insert(.processingReturn) }
        return kind
    }

    @Test func typeCodeKindsAgreeWithTheSetsInAnyCase() {
        let known = TypeCodes.imports.union(TypeCodes.exports).union(TypeCodes.processing)
        var codes = Array(known) + known.map { $0.lowercased() }
        // Near misses, other lengths, non-ASCII letters that upper-case to ASCII (ſ → S).
        codes += ["Z99", "E2", "E211", "", "e2", "@21", "[21", "E2A", "ｅ21", "ſ11", "e\u{0301}21", "E21 ", " E21", "é21"]
        for code in codes {
            #expect(TypeCodes.kind(of: code) == expectedKind(code), "\(code)")
        }
        #expect(TypeCodes.kind(of: "e21") == [.import, .processingImport])
        #expect(TypeCodes.kind(of: "E52") == [.export, .processingReturn])
        #expect(TypeCodes.kind(of: "A11") == [.import])
    }

    // MARK: HS codes

    @Test(arguments: [
        "8471.30.20", "84713020", "8471 30 20", "8471\u{00A0}30\u{202F}20", "8471.30.20 with a long tail past fifteen",
        "0101.21.00", "847130201", "8471302", "", "８４７１３０２０", "8471.30.2x", "8471\u{00A0}",
    ])
    func codesNormaliseAlikeFromAStringAndFromItsBytes(raw: String) {
        #expect(HSCode(normalizing: raw) == HSCode(normalizing: Array(raw.utf8)))
        // A String made from a slice is native too; it must not matter.
        let sliced = String(("x" + raw).dropFirst())
        #expect(HSCode(normalizing: sliced) == HSCode(normalizing: Array(raw.utf8)))
    }

    @Test func digitsKeepLeadingZeros() throws {
        #expect(try #require(HSCode(value: 1_012_100)).digits == "01012100")
        #expect(try #require(HSCode(value: 0)).digits == "00000000")
        #expect(try #require(HSCode(value: 99_999_999)).digits == "99999999")
        #expect(try #require(HSCode(value: 84_713_020)).dotted == "8471.30.20")
    }

    // MARK: reasons

    @Test(arguments: [
        "Circular 11/2018/TT-BTTTT Appendix; Art. 2.2.c note", ";; lead ; tail", "  ", "", ";", "\t a b \t;c",
        "no separator at all", "medium: one reproduction", "Thông tư 11; x", "a\u{00A0};b", "\u{2003}a\u{2003};b",
        "a\r\n;b",
    ])
    func aListBasisIsCutAsSplitAndTrimDo(text: String) {
        for separator in [";", ":"] {
            let expected = text.split(separator: Character(separator)).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            #expect(ReasonPhrases.firstPart(of: text, before: UInt8(ascii: separator == ";" ? ";" : ":")) == expected)
        }
    }

    // MARK: processing records

    /// Every line of a processing import is kept, whether assessed or not; an assessed line
    /// takes its condition from the assessment, the others their declared condition.
    @Test func aProcessingImportKeepsEveryLineWithItsAssessment() throws {
        let items = [
            F.item(line: 1, hs: "3926.30.00", description: "Chốt nhựa", condition: .new),
            F.item(line: 2, hs: "8471.30.20", description: "Máy tính xách tay đã qua sử dụng"),
            F.item(line: 3, hs: "7320.20.19", description: "Lò xo"),
            F.item(line: 4, hs: "bad", description: "Máy cũ"),
        ]
        let declaration = F.declaration(
            number: "105000000010", typeCode: "E21", licences: [Licence(type: "HDGC", number: "11")], items: items)
        var assessed: [AssessedLine] = []
        let latest: () -> Int32 = { ListDay.latest }
        AssessStage.assess(declaration, source: "in.xml", list: F.list, listDay: latest) { position, line in
            assessed.append(AssessedLine(position: position, line))
        }
        #expect(assessed.map(\.position) == [1, 3])
        let key = DeclarationKey(declaration, input: 0, ordinal: 0)
        let record = try #require(ProcessingRecord.of(declaration, key: key, source: "in.xml", assessed: assessed))
        #expect(record.lines.map(\.line) == [1, 2, 3, 4])
        #expect(record.lines.map(\.condition) == [.new, .used, .unknown, .used])
        #expect(record.lines.map(\.listedUsed) == [false, true, false, false])
        #expect(record.lines.map(\.hsCode) == ["39263000", "84713020", "73202019", "bad"])
        #expect(record.lines.map(\.goodsKey) == ["39263000", "84713020", "73202019", "bad"])
        #expect(record.isImport)
    }

    /// A return's lines are kept as declared: an assessment says nothing about them.
    @Test func aProcessingReturnIgnoresAssessments() throws {
        let items = [F.item(line: 1, hs: "8471.30.20", productCode: "P-1"), F.item(line: 2, hs: "8471.30.20")]
        let declaration = F.declaration(
            number: "305000000010", typeCode: "e52", licences: [Licence(type: "HDGC", number: "11")], items: items)
        let key = DeclarationKey(declaration, input: 0, ordinal: 0)
        let assessed = [AssessedLine(position: 0, condition: .used, listedUsed: true)]
        let record = try #require(ProcessingRecord.of(declaration, key: key, source: "in.xml", assessed: assessed))
        #expect(record.typeCode == "E52")
        #expect(record.lines.map(\.condition) == [.unknown, .unknown])
        #expect(record.lines.map(\.listedUsed) == [false, false])
        #expect(record.lines.map(\.goodsKey) == ["P-1", "84713020"])
        #expect(!record.isImport)
    }

    @Test func anotherDeclarationHasNoRecord() {
        let declaration = F.declaration(typeCode: "A11")
        let key = DeclarationKey(declaration, input: 0, ordinal: 0)
        #expect(ProcessingRecord.of(declaration, key: key, source: "in.xml", assessed: []) == nil)
    }

    // MARK: condition

    /// NFD text (combining marks after the letter) folds as its NFC form does, and the words are
    /// quoted as written.
    @Test func anNFDDescriptionIsDecidedAsItsNFCForm() {
        let nfc = "Máy in đã qua sử dụng, mới 90%"
        let nfd = nfc.decomposedStringWithCanonicalMapping
        #expect(Array(nfd.utf8) != Array(nfc.utf8))
        let fromNFC = ConditionDetector.decide(description: nfc)
        let fromNFD = ConditionDetector.decide(description: nfd)
        #expect(fromNFD.condition == .used)
        #expect(fromNFD.condition == fromNFC.condition)
        #expect(fromNFD.words.map { Array($0.utf8) } == fromNFD.words.map { Array($0.decomposedStringWithCanonicalMapping.utf8) })
        #expect(fromNFD.words == fromNFC.words, "Strings compare canonically")
    }
}
