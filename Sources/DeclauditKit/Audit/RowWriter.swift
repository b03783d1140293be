internal import GRDB
internal import GRDBSQLite

/// One cached INSERT statement that takes its values straight into SQLite's bindings, one row
/// at a time: staging writes tens of thousands of rows, and GRDB's `StatementArguments` (an
/// array of existentials per row) cost more than SQLite's insert itself. The only file that
/// calls the SQLite C API.
struct RowWriter: ~Copyable {
    private let statement: Statement
    /// The parameter the next `bind` sets (SQLite counts from 1).
    private var parameter: Int32 = 1
    /// The first failing bind of the row, reported by `insert`.
    private var bindingFailure: Int32 = SQLITE_OK
    /// The row's text, one buffer reused from row to row. SQLite is given it in place when the
    /// row is complete (`insert`): a copied binding would cost SQLite an allocation per value.
    private var text: [UInt8] = []
    private var textParameters: [(parameter: Int32, start: Int, count: Int)] = []

    /// `sql` has one `?` per value bound, in order.
    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        text.reserveCapacity(1024)
        startRow()
    }

    /// The statement is cached by the connection: it must not keep pointers into a freed buffer.
    deinit { sqlite3_clear_bindings(statement.sqliteStatement) }

    mutating func bind(_ value: Int) {
        record(sqlite3_bind_int64(statement.sqliteStatement, parameter, Int64(value)))
    }

    mutating func bind(_ value: Bool) { bind(value ? 1 : 0) }

    mutating func bind(_ value: String) {
        let start = text.count
        // A copy of the bytes at once, not one by one.
        if value.utf8.withContiguousStorageIfAvailable({ text.append(contentsOf: $0) }) == nil {
            text.append(contentsOf: value.utf8)
        }
        textParameters.append((parameter, start, text.count - start))
        parameter += 1
    }

    mutating func bind(_ value: String?) {
        if let value { bind(value) } else { record(sqlite3_bind_null(statement.sqliteStatement, parameter)) }
    }

    /// Runs the statement with the values bound since the last row.
    mutating func insert() throws {
        defer { startRow() }
        let sqliteStatement = statement.sqliteStatement
        var code = bindingFailure
        text.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { characters in
                for value in textParameters where code == SQLITE_OK {
                    // nil is SQLITE_STATIC: SQLite reads the bytes in place while the row is inserted.
                    code = sqlite3_bind_text(
                        sqliteStatement, value.parameter, characters.baseAddress! + value.start, Int32(value.count), nil)
                }
                guard code == SQLITE_OK else { return }
                let step = sqlite3_step(sqliteStatement)
                // After an error, reset gives the code; after DONE, it only readies the next row.
                let reset = sqlite3_reset(sqliteStatement)
                code = step == SQLITE_DONE ? SQLITE_OK : reset == SQLITE_OK ? step : reset
            }
        }
        guard code == SQLITE_OK else { throw failure(code) }
    }

    private mutating func startRow() {
        parameter = 1
        bindingFailure = SQLITE_OK
        // A first byte, so that the buffer has an address even when every value is empty (an
        // empty string must stay text, not NULL).
        text.removeAll(keepingCapacity: true)
        text.append(0)
        textParameters.removeAll(keepingCapacity: true)
    }

    private mutating func record(_ code: Int32) {
        if code != SQLITE_OK, bindingFailure == SQLITE_OK { bindingFailure = code }
        parameter += 1
    }

    private func failure(_ code: Int32) -> DatabaseError {
        let connection = sqlite3_db_handle(statement.sqliteStatement)
        return DatabaseError(
            resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) },
            sql: statement.sql)
    }
}
