import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct UsedITPermitUnverifiedRuleTests {
    private let rule = UsedITPermitUnverifiedRule()
    private let permit = Licence(type: "GP", number: "45/GP-BKHCN")

    private func finding(
        hs: String = "8471.50.10", description: String? = "Refurbished Dell PowerEdge R740 server, grade A",
        condition: GoodsCondition? = nil, licences: [Licence]? = nil, typeCode: String = "A12", registry: Bool = false
    ) -> Finding? {
        let declaration = F.declaration(
            typeCode: typeCode, licences: licences ?? [permit],
            items: [F.item(hs: hs, description: description, condition: condition)])
        return rule.finding(F.assess(declaration), context: F.context(permitRegistry: registry))
    }

    @Test func permitReferenceWithoutRegistryIsMedium() throws {
        let found = try #require(finding())
        #expect(found.rule == .usedITPermitUnverified)
        #expect(found.rule.rawValue == "used-it.permit-unverified")
        #expect(found.severity == .medium)
        #expect(found.listCode == "8471")
        #expect(found.hsCode == "84715010")
        #expect(found.condition == .refurbished)
        #expect(found.licences == "GP:45/GP-BKHCN")
        #expect(
            found.reason == """
                Goods described as refurbished ("Refurbished" in the description); HS 8471.50.10 is covered by list \
                entry 8471 (Circular 11/2018/TT-BTTTT Appendix; confidence low); the declaration cites GP:45/GP-BKHCN, \
                which could not be verified because no permit registry was given (--permits).
                """)
    }

    @Test func reasonNamesEveryPermitReferenceButNotTheProcessingContract() throws {
        let licences = [
            Licence(type: "HDGC", number: "1100100000001"), permit, Licence(type: "CO", number: "CO-2026-778"),
        ]
        let found = try #require(finding(licences: licences, typeCode: "E21"))
        #expect(found.licences == "HDGC:1100100000001;GP:45/GP-BKHCN;CO:CO-2026-778")
        #expect(found.reason.contains("the declaration cites GP:45/GP-BKHCN, CO:CO-2026-778, which could not be verified"))
        #expect(!found.reason.contains("HDGC"))
        #expect(found.contract == "0100000001/1100100000001")
    }

    @Test func withARegistryThisRuleStaysSilent() {
        #expect(finding(registry: true) == nil)
    }

    @Test func onlyAProcessingContractReferenceIsNoPermit() throws {
        #expect(finding(licences: [Licence(type: "HDGC", number: "1100100000001")]) == nil)
        #expect(finding(licences: []) == nil)
        let declaration = F.declaration(
            typeCode: "E21", licences: [Licence(type: "HDGC", number: "1100100000001")],
            items: [F.item(hs: "8471.70.20", description: "Ổ cứng máy tính đã qua sử dụng để sửa chữa")])
        let found = try #require(F.evaluate(declaration))
        #expect(found.rule == .usedITNoPermit)
        #expect(found.severity == .high)
    }

    @Test func newOrUnknownGoodsGetNoFinding() {
        #expect(finding(description: "Máy chủ Dell R740, hàng mới 100%") == nil)
        #expect(finding(description: "Máy chủ Dell R740") == nil)
        #expect(finding(description: "Used server", condition: .new) == nil)
    }

    @Test func declaredConditionBeatsTheDescription() throws {
        let found = try #require(finding(description: "Brand new servers", condition: .used))
        #expect(found.condition == .used)
        #expect(found.reason.hasPrefix("Goods declared as used (Condition element);"))
    }

    @Test func unlistedCodeIsNotThisRulesBusiness() throws {
        #expect(finding(hs: "8473.30.10") == nil)
        let declaration = F.declaration(
            licences: [permit], items: [F.item(hs: "8473.30.10", description: "Refurbished mainboards")])
        let found = try #require(F.evaluate(declaration))
        #expect(found.rule == .usedITUnlistedHeading)
    }

    @Test func colourPrinterWithPermitDropsToReview() throws {
        let found = try #require(finding(hs: "8443.32.29", description: "Used colour laser printers"))
        #expect(found.severity == .review)
        #expect(
            found.reason.contains(
                "(--permits); severity lowered to review because the description shows the carve-out (\"colour\")"))
    }

    @Test func monochromeAloneStaysMediumWithTheNote() throws {
        let found = try #require(finding(hs: "8443.31.19", description: "Used monochrome copier"))
        #expect(found.severity == .medium)
        #expect(found.reason.hasSuffix("(--permits); \(CarveOutKind.printerCopier.legalNote)."))
    }

    @Test func monochromeA0DropsToReview() throws {
        let found = try #require(finding(hs: "8443.31.19", description: "Used B/W copier, A0 format"))
        #expect(found.severity == .review)
        #expect(found.reason.contains("(\"B/W\", \"A0\")"))
    }

    @Test func laserCartridgeWithPermitDropsToReview() throws {
        let found = try #require(finding(hs: "8443.99.20", description: "Used HP LaserJet cartridges"))
        #expect(found.severity == .review)
        #expect(found.reason.contains("(\"LaserJet\")"))
    }

    @Test func itemRulesGiveUnverifiedForPermitReferences() throws {
        let found = try #require(F.evaluate(F.declaration(licences: [permit])))
        #expect(found.rule == .usedITPermitUnverified)
        #expect(found.severity == .medium)
    }
}
