import Foundation
internal import GRDB
internal import GRDBSQLite

/// A SELECT stepped by hand, its columns read straight from SQLite's bytes: no `Row` per row and
/// no `String` for a value that is only compared. Every SQLite C call of the ledger's reading is
/// here. Values decode as GRDB decodes them (text by its UTF-8, integers as 64-bit, NULL as nil),
/// so what `Ledger.forEachContract` gives does not depend on which of the two read it.
final class LedgerRowReader {
    private let statement: Statement
    private let database: Database

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        database = db
    }

    /// Moves to the next row; false once there is none.
    func step() throws -> Bool {
        let code = sqlite3_step(statement.sqliteStatement)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        throw DatabaseError(resultCode: ResultCode(rawValue: code), message: database.lastErrorMessage, sql: statement.sql)
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement.sqliteStatement, column) == SQLITE_NULL }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement.sqliteStatement, column)) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(statement.sqliteStatement, column) != 0 }

    /// The text of `column`; "" for NULL (a NOT NULL column).
    func text(_ column: Int32) -> String {
        withBytes(column) { String(decoding: $0, as: UTF8.self) }
    }

    /// The text of `column`, nil for NULL: SQLite gives no text pointer for it (nor when out of
    /// memory, which then reads as NULL).
    func optionalText(_ column: Int32) -> String? {
        withOptionalBytes(column) { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    /// The text of `column`, the very `String` of `last` when the bytes are the same: a value that
    /// repeats row after row (the source, a company) is decoded and allocated once. Text short
    /// enough to be stored in the `String` itself (15 bytes) is simply decoded.
    func text(_ column: Int32, reusing last: inout RepeatedText) -> String? {
        withOptionalBytes(column) { bytes in
            guard let bytes else { return nil }
            guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }
            if let text = last.text, last.bytes.withUnsafeBufferPointer({ Self.same($0, bytes) }) { return text }
            let text = String(decoding: bytes, as: UTF8.self)
            last.bytes.removeAll(keepingCapacity: true)
            last.bytes.append(contentsOf: bytes)
            last.text = text
            return text
        }
    }

    /// Whether `column` holds exactly the bytes of `text` (a NULL equals nothing).
    func column(_ column: Int32, equals text: [UInt8]) -> Bool {
        withOptionalBytes(column) { bytes in
            guard let bytes else { return false }
            return text.withUnsafeBufferPointer { Self.same($0, bytes) }
        }
    }

    /// The position in `choices` of the bytes of `column`; nil for none (or NULL).
    func position(_ column: Int32, in choices: [[UInt8]]) -> Int? {
        withOptionalBytes(column) { bytes in
            guard let bytes else { return nil }
            return choices.firstIndex { $0.withUnsafeBufferPointer { Self.same($0, bytes) } }
        }
    }

    /// Replaces `bytes` with the bytes of `column`.
    func copy(_ column: Int32, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        withBytes(column) { bytes.append(contentsOf: $0) }
    }

    private func withBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        withOptionalBytes(column) { body($0 ?? UnsafeBufferPointer(start: nil, count: 0)) }
    }

    private func withOptionalBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>?) -> T) -> T {
        let handle = statement.sqliteStatement
        // sqlite3_column_text first, then the byte count of that very text (SQLite's advice).
        guard let text = sqlite3_column_text(handle, column) else { return body(nil) }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(handle, column))))
    }

    private static func same(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>) -> Bool {
        guard first.count == second.count else { return false }
        guard let one = first.baseAddress, let other = second.baseAddress else { return true }
        return memcmp(one, other, first.count) == 0
    }
}

/// The last value a column gave, kept to reuse its `String` (`LedgerRowReader.text(_:reusing:)`).
struct RepeatedText {
    fileprivate var bytes: [UInt8] = []
    fileprivate var text: String?
}
