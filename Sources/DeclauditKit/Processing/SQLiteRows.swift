import Foundation
internal import GRDB
internal import GRDBSQLite

// The only file that calls the SQLite C API (GRDB's `GRDBSQLite`): rows written and read in
// bulk by the run's staging and the ledger, where GRDB's per-row arguments and `Row`s cost more
// than SQLite's own work. Everything else goes through GRDB.

// MARK: writing rows

/// Inserts rows into one table, their values bound straight into SQLite, several rows per
/// statement: staging writes tens of thousands of rows, and GRDB's `StatementArguments` (an
/// array of existentials per row) cost more than SQLite's insert itself, as does running one
/// statement per row.
///
/// Rows wait until `rowsAtOnce` of them are complete; `finish` writes the rest.
struct RowWriter: ~Copyable {
    /// A value waiting to be bound; text is a range of `text`.
    private enum Value {
        case integer(Int64)
        case text(start: Int, count: Int)
        case blob(start: Int, count: Int)
        case null
    }

    private static let rowsAtOnce = 16
    private let columns: Int
    /// Inserts one row; `manyRows`, `rowsAtOnce` rows.
    private let oneRow: Statement
    private let manyRows: Statement
    /// The values of the rows not yet written, row after row.
    private var values: [Value] = []
    /// The text of those rows. SQLite reads it in place (SQLITE_STATIC) while they are written:
    /// a copied binding would cost SQLite an allocation per value.
    private var text: [UInt8] = []

    init(into table: String, columns: [String], in db: Database) throws {
        let head = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        // Prepared before any property is set: a noncopyable value is initialized all at once.
        let oneRow = try db.cachedStatement(sql: head + row)
        let manyRows = try db.cachedStatement(
            sql: head + Array(repeating: row, count: Self.rowsAtOnce).joined(separator: ", "))
        self.columns = columns.count
        self.oneRow = oneRow
        self.manyRows = manyRows
        values.reserveCapacity(Self.rowsAtOnce * columns.count)
        text.reserveCapacity(4096)
        startRows()
    }

    /// The statements are cached by the connection: they must not keep pointers into `text`.
    deinit {
        sqlite3_clear_bindings(oneRow.sqliteStatement)
        sqlite3_clear_bindings(manyRows.sqliteStatement)
    }

    mutating func bind(_ value: Int) { values.append(.integer(Int64(value))) }

    mutating func bind(_ value: Bool) { values.append(.integer(value ? 1 : 0)) }

    mutating func bind(_ value: String) {
        let start = text.count
        // A copy of the bytes at once, not one by one.
        if value.utf8.withContiguousStorageIfAvailable({ text.append(contentsOf: $0) }) == nil {
            text.append(contentsOf: value.utf8)
        }
        values.append(.text(start: start, count: text.count - start))
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { values.append(.null) }
    }

    /// Binds as a blob the bytes that `write` appends, written in place.
    mutating func bindBlob(_ write: (inout [UInt8]) -> Void) {
        let start = text.count
        write(&text)
        values.append(.blob(start: start, count: text.count - start))
    }

    /// Ends the row whose values were bound since the last one.
    mutating func endRow() throws {
        assert(values.count % columns == 0, "a row binds one value per column")
        if values.count == Self.rowsAtOnce * columns {
            try write(manyRows, rows: 1, columns: values.count)
            startRows()
        }
    }

    /// Writes the rows still waiting.
    mutating func finish() throws {
        try write(oneRow, rows: values.count / columns, columns: columns)
        startRows()
    }

    /// Runs `statement`, which takes `columns` values, once for each of `rows` runs of them.
    private func write(_ statement: Statement, rows: Int, columns: Int) throws {
        let sqliteStatement = statement.sqliteStatement
        var code = SQLITE_OK
        text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                for row in 0..<rows where code == SQLITE_OK {
                    for column in 0..<columns where code == SQLITE_OK {
                        let parameter = Int32(column + 1)
                        code =
                            switch values[row * columns + column] {
                            case .integer(let value): sqlite3_bind_int64(sqliteStatement, parameter, value)
                            case .null: sqlite3_bind_null(sqliteStatement, parameter)
                            case .text(let start, let count):
                                // nil is SQLITE_STATIC: SQLite reads the bytes in place.
                                sqlite3_bind_text(
                                    sqliteStatement, parameter, characters.baseAddress! + start, Int32(count), nil)
                            case .blob(let start, let count):
                                sqlite3_bind_blob(
                                    sqliteStatement, parameter, characters.baseAddress! + start, Int32(count), nil)
                            }
                    }
                    guard code == SQLITE_OK else { return }
                    code = runBound(sqliteStatement)
                }
            }
        }
        guard code == SQLITE_OK else { throw failure(code, statement) }
    }

    private mutating func startRows() {
        values.removeAll(keepingCapacity: true)
        // A first byte, so that the buffer has an address even when every value is empty (an
        // empty string must stay text, not NULL).
        text.removeAll(keepingCapacity: true)
        text.append(0)
    }
}

