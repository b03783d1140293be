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
        let findings = rule.evaluate(contract)
        #expect(findings.count == 1, "X is imported only: not checkable")
        let finding = try #require(findings.first)
        #expect(finding.rule == .processingBalanceOutstanding)
        #expect(finding.severity == .medium)
        #expect(finding.declaration == "105000000010")
        #expect(finding.line == 2)
        #expect(finding.sourceLine == 12)
        #expect(finding.reason.contains("120 PCE of A were imported (105000000010, 105000000030) and 90 PCE were re-exported or transferred (305000000020), leaving 30 PCE not returned"))
    }

    @Test func listedUsedGoodsNotReturnedAreHighEvenWhenTheReturnNamesOtherGoods() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("PRODUCT", "500")]),
        ])
        let finding = try #require(rule.evaluate(contract).first)
        #expect(finding.severity == .high)
        #expect(finding.reason.contains("none was re-exported or transferred"))
        #expect(finding.reason.contains("Decision 31/2019/QD-TTg"))
    }

    @Test func listedUsedGoodsCarryTheirListCodeFromTheRunsList() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("LAP", "3")]),
        ])
        let finding = try #require(ProcessingBalanceOutstandingRule(list: ProhibitedList.builtIn).evaluate(contract).first)
        #expect(finding.listCode == "8471")
        #expect(try #require(rule.evaluate(contract).first).listCode == nil, "no list given")
    }

    @Test func goodsNotListedHaveNoListCode() throws {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "90")]),
        ])
        let finding = try #require(ProcessingBalanceOutstandingRule(list: ProhibitedList.builtIn).evaluate(contract).first)
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
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [
                P.line("CON-1", "800"), P.line("CON-2", "1"), P.line("CON-3", "1"),
            ]),
        ])
        let findings = rule.evaluate(contract)
        #expect(findings.map(\.condition) == [.new, .used, .unknown])
    }

    @Test func anHSCodeAsGoodsKeyIsWrittenDotted() throws {
        var line = P.line("85366999", "10")
        line.hsCode = "85366999"
        let contract = P.contract([
            P.record("105000000010", lines: [line]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("85366999", "4")]),
        ])
        let finding = try #require(rule.evaluate(contract).first)
        #expect(finding.reason.contains("10 PCE of HS 8536.69.99 were imported"))
        #expect(!finding.reason.contains("85366999"))
    }

    @Test func everythingReturnedOrMoreIsNoFinding() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "100.000")]),
            P.record("305000000040", type: "E54", registeredOn: "2026-08-02", lines: [P.line("A", "1")]),
        ])
        #expect(rule.evaluate(contract).isEmpty)
    }

    @Test func unitsAreBalancedApart() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100", unit: "PCE")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "100", unit: "KGM")]),
        ])
        #expect(rule.evaluate(contract).isEmpty, "one side each per unit: not checkable")
    }

    @Test func nothingBeforeTheDeadlineOrWithoutAnyReturn() {
        let records = [
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "1")]),
        ]
        #expect(rule.evaluate(P.contract(records, asOf: "2026-10-30")).isEmpty)
        #expect(rule.evaluate(P.contract([records[0]])).isEmpty, "imports only is processing.not-reexported")
    }
}
