import Foundation

/// An exact decimal quantity for the processing balances: a count of millionths in an `Int64`
/// while it fits (any quantity a declaration carries, and their sums), Foundation's `Decimal`
/// beyond. Written by hand because parsing and printing a `Decimal` cost about a microsecond
/// each, and a year's ledger has hundreds of thousands of goods lines; the printed form is the
/// one `Decimal` gives (no trailing zeros, no exponent).
public struct Quantity: Sendable, Comparable, CustomStringConvertible, ExpressibleByIntegerLiteral {
    private enum Storage: Sendable {
        case millionths(Int64)
        case decimal(Decimal)
    }

    private let storage: Storage
    private static let scale: Int64 = 1_000_000

    public init(integerLiteral value: Int64) {
        let (scaled, overflow) = value.multipliedReportingOverflow(by: Self.scale)
        storage = overflow ? .decimal(Decimal(value)) : .millionths(scaled)
    }

    private init(_ storage: Storage) {
        self.storage = storage
    }

    /// A plain decimal (`DecimalText.isPlainDecimal`); nil for anything else.
    public init?(_ text: String) {
        if let millionths = Self.millionths(text) {
            storage = .millionths(millionths)
        } else if let decimal = DecimalText.value(text) {
            storage = .decimal(decimal)
        } else {
            return nil
        }
    }

    /// Sign, digits, at most six decimals, within `Int64`; nil otherwise (the slow path decides).
    private static func millionths(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8 { bytes -> Int64? in
            var index = 0
            var negative = false
            if let first = bytes.first, first == 0x2D || first == 0x2B {
                negative = first == 0x2D
                index = 1
            }
            var value: Int64 = 0
            var decimals = -1
            var digits = 0
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if byte == 0x2E, decimals < 0 {
                    decimals = 0
                    continue
                }
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                digits += 1
                if decimals >= 0 {
                    decimals += 1
                    if decimals > 6 {
                        // Trailing zeros past the sixth decimal change nothing.
                        guard byte == 0x30 else { return nil }
                        continue
                    }
                }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int64(byte - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
            }
            guard digits > 0 else { return nil }
            for _ in 0..<(6 - min(6, max(decimals, 0))) {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                guard !overflow else { return nil }
                value = times
            }
            return negative ? -value : value
        }
    }

    public var decimal: Decimal {
        switch storage {
        case .millionths(let value):
            Decimal(sign: value < 0 ? .minus : .plus, exponent: -6, significand: Decimal(value.magnitude))
        case .decimal(let value):
            value
        }
    }

    public var description: String {
        switch storage {
        case .decimal(let value):
            return "\(value)"
        case .millionths:
            return withDescriptionBytes { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// The bytes of `description`, made without a String for a quantity held in millionths (all
    /// but the very large): report.json writes three quantities per goods line of every contract.
    /// The one place a quantity in millionths is formatted: `description` uses it too.
    func withDescriptionBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        guard case .millionths(let value) = storage else {
            var text = description
            return text.withUTF8(body)
        }
        // Int64's 19 digits, a sign and a point.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            var start = buffer.count
            func prepend(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            let magnitude = value.magnitude
            var fraction = magnitude % UInt64(Self.scale)
            var whole = magnitude / UInt64(Self.scale)
            if fraction > 0 {
                var width = 6
                while fraction % 10 == 0 {
                    fraction /= 10
                    width -= 1
                }
                for _ in 0..<width {
                    prepend(0x30 + UInt8(fraction % 10))
                    fraction /= 10
                }
                prepend(0x2E)
            }
            repeat {
                prepend(0x30 + UInt8(whole % 10))
                whole /= 10
            } while whole > 0
            if value < 0 { prepend(0x2D) }
            return body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }

    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        if case .millionths(let left) = lhs.storage, case .millionths(let right) = rhs.storage {
            let (sum, overflow) = left.addingReportingOverflow(right)
            if !overflow { return Quantity(.millionths(sum)) }
        }
        return Quantity(.decimal(lhs.decimal + rhs.decimal))
    }

    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        if case .millionths(let left) = lhs.storage, case .millionths(let right) = rhs.storage {
            let (difference, overflow) = left.subtractingReportingOverflow(right)
            if !overflow { return Quantity(.millionths(difference)) }
        }
        return Quantity(.decimal(lhs.decimal - rhs.decimal))
    }

    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }

    public static func < (lhs: Quantity, rhs: Quantity) -> Bool {
        if case .millionths(let left) = lhs.storage, case .millionths(let right) = rhs.storage { return left < right }
        return lhs.decimal < rhs.decimal
    }

    public static func == (lhs: Quantity, rhs: Quantity) -> Bool {
        if case .millionths(let left) = lhs.storage, case .millionths(let right) = rhs.storage { return left == right }
        return lhs.decimal == rhs.decimal
    }
}