/// Steps a statement whose parameters are bound to its end and readies it for the next run;
/// SQLITE_OK, or the code of what went wrong.
private func runBound(_ handle: OpaquePointer) -> Int32 {
    let step = sqlite3_step(handle)
    // After an error, reset gives the code; after DONE, it only readies the next run.
    let reset = sqlite3_reset(handle)
    return step == SQLITE_DONE ? SQLITE_OK : reset == SQLITE_OK ? step : reset
}

/// The error of `code` from running `statement`, with SQLite's message, as GRDB reports one.
private func failure(_ code: Int32, _ statement: Statement) -> DatabaseError {
    let connection = sqlite3_db_handle(statement.sqliteStatement)
    return DatabaseError(
        resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) },
        sql: statement.sql)
}

// MARK: running one statement many times

/// A statement with one integer parameter, run once per value with the value bound straight
/// into SQLite: settling marks thousands of readings by rowid, and GRDB's arguments cost more
/// than each update.
struct IntegerStatement {
    private let statement: Statement

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    func run(_ value: Int) throws {
        let handle = statement.sqliteStatement
        var code = sqlite3_bind_int64(handle, 1, Int64(value))
        if code == SQLITE_OK { code = runBound(handle) }
        guard code == SQLITE_OK else { throw failure(code, statement) }
    }
}

// MARK: reading rows

/// A SELECT stepped by hand, its columns read straight from SQLite's bytes: no `Row` per row and
/// no `String` for a value that is only compared. Values decode as GRDB decodes them (text by its
/// UTF-8, integers as 64-bit, NULL as nil), so what `Ledger.forEachContract` gives does not
/// depend on which of the two read it.
final class LedgerRowReader {
    private let statement: Statement
    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
    }

    /// Moves to the next row; false once there is none.
    func step() throws -> Bool {
        let code = sqlite3_step(statement.sqliteStatement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw failure(code, statement)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.sqliteStatement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement.sqliteStatement, column)) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement.sqliteStatement, column) != 0 }

    /// The text of `column`; "" for NULL (a NOT NULL column).
    func text(_ column: Int32) -> String {
        withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `column` holds exactly the bytes of `text` (a NULL equals nothing).
    func column(_ column: Int32, equals text: [UInt8]) -> Bool {
        withText(column) { bytes in
            guard let bytes else { return false }
            return text.withUnsafeBufferPointer { Self.same($0, bytes) }
        }
    }

    /// Replaces `bytes` with the bytes of `column`.
    func copy(_ column: Int32, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        withBytes(column) { bytes.append(contentsOf: $0) }
    }

    private func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withText(column) { body($0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
    }

    /// `body` of SQLite's own bytes of `column`, valid only until it returns; nil for NULL: SQLite
    /// gives no text pointer for it (nor when out of memory, which then reads as NULL).
    func withText<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        // The column's value once, then its text and the byte count of that very text (SQLite's
        // advice): each sqlite3_column_ call looks the column up again. The value is used on this
        // connection's thread only, as an unprotected value must be.
        guard let value = sqlite3_column_value(statement.sqliteStatement, column), let text = sqlite3_value_text(value)
        else { return body(nil) }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
    }

    /// `body` of SQLite's own bytes of blob `column`, valid only until it returns.
    func withBlob<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let handle = statement.sqliteStatement
        // The pointer first, then the count, as SQLite advises.
        let bytes = sqlite3_column_blob(handle, column)?.assumingMemoryBound(to: UInt8.self)
        return body(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : Int(sqlite3_column_bytes(handle, column))))
    }

    private static func same(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let one = first.baseAddress, let other = second.baseAddress else { return true }
        return memcmp(one, other, first.count) == 0
    }
}
