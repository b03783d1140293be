import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct UnlistedITHeadingRuleTests {
    private let rule = UnlistedITHeadingRule()

    private func finding(
        hs: String = "8473.30.10", description: String? = "Bo mach chu may tinh DA QUA SU DUNG",
        condition: GoodsCondition? = nil, licences: [Licence] = [], list: ProhibitedList = F.list
    ) -> Finding? {
        let declaration = F.declaration(
            licences: licences, items: [F.item(hs: hs, description: description, condition: condition)])
        return rule.finding(F.assess(declaration, list: list), context: F.context(list: list))
    }

    @Test func usedGoodsInAnUnlistedReviewHeadingNeedReview() throws {
        let found = try #require(finding())
        #expect(found.rule == .usedITUnlistedHeading)
        #expect(found.rule.rawValue == "used-it.unlisted-it-heading")
        #expect(found.severity == .review)
        #expect(found.listCode == "8473")
        #expect(found.hsCode == "84733010")
        #expect(found.condition == .used)
        #expect(
            found.reason == """
                Goods described as used ("DA QUA SU DUNG" in the description); HS 8473.30.10 is not on the list, but it \
                is under review heading 8473 (watched); used parts and accessories of listed products are prohibited \
                too (Circular 11/2018/TT-BTTTT Art. 2.2.b), which the HS code alone cannot decide, so an inspector \
                should check.
                """)
    }

    @Test func lineUnderAHeaderButNotListedFallsToTheReviewHeading() throws {
        // 8443 is a header with listed 8-digit lines; 8443.31.11 is none of them.
        let found = try #require(finding(hs: "8443.31.11", description: "Máy in cũ"))
        #expect(found.listCode == "8443")
        #expect(found.severity == .review)
        #expect(found.reason.contains("HS 8443.31.11 is not on the list, but it is under review heading 8443"))
    }

    @Test func reviewHeadingIsReportedAsTheListWritesIt() throws {
        let found = try #require(finding(hs: "8504.40.11", description: "Bộ lưu điện UPS đã qua sử dụng"))
        #expect(found.listCode == "8504.40")
        #expect(found.reason.contains("is under review heading 8504.40"))
        #expect(finding(hs: "8504.31.00", description: "Biến áp đã qua sử dụng") == nil)
    }

    @Test func refurbishedAndDeclaredConditionsAreNamed() throws {
        let refurbished = try #require(finding(description: "Refurbished mainboards"))
        #expect(refurbished.condition == .refurbished)
        #expect(refurbished.reason.hasPrefix("Goods described as refurbished (\"Refurbished\" in the description);"))
        let declared = try #require(finding(description: "Mainboards, hàng mới 100%", condition: .used))
        #expect(declared.reason.hasPrefix("Goods declared as used (Condition element);"))
    }

    @Test func listedEntryIsNotThisRulesBusiness() throws {
        #expect(finding(hs: "8471.30.20", description: "Used laptops") == nil)
        let found = try #require(F.evaluate(F.declaration(items: [F.item(hs: "8471.30.20", description: "Used laptops")])))
        #expect(found.rule == .usedITNoPermit)
    }

    @Test func goodsOutsideEveryHeadingGetNoFinding() {
        #expect(finding(hs: "8415.10.10", description: "Máy điều hoà đã qua sử dụng") == nil)
        #expect(F.evaluate(F.declaration(items: [F.item(hs: "8415.10.10", description: "Máy điều hoà đã qua sử dụng")])) == nil)
    }

    @Test func newOrUnknownGoodsInAReviewHeadingGetNoFinding() {
        #expect(finding(description: "Bo mạch chủ, hàng mới 100%") == nil)
        #expect(finding(description: "Bo mạch chủ") == nil)
        #expect(finding(description: "Used mainboards", condition: .new) == nil)
    }

    @Test func permitReferencesDoNotMatterHere() throws {
        let found = try #require(finding(licences: [Licence(type: "GP", number: "45/GP-BKHCN")]))
        #expect(found.rule == .usedITUnlistedHeading)
        #expect(found.licences == "GP:45/GP-BKHCN")
    }

    @Test func builtInListWatchesItsReviewRows() throws {
        let builtIn = ProhibitedList.builtIn
        for code in ["8473.30.10", "8524.11.00", "8529.90.20", "8544.11.20", "8504.40.30", "8443.99.90"] {
            let found = try #require(finding(hs: code, description: "Used goods", list: builtIn), "\(code)")
            #expect(found.rule == .usedITUnlistedHeading)
        }
        #expect(finding(hs: "8471.30.20", description: "Used laptops", list: builtIn) == nil)
        #expect(finding(hs: "8504.31.00", description: "Used transformers", list: builtIn) == nil)
        #expect(finding(hs: "8523.51.10", description: "Used memory cards", list: builtIn) == nil, "no longer watched")
    }
}
