internal import GRDB

/// What one input hands to the run besides its findings: every declaration read (for versions
/// and the ledger) and every processing record. It goes to SQLite temporary tables as it is read,
/// in batches, so the run's memory does not grow with the number of declarations.
struct StagedBatch: Sendable {
    var seen: [SeenDeclaration] = []
    var processing: [(key: DeclarationKey, record: ProcessingRecord)] = []
    /// The findings of the input's import lines, for the run's `FindingFile`.
    var findings: [JudgeStage.TaggedFinding] = []
    private var processingLines = 0

    /// Big enough to make a write transaction worth it, small enough to stay a few hundred KiB.
    var isFull: Bool { seen.count >= 1024 || processingLines >= 4096 || findings.count >= 256 }
    var isEmpty: Bool { seen.isEmpty && processing.isEmpty && findings.isEmpty }

    mutating func add(_ declaration: SeenDeclaration) { seen.append(declaration) }

    mutating func add(_ record: ProcessingRecord, key: DeclarationKey) {
        processing.append((key, record))
        processingLines += record.lines.count
    }
}

/// The run's temporary tables (SQLite's temp schema of the ledger connection: they live in a
/// temporary file, leave with the connection, and never touch the ledger itself) and the SQL that
/// settles versions and moves the run's processing records into the ledger.
enum RunStaging {
    /// Drops what an earlier run on the same connection left and creates empty tables.
    static func create(in db: Database) throws {
        try db.execute(
            sql: """
                DROP TABLE IF EXISTS temp.run_input;
                DROP TABLE IF EXISTS temp.run_seen;
                DROP TABLE IF EXISTS temp.run_processing_declaration;
                DROP TABLE IF EXISTS temp.run_processing_line;
                DROP TABLE IF EXISTS temp.run_processing_winner;
                CREATE TEMP TABLE run_input (input INTEGER PRIMARY KEY, source TEXT NOT NULL);
                CREATE TEMP TABLE run_seen (
                    input INTEGER NOT NULL, ordinal INTEGER NOT NULL, identity TEXT NOT NULL, version INTEGER NOT NULL,
                    cancelled INTEGER NOT NULL, number TEXT NOT NULL, type_code TEXT NOT NULL, registered_on TEXT,
                    source_line INTEGER NOT NULL, latest INTEGER NOT NULL DEFAULT 0);
                CREATE TEMP TABLE run_processing_declaration (
                    input INTEGER NOT NULL, ordinal INTEGER NOT NULL, identity TEXT NOT NULL, number TEXT NOT NULL,
                    version INTEGER NOT NULL, cancelled INTEGER NOT NULL, type_code TEXT NOT NULL,
                    contract_key TEXT NOT NULL, contract_number TEXT, contract_expires_on TEXT, registered_on TEXT,
                    customs_office TEXT, tax_code TEXT, company TEXT, licences TEXT NOT NULL, source TEXT NOT NULL,
                    source_line INTEGER NOT NULL);
                CREATE TEMP TABLE run_processing_line (
                    input INTEGER NOT NULL, ordinal INTEGER NOT NULL, position INTEGER NOT NULL, line INTEGER NOT NULL,
                    goods_key TEXT NOT NULL, hs_code TEXT, description TEXT, quantity TEXT, unit TEXT,
                    listed_used INTEGER NOT NULL, condition TEXT NOT NULL, source_line INTEGER NOT NULL);
                """)
    }

