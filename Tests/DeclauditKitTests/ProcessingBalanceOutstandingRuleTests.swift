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
