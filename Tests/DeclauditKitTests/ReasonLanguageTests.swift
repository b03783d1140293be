import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The `reason` of every rule in Vietnamese (the default `--lang`) and English, and the
/// `legal_basis` of the date: the same in both languages.
@Suite struct ReasonLanguageTests {
    private func finding(
        hs: String? = "8471.30.20", description: String? = "Máy tính xách tay đã qua sử dụng", licences: [Licence] = [],
        registeredOn: String = "2026-11-20", quantity: String? = "20", permitRegistry: Bool = false,
        language: ReportLanguage = .vi, list: ProhibitedList = F.list
    ) -> Finding? {
        var declaration = F.declaration(licences: licences, items: [F.item(hs: hs, description: description, quantity: quantity)])
        declaration.registeredOn = registeredOn
        return F.evaluate(declaration, permitRegistry: permitRegistry, list: list, language: language)
    }

    @Test func noPermitInVietnamese() throws {
        let found = try #require(finding())
        #expect(found.rule == .usedITNoPermit)
        #expect(
            found.reason == """
                Hàng hóa được mô tả là hàng đã qua sử dụng ("đã qua sử dụng" trong mô tả hàng hóa); mã HS 8471.30.20 thuộc \
                dòng 8471 của Danh mục (Phụ lục Thông tư 11/2018/TT-BTTTT; độ tin cậy thấp), và tờ khai không khai giấy phép \
                nào; nhập khẩu sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục phải có giấy phép của Bộ Khoa học và \
                Công nghệ (Thông tư 26/2025/TT-BKHCN).
                """)
        #expect(found.legalBasis == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
    }

    @Test func aDeclarationOf2024NeedsTheInformationMinistrysPermit() throws {
        let vietnamese = try #require(finding(registeredOn: "2024-03-15"))
        #expect(
            vietnamese.reason.hasSuffix(
                """
                phải có giấy phép của Bộ Thông tin và Truyền thông (Quyết định 18/2016/QĐ-TTg; Quyết định 31/2019/QĐ-TTg).
                """))
        #expect(vietnamese.legalBasis == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        let english = try #require(finding(registeredOn: "2024-03-15", language: .en))
        #expect(
            english.reason.hasSuffix(
                """
                importing listed used IT products needs a Ministry of Information and Communications permit (Decision \
                18/2016/QD-TTg; Decision 31/2019/QD-TTg).
                """))
        #expect(english.legalBasis == vietnamese.legalBasis)
    }

    @Test func aRegistrationDateThatIsNoDateIsJudgedOnTheAuditDate() throws {
        var declaration = F.declaration()
        declaration.registeredOn = "2024-02-30"
        let context = F.context(asOf: "2026-11-29", language: .en)
        let found = try #require(F.judge(F.assess(declaration), context: context))
        #expect(found.legalBasis == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
        #expect(
            found.reason.hasSuffix(
                """
                (Circular 26/2025/TT-BKHCN); note: the registration date "2024-02-30" is not a date in the form YYYY-MM-DD.
                """))
    }

    @Test func permitUnverifiedInVietnamese() throws {
        let found = try #require(finding(licences: [Licence(type: "GP", number: "45/GP-BKHCN")]))
        #expect(found.rule == .usedITPermitUnverified)
        #expect(
            found.reason == """
                Hàng hóa được mô tả là hàng đã qua sử dụng ("đã qua sử dụng" trong mô tả hàng hóa); mã HS 8471.30.20 thuộc \
                dòng 8471 của Danh mục (Phụ lục Thông tư 11/2018/TT-BTTTT; độ tin cậy thấp); tờ khai có khai giấy phép \
                GP:45/GP-BKHCN nhưng không kiểm tra được vì không có danh sách giấy phép (--permits).
                """)
        #expect(found.legalBasis == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
    }

    @Test func permitInvalidInVietnamese() throws {
        let found = try #require(
            finding(licences: [Licence(type: "GP", number: "45/GP-BKHCN")], quantity: "2,5", permitRegistry: true))
        #expect(found.rule == .usedITPermitInvalid)
        #expect(
            found.reason == """
                Hàng hóa được mô tả là hàng đã qua sử dụng ("đã qua sử dụng" trong mô tả hàng hóa); mã HS 8471.30.20 thuộc \
                dòng 8471 của Danh mục (Phụ lục Thông tư 11/2018/TT-BTTTT; độ tin cậy thấp); không giấy phép nào trong danh \
                sách giấy phép cho phép dòng hàng này: giấy phép 45/GP-BKHCN: không có trong danh sách giấy phép; ghi chú: số \
                lượng khai báo "2,5" không phải là số (chữ số, dấu '.' ngăn cách phần thập phân).
                """)
        let english = try #require(
            finding(
                licences: [Licence(type: "GP", number: "45/GP-BKHCN")], quantity: "2,5", permitRegistry: true, language: .en))
        #expect(
            english.reason.hasSuffix(
                """
                no permit in the registry covers the line: permit 45/GP-BKHCN: not in the registry; note: the declared quantity \
                "2,5" is not a number (digits with a '.' decimal point).
                """))
    }

    @Test func unlistedHeadingInVietnameseNamesTheHeadingByItsVietnameseDescription() throws {
        let found = try #require(finding(hs: "8473.30.10", description: "Bo mạch chủ đã qua sử dụng"))
        #expect(found.rule == .usedITUnlistedHeading)
        #expect(
            found.reason == """
                Hàng hóa được mô tả là hàng đã qua sử dụng ("đã qua sử dụng" trong mô tả hàng hóa); mã HS 8473.30.10 không \
                có trong Danh mục nhưng thuộc nhóm cần xem xét 8473 (Bộ phận); linh kiện, phụ tùng, phụ kiện đã qua sử dụng \
                của sản phẩm thuộc Danh mục cũng bị cấm nhập khẩu (điểm b khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT); chỉ căn \
                cứ mã HS thì không xác định được, công chức hải quan cần kiểm tra.
                """)
        #expect(!found.reason.contains("watched"), "the review row's English basis stays out of a Vietnamese reason")
        let english = try #require(finding(hs: "8473.30.10", description: "Bo mạch chủ đã qua sử dụng", language: .en))
        #expect(english.reason.contains("under review heading 8473 (watched);"))
    }

    @Test func invalidHSCodeInVietnamese() throws {
        let found = try #require(finding(hs: "8471.302"))
        #expect(found.rule == .inputInvalidHSCode)
        #expect(
            found.reason == """
                Mã HS "8471.302" không đủ 8 chữ số sau khi bỏ dấu chấm và khoảng trắng, nên không đối chiếu được dòng hàng \
                với Danh mục sản phẩm công nghệ thông tin đã qua sử dụng cấm nhập khẩu (Thông tư 11/2018/TT-BTTTT); hàng hóa \
                được mô tả là hàng đã qua sử dụng ("đã qua sử dụng" trong mô tả hàng hóa) nên có thể là sản phẩm công nghệ \
                thông tin đã qua sử dụng thuộc Danh mục.
                """)
        #expect(found.legalBasis.isEmpty)
        #expect(try #require(finding(hs: nil)).reason.hasPrefix("Dòng hàng không khai mã HS, nên không đối chiếu được"))
    }

    @Test func carveOutNotesInVietnamese() throws {
        let shown = try #require(finding(hs: "8443.99.20", description: "Hộp mực laser đã qua sử dụng"))
        #expect(shown.severity == .review)
        #expect(
            shown.reason.hasSuffix(
                """
                ; hạ mức độ xuống review vì mô tả hàng hóa cho thấy thuộc trường hợp loại trừ ("Hộp mực laser"): hộp mực in \
                laser đã qua sử dụng không bị cấm nhập khẩu; dòng 8443.99.20 chỉ gồm hộp mực in, không gồm hộp mực laser \
                (điểm c khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT).
                """))
        let against = try #require(finding(hs: "8443.31.19", description: "Máy photocopy đã qua sử dụng, 20 trang/phút"))
        #expect(against.severity == .high)
        #expect(
            against.reason.hasSuffix(
                """
                không áp dụng theo mô tả này: mô tả ghi "20 trang/phút", dưới 35 trang/phút, không thể hiện khổ A0 hay in màu.
                """))
        let undecided = try #require(finding(hs: "8443.31.19", description: "Máy photocopy đã qua sử dụng"))
        #expect(undecided.reason.hasSuffix("; " + ReasonPhrases.carveOutMayApply(.printerCopier).vi + "."))
        #expect(ReasonPhrases.carveOutMayApply(.printerCopier).en == CarveOutKind.printerCopier.legalNote)
    }

    @Test(
        "each failed permit check in Vietnamese",
        arguments: [
            (PermitFailure.Check.notInRegistry, "không có trong danh sách giấy phép"),
            (.holder("0100000002", declarant: "0100000001"), "cấp cho 0100000002, không phải người khai hải quan 0100000001"),
            (.registrationDateUnreadable, "ngày đăng ký tờ khai bị thiếu hoặc không hợp lệ"),
            (
                .beforeValidity(registered: "2025-12-31", from: "2026-01-01"),
                "tờ khai đăng ký ngày 2025-12-31, trước ngày giấy phép có hiệu lực 2026-01-01"
            ),
            (
                .afterValidity(registered: "2027-01-05", to: "2026-12-31"),
                "tờ khai đăng ký ngày 2027-01-05, sau ngày giấy phép hết hiệu lực 2026-12-31"
            ),
            (
                .hsCode(HSCode(normalizing: "85171300")!, permitLine: "8471"),
                "mã HS 8517.13.00 không thuộc dòng 8471 của giấy phép"
            ),
            (
                .processingCase(typeCode: "A11"),
                "giấy phép cấp cho trường hợp gia công, chỉ dùng cho tờ khai nhập gia công (E21, E23), không dùng cho loại hình A11"
            ),
            (.unit(permitted: "PCE", declared: "SET"), "giấy phép tính theo PCE, tờ khai khai theo SET"),
            (.unit(permitted: "PCE", declared: nil), "giấy phép tính theo PCE, tờ khai không khai đơn vị tính"),
            (.quantityUnreadable(nil), "số lượng khai báo bị thiếu nên không trừ lùi được"),
            (.exhausted(total: 35, permitted: 30, unit: "PCE"), "đã trừ lùi 35 PCE, vượt số lượng được phép 30"),
        ])
    func permitFailureInVietnamese(_ check: PermitFailure.Check, _ expected: String) {
        #expect(ReasonPhrases.permitFailure(PermitFailure(permit: "P-1", check: check)).vi == "giấy phép P-1: " + expected)
    }

    @Test func theConditionAsDeclaredInVietnamese() throws {
        let declared = ReasonPhrases.conditionEvidence(ConditionEvidence(condition: .refurbished, words: []), declared: true)
        #expect(declared.vi == "được khai là hàng tân trang (trường Condition)")
        #expect(declared.en == "declared as refurbished (Condition element)")
    }

    /// Loanwords Vietnamese writes as English does ("hộp mực laser").
    static let sameInVietnamese: Set<String> = ["laser"]

    /// Every row of the built-in list that can reach a reason: no word of its English basis note
    /// (lower-case words of four letters or more; abbreviations like TT-BTTTT are the same in both
    /// languages) is in the Vietnamese reason of a used line under it.
    @Test func noEnglishWordOfTheListsBasisNotesInAVietnameseReason() throws {
        let list = ProhibitedList.builtIn
        var checked = 0
        for row in list.entries where row.role != .header {
            let code: String = row.code.padding(toLength: 8, withPad: "9", startingAt: 0)
            guard let found = finding(hs: code, description: "Hàng đã qua sử dụng", list: list) else { continue }
            checked += 1
            let words = Set(row.basis.split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 && $0 != $0.uppercased() })
                .subtracting(Self.sameInVietnamese)
            let reasonWords = Set(found.reason.split { !$0.isLetter }.map { $0.lowercased() })
            let leaked = words.filter { reasonWords.contains($0.lowercased()) }
            #expect(leaked.isEmpty, "\(row.written) \(found.rule.rawValue): \(leaked.sorted()) in \(found.reason)")
        }
        #expect(checked >= 19, "each whole heading and each review heading gives a finding")
    }
}

/// The registry: every rule of the contract once, with its scope.
@Suite struct RuleRegistryTests {
    @Test func everyRuleOfTheContractIsRegisteredOnce() {
        let ids = Rules.all.map { $0.id }
        #expect(ids.count == RuleID.allCases.count)
        #expect(Set(ids) == Set(RuleID.allCases))
    }

    @Test func scopes() {
        let scopes = Dictionary(uniqueKeysWithValues: Rules.all.map { ($0.id, $0.scope) })
        #expect(scopes[.usedITPermitInvalid] == .run)
        #expect(scopes[.processingNotReexported] == .contract)
        #expect(scopes[.processingBalanceOutstanding] == .contract)
        #expect(
            [RuleID.inputInvalidHSCode, .usedITNoPermit, .usedITPermitUnverified, .usedITUnlistedHeading].allSatisfy {
                scopes[$0] == .line
            })
    }
}