    static func addInput(_ input: Int, source: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO temp.run_input (input, source) VALUES (?, ?)").execute(arguments: [
            input, source,
        ])
    }

    static func insert(_ batch: StagedBatch, in db: Database) throws {
        let seen = try db.cachedStatement(
            sql: """
                INSERT INTO temp.run_seen (input, ordinal, identity, version, cancelled, number, type_code, registered_on, source_line)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for declaration in batch.seen {
            let key = declaration.key
            try seen.execute(arguments: [
                key.input, key.ordinal, key.identity, key.version, key.cancelled, declaration.number,
                declaration.typeCode, declaration.registeredOn, key.line,
            ])
        }
        let header = try db.cachedStatement(
            sql: """
                INSERT INTO temp.run_processing_declaration (input, ordinal, identity, number, version, cancelled, type_code,
                    contract_key, contract_number, contract_expires_on, registered_on, customs_office, tax_code, company,
                    licences, source, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let line = try db.cachedStatement(
            sql: """
                INSERT INTO temp.run_processing_line (input, ordinal, position, line, goods_key, hs_code, description,
                    quantity, unit, listed_used, condition, source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        for (key, record) in batch.processing {
            try header.execute(arguments: [
                key.input, key.ordinal, record.identity, record.number, record.version, key.cancelled, record.typeCode,
                record.contractKey, record.contractNumber, record.contractExpiresOn, record.registeredOn,
                record.customsOffice, record.taxCode, record.company, record.licences, record.source, record.sourceLine,
            ])
            for (position, item) in record.lines.enumerated() {
                try line.execute(arguments: [
                    key.input, key.ordinal, position, item.line, item.goodsKey, item.hsCode, item.description,
                    item.quantity, item.unit, item.listedUsed, item.condition.rawValue, item.sourceLine,
                ])
            }
        }
    }

    /// Marks, per declaration, the reading that counts: the highest version, then the first read
    /// (input order, then place in the input); counts what is skipped.
    static func settle(in db: Database) throws -> SettledVersions {
        try db.execute(
            sql: """
                CREATE INDEX temp.run_seen_position ON run_seen(input, ordinal);
                UPDATE temp.run_seen SET latest = 1 WHERE rowid IN (
                    SELECT rowid FROM (
                        SELECT rowid, row_number() OVER (PARTITION BY identity ORDER BY version DESC, input, ordinal) AS rank
                        FROM temp.run_seen)
                    WHERE rank = 1);
                """)
        let counts = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(cancelled), 0), coalesce(sum(NOT cancelled AND NOT latest), 0) FROM temp.run_seen
                """)!
        var beaten = Set<DeclarationPosition>()
        let rows = try Row.fetchCursor(db, sql: "SELECT input, ordinal FROM temp.run_seen WHERE NOT latest AND NOT cancelled")
        while let row = try rows.next() {
            beaten.insert(DeclarationPosition(input: row[0], ordinal: row[1]))
        }
        return SettledVersions(beaten: beaten, superseded: counts[1], cancelled: counts[0])
    }

    /// Records every declaration read in the ledger's `declaration_version` (in reading order, so
    /// the last reading of a number sets its row, as one statement per reading would).
    static func recordSeen(asOf: String, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO main.declaration_version (number, identity, version, type_code, registered_on, status, source,
                    source_line, first_seen, last_seen)
                SELECT s.number, s.identity, s.version, s.type_code, s.registered_on,
                    CASE WHEN s.cancelled THEN 'cancelled' ELSE 'read' END, i.source, s.source_line, ?1, ?1
                FROM temp.run_seen s JOIN temp.run_input i USING (input)
                WHERE 1 ORDER BY s.input, s.ordinal
                ON CONFLICT(number) DO UPDATE SET type_code = excluded.type_code, registered_on = excluded.registered_on,
                    status = excluded.status, source = excluded.source, source_line = excluded.source_line,
                    last_seen = max(last_seen, excluded.last_seen)
                """, arguments: [asOf])
    }

    /// Replaces the ledger's processing record of every declaration whose counting reading is
    /// in this run and not older than the ledger's (a cancelled one removes it).
    static func storeProcessing(in db: Database) throws {
        try db.execute(
            sql: """
                CREATE INDEX temp.run_processing_line_declaration ON run_processing_line(input, ordinal);
                CREATE TEMP TABLE run_processing_winner AS
                    SELECT d.* FROM temp.run_processing_declaration d
                    JOIN temp.run_seen s ON s.input = d.input AND s.ordinal = d.ordinal AND s.latest
                    WHERE NOT EXISTS (
                        SELECT 1 FROM main.processing_declaration p WHERE p.identity = d.identity AND p.version > d.version);
                CREATE INDEX temp.run_processing_winner_identity ON run_processing_winner(identity);
                DELETE FROM main.processing_line WHERE identity IN (SELECT identity FROM temp.run_processing_winner);
                DELETE FROM main.processing_declaration WHERE identity IN (SELECT identity FROM temp.run_processing_winner);
                INSERT INTO main.processing_declaration (identity, number, version, type_code, contract_key, contract_number,
                    contract_expires_on, registered_on, customs_office, tax_code, company, licences, source, source_line)
                SELECT identity, number, version, type_code, contract_key, contract_number, contract_expires_on,
                    registered_on, customs_office, tax_code, company, licences, source, source_line
                FROM temp.run_processing_winner WHERE NOT cancelled ORDER BY input, ordinal;
                INSERT INTO main.processing_line (identity, ordinal, line, goods_key, hs_code, description, quantity, unit,
                    listed_used, condition, source_line)
                SELECT w.identity, l.position, l.line, l.goods_key, l.hs_code, l.description, l.quantity, l.unit,
                    l.listed_used, l.condition, l.source_line
                FROM temp.run_processing_winner w JOIN temp.run_processing_line l ON l.input = w.input AND l.ordinal = w.ordinal
                WHERE NOT w.cancelled ORDER BY w.input, w.ordinal, l.position;
                """)
    }

    /// The input a processing declaration was read from in this run; nil if it comes from the ledger.
    static func inputOfStoredDeclaration(identity: String, in db: Database) throws -> Int? {
        try Int.fetchOne(
            db.cachedStatement(sql: "SELECT input FROM temp.run_processing_winner WHERE identity = ? AND NOT cancelled"),
            arguments: [identity])
    }
}
