internal import GRDB

/// The run's findings as the stages make them: each recalled against the ledger's memory
/// (first seen, triage) and written to the run's `FindingFile`, with where it belongs in the
/// report. Lives on the thread that owns the database connection.
struct RunFindings {
    let file: FindingFile
    let asOf: String
    private(set) var staged: [StagedFinding] = []

    init(asOf: String) throws(DeclauditError) {
        file = try FindingFile()
        self.asOf = asOf
    }

    /// A finding about the reading `key` of a declaration in input `input`.
    mutating func add(_ finding: Finding, input: Int, key: DeclarationKey?, in db: Database) throws {
        let recalled = try FindingMemory.recall(finding, asOf: asOf, in: db)
        staged.append(StagedFinding(input: input, key: key, entry: file.append(recalled)))
    }

    /// Keeps only the findings `isKept` accepts (those made while reading, about a version that
    /// settling dropped, go).
    mutating func keep(where isKept: (StagedFinding) -> Bool) {
        staged = staged.filter(isKept)
    }

    /// Records every finding in the ledger's memory once all are known; returns what this run
    /// found gone. A ledger that does not outlive the run (`keepsLedger` false) started with no
    /// memory, so nothing is gone, and nothing recorded would ever be read.
    func remember(keepsLedger: Bool, in db: Database) throws -> [ResolvedFinding] {
        try file.finish()
        guard keepsLedger else { return [] }
        return try FindingMemory.remember(asOf: asOf, in: db) { record in
            for finding in staged { try record(file.finding(at: finding.entry)) }
        }
    }
}

/// A finding in the run's `FindingFile`: where it is, the input it belongs to, and the reading
/// of the declaration it is about (nil for one made after settling, already judged).
struct StagedFinding {
    let input: Int
    let key: DeclarationKey?
    let entry: FindingFile.Entry
}
