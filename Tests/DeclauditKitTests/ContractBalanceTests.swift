import Testing

@testable import DeclauditKit

private typealias P = ProcessingFactory

@Suite struct ContractBalanceTests {
    @Test func balancesPerGoodsKeyAndUnitInRegistrationOrder() throws {
        let contract = P.contract([
            P.record(
                "305000000020", type: "E52", registeredOn: "2026-08-01",
                lines: [P.line("A", "60"), P.line("B", "5", unit: "KGM")]),
            P.record("105000000010", registeredOn: "2026-03-01", lines: [P.line("A", "100"), P.line("A", "2.5", unit: "KGM")]),
            P.record("105000000030", registeredOn: "2026-04-01", lines: [P.line("A", "20.25")]),
        ])
        #expect(contract.imports.map(\.number) == ["105000000010", "105000000030"])
        #expect(contract.returns.map(\.number) == ["305000000020"])
        let balances = contract.goods.map { "\($0.goodsKey) \($0.unit) \($0.imported) \($0.returned) \($0.outstanding)" }
        #expect(balances == ["A PCE 120.25 60 60.25", "A KGM 2.5 0 2.5", "B KGM 0 5 -5"])
        let a = try #require(contract.goods.first)
        #expect(a.importDeclarations == ["105000000010", "105000000030"])
        #expect(a.isCheckable)
        #expect(!contract.goods[1].isCheckable, "imported only: materials become products, no norm to check")
    }

    @Test func theLatestExpiryDeclaredCountsAndGraceDaysMakeTheDeadline() {
        let contract = P.contract(
            [
                P.record("105000000010", expiresOn: "2026-06-30", lines: []),
                P.record("105000000030", registeredOn: "2026-05-01", expiresOn: "2026-09-30", lines: []),
            ], graceDays: 30)
        #expect(contract.expiresOn == "2026-09-30")
        #expect(contract.deadline == "2026-10-30")
    }

    @Test(arguments: [
        ("2026-10-30", ContractStatus.open), ("2026-10-31", .overdue),
    ])
    func theDeadlineDayItselfIsStillOpen(asOf: String, status: ContractStatus) {
        let contract = P.contract([P.record("105000000010", lines: [P.line("A", "1")])], asOf: asOf)
        #expect(contract.status == status)
    }

    @Test func statusIsNoDeadlineWithoutExpirySettledWhenReturned() {
        #expect(P.contract([P.record("105000000010", expiresOn: nil, lines: [P.line("A", "1")])]).status == .noDeadline)
        let returned = P.contract([
            P.record("105000000010", lines: [P.line("A", "10")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "10")]),
        ])
        #expect(returned.status == .settled)
        let short = P.contract([
            P.record("105000000010", lines: [P.line("A", "10")]),
            P.record("305000000020", type: "E52", registeredOn: "2026-08-01", lines: [P.line("A", "9")]),
        ])
        #expect(short.status == .overdue)
    }

    @Test func aQuantityThatIsNotANumberIsLeftOutAndNamed() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "1,5", line: 1), P.line("A", nil, line: 2), P.line("A", "3", line: 3)])
        ])
        #expect(contract.unreadableQuantities == ["105000000010 line 1", "105000000010 line 2"])
        #expect(contract.goods.first?.imported == 3)
    }

    @Test func anExpiryThatIsNotADateIsNamedAndLeftOutOfTheDeadline() {
        let records = [
            P.record("105000000010", expiresOn: "31/13/2026", lines: [P.line("A", "1")]),
            P.record("105000000030", registeredOn: "2026-04-01", expiresOn: "2026-06-30", lines: []),
        ]
        let contract = P.contract(records)
        #expect(contract.unreadableExpiries == [#"105000000010: "31/13/2026""#])
        #expect(contract.expiresOn == "2026-06-30")
        let alone = P.contract([records[0]])
        #expect(alone.status == .noDeadline)
        #expect(LedgerReport.text([alone]).contains(#"expiry not a date: 105000000010: "31/13/2026""#))
    }
}

@Suite struct ContractBalanceManyGoodsTests {
    /// Past the goods a contract searches through, the index must find the same balances.
    @Test func manyGoodsKeysBalanceAsFew() {
        let keys = (0..<40).map { "G\($0)" }
        let imports = P.record("105000000010", lines: keys.map { P.line($0, "10") })
        let returns = P.record(
            "305000000020", type: "E52", registeredOn: "2026-08-01",
            lines: keys.reversed().map { P.line($0, "4", unit: "pce") } + [P.line("G3", "1", unit: "Pce")])
        let contract = P.contract([returns, imports])
        #expect(contract.goods.map(\.goodsKey) == keys)
        #expect(contract.goods.allSatisfy { $0.unit == "PCE" && $0.isCheckable })
        #expect(contract.goods.map(\.outstanding) == keys.map { $0 == "G3" ? 5 : 6 })
    }

    @Test func aNonASCIIUnitIsUpperCasedAsBefore() {
        let contract = P.contract([
            P.record("105000000010", lines: [P.line("A", "1", unit: "cái"), P.line("A", "2", unit: "CÁI")])
        ])
        #expect(contract.goods.map(\.unit) == ["CÁI"])
        #expect(contract.goods.first?.imported == 3)
    }
}
