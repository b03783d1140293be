import Testing

@testable import DeclauditKit

private typealias P = ProcessingFactory

@Suite struct ProcessingBalanceOutstandingRuleTests {
    let rule = ProcessingBalanceOutstandingRule()

    @Test func aShortReturnOfAKeyBothSidesNameIsMediumOnItsFirstImportLine() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("X", "7", line: 1), P.line("A", "100", line: 2)]),
            P.record("105000000030", registeredOn: "2026-04-01", lines: [P.line("A", "20")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "90")]),
        ])
        let findings = rule.findings(contract)
        #expect(findings.count == 1, "X is imported only: not checkable")
        let finding = try #require(findings.first)
        #expect(finding.rule == .processingBalanceOutstanding)
        #expect(finding.severity == .medium)
        #expect(finding.declaration == "105000000010")
        #expect(finding.line == 2)
        #expect(finding.sourceLine == 12)
        #expect(
            finding.reason.contains(
                "120 PCE of A were imported (105000000010, 105000000030) and 90 PCE were re-exported or transferred (305000000020), leaving 30 PCE not returned"
            ))
    }

    /// The first import line of a key is found by its place among the contract's imports, not
    /// among all its records: here a return registered between two imports comes before it.
    @Test func theFirstImportLineIsFoundAmongTheImportsWhenAReturnComesBeforeIt() throws {
        let contract = P.contract([
            P.record("105000000010", registeredOn: "2026-01-01", lines: [P.line("X", "7")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-02-01", lines: [P.line("A", "10")]),
            P.record(
                "105000000030", registeredOn: "2026-03-01", lines: [P.line("Y", "1", line: 1), P.line("A", "100", line: 2)]),
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(rule.findings(contract).count == 1)
        #expect(finding.declaration == "105000000030")
        #expect(finding.line == 2)
        #expect(finding.reason.contains("100 PCE of A were imported (105000000030)"))
    }

    @Test func listedUsedGoodsNotReturnedAreHighEvenWhenTheReturnNamesOtherGoods() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("PRODUCT", "500")]),
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(finding.severity == .high)
        #expect(finding.reason.contains("none was re-exported or transferred"))
        #expect(
            finding.reason.hasSuffix("these are listed used IT goods, which must all be re-exported (Circular 26/2025/TT-BKHCN).")
        )
        #expect(finding.legalBasis == "Circular 38/2015/TT-BTC Art. 64; Circular 26/2025/TT-BKHCN")
    }

    @Test func listedUsedGoodsImportedIn2024CiteDecision31Of2019() throws {
        let contract = P.contract([
            P.record(
                "105000000010", registeredOn: "2024-03-01", expiresOn: "2024-09-30", lines: [P.line("LAP", "5", listedUsed: true)]
            ),
            P.record(
                "305000000020", type: "E52", registeredOn: "2024-08-01", expiresOn: "2024-09-30", lines: [P.line("LAP", "2")]),
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(
            finding.reason.hasSuffix("these are listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)."))
        #expect(finding.legalBasis == "Circular 38/2015/TT-BTC Art. 64; Decision 31/2019/QD-TTg")
        let vietnamese = try #require(rule.findings(contract, language: .vi).first)
        #expect(
            vietnamese.reason == """
                Hợp đồng gia công 0100000001/1100100000001 (hợp đồng 01/HDGC) kết thúc ngày 2024-09-30; cộng thêm 30 ngày, hàng \
                hóa phải được tái xuất hoặc chuyển tiếp chậm nhất ngày 2024-10-30: đã nhập khẩu 5 PCE LAP (105000000010) và đã \
                tái xuất hoặc chuyển tiếp 2 PCE (305000000020), còn 3 PCE chưa tái xuất hoặc chuyển tiếp (Thông tư 38/2015/TT-BTC \
                Điều 64); đây là sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục, phải tái xuất toàn bộ (Quyết định \
                31/2019/QĐ-TTg).
                """)
        #expect(vietnamese.legalBasis == finding.legalBasis, "legal_basis is the same in every language")
    }

    @Test func goodsOutsideTheListCiteOnlyTheProcessingCircular() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "90")]),
        ])
        #expect(try #require(rule.findings(contract).first).legalBasis == "Circular 38/2015/TT-BTC Art. 64")
    }

    @Test func listedUsedGoodsCarryTheirListCodeFromTheRunsList() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("LAP", "3")]),
        ])
        let finding = try #require(rule.findings(contract, list: ProhibitedList.builtIn).first)
        #expect(finding.listCode == "8471")
        #expect(try #require(rule.findings(contract).first).listCode == nil, "no list given")
    }

    @Test func goodsNotListedHaveNoListCode() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "90")]),
        ])
        let finding = try #require(rule.findings(contract, list: ProhibitedList.builtIn).first)
        #expect(finding.listCode == nil, "8471.30.20 is listed, but these goods are not used")
    }

    /// A line outside the list is read without its description; the finding decides it.
    @Test func theConditionOfAFindingsLineIsDecidedFromItsDescription() throws {
        var import1 = P.line("CON-1", "1000")
        import1.description = "Đầu nối điện, hàng mới 100%"
        var import2 = P.line("CON-2", "10", line: 2)
        import2.description = "Đầu nối điện đã qua sử dụng"
        var import3 = P.line("CON-3", "10", line: 3)
        import3.description = "Đầu nối điện"
        let contract = P.contract([
            P.record("105000000010", lines: [import1, import2, import3]),
            P.record(
                "305000000020", type: "E52", registeredOn: "2026-08-01",
                lines: [
                    P.line("CON-1", "800"), P.line("CON-2", "1"), P.line("CON-3", "1"),
                ]),
        ])
        let findings = rule.findings(contract)
        #expect(findings.map(\.condition) == [.new, .used, .unknown])
    }

    @Test func anHSCodeAsGoodsKeyIsWrittenDotted() throws {
        var line = P.line("85366999", "10")
        line.hsCode = "85366999"
        let contract = P.contract([
            P.record("105000000010", lines: [line]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("85366999", "4")]),
        ])
        let finding = try #require(rule.findings(contract).first)
        #expect(finding.reason.contains("10 PCE of HS 8536.69.99 were imported"))
        #expect(!finding.reason.contains("85366999"))
    }

    @Test func everythingReturnedOrMoreIsNoFinding() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "100.000")]),
            P.record("305000000040", type: "E54", registeredOn: "2026-08-02", lines: [P.line("A", "1")]),
        ])
        #expect(rule.findings(contract).isEmpty)
    }

    @Test func unitsAreBalancedApart() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100", unit: "PCE")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "100", unit: "KGM")]),
        ])
        #expect(rule.findings(contract).isEmpty, "one side each per unit: not checkable")
    }

    @Test func nothingBeforeTheDeadlineOrWithoutAnyReturn() {
        let records = [
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "1")]),
        ]
        #expect(rule.findings(P.contract(records, asOf: "2026-10-30")).isEmpty)
        #expect(rule.findings(P.contract([records[0]])).isEmpty, "imports only is processing.not-reexported")
    }
}
