// Hand-written on purpose. The contract wants the line of the offending row in every list (and
// permit registry) error, and neither CSV package available here gives it:
// - yaslab/CSV.swift (2.5.2) yields rows as [String] with no position, and its CSVError cases
//   carry no line or column.
// - SwiftCSV (0.10.0) decodes the whole file into one String first, reports no line or
//   position in rows or in CSVParseError, silently accepts an unterminated quote at the end of
//   the input, and drops leading whitespace of unquoted fields (it skips whitespace at the start
//   of every field), which would change descriptions and codes as written.
// RFC 4180 is small enough to read byte by byte here, with exact line numbers.

/// One record of a CSV text: the 1-based line where it starts, and its fields in order.
public struct CSVRecord: Sendable, Hashable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// An empty line reads as one empty field; callers usually skip it.
    public var isBlank: Bool { fields.count == 1 && fields[0].isEmpty }
}

/// Why a CSV text could not be read, and where (1-based line; column in Unicode scalars from the
/// start of that line). Callers turn it into their own `DeclauditError`.
public struct CSVReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// A quoted field is never closed; the position is that of its opening quote.
        case unterminatedQuote
        /// Something other than a comma or a line break follows a closing quote.
        case textAfterQuote
        /// The bytes are not UTF-8; the position is that of the first bad byte.
        case invalidUTF8
    }

    public var kind: Kind
    public var line: Int
    public var column: Int

    public init(kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }

    /// A sentence without the position (callers put the position in their location).
    public var message: String {
        switch kind {
        case .unterminatedQuote: "a quoted field opened here is never closed"
        case .textAfterQuote: "a closing quote must be followed by a comma or a line break"
        case .invalidUTF8: "the text is not valid UTF-8"
        }
    }

    public var description: String { "line \(line), column \(column): \(message)" }
}

/// Reads RFC 4180 CSV from UTF-8 bytes: quoted fields, `""` escapes, line breaks inside quotes,
/// LF, CRLF or CR line ends, an optional byte-order mark. Fields are kept as written (no
/// trimming); a quote inside an unquoted field is kept as a plain character.
public struct CSVRecordReader: Sendable {
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1
    /// Offset of the first byte of `line`, for columns.
    private var lineStart: Int

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")

    /// Checks the whole text is UTF-8 first, so fields can be decoded without further checks.
    public init(bytes: [UInt8]) throws(CSVReadError) {
        self.bytes = bytes
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = start
        lineStart = start
        if let bad = Self.firstInvalidUTF8(in: bytes, from: start) {
            let (line, column) = Self.position(of: bad, in: bytes, from: start)
            throw CSVReadError(kind: .invalidUTF8, line: line, column: column)
        }
    }

    /// Every record, in order.
    public static func records(in bytes: [UInt8]) throws(CSVReadError) -> [CSVRecord] {
        var reader = try CSVRecordReader(bytes: bytes)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The next record, or nil at the end of the text. A final line break ends the last record
    /// and does not start an empty one.
    public mutating func next() throws(CSVReadError) -> CSVRecord? {
        guard position < bytes.count else { return nil }
        let recordLine = line
        var fields: [String] = []
        while true {
            if position < bytes.count, bytes[position] == Self.quote {
                fields.append(try readQuotedField())
            } else {
                let start = position
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == Self.comma || byte == Self.lf || byte == Self.cr { break }
                    position += 1
                }
                fields.append(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            guard position < bytes.count else { break }
            if bytes[position] == Self.comma {
                position += 1
                continue
            }
            skipLineBreak()
            break
        }
        return CSVRecord(line: recordLine, fields: fields)
    }

    /// At an opening quote; leaves `position` on the comma, line break or end after the field.
    private mutating func readQuotedField() throws(CSVReadError) -> String {
        let openLine = line
        let openColumn = column(at: position)
        position += 1
        var buffer: [UInt8] = []
        var segmentStart = position
        while true {
            guard position < bytes.count else {
                throw CSVReadError(kind: .unterminatedQuote, line: openLine, column: openColumn)
            }
            let byte = bytes[position]
            if byte == Self.quote {
                buffer.append(contentsOf: bytes[segmentStart..<position])
                if position + 1 < bytes.count, bytes[position + 1] == Self.quote {
                    buffer.append(Self.quote)
                    position += 2
                    segmentStart = position
                    continue
                }
                position += 1
                break
            } else if byte == Self.lf || byte == Self.cr {
                // Kept in the field as written; only the line count changes.
                skipLineBreak()
            } else {
                position += 1
            }
        }
        if position < bytes.count {
            let byte = bytes[position]
            guard byte == Self.comma || byte == Self.lf || byte == Self.cr else {
                throw CSVReadError(kind: .textAfterQuote, line: line, column: column(at: position))
            }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// At CR or LF: steps over LF, CRLF or a lone CR and starts the next line.
    private mutating func skipLineBreak() {
        if bytes[position] == Self.cr, position + 1 < bytes.count, bytes[position + 1] == Self.lf {
            position += 2
        } else {
            position += 1
        }
        line += 1
        lineStart = position
    }

    private func column(at offset: Int) -> Int {
        Self.scalarCount(in: bytes, from: lineStart, to: offset) + 1
    }

    /// Scalars start at every byte that is not a continuation byte (10xxxxxx).
    private static func scalarCount(in bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var count = 0
        for index in start..<end where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    private static func firstInvalidUTF8(in bytes: [UInt8], from start: Int) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[start...].makeIterator()
        var offset = start
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// Line and column of `offset`, counting line breaks as `next()` does.
    private static func position(of offset: Int, in bytes: [UInt8], from start: Int) -> (Int, Int) {
        var line = 1
        var lineStart = start
        var index = start
        while index < offset {
            let byte = bytes[index]
            if byte == cr, index + 1 < offset, bytes[index + 1] == lf {
                index += 2
            } else {
                index += 1
            }
            if byte == lf || byte == cr {
                line += 1
                lineStart = index
            }
        }
        return (line, scalarCount(in: bytes, from: lineStart, to: offset) + 1)
    }
}
