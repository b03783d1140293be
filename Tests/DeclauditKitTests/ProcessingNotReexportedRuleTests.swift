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
        let finding = try #require(rule.evaluate(contract))
        #expect(finding.rule == .processingNotReexported)
        #expect(finding.severity == .high)
        #expect(finding.declaration == "105000000010")
        #expect(finding.line == nil)
        #expect(finding.contract == P.contractKey)
        #expect(finding.licences == "HDGC:1100100000001")
        #expect(finding.reason.contains("ended 2026-09-30; with 30 grace days the goods had to be re-exported or transferred by 2026-10-30, but only imports"))
        #expect(!finding.reason.contains("2026-11-29"))
        #expect(finding.reason.contains("105000000010, 105000000030"))
        #expect(finding.reason.contains("goods: 100 PCE of A, 4 PCE of B"))
        #expect(finding.reason.contains("Circular 38/2015/TT-BTC Art. 64"))
        #expect(!finding.reason.contains("Decision 31/2019"))
    }

    @Test func theReasonIsTheSameOnEveryLaterNight() throws {
        let records = [P.record("105000000010", registeredOn: "2026-03-01", lines: [P.line("A", "100")])]
        let first = try #require(rule.evaluate(P.contract(records, asOf: "2026-11-29")))
        let later = try #require(rule.evaluate(P.contract(records, asOf: "2027-01-15")))
        #expect(first.reason == later.reason)
        #expect(first.findingID == later.findingID)
    }

    @Test func listedUsedGoodsAreNamedInTheReason() throws {
        let contract = P.contract([P.record("105000000010", lines: [P.line("LAP", "5", listedUsed: true)])])
        #expect(try #require(rule.evaluate(contract)).reason.contains("listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)"))
    }

    @Test func nothingBeforeTheDeadline() {
        #expect(rule.evaluate(P.contract([P.record("105000000010", lines: [P.line("A", "1")])], asOf: "2026-10-30")) == nil)
    }

    @Test func nothingWithoutAContractExpiry() {
        #expect(rule.evaluate(P.contract([P.record("105000000010", expiresOn: nil, lines: [P.line("A", "1")])])) == nil)
    }

    @Test func anyReturnAtAllLeavesItToTheBalanceRule() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "100")]),
            P.record("305000000020", type: "E54", registeredOn: "2026-08-01", lines: [P.line("Z", "1")]),
        ])
        #expect(rule.evaluate(contract) == nil)
    }

    @Test func aContractWithReturnsOnlyHasNothingToFlag() {
        #expect(rule.evaluate(P.contract([P.record("305000000020", type: "E52", lines: [P.line("A", "1")])])) == nil)
    }
}
