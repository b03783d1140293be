import Foundation
import Testing

@testable import DeclauditKit

@Suite("permit draw-down")
struct PermitDrawDownTests {
    static let registry = try! PermitRegistry.parse(
        csv: Array(
            """
            permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to
            P-1,0100000001,research,8471,30,PCE,2026-01-01,2026-12-31
            P-2,0100000001,processing,8471,10,PCE,,
            P-3,0100000001,research,8471.30.10,5,PCE,,
            """.utf8), source: "registry.csv")

    func candidate(
        number: String, registeredOn: String, quantity: String?, unit: String = "PCE", typeCode: String = "A11",
        holder: String = "0100000001", code: String = "84713020", permits: [String] = ["P-1"], input: Int = 0
    ) -> PermitCandidate {
        let item = DeclarationItem(
            line: 1, hsCode: code, description: "Máy tính đã qua sử dụng", quantity: quantity, unit: unit, sourceLine: 2)
        let declaration = Declaration(
            number: number, typeCode: typeCode, registeredOn: registeredOn, declarantTaxCode: holder,
            licences: permits.map { Licence(type: "GP", number: $0) }, items: [item], sourceLine: 1)
        let line = ItemAssessment(declaration: declaration, item: item, source: "x", list: DeclarationFactory.list)
        return PermitCandidate(
            key: DeclarationKey(declaration, input: input, ordinal: 0), line: line, hsCode: HSCode(normalizing: code)!)
    }

    /// The failed checks as the English reason words them; nil when a permit covered the line.
    func failures(_ outcome: PermitDrawDown.Outcome) -> String? {
        outcome.failures.isEmpty ? nil : ReasonText.joined(outcome.failures.map(ReasonPhrases.permitFailure)).en
    }

    @Test("a later-registered declaration listed first does not take an earlier one's quantity")
    func drawsInRegistrationOrder() {
        let later = candidate(number: "107000000020", registeredOn: "2026-11-20", quantity: "15")
        let earlier = candidate(number: "107000000010", registeredOn: "2026-11-10", quantity: "20")
        var drawDown = PermitDrawDown(registry: Self.registry)
        let results = [later, earlier].sorted(by: PermitCandidate.drawOrder).map { failures(drawDown.apply($0)) }
        #expect(results[0] == nil)
        #expect(results[1] == "permit P-1: 35 PCE drawn of 30 permitted")
        #expect(drawDown.accounts[0].drawn == 20)
        #expect(drawDown.accounts[0].draws.map(\.declaration) == ["107000000010"])
    }

    @Test("the same date is ordered by declaration number, then line")
    func sameDateOrder() {
        let b = candidate(number: "107000000020", registeredOn: "2026-11-10", quantity: "1")
        let a = candidate(number: "107000000010", registeredOn: "2026-11-10", quantity: "1")
        #expect([b, a].sorted(by: PermitCandidate.drawOrder).map(\.declaration) == ["107000000010", "107000000020"])
    }

    @Test(
        "each check names the first thing that failed",
        arguments: [
            (
                holder: "0999999999", date: "2026-11-10", unit: "PCE", type: "A11", code: "84713020", permit: "P-1",
                expected: "permit P-1: held by 0100000001, not the declarant 0999999999"
            ),
            (
                holder: "0100000001", date: "2027-01-05", unit: "PCE", type: "A11", code: "84713020", permit: "P-1",
                expected: "permit P-1: registered 2027-01-05, after the permit expired on 2026-12-31"
            ),
            (
                holder: "0100000001", date: "2025-12-31", unit: "PCE", type: "A11", code: "84713020", permit: "P-1",
                expected: "permit P-1: registered 2025-12-31, before the permit's validity starts on 2026-01-01"
            ),
            (
                holder: "0100000001", date: "2026-11-10", unit: "PCE", type: "A11", code: "85171300", permit: "P-1",
                expected: "permit P-1: HS 8517.13.00 is not under its line 8471"
            ),
            (
                holder: "0100000001", date: "2026-11-10", unit: "PCE", type: "A11", code: "84713020", permit: "P-2",
                expected: "permit P-2: its case is processing, which fits only processing imports (E21, E23), not A11"
            ),
            (
                holder: "0100000001", date: "2026-11-10", unit: "SET", type: "A11", code: "84713020", permit: "P-1",
                expected: "permit P-1: permitted in PCE, declared in SET"
            ),
            (
                holder: "0100000001", date: "2026-11-10", unit: "PCE", type: "A11", code: "84713020", permit: "P-9",
                expected: "permit P-9: not in the registry"
            ),
            (
                holder: "0100000001", date: "2026-11-10", unit: "PCE", type: "A11", code: "84713020", permit: "P-3",
                expected: "permit P-3: HS 8471.30.20 is not under its line 8471.30.10"
            ),
        ])
    func failedChecks(
        _ check: (holder: String, date: String, unit: String, type: String, code: String, permit: String, expected: String)
    ) {
        var drawDown = PermitDrawDown(registry: Self.registry)
        let failed = failures(
            drawDown.apply(
                candidate(
                    number: "107000000010", registeredOn: check.date, quantity: "1", unit: check.unit, typeCode: check.type,
                    holder: check.holder, code: check.code, permits: [check.permit])))
        #expect(failed == check.expected)
        #expect(drawDown.accounts.allSatisfy { $0.drawn == 0 })
    }

    @Test("a processing permit covers a processing import; a second permit is tried after the first fails")
    func processingAndFallback() {
        var drawDown = PermitDrawDown(registry: Self.registry)
        #expect(
            drawDown.apply(
                candidate(number: "107000000010", registeredOn: "2026-11-10", quantity: "10", typeCode: "E21", permits: ["P-2"])
            ).failures.isEmpty)
        #expect(
            drawDown.apply(
                candidate(
                    number: "107000000020", registeredOn: "2026-11-11", quantity: "5", typeCode: "E21", permits: ["P-2", "P-1"])
            ).failures.isEmpty)
        #expect(drawDown.accounts.map(\.drawn) == [5, 10, 0])
    }

    @Test("a missing quantity cannot be drawn")
    func missingQuantity() {
        var drawDown = PermitDrawDown(registry: Self.registry)
        let failed = failures(drawDown.apply(candidate(number: "107000000010", registeredOn: "2026-11-10", quantity: nil)))
        #expect(failed == "permit P-1: the declared quantity is missing and cannot be drawn")
    }
}
