import Foundation
internal import GRDB

/// The SQLite ledger (`--ledger FILE`): processing declarations and their lines, permit
/// draws and every declaration version seen, kept across nightly runs. Without `--ledger`
/// the same code runs on a temporary ledger deleted at the end, so one run and many runs agree.
///
/// A run changes the ledger in one transaction that commits only after its reports are
/// written: a crashed or failed run leaves the ledger as it was.
public final class Ledger: Sendable {
    let queue: DatabaseQueue
    public let path: String?
    /// How long to wait for a ledger another process holds (`--ledger-wait`).
    public let waitSeconds: Int

    /// The default of `--ledger-wait`: a nightly run that overlaps another waits ten minutes.
    public static let defaultWaitSeconds = 600

    /// Opens (creating if needed) and migrates the ledger; refuses one written by a newer
    /// declaudit (a schema migration this version does not know), a damaged or read-only one
    /// (64), and gives `ledger-busy` (75) when another process holds it beyond `waitSeconds`.
    ///
    /// A file ledger is kept in WAL mode: readers (`ledger show`, an open `sqlite3`) never
    /// block a run's commit, so once a run holds the write lock its commit cannot be refused
    /// after its reports are written. A run without `--ledger` (`path` nil) works on a file in
    /// the temporary folder that is unlinked as soon as it is open: a killed run leaves nothing.
    /// `forWriting` false (`ledger show|export`): no write lock is asked for, so a run that
    /// holds the ledger does not keep its readers waiting.
    public init(path: String?, waitSeconds: Int = Ledger.defaultWaitSeconds, forWriting: Bool = true) throws(DeclauditError) {
        self.path = path
        self.waitSeconds = waitSeconds
        let location = SourceLocation(file: path ?? "(run-only ledger)")
        let temporaryPath = path == nil ? try Self.runOnlyPath() : nil
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(TimeInterval(waitSeconds))
            configuration.prepareDatabase { db in
                if path == nil {
                    // A run-only ledger is thrown away at the end: nothing to make durable, and no
                    // journal file to leak.
                    try db.execute(sql: "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY")
                } else {
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                }
            }
            queue = try DatabaseQueue(path: path ?? temporaryPath!, configuration: configuration)
            if let temporaryPath {
                // SQLite opened the file above and goes on with it (its journal is in memory, so
                // it never opens the name again): the name is gone for good.
                FileSystem.unlink(temporaryPath)
            }
        } catch {
            if let temporaryPath { FileSystem.unlink(temporaryPath) }
            throw Self.openingError(error, location: location, waitSeconds: waitSeconds)
        }
        do {
            let superseded = try queue.read { try Self.migrator.hasBeenSuperseded($0) }
            if superseded {
                throw DeclauditError(
                    .ledgerUnusable,
                    "the ledger was written by a newer version of declaudit (schema migrations \(try queue.read { try Self.migrator.appliedIdentifiers($0) }.subtracting(Self.migrator.migrations).sorted().joined(separator: ", ")) are unknown to this one); use that version or another ledger",
                    at: location)
            }
            // An up-to-date ledger is not written to: a reader must not wait for a held one.
            if try !queue.read({ try Self.migrator.hasCompletedMigrations($0) }) {
                try Self.migrator.migrate(queue)
            }
            if path != nil, forWriting {
                // Proves now, before any input is read, that the ledger can be written.
                try queue.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE; ROLLBACK") }
            }
        } catch let error as DeclauditError {
            throw error
        } catch {
            throw Self.openingError(error, location: location, waitSeconds: waitSeconds)
        }
    }

    /// A fresh name for the run-only ledger in the temporary folder, which must be usable.
    private static func runOnlyPath() throws(DeclauditError) -> String {
        let folder = FileManager.default.temporaryDirectory.path
        guard FileSystem.isWritableDirectory(folder) else {
            throw DeclauditError(
                .temporaryFolderUnusable,
                "the temporary folder \(folder) is not a writable folder (set TMPDIR to one); the run keeps its scratch files there",
                at: SourceLocation(file: folder))
        }
        return folder + "/declaudit-run-\(UUID().uuidString).sqlite"
    }

    /// 75 for a ledger held by another process; 64 for one that cannot be written or read.
    static func openingError(_ error: any Error, location: SourceLocation, waitSeconds: Int) -> DeclauditError {
        if let busy = busyError(error, location: location, waitSeconds: waitSeconds) { return busy }
        if let error = error as? DatabaseError,
            error.resultCode == .SQLITE_READONLY || error.resultCode == .SQLITE_CANTOPEN || error.resultCode == .SQLITE_PERM
        {
            return DeclauditError(.ledgerUnusable, "the ledger cannot be written: \(describe(error))", at: location)
        }
        return DeclauditError(
            .ledgerUnusable, "the ledger is not a declaudit ledger or is damaged: \(describe(error))", at: location)
    }

    /// `ledger-busy` if `error` says another connection holds the database.
    static func busyError(_ error: any Error, location: SourceLocation, waitSeconds: Int) -> DeclauditError? {
        guard let error = error as? DatabaseError, error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED else {
            return nil
        }
        return DeclauditError(
            .ledgerBusy,
            "the ledger is held by another process; waited \(waitSeconds) s (--ledger-wait), nothing was written; try again",
            at: location)
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    /// Versioned schema migrations; never edit a registered one, add the next.
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-processing-ledger") { db in
            try db.execute(
                sql: """
                    CREATE TABLE declaration_version (
                        number TEXT PRIMARY KEY, identity TEXT NOT NULL, version INTEGER NOT NULL,
                        type_code TEXT NOT NULL, registered_on TEXT, status TEXT NOT NULL,
                        source TEXT NOT NULL, source_line INTEGER NOT NULL,
                        first_seen TEXT NOT NULL, last_seen TEXT NOT NULL);
                    CREATE INDEX declaration_version_identity ON declaration_version(identity);
                    CREATE TABLE processing_declaration (
                        identity TEXT PRIMARY KEY, number TEXT NOT NULL, version INTEGER NOT NULL,
                        type_code TEXT NOT NULL, contract_key TEXT NOT NULL, contract_number TEXT,
                        contract_expires_on TEXT, registered_on TEXT, customs_office TEXT, tax_code TEXT,
                        company TEXT, licences TEXT NOT NULL, source TEXT NOT NULL, source_line INTEGER NOT NULL);
                    CREATE INDEX processing_declaration_contract ON processing_declaration(contract_key);
                    CREATE TABLE processing_line (
                        identity TEXT NOT NULL REFERENCES processing_declaration(identity) ON DELETE CASCADE,
                        ordinal INTEGER NOT NULL, line INTEGER NOT NULL, goods_key TEXT NOT NULL, hs_code TEXT,
                        description TEXT, quantity TEXT, unit TEXT, listed_used INTEGER NOT NULL,
                        condition TEXT NOT NULL, source_line INTEGER NOT NULL,
                        PRIMARY KEY (identity, ordinal));
                    CREATE TABLE permit_draw (
                        identity TEXT NOT NULL, line INTEGER NOT NULL, number TEXT NOT NULL,
                        permit_no TEXT NOT NULL, hs_prefix TEXT NOT NULL, unit TEXT NOT NULL, quantity TEXT NOT NULL,
                        registered_on TEXT, PRIMARY KEY (identity, line, permit_no, hs_prefix, unit));
                    """)
        }
        migrator.registerMigration("v2-findings-and-triage") { db in try createFindingTables(db) }
        return migrator
    }()

    /// A run on one connection, in two transactions. `stage` reads the inputs into the
    /// connection's temporary tables and touches nothing of the ledger, so no lock on it is held
    /// while inputs are read. `merge` then changes the ledger in one IMMEDIATE transaction that
    /// commits only if it returns normally: the write lock is taken (waiting up to
    /// `waitSeconds`) before `merge` starts, so a held ledger is found before the reports are
    /// written, never at commit time, and it is held only while merging and writing reports.
    func run<Staged, Result>(
        stage: (Database) throws -> Staged, merge: (Database, Staged) throws -> Result
    ) throws(DeclauditError) -> Result {
        try mappingErrors {
            try queue.writeWithoutTransaction { db in
                var staged: Staged?
                try db.inTransaction(.deferred) {
                    staged = try stage(db)
                    return .commit
                }
                return try Self.immediate(db) { try merge($0, staged!) }
            }
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction (the lock waited for up to
    /// `waitSeconds`); it commits only if `body` returns normally.
    func transaction<T>(_ body: (Database) throws -> T) throws(DeclauditError) -> T {
        try mappingErrors { try queue.writeWithoutTransaction { try Self.immediate($0, body) } }
    }

    private static func immediate<T>(_ db: Database, _ body: (Database) throws -> T) throws -> T {
        var result: T?
        try db.inTransaction(.immediate) {
            result = try body(db)
            return .commit
        }
        return result!
    }

    /// A DeclauditError as it is; `ledger-busy` for a lock not had in time; else internal.
    private func mappingErrors<T>(_ body: () throws -> T) throws(DeclauditError) -> T {
        do {
            return try body()
        } catch let error as DeclauditError {
            throw error
        } catch {
            let location = SourceLocation(file: path ?? "(run-only ledger)")
            if let busy = Self.busyError(error, location: location, waitSeconds: waitSeconds) { throw busy }
            throw DeclauditError(.internal, "ledger update failed: \(Self.describe(error))", at: location)
        }
    }
}

/// Reading the ledger outside a run (`declaudit ledger show|export`).
extension Ledger {
    /// Every contract (or only `contract`), balanced and judged at `asOf`.
    public func contracts(asOf: String, graceDays: Int, only contract: String? = nil) throws(DeclauditError) -> [ContractBalance]
    {
        do {
            return try queue.read { db in
                if let contract {
                    let records = try Self.records(ofContract: contract, in: db)
                    return records.isEmpty
                        ? [] : [ContractBalance(key: contract, records: records, asOf: asOf, graceDays: graceDays)]
                }
                var contracts: [ContractBalance] = []
                try Self.forEachContract(in: db) { key, records in
                    contracts.append(ContractBalance(key: key, records: records, asOf: asOf, graceDays: graceDays))
                }
                return contracts
            }
        } catch {
            let location = SourceLocation(file: path ?? "(run-only ledger)")
            if let busy = Self.busyError(error, location: location, waitSeconds: waitSeconds) { throw busy }
            throw DeclauditError(.ledgerUnusable, "cannot read the ledger: \(Self.describe(error))", at: location)
        }
    }
}

/// Statements on an open transaction.
extension Ledger {
    /// The two statements `forEachWave` reads contracts with, in the column order `ContractWave`
    /// reads: the declarations (row id, then the columns of `processing_declaration`) along the
    /// contract index, and their lines (contract key, the row id of the line's declaration, then
    /// the line's columns) in the same order, so lines come in the order of their headers.
    private static let contractDeclarations = """
        SELECT rowid, identity, number, version, type_code, contract_key, contract_number, contract_expires_on,
            registered_on, customs_office, tax_code, company, licences, source, source_line
        FROM main.processing_declaration ORDER BY contract_key, rowid
        """
    private static let contractLines = """
        SELECT d.contract_key, d.rowid, l.line, l.goods_key, l.hs_code, l.description, l.quantity, l.unit,
            l.listed_used, l.condition, l.source_line
        FROM main.processing_declaration d JOIN main.processing_line l USING (identity)
        ORDER BY d.contract_key, d.rowid, l.ordinal
        """

    /// Every contract in key order with its records (as `records(ofContract:)` gives them), read
    /// as `forEachWave` reads them and decoded in place.
    static func forEachContract(
        in db: Database, _ body: (String, [ProcessingRecord]) throws -> Void
    ) throws {
        try forEachWave(in: db, contracts: 64) { try $0.forEachContract(body) }
    }

    /// Every contract in key order, `contracts` at a time (the last wave fewer), as their rows'
    /// bytes: the calling thread copies them, and whoever gets a wave makes its records. One pass
    /// over two statements in contract order instead of two queries per contract: a year's
    /// ledger holds many thousands of contracts. Keys are compared in SQLite's bytes; a line goes
    /// with its declaration by its id.
    static func forEachWave(
        in db: Database, contracts: Int, _ body: (ContractWave) throws -> Void
    ) throws {
        let declarations = try LedgerRowReader(db, sql: contractDeclarations)
        let lines = try LedgerRowReader(db, sql: contractLines)
        var wave = ContractWave()
        var hasLine = try lines.step()
        var isOpen = false
        var keyBytes: [UInt8] = []
        func finishContract() throws {
            guard isOpen else { return }
            // The contract's lines come next: those of its declarations (`appendLine`).
            while hasLine, wave.appendLine(lines) { hasLine = try lines.step() }
            wave.endContract()
            try wave.handOver(whenHolding: contracts, to: body)
        }
        while try declarations.step() {
            if !isOpen || !declarations.column(5, equals: keyBytes) {
                try finishContract()
                declarations.copy(5, into: &keyBytes)
                wave.startContract(key: declarations, column: 5)
                isOpen = true
            }
            wave.appendDeclaration(declarations)
        }
        try finishContract()
        if !wave.isEmpty { try body(wave) }
    }

    /// A `processing_declaration` row (columns as `records(ofContract:)` selects them), lines empty.
    private static func processingRecord(_ row: Row) -> ProcessingRecord {
        ProcessingRecord(
            number: row[1], identity: row[0], version: row[2], typeCode: row[3], contractKey: row[4],
            contractNumber: row[5], contractExpiresOn: row[6], registeredOn: row[7], customsOffice: row[8],
            taxCode: row[9], company: row[10], licences: row[11], source: row[12], sourceLine: row[13], lines: [])
    }

    /// Every record of one contract, lines in declared order (two queries per contract; columns
    /// read by position, which spares a name lookup per value).
    static func records(ofContract key: String, in db: Database) throws -> [ProcessingRecord] {
        let lineRows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT l.identity, l.line, l.goods_key, l.hs_code, l.description, l.quantity, l.unit, l.listed_used,
                        l.condition, l.source_line
                    FROM processing_line l JOIN processing_declaration d USING (identity)
                    WHERE d.contract_key = ? ORDER BY l.identity, l.ordinal
                    """), arguments: [key])
        var linesByIdentity: [String: [ProcessingLine]] = [:]
        while let row = try lineRows.next() {
            linesByIdentity[row[0], default: []].append(
                ProcessingLine(
                    line: row[1], goodsKey: row[2], hsCode: row[3], description: row[4], quantity: row[5], unit: row[6],
                    listedUsed: row[7], condition: GoodsCondition(rawValue: row[8]) ?? .unknown, sourceLine: row[9]))
        }
        var records: [ProcessingRecord] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT identity, number, version, type_code, contract_key, contract_number, contract_expires_on,
                        registered_on, customs_office, tax_code, company, licences, source, source_line
                    FROM processing_declaration WHERE contract_key = ? ORDER BY registered_on, number
                    """), arguments: [key])
        while let row = try rows.next() {
            var record = processingRecord(row)
            record.lines = linesByIdentity[record.identity] ?? []
            records.append(record)
        }
        return records
    }

    /// Permit draws recorded by earlier runs for declarations this run does not re-read.
    static func priorDraws(excluding identities: Set<String>, in db: Database) throws -> [LedgerPermitDraw] {
        try Row.fetchAll(db, sql: "SELECT * FROM permit_draw ORDER BY registered_on, number, line").compactMap { row in
            let identity: String = row["identity"]
            guard !identities.contains(identity) else { return nil }
            return LedgerPermitDraw(
                permitNumber: row["permit_no"], hsPrefix: row["hs_prefix"], unit: row["unit"],
                number: row["number"], line: row["line"], quantity: row["quantity"])
        }
    }

    static func replaceDraws(
        of identities: Set<String>,
        with draws: [(identity: String, registeredOn: String?, account: PermitLine, draw: PermitDraw)], in db: Database
    ) throws {
        for identity in identities {
            try db.execute(sql: "DELETE FROM permit_draw WHERE identity = ?", arguments: [identity])
        }
        for entry in draws {
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO permit_draw (identity, line, number, permit_no, hs_prefix, unit, quantity, registered_on)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    entry.identity, entry.draw.line ?? 0, entry.draw.declaration, entry.account.permitNumber,
                    entry.account.hsPrefix, entry.account.unit, "\(entry.draw.quantity)", entry.registeredOn,
                ])
        }
    }
}

/// A permit draw an earlier run recorded.
struct LedgerPermitDraw: Sendable {
    let permitNumber: String
    let hsPrefix: String
    let unit: String
    let number: String
    let line: Int
    let quantity: String
}
