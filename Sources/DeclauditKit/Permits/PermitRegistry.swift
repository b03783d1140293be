import Foundation

/// The cases in which the ministry may permit a listed used IT product (README, "Permits").
public enum PermitCase: String, Sendable, CaseIterable {
    case relocation
    case controlEquipment = "control-equipment"
    case softwareBPOData = "software-bpo-data"
    case specialised
    case reimportAfterRepair = "reimport-after-repair"
    case refurbishedReplacement = "refurbished-replacement"
    case research
    case processing
}

/// One permitted goods line of the registry of permits the Ministry of Science and
/// Technology issued; a permit with several goods lines has several rows.
public struct PermitLine: Sendable, Hashable {
    public var permitNumber: String
    public var holderTaxCode: String
    public var permitCase: PermitCase
    /// 4, 6 or 8 digits; covers the codes under it.
    public var hsPrefix: String
    public var quantity: Decimal
    public var unit: String
    /// YYYY-MM-DD, nil when open-ended.
    public var validFrom: String?
    public var validTo: String?
    /// The registry row, for messages.
    public var line: Int

    func covers(_ code: HSCode) -> Bool { code.digits.hasPrefix(hsPrefix) }
}

/// The registry (`--permits`): rows of `permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to`.
public struct PermitRegistry: Sendable {
    public let source: String
    public let lines: [PermitLine]
    private let linesByPermit: [String: [Int]]

    public static let columns = ["permit_no", "holder_tax_code", "case", "hs_code", "quantity", "unit", "valid_from", "valid_to"]

    init(source: String, lines: [PermitLine]) {
        self.source = source
        self.lines = lines
        linesByPermit = Dictionary(grouping: lines.indices, by: { lines[$0].permitNumber })
    }

    /// Indexes into `lines` of the goods lines of permit `number`, in file order.
    func lineIndexes(ofPermit number: String) -> [Int] { linesByPermit[number] ?? [] }

    /// Reads and checks the whole registry; any bad row stops the run (exit 64) naming the
    /// file, line and problem, before any input is read.
    public static func load(path: String) throws(DeclauditError) -> PermitRegistry {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw DeclauditError(
                .permitsMalformed, exists ? "the permit registry cannot be read" : "the permit registry does not exist",
                at: SourceLocation(file: path))
        }
        return try parse(csv: [UInt8](data), source: path)
    }

    /// A Vietnamese tax code: 10 digits, or 10 digits, `-` and 3 digits (a branch).
    static func isTaxCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { bytes[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        switch bytes.count {
        case 10: return digits(0..<10)
        case 14: return digits(0..<10) && bytes[10] == UInt8(ascii: "-") && digits(11..<14)
        default: return false
        }
    }

    public static func parse(csv bytes: [UInt8], source: String) throws(DeclauditError) -> PermitRegistry {
        func fail(_ line: Int?, _ message: String, column: Int? = nil) -> DeclauditError {
            DeclauditError(.permitsMalformed, message, at: SourceLocation(file: source, line: line, column: column))
        }
        let records: [CSVRecord]
        do {
            records = try CSVRecordReader.records(in: bytes)
        } catch {
            throw fail(error.line, "permit registry: \(error.message)", column: error.column)
        }
        let content = records.filter { !$0.isBlank }
        guard let header = content.first else { throw fail(nil, "the permit registry is empty") }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names.count >= columns.count, Array(names.prefix(columns.count)) == columns else {
            throw fail(header.line, "the header must be \(columns.joined(separator: ","))")
        }
        var lines: [PermitLine] = []
        var seen: [String: Int] = [:]
        for record in content.dropFirst() {
            let row = record.line
            guard record.fields.count >= columns.count else {
                throw fail(row, "registry row \(row) has \(record.fields.count) fields; \(columns.count) expected")
            }
            let field = record.fields.map { $0.trimmingCharacters(in: .whitespaces) }
            let number = field[0]
            let holder = field[1]
            guard !number.isEmpty else { throw fail(row, "registry row \(row): permit_no is empty") }
            guard !holder.isEmpty else { throw fail(row, "registry row \(row): holder_tax_code is empty") }
            guard isTaxCode(holder) else {
                throw fail(
                    row,
                    "registry row \(row): holder_tax_code \"\(holder)\" is not a tax code of 10 digits or 10+3 (0100000101-001); if the registry went through a spreadsheet, it may have stripped leading zeros: keep that column as text"
                )
            }
            guard let permitCase = PermitCase(rawValue: field[2]) else {
                throw fail(
                    row,
                    "registry row \(row): case \"\(field[2])\" is not one of \(PermitCase.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let digits = field[3].filter { $0 != "." && $0 != " " }
            guard [4, 6, 8].contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else {
                throw fail(row, "registry row \(row): hs_code \"\(field[3])\" must have 4, 6 or 8 digits")
            }
            guard let quantity = DecimalText.value(field[4]) else {
                throw fail(row, "registry row \(row): quantity \"\(field[4])\" is not a number")
            }
            guard quantity >= 0 else { throw fail(row, "registry row \(row): quantity \(field[4]) is negative") }
            guard !field[5].isEmpty else { throw fail(row, "registry row \(row): unit is empty") }
            var dates: [String?] = []
            for (index, name) in [(6, "valid_from"), (7, "valid_to")] {
                if field[index].isEmpty {
                    dates.append(nil)
                } else if DateText.normalize(field[index]) == field[index] {
                    dates.append(field[index])
                } else {
                    throw fail(row, "registry row \(row): \(name) \"\(field[index])\" is not a date YYYY-MM-DD")
                }
            }
            if let from = dates[0], let to = dates[1], from > to {
                throw fail(row, "registry row \(row): valid_from \(from) is after valid_to \(to)")
            }
            let key = "\(number)\u{0}\(digits)\u{0}\(field[5].uppercased())"
            if let first = seen[key] {
                throw fail(row, "registry row \(row) repeats permit \(number) line \(field[3]) \(field[5]) of row \(first)")
            }
            seen[key] = row
            lines.append(
                PermitLine(
                    permitNumber: number, holderTaxCode: holder, permitCase: permitCase, hsPrefix: digits,
                    quantity: quantity, unit: field[5], validFrom: dates[0], validTo: dates[1], line: row))
        }
        return PermitRegistry(source: source, lines: lines)
    }
}
