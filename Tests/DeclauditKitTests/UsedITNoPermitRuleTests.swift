import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct UsedITNoPermitRuleTests {
    private let rule = UsedITNoPermitRule()

    private func finding(
        hs: String = "8471.30.20", description: String? = "Máy tính xách tay Dell Latitude 5490 đã qua sử dụng",
        condition: GoodsCondition? = nil, licences: [Licence] = [], typeCode: String = "A11"
    ) -> Finding? {
        let declaration = F.declaration(
            typeCode: typeCode, licences: licences, items: [F.item(hs: hs, description: description, condition: condition)])
        return rule.finding(F.assess(declaration), context: F.context())
    }

    @Test func usedListedGoodsWithoutLicenceAreHigh() throws {
        let found = try #require(finding())
        #expect(found.rule == .usedITNoPermit)
        #expect(found.rule.rawValue == "used-it.no-permit")
        #expect(found.severity == .high)
        #expect(found.listCode == "8471")
        #expect(found.hsCode == "84713020")
        #expect(found.condition == .used)
        #expect(found.licences == "")
        #expect(found.contract == nil)
        #expect(
            found.reason == """
                Goods described as used ("đã qua sử dụng" in the description); HS 8471.30.20 is covered by list entry \
                8471 (Circular 11/2018/TT-BTTTT Appendix; confidence low), and the declaration carries no permit \
                reference; importing listed used IT products needs a Ministry of Science and Technology permit \
                (Circular 26/2025/TT-BKHCN).
                """)
    }

    @Test func listCodeIsTheMostSpecificEntryAsTheListWritesIt() throws {
        let found = try #require(finding(hs: "84433119", description: "Máy photocopy đã qua sử dụng"))
        #expect(found.listCode == "8443.31.19")
        #expect(
            found.reason.contains(
                "HS 8443.31.19 is covered by list entry 8443.31.19 (Circular 11/2018/TT-BTTTT Appendix; confidence medium)"))
        #expect(!found.reason.contains("Art. 2.2.c note"), "only the instrument part of the basis is quoted")
    }

    @Test func basisWithoutNotesGivesNoParenthesis() throws {
        let found = try #require(finding(hs: "8443.32.90", description: "Máy in đã qua sử dụng"))
        #expect(found.listCode == "84433290")
        #expect(
            found.reason.contains("HS 8443.32.90 is covered by list entry 8443.32.90, and the declaration"),
            "dotted, as HS codes are")
    }

    @Test func confidenceNotApplicableIsLeftOut() throws {
        let found = try #require(finding(hs: "8517.13.00", description: "Used mobile phones"))
        #expect(found.reason.contains("list entry 8517 (Circular 11/2018/TT-BTTTT Appendix), and"))
        #expect(!found.reason.contains("n/a"))
    }

    @Test func refurbishedCountsAsUsed() throws {
        let found = try #require(finding(description: "Refurbished Dell Latitude laptops, grade A"))
        #expect(found.condition == .refurbished)
        #expect(found.severity == .high)
        #expect(found.reason.hasPrefix("Goods described as refurbished (\"Refurbished\" in the description);"))
    }

    @Test func newGoodsGetNoFinding() {
        #expect(finding(description: "Máy tính xách tay, hàng mới 100%") == nil)
        #expect(finding(description: "Chuột máy tính chưa qua sử dụng") == nil)
        #expect(F.evaluate(F.declaration(items: [F.item(description: "Máy tính xách tay, hàng mới 100%")])) == nil)
    }

    @Test func unknownConditionGetsNoFinding() {
        #expect(finding(description: "Máy tính xách tay Dell") == nil)
        #expect(finding(description: nil) == nil)
    }

    @Test func unlistedCodeIsNotThisRulesBusiness() {
        #expect(finding(hs: "8473.30.10", description: "Bo mạch chủ đã qua sử dụng") == nil)
        #expect(finding(hs: "8415.10.10", description: "Máy điều hoà đã qua sử dụng") == nil)
    }

    @Test func processingContractReferenceIsNotAPermit() throws {
        let found = try #require(finding(licences: [Licence(type: "HDGC", number: "1100100000001")], typeCode: "E21"))
        #expect(found.rule == .usedITNoPermit)
        #expect(found.severity == .high)
        #expect(found.licences == "HDGC:1100100000001")
        #expect(found.contract == "0100000001/1100100000001")
        #expect(
            found.reason.contains(
                "the declaration carries no permit reference (its HDGC reference is a processing contract, not a permit);"))
    }

    @Test func processingContractTypeIsCaseInsensitive() throws {
        let found = try #require(finding(licences: [Licence(type: "hdgc", number: "11"), Licence(type: "Hdgc", number: "12")]))
        #expect(found.rule == .usedITNoPermit)
        #expect(found.licences == "hdgc:11;Hdgc:12")
    }

    @Test func permitReferenceIsNotThisRulesBusiness() throws {
        let licences = [Licence(type: "GP", number: "45/GP-BKHCN")]
        #expect(finding(licences: licences) == nil)
        // The rules hand the line to the unverified-permit rule instead.
        let declaration = F.declaration(licences: licences)
        let found = try #require(F.evaluate(declaration))
        #expect(found.rule == .usedITPermitUnverified)
        #expect(found.severity == .medium)
    }

    @Test func licenceOfAnyOtherTypeCountsAsAPermitReference() throws {
        let found = try #require(F.evaluate(F.declaration(licences: [Licence(type: "", number: "X-1")])))
        #expect(found.rule == .usedITPermitUnverified)
    }

    // MARK: declared condition

    @Test func declaredUsedBeatsANewDescription() throws {
        let found = try #require(finding(description: "Máy tính xách tay, hàng mới 100%", condition: .used))
        #expect(found.condition == .used)
        #expect(found.reason.hasPrefix("Goods declared as used (Condition element);"))
    }

    @Test func declaredNewBeatsAUsedDescription() {
        #expect(finding(description: "Máy tính xách tay đã qua sử dụng", condition: .new) == nil)
        #expect(F.evaluate(F.declaration(items: [F.item(description: "Used laptops", condition: .new)])) == nil)
    }

    @Test func declaredUnknownLeavesItToTheDescription() throws {
        let found = try #require(finding(description: "Second hand laptops", condition: .unknown))
        #expect(found.condition == .used)
        #expect(found.reason.hasPrefix("Goods described as used (\"Second hand\" in the description);"))
    }

    @Test func declaredRefurbishedIsRefurbished() throws {
        let found = try #require(finding(description: "Laptops", condition: .refurbished))
        #expect(found.condition == .refurbished)
        #expect(found.reason.hasPrefix("Goods declared as refurbished (Condition element);"))
    }

    // MARK: carve-outs

    @Test func monochromeA0CopierDropsToReview() throws {
        let found = try #require(finding(hs: "8443.31.19", description: "Máy photocopy đơn sắc khổ A0, đã qua sử dụng"))
        #expect(found.rule == .usedITNoPermit)
        #expect(found.severity == .review)
        #expect(
            found.reason.contains(
                "; severity lowered to review because the description shows the carve-out (\"đơn sắc\", \"khổ A0\"): used monochrome printers/copiers"
            ))
        #expect(!found.reason.contains("may apply"), "the description decides it")
        #expect(found.reason.hasSuffix("(Circular 11/2018/TT-BTTTT Art. 2.2.c)."))
    }

    @Test func monochromeAtThirtyFivePagesPerMinuteDropsToReview() throws {
        let found = try #require(finding(hs: "8443.32.29", description: "Used monochrome laser printer, 40 ppm"))
        #expect(found.severity == .review)
        #expect(found.reason.contains("(\"monochrome\", \"40 ppm\")"))
    }

    @Test func monochromeAtTwentyPagesPerMinuteIsEvidenceAgainstTheCarveOut() throws {
        let found = try #require(finding(hs: "8443.32.29", description: "Máy in đơn sắc 20 trang/phút, hàng đã qua sử dụng"))
        #expect(found.severity == .high)
        #expect(!found.reason.contains("severity lowered"))
        #expect(!found.reason.contains("may apply"))
        #expect(
            found.reason.contains(
                "(Circular 26/2025/TT-BKHCN); the carve-out for used monochrome printers/copiers (A0 or at least 35 A4 pages per minute;"
            ))
        #expect(
            found.reason.hasSuffix(
                "does not apply on this description: it gives \"20 trang/phút\", below 35 pages per minute, and shows neither A0 nor colour."
            ))
    }

    @Test func monochromeAloneSaysTheCarveOutMayApply() throws {
        let found = try #require(finding(hs: "8443.32.29", description: "Máy in đơn sắc, hàng đã qua sử dụng"))
        #expect(found.severity == .high)
        #expect(found.reason.hasSuffix("; \(CarveOutKind.printerCopier.legalNote)."))
    }

    @Test func aSlowSpeedWithA0OrColourIsNoEvidenceAgainst() throws {
        let a0 = try #require(finding(hs: "8443.31.19", description: "Máy photocopy khổ A0 20 trang/phút đã qua sử dụng"))
        #expect(a0.reason.hasSuffix("; \(CarveOutKind.printerCopier.legalNote)."))
        let colour = try #require(finding(hs: "8443.32.29", description: "Máy in màu 20 trang/phút đã qua sử dụng"))
        #expect(colour.severity == .review)
        #expect(!colour.reason.contains("does not apply"))
    }

    @Test func printerWithoutEvidenceStaysHighWithTheNote() throws {
        let found = try #require(finding(hs: "8443.31.19", description: "Máy photocopy Ricoh đã qua sử dụng"))
        #expect(found.severity == .high)
        #expect(found.reason.hasSuffix("; \(CarveOutKind.printerCopier.legalNote)."))
    }

    @Test func colourPrinterDropsToReview() throws {
        let found = try #require(finding(hs: "8443.32.29", description: "Máy in màu Canon đã qua sử dụng"))
        #expect(found.severity == .review)
        #expect(found.reason.contains("because the description shows the carve-out (\"in màu\")"))
    }

    @Test func laserCartridgeDropsToReview() throws {
        let found = try #require(finding(hs: "8443.99.20", description: "Hộp mực laser đã qua sử dụng (used toner cartridges)"))
        #expect(found.listCode == "84439920")
        #expect(found.severity == .review)
        #expect(
            found.reason.contains(
                "the description shows the carve-out (\"Hộp mực laser\", \"toner\"): \(CarveOutKind.laserCartridge.rule)."))
    }

    @Test func inkCartridgeStaysHighWithTheNote() throws {
        let found = try #require(finding(hs: "8443.99.20", description: "Hộp mực in phun đã qua sử dụng"))
        #expect(found.severity == .high)
        #expect(found.reason.hasSuffix("; \(CarveOutKind.laserCartridge.legalNote)."))
    }

    @Test func noCarveOutNoteOutsidePrinters() throws {
        let found = try #require(finding(description: "Used monochrome laptop screens, colour"))
        #expect(found.severity == .high)
        #expect(!found.reason.contains("carve-out"))
    }

    // MARK: the auditor's share

    @Test func exportsAreNotAuditedWhileImportsAre() throws {
        // The rules judge any line they are given; the auditor gives them import lines only.
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("exports.xml").path
        let body = ["307000000070|B11", "107000000080|Z99", "307000000090|Z99", "307000000100|E21"].map { pair -> String in
            let parts = pair.split(separator: "|")
            return """
                <Declaration><Number>\(parts[0])</Number><TypeCode>\(parts[1])</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
                <Declarant><TaxCode>0100000007</TaxCode></Declarant>
                <Item line="1"><HSCode>8471.30.20</HSCode><Description>Used laptops</Description><Quantity unit="PCE">5</Quantity></Item>
                </Declaration>
                """
        }.joined(separator: "\n")
        try Data(F.dump(body).utf8).write(to: URL(fileURLWithPath: path))
        let result = try AuditRun.audit(
            [InputFile(path: path, label: "exports.xml")], options: AuditOptions(list: F.list, asOf: "2026-11-29"))
        #expect(result.declarations == 4)
        #expect(result.findings.map(\.declaration) == ["107000000080", "307000000100"])
        #expect(result.findings.map(\.rule) == [.usedITNoPermit, .usedITNoPermit])
    }
}
