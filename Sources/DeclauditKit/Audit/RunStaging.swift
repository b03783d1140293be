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
///
/// A reading's `position` (its input in the high 32 bits, its ordinal in the low ones) is the
/// rowid of its rows: rowid order is reading order whatever order the inputs' batches came in,
/// and a reading's rows are found by rowid, with no index to build.
/// The identity index of `run_seen` (versions to settle, findings to remember) is kept up as
/// readings are staged.
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
                DROP TABLE IF EXISTS temp.run_processing_record;
                CREATE TEMP TABLE run_input (input INTEGER PRIMARY KEY, source TEXT NOT NULL);
                CREATE TEMP TABLE run_seen (
                    position INTEGER PRIMARY KEY, identity TEXT NOT NULL, version INTEGER NOT NULL,
                    cancelled INTEGER NOT NULL, number TEXT NOT NULL, type_code TEXT NOT NULL, registered_on TEXT,
                    source_line INTEGER NOT NULL, latest INTEGER NOT NULL DEFAULT 1);
                CREATE INDEX temp.run_seen_identity ON run_seen(identity, version DESC, position, cancelled);
                CREATE TEMP TABLE run_processing_declaration (
                    position INTEGER PRIMARY KEY, identity TEXT NOT NULL, number TEXT NOT NULL,
                    version INTEGER NOT NULL, cancelled INTEGER NOT NULL, type_code TEXT NOT NULL,
                    contract_key TEXT NOT NULL, contract_number TEXT, contract_expires_on TEXT, registered_on TEXT,
                    customs_office TEXT, tax_code TEXT, company TEXT, licences TEXT NOT NULL, source TEXT NOT NULL,
                    source_line INTEGER NOT NULL);
                CREATE TEMP TABLE run_processing_line (
                    declaration INTEGER NOT NULL, position INTEGER NOT NULL, line INTEGER NOT NULL,
                    goods_key TEXT NOT NULL, hs_code TEXT, description TEXT, quantity TEXT, unit TEXT,
                    listed_used INTEGER NOT NULL, condition TEXT NOT NULL, source_line INTEGER NOT NULL,
                    PRIMARY KEY (declaration, position)) WITHOUT ROWID;
                CREATE TEMP TABLE run_processing_record (
                    position INTEGER PRIMARY KEY, contract_key TEXT NOT NULL, cancelled INTEGER NOT NULL,
                    record BLOB NOT NULL);
                """)
    }

    /// The rowid of a reading's rows: input, then place in the input.
    static func position(input: Int, ordinal: Int) -> Int { input << 32 | ordinal }

    static func addInput(_ input: Int, source: String, in db: Database) throws {
        try db.cachedStatement(sql: "INSERT INTO temp.run_input (input, source) VALUES (?, ?)").execute(arguments: [
            input, source,
        ])
    }

    /// Writes `batch` into the run's tables. Processing records go where the processing stage
    /// reads them: row by row into the tables `storeProcessing` copies into a kept ledger, or, for a
    /// ledger that goes with the run (`keepsLedger` false), one row each (`insertRecords`).
    static func insert(_ batch: StagedBatch, keepsLedger: Bool, in db: Database) throws {
        var seen = try RowWriter(
            into: "temp.run_seen",
            columns: ["position", "identity", "version", "cancelled", "number", "type_code", "registered_on", "source_line"],
            in: db)
        for declaration in batch.seen {
            let key = declaration.key
            seen.bind(position(input: key.input, ordinal: key.ordinal))
            seen.bind(key.identity)
            seen.bind(key.version)
            seen.bind(key.cancelled)
            seen.bind(declaration.number)
            seen.bind(declaration.typeCode)
            seen.bind(declaration.registeredOn)
            seen.bind(key.line)
            try seen.endRow()
        }
        try seen.finish()
        guard !batch.processing.isEmpty else { return }
        if keepsLedger { try insertRows(batch, in: db) } else { try insertRecords(batch, in: db) }
    }

    /// Each processing record as one row of `run_processing_record`, its columns in one value
    /// (`ContractWave.encode`): a run-only ledger's contracts are read back in one pass over one
    /// table, and nothing else reads them.
    private static func insertRecords(_ batch: StagedBatch, in db: Database) throws {
        var records = try RowWriter(
            into: "temp.run_processing_record", columns: ["position", "contract_key", "cancelled", "record"], in: db)
        for (key, record) in batch.processing {
            records.bind(position(input: key.input, ordinal: key.ordinal))
            records.bind(record.contractKey)
            records.bind(key.cancelled)
            records.bindBlob { ContractWave.encode(record, into: &$0) }
            try records.endRow()
        }
        try records.finish()
    }

    /// Each processing record as a row of `run_processing_declaration` and one of
    /// `run_processing_line` per line, as `storeProcessing` copies them into the ledger.
    private static func insertRows(_ batch: StagedBatch, in db: Database) throws {
        var header = try RowWriter(
            into: "temp.run_processing_declaration",
            columns: [
                "position", "identity", "number", "version", "cancelled", "type_code", "contract_key", "contract_number",
                "contract_expires_on", "registered_on", "customs_office", "tax_code", "company", "licences", "source",
                "source_line",
            ], in: db)
        var line = try RowWriter(
            into: "temp.run_processing_line",
            columns: [
                "declaration", "position", "line", "goods_key", "hs_code", "description", "quantity", "unit",
                "listed_used", "condition", "source_line",
            ], in: db)
        for (key, record) in batch.processing {
            let declaration = position(input: key.input, ordinal: key.ordinal)
            header.bind(declaration)
            header.bind(record.identity)
            header.bind(record.number)
            header.bind(record.version)
            header.bind(key.cancelled)
            header.bind(record.typeCode)
            header.bind(record.contractKey)
            header.bind(record.contractNumber)
            header.bind(record.contractExpiresOn)
            header.bind(record.registeredOn)
            header.bind(record.customsOffice)
            header.bind(record.taxCode)
            header.bind(record.company)
            header.bind(record.licences)
            header.bind(record.source)
            header.bind(record.sourceLine)
            try header.endRow()
            for (position, item) in record.lines.enumerated() {
                line.bind(declaration)
                line.bind(position)
                line.bind(item.line)
                line.bind(item.goodsKey)
                line.bind(item.hsCode)
                line.bind(item.description)
                line.bind(item.quantity)
                line.bind(item.unit)
                line.bind(item.listedUsed)
                line.bind(item.condition.rawValue)
                line.bind(item.sourceLine)
                try line.endRow()
            }
        }
        try header.finish()
        try line.finish()
    }

    /// Marks, per declaration, the reading that counts: the highest version, then the first read
    /// (input order, then place in the input); counts what is skipped.
    ///
    /// Every reading starts as the one that counts (`latest` 1). The identity index, kept up while
    /// staging (the database thread has time to spare then, not after), gives each declaration's
    /// readings in that order: one pass over it finds the others, and only they are written.
    static func settle(in db: Database) throws -> SettledVersions {
        var beaten = Set<DeclarationPosition>()
        var others: [Int] = []
        var cancelled = 0
        do {
            let readings = try LedgerRowReader(
                db,
                sql: """
                    SELECT identity, position, cancelled FROM temp.run_seen INDEXED BY run_seen_identity
                    ORDER BY identity, version DESC, position
                    """)
            var identity: [UInt8] = []
            var isFirst = true
            while try readings.step() {
                let isCancelled = readings.bool(2)
                if isCancelled { cancelled += 1 }
                if !isFirst, readings.column(0, equals: identity) {
                    let position = readings.int(1)
                    others.append(position)
                    if !isCancelled {
                        beaten.insert(DeclarationPosition(input: position >> 32, ordinal: position & 0xFFFF_FFFF))
                    }
                } else {
                    readings.copy(0, into: &identity)
                    isFirst = false
                }
            }
        }
        let notLatest = try IntegerStatement(db, sql: "UPDATE temp.run_seen SET latest = 0 WHERE position = ?")
        for position in others { try notLatest.run(position) }
        return SettledVersions(beaten: beaten, superseded: beaten.count, cancelled: cancelled)
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
                FROM temp.run_seen s JOIN temp.run_input i ON i.input = s.position >> 32
                WHERE 1 ORDER BY s.position
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
                CREATE TEMP TABLE run_processing_winner (
                    position INTEGER PRIMARY KEY, identity TEXT NOT NULL, cancelled INTEGER NOT NULL);
                INSERT INTO temp.run_processing_winner (position, identity, cancelled)
                    SELECT d.position, d.identity, d.cancelled FROM temp.run_processing_declaration d
                    JOIN temp.run_seen s ON s.position = d.position AND s.latest
                    WHERE NOT EXISTS (
                        SELECT 1 FROM main.processing_declaration p WHERE p.identity = d.identity AND p.version > d.version);
                CREATE INDEX temp.run_processing_winner_identity ON run_processing_winner(identity);
                DELETE FROM main.processing_line WHERE identity IN (SELECT identity FROM temp.run_processing_winner);
                DELETE FROM main.processing_declaration WHERE identity IN (SELECT identity FROM temp.run_processing_winner);
                INSERT INTO main.processing_declaration (identity, number, version, type_code, contract_key, contract_number,
                    contract_expires_on, registered_on, customs_office, tax_code, company, licences, source, source_line)
                SELECT d.identity, d.number, d.version, d.type_code, d.contract_key, d.contract_number,
                    d.contract_expires_on, d.registered_on, d.customs_office, d.tax_code, d.company, d.licences, d.source,
                    d.source_line
                FROM temp.run_processing_winner w JOIN temp.run_processing_declaration d ON d.position = w.position
                WHERE NOT w.cancelled ORDER BY w.position;
                INSERT INTO main.processing_line (identity, ordinal, line, goods_key, hs_code, description, quantity, unit,
                    listed_used, condition, source_line)
                SELECT w.identity, l.position, l.line, l.goods_key, l.hs_code, l.description, l.quantity, l.unit,
                    l.listed_used, l.condition, l.source_line
                FROM temp.run_processing_winner w JOIN temp.run_processing_line l ON l.declaration = w.position
                WHERE NOT w.cancelled ORDER BY w.position, l.position;
                """)
    }

    /// The contracts of a run whose ledger starts empty and is thrown away after it (see
    /// `ProcessingStage`), as `Ledger.forEachWave` gives a ledger's: they are exactly this run's
    /// counting readings of processing declarations, read where they were staged
    /// (`insertRecords`) instead of being copied into the ledger's tables and read back.
    static func forEachRunWave(in db: Database, contracts: Int, _ body: (ContractWave) throws -> Void) throws {
        // Sorted here, after reading, rather than along a contract index kept up while staging:
        // the index saves the sort (about 30 ms on 200 MiB) but costs its upkeep while the reader
        // needs the cores, and the waves' judging, not this read, sets the pace after reading.
        let records = try LedgerRowReader(
            db,
            sql: """
                SELECT contract_key, position, record FROM temp.run_processing_record
                WHERE NOT cancelled AND position NOT IN (SELECT position FROM temp.run_seen WHERE NOT latest)
                ORDER BY contract_key, position
                """)
        var wave = ContractWave()
        var key: [UInt8] = []
        var isOpen = false
        while try records.step() {
            if !isOpen || !records.column(0, equals: key) {
                if isOpen { wave.endContract() }
                try wave.handOver(whenHolding: contracts, to: body)
                records.copy(0, into: &key)
                wave.startContract(key: records, column: 0)
                isOpen = true
            }
            records.withBlob(2) { wave.appendRecord(id: records.int(1), $0) }
        }
        if isOpen { wave.endContract() }
        if !wave.isEmpty { try body(wave) }
    }

    /// The input of the counting reading of a declaration of this run (every declaration of a
    /// contract of `forEachRunWave` is one).
    static func inputOfCountingReading(identity: String, in db: Database) throws -> Int? {
        try Int.fetchOne(
            db.cachedStatement(
                sql: "SELECT position >> 32 FROM temp.run_seen WHERE identity = ? AND latest AND NOT cancelled"),
            arguments: [identity])
    }

    /// The input a processing declaration was read from in this run; nil if it comes from the ledger.
    static func inputOfStoredDeclaration(identity: String, in db: Database) throws -> Int? {
        try Int.fetchOne(
            db.cachedStatement(
                sql: "SELECT position >> 32 FROM temp.run_processing_winner WHERE identity = ? AND NOT cancelled"),
            arguments: [identity])
    }
}
