import Testing

@testable import DeclauditKit

private typealias P = ProcessingFactory

@Suite struct ProcessingNotReexportedRuleTests {
    let rule = ProcessingNotReexportedRule()

    @Test func importsOnlyAfterTheDeadlineIsOneHighFindingOnTheFirstImport() throws {
        let contract = P.contract([
            P.record("105000000030", registeredOn: "2026-04-01", lines: [P.line("B", "4")]),
            P.record("105000000010", registeredOn: "2026-03-01", lines: [P.line("A", "100")]),
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(finding.rule == .processingNotReexported)
        #expect(finding.severity == .high)
        #expect(finding.declaration == "105000000010")
        #expect(finding.line == nil)
        #expect(finding.contract == P.contractKey)
        #expect(finding.licences == "HDGC:1100100000001")
        #expect(
            finding.reason.contains(
                "ended 2026-09-30; with 30 grace days the goods had to be re-exported or transferred by 2026-10-30, but only imports"
            ))
        #expect(!finding.reason.contains("2026-11-29"))
        #expect(finding.reason.contains("105000000010, 105000000030"))
        #expect(finding.reason.contains("goods: 100 PCE of A, 4 PCE of B"))
        #expect(finding.reason.contains("Circular 38/2015/TT-BTC Art. 64"))
        #expect(!finding.reason.contains("Decision 31/2019"))
    }

    @Test func theReasonIsTheSameOnEveryLaterNight() throws {
        let records = [P.record("105000000010", registeredOn: "2026-03-01", lines: [P.line("A", "100")])]
        let first = try #require(rule.findings(P.contract(records, asOf: "2026-11-29")).first)
        let later = try #require(rule.findings(P.contract(records, asOf: "2027-01-15")).first)
        #expect(first.reason == later.reason)
        #expect(first.findingID == later.findingID)
    }

    @Test func listedUsedGoodsAreNamedInTheReason() throws {
        let contract = P.contract([P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)])])
        let finding = try #require(rule.findings(contract).first)
        #expect(
            finding.reason.hasSuffix(
                "; they include listed used IT goods, which must all be re-exported (Circular 26/2025/TT-BKHCN)."))
        #expect(finding.legalBasis == "Circular 38/2015/TT-BTC Art. 64; Circular 26/2025/TT-BKHCN")
    }

    @Test func beforeOctober2025ListedUsedGoodsCiteDecision31Of2019() throws {
        let contract = P.contract([
            P.record(
                "105000000010", registeredOn: "2024-03-01", expiresOn: "2024-09-30", lines: [P.line("LAP", "5", listedUsed: true)]
            )
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(
            finding.reason.hasSuffix(
                "; they include listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)."))
        #expect(finding.legalBasis == "Circular 38/2015/TT-BTC Art. 64; Decision 31/2019/QD-TTg")
    }

    @Test func theVietnameseReasonCitesTheInstrumentsAsTheyWriteThemselves() throws {
        let contract = P.contract([P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)])])
        let finding = try #require(rule.findings(contract, language: .vi).first)
        #expect(
            finding.reason == """
                Hợp đồng gia công 0100000001/1100100000001 (hợp đồng 01/HDGC) kết thúc ngày 2026-09-30; cộng thêm 30 ngày, hàng \
                hóa phải được tái xuất hoặc chuyển tiếp chậm nhất ngày 2026-10-30, nhưng chỉ có tờ khai nhập khẩu (105000000010; \
                hàng hóa: 5 PCE LAP), không có tờ khai tái xuất (E52) hay chuyển tiếp (E54); nguyên liệu, vật tư dư thừa phải được \
                xử lý trong thời hạn 30 ngày kể từ ngày kết thúc hợp đồng (Thông tư 38/2015/TT-BTC Điều 64); trong đó có sản phẩm \
                công nghệ thông tin đã qua sử dụng thuộc Danh mục, phải tái xuất toàn bộ (Thông tư 26/2025/TT-BKHCN).
                """)
        #expect(finding.legalBasis == "Circular 38/2015/TT-BTC Art. 64; Circular 26/2025/TT-BKHCN")
    }

    @Test func goodsOutsideTheListCiteOnlyTheProcessingCircular() throws {
        let contract = P.contract([P.record("105000000010", lines: [P.line("A", "5")])])
        #expect(try #require(rule.findings(contract).first).legalBasis == "Circular 38/2015/TT-BTC Art. 64")
    }

    @Test func nothingBeforeTheDeadline() {
        #expect(rule.findings(P.contract([P.record("105000000010", lines: [P.line("A", "1")])], asOf: "2026-10-30")).isEmpty)
    }

    @Test func nothingWithoutAContractExpiry() {
        #expect(rule.findings(P.contract([P.record("105000000010", expiresOn: nil, lines: [P.line("A", "1")])])).isEmpty)
    }

    @Test func anyReturnAtAllLeavesItToTheBalanceRule() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E54", registeredOn: "2026-08-01", lines: [P.line("Z", "1")]),
        ])
        #expect(rule.findings(contract).first == nil)
    }

    @Test func aContractWithReturnsOnlyHasNothingToFlag() {
        #expect(rule.findings(P.contract([P.record("305000000020", type: "E52", lines: [P.line("A", "1")])])).isEmpty)
    }
}
