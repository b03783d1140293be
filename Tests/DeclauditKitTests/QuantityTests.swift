import Foundation
import Testing

@testable import DeclauditKit

/// `Quantity` must read, add and print exactly as Foundation's `Decimal` does (reports printed
/// `Decimal`s before it existed), only faster.
@Suite struct QuantityTests {
    static let texts = [
        "0", "1", "150", "1.50", "0.5", "-3", "+7", "000120", "15000.00000000", "0.000001", "-0.25",
        "123456789012.123456", "9223372036854", "0.0000001", "1.1234567", "99999999999999999999", "12.",
        ".5",
    ]

    static func decimal(_ text: String) -> Decimal? { DecimalText.value(text) }

    @Test(arguments: texts)
    func readsAndPrintsAsDecimalDoes(_ text: String) throws {
        let quantity = try #require(Quantity(text))
        let decimal = try #require(Self.decimal(text))
        #expect(quantity.description == "\(decimal)")
        #expect(quantity.decimal == decimal)
    }

    @Test func sumsAndDifferencesPrintAsDecimalDoes() throws {
        var quantity: Quantity = 0
        var decimal = Decimal(0)
        for text in Self.texts {
            quantity += try #require(Quantity(text))
            decimal += try #require(Self.decimal(text))
            #expect(quantity.description == "\(decimal)", "after \(text)")
            let difference = quantity - Quantity("1000.75")!
            #expect(difference.description == "\(decimal - Decimal(string: "1000.75")!)")
        }
    }

    @Test func aSumPastInt64FallsBackToDecimal() throws {
        let big = try #require(Quantity("9000000000000"))
        let sum = big + big
        #expect(sum.description == "18000000000000")
        #expect(sum > big)
        #expect(sum - big == big)
    }

    @Test func comparesAcrossBothForms() throws {
        let small = try #require(Quantity("0.5"))
        let precise = try #require(Quantity("0.50000001"))
        #expect(small < precise)
        #expect(precise > 0)
        #expect(Quantity("0.5000000") == small)
        #expect(!(small - small > 0))
    }

    @Test(arguments: ["", "-", ".", "1,5", "1e3", "abc", "1.2.3", " 1"])
    func refusesWhatIsNotAPlainDecimal(_ text: String) {
        #expect(Quantity(text) == nil)
    }

    /// report.json writes a quantity's bytes without making its description, and the description
    /// of one in millionths is made from them: both print as Decimal does.
    @Test(arguments: [
        "0", "1", "-1", "10", "2.5", "-2.5", "0.000001", "-0.000001", "0.1", "100.010000", "123456.654321",
        "9223372036854.775807", "-9223372036854.775808", "9223372036854.775808", "0.50000001", "1e3x",
    ])
    func descriptionBytesAreTheDescription(_ text: String) throws {
        guard let quantity = Quantity(text) else {
            #expect(text == "1e3x")
            return
        }
        let bytes = quantity.withDescriptionBytes { Array($0) }
        let decimal = try #require(Self.decimal(text))
        #expect(String(decoding: bytes, as: UTF8.self) == "\(decimal)")
        #expect(quantity.description == "\(decimal)")
    }

    @Test func descriptionBytesOfASumTooLargeForMillionthsAreItsDescription() throws {
        let big = Quantity(integerLiteral: 9_000_000_000_000)
        let sum = big + big + big
        #expect(sum.withDescriptionBytes { Array($0) } == Array("27000000000000".utf8))
    }
}
