import Foundation
import Testing

@testable import DeclauditKit

@Suite("permit registry")
struct PermitRegistryTests {
    static let header = "permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to\n"

    func parse(_ rows: String, bom: Bool = false) throws(DeclauditError) -> PermitRegistry {
        var bytes = Array((Self.header + rows).utf8)
        if bom { bytes = [0xEF, 0xBB, 0xBF] + bytes }
        return try PermitRegistry.parse(csv: bytes, source: "registry.csv")
    }

    @Test("reads quoted fields, CRLF, a byte-order mark and open validity")
    func readsRows() throws {
        let registry = try parse(
            "\"P-1\",0100000001,research,8471.30,\"12.5\",PCE,2026-01-01,\r\nP-2,0100000002,processing,84713020,3,SET,,2026-12-31\r\n",
            bom: true)
        #expect(registry.lines.count == 2)
        let first = registry.lines[0]
        #expect(first.permitNumber == "P-1")
        #expect(first.hsPrefix == "847130")
        #expect(first.quantity == Decimal(string: "12.5"))
        #expect(first.validFrom == "2026-01-01")
        #expect(first.validTo == nil)
        #expect(first.line == 2)
        #expect(registry.lines[1].permitCase == .processing)
        #expect(registry.lineIndexes(ofPermit: "P-2") == [1])
    }

    @Test(
        "malformed rows are refused with their line",
        arguments: [
            ("P-1,0100000001,research,8471,5,PCE,2026-13-01,\n", "valid_from"),
            ("P-1,0100000001,research,8471,5,PCE,,31/12/2026\n", "valid_to"),
            ("P-1,0100000001,repair,8471,5,PCE,,\n", "case \"repair\""),
            ("P-1,0100000001,research,84713,5,PCE,,\n", "hs_code"),
            ("P-1,0100000001,research,8471,-1,PCE,,\n", "negative"),
            ("P-1,0100000001,research,8471,five,PCE,,\n", "not a number"),
            ("P-1,,research,8471,5,PCE,,\n", "holder_tax_code is empty"),
            ("P-1,0100000001,research,8471,5,,,\n", "unit is empty"),
            ("P-1,0100000001,research,8471,5,PCE,2026-12-01,2026-01-01\n", "is after valid_to"),
            ("P-1,0100000001,research,8471,5,PCE\n", "fields"),
        ])
    func refusesMalformedRows(_ row: String, _ problem: String) {
        #expect {
            _ = try parse("P-0,0100000001,research,8517,1,PCE,,\n" + row)
        } throws: { error in
            guard let error = error as? DeclauditError else { return false }
            return error.code == .permitsMalformed && error.location?.line == 3 && error.message.contains(problem)
        }
    }

    @Test("a permit line repeated (same permit, code and unit) is a duplicate")
    func refusesDuplicates() throws {
        #expect(throws: DeclauditError.self) {
            _ = try parse("P-1,0100000001,research,8471,5,PCE,,\nP-1,0100000001,research,8471,6,pce,,\n")
        }
        // The same permit may have lines for other codes or units.
        let registry = try parse(
            "P-1,0100000001,research,8471,5,PCE,,\nP-1,0100000001,research,8471,6,SET,,\nP-1,0100000001,research,8517,1,PCE,,\n")
        #expect(registry.lines.count == 3)
    }

    @Test("a wrong header is refused")
    func refusesWrongHeader() {
        #expect(throws: DeclauditError.self) {
            _ = try PermitRegistry.parse(csv: Array("permit,holder,case\nP-1,1,research\n".utf8), source: "r.csv")
        }
    }
}
