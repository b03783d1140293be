import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct InvalidHSCodeRuleTests {
    private let rule = InvalidHSCodeRule()

    private func finding(hs: String?, description: String? = "Linh kiện máy tính các loại") -> Finding? {
        let declaration = F.declaration(items: [F.item(hs: hs, description: description)])
        return rule.finding(F.assess(declaration), context: F.context())
    }

    @Test func missingCodeIsFlaggedForReview() throws {
        let found = try #require(finding(hs: nil))
        #expect(found.rule == .inputInvalidHSCode)
        #expect(found.rule.rawValue == "input.invalid-hs-code")
        #expect(found.severity == .review)
        #expect(found.listCode == nil)
        #expect(found.hsCode == nil)
        #expect(found.reason.hasPrefix("The HS code is missing, so the line could not be checked against the list"))
        #expect(found.reason.contains("Circular 11/2018/TT-BTTTT"))
        #expect(found.reason.hasSuffix("."))
        #expect(!found.reason.contains("may be listed"), "goods not known to be used carry no risk note")
    }

    @Test(arguments: ["8471.302", "847130200", "8471.30.2a", "84-71-30-20", "8471,3020", "8471"])
    func codeThatIsNotEightDigitsIsQuotedAsDeclared(code: String) throws {
        let found = try #require(finding(hs: code))
        #expect(found.rule == .inputInvalidHSCode)
        #expect(found.severity == .review)
        #expect(found.hsCode == code, "the report shows the code as declared when it cannot be normalised")
        #expect(found.reason.hasPrefix("HS code \"\(code)\" is not 8 digits after removing dots and spaces"))
    }

    @Test(arguments: ["8471.30.20", "84713020", "8471 30 20", " 8471.30.20\t", "0101.21.00"])
    func validCodeIsNotThisRulesBusiness(code: String) {
        #expect(finding(hs: code) == nil)
        #expect(finding(hs: code, description: "Máy tính xách tay đã qua sử dụng") == nil)
    }

    @Test func usedGoodsWithBadCodeSayTheyMayBeListed() throws {
        let found = try #require(finding(hs: "8471.302", description: "Máy tính bảng đã qua sử dụng"))
        #expect(found.condition == .used)
        #expect(
            found.reason.contains(
                "; the goods are described as used (\"đã qua sử dụng\" in the description), so they may be listed used IT products."
            ))
    }

    @Test func refurbishedGoodsWithMissingCodeSayTheyMayBeListed() throws {
        let declaration = F.declaration(items: [F.item(hs: nil, description: "Laptop", condition: .refurbished)])
        let found = try #require(rule.finding(F.assess(declaration), context: F.context()))
        #expect(found.reason.contains("the goods are declared as refurbished (Condition element), so they may be listed"))
    }

    @Test func newGoodsWithBadCodeAreStillFlagged() throws {
        let found = try #require(finding(hs: "", description: "Bàn phím, hàng mới 100%"))
        #expect(found.condition == .new)
        #expect(found.rule == .inputInvalidHSCode)
        #expect(!found.reason.contains("may be listed"))
    }

    @Test func findingCarriesTheDeclarationAndItemColumns() throws {
        let declaration = F.declaration(
            number: "107000000777", typeCode: "E21",
            licences: [Licence(type: "HDGC", number: "1100100000001"), Licence(type: "GP", number: "45/GP")],
            items: [F.item(line: 7, hs: "84", description: "Ổ cứng", quantity: "15000", unit: "PCE", sourceLine: 321)])
        let found = try #require(rule.finding(F.assess(declaration, source: "night.xml.gz"), context: F.context()))
        #expect(found.declaration == "107000000777")
        #expect(found.line == 7)
        #expect(found.typeCode == "E21")
        #expect(found.registeredOn == "2026-11-20")
        #expect(found.customsOffice == "01AB")
        #expect(found.taxCode == "0100000001")
        #expect(found.company == "Công ty TNHH Ví Dụ")
        #expect(found.hsCode == "84")
        #expect(found.description == "Ổ cứng")
        #expect(found.condition == .unknown)
        #expect(found.quantity == "15000")
        #expect(found.unit == "PCE")
        #expect(found.value == "2400")
        #expect(found.currency == "USD")
        #expect(found.licences == "HDGC:1100100000001;GP:45/GP")
        #expect(found.contract == "0100000001/1100100000001")
        #expect(found.source == "night.xml.gz")
        #expect(found.sourceLine == 321)
    }

    @Test func itemRulesPickThisRuleBeforeTheListRules() throws {
        // A used line whose code is bad must not reach the list lookup (it would be nil anyway).
        let declaration = F.declaration(items: [F.item(hs: "8471.302", description: "Used laptops")])
        let assessment = F.assess(declaration)
        #expect(assessment.hsCode == nil)
        #expect(assessment.match == nil)
        let found = try #require(F.judge(assessment, context: F.context()))
        #expect(found.rule == .inputInvalidHSCode)
    }

    @Test func ruleOrderIsInvalidCodeFirstAndUnlistedHeadingLast() {
        // The first finding wins, so the order decides which single finding a line gets.
        #expect(
            Rules.line.map { type(of: $0).id } == [
                .inputInvalidHSCode, .usedITNoPermit, .usedITPermitUnverified, .usedITUnlistedHeading,
            ])
    }
}
