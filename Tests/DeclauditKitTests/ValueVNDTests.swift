import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// `value_vnd`: the declared value in dong (ECUS5 `TRIGIA_TT`, dump `ValueVND`), else the value
/// itself when it is declared in dong, else empty.
@Suite struct ValueVNDTests {
    private func finding(value: String?, currency: String?, valueVND: String?) throws -> Finding {
        var item = F.item(value: value, currency: currency)
        item.valueVND = valueVND
        return try #require(F.evaluate(F.declaration(items: [item])))
    }

    @Test func theDeclaredValueInDongIsCarried() throws {
        #expect(try finding(value: "2400", currency: "USD", valueVND: "61200000").valueVND == "61200000")
    }

    @Test func aValueDeclaredInDongIsItsOwnValueInDong() throws {
        #expect(try finding(value: "45000000", currency: "VND", valueVND: nil).valueVND == "45000000")
        #expect(try finding(value: "45000000", currency: "vnd", valueVND: nil).valueVND == "45000000")
    }

    @Test func theDeclaredValueInDongWinsOverTheValue() throws {
        #expect(try finding(value: "45000000", currency: "VND", valueVND: "45000001").valueVND == "45000001")
    }

    @Test func aForeignValueWithoutValueInDongLeavesItEmpty() throws {
        #expect(try finding(value: "2400", currency: "USD", valueVND: nil).valueVND == nil)
        #expect(try finding(value: nil, currency: nil, valueVND: nil).valueVND == nil)
    }

    @Test func aDumpValueVNDReachesTheFinding() throws {
        let read = F.read(
            F.dump(
                """
                <Declaration><Number>107000000010</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
                <Declarant><TaxCode>0100000001</TaxCode></Declarant>
                <Item line="1"><HSCode>8471.30.20</HSCode><Description>Used laptops</Description>
                <Quantity unit="PCE">7</Quantity><Value currency="USD">700</Value><ValueVND>17850000.50</ValueVND></Item>
                </Declaration>
                """))
        let declaration = try #require(read.declarations.first)
        #expect(read.error == nil)
        #expect(declaration.items.first?.valueVND == "17850000.5")
        #expect(F.evaluate(declaration)?.valueVND == "17850000.5")
    }
}
