import GRDB
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

private func key(_ number: String, input: Int = 0, line: Int = 3, status: DeclarationStatus = .cleared) -> DeclarationKey {
    key(number, input: input, ordinal: line, line: line, status: status)
}

private func key(_ number: String, input: Int, ordinal: Int, line: Int, status: DeclarationStatus = .cleared) -> DeclarationKey {
    DeclarationKey(F.declaration(number: number, status: status, sourceLine: line), input: input, ordinal: ordinal)
}

/// Stages the keys in order (as the reading threads would, in any order), settles, and returns
/// the versions, on a fresh in-memory database.
private func settled(_ keys: [DeclarationKey]) throws -> SettledVersions {
    try settled(batches: [keys])
}

/// Stages each batch in turn, as the database thread receives them from the inputs' judging
/// threads (with --jobs 2, batches of two inputs interleave), then settles.
private func settled(batches: [[DeclarationKey]]) throws -> SettledVersions {
    try DatabaseQueue().write { db in
        try RunStaging.create(in: db)
        for keys in batches {
            var batch = StagedBatch()
            for key in keys { batch.add(SeenDeclaration(key: key, number: "n", typeCode: "A11", registeredOn: nil)) }
            try RunStaging.insert(batch, keepsLedger: true, in: db)
        }
        return try RunStaging.settle(in: db)
    }
}

@Suite struct DeclarationVersionsTests {
    @Test func keySplitsIdentityAndVersion() {
        let amended = key("107000000093", input: 2, line: 40)
        #expect(amended.identity == "10700000009")
        #expect(amended.version == 3)
        #expect(amended.input == 2)
        #expect(amended.line == 40)
        #expect(!amended.cancelled)
        #expect(key("107000000090", status: .cancelled).cancelled)
        #expect(!key("107000000090", status: .pending).cancelled)
    }

    @Test(arguments: ["10700000009", "1070000000901", "10700000009A", "", "１０７０００００００９０"])
    func numberThatIsNotTwelveDigitsStandsAlone(number: String) {
        let alone = key(number)
        #expect(alone.identity == number)
        #expect(alone.version == 0)
    }

    @Test func highestVersionIsKeptWhateverTheOrder() throws {
        let v0 = key("107000000090", line: 3)
        let v2 = key("107000000092", line: 8)
        let v1 = key("107000000091", input: 1, line: 3)
        for order in [[v0, v1, v2], [v2, v1, v0], [v1, v2, v0]] {
            let versions = try settled(order)
            #expect(versions.isKept(v2))
            #expect(!versions.isKept(v0))
            #expect(!versions.isKept(v1))
            #expect(versions.superseded == 2)
            #expect(versions.cancelled == 0)
        }
    }

    @Test func laterVersionInAnEarlierInputStillWins() throws {
        let v1 = key("107000000091", input: 0, line: 50)
        let v0 = key("107000000090", input: 1, line: 3)
        let versions = try settled([v0, v1])
        #expect(versions.isKept(v1))
        #expect(!versions.isKept(v0))
    }

    @Test func duplicatesKeepTheFirstReadByInputThenLine() throws {
        let inSecondInput = key("107000000090", input: 1, line: 3)
        let laterInFirst = key("107000000090", input: 0, line: 20)
        let earlierInFirst = key("107000000090", input: 0, line: 10)
        // Whatever order they are added in (files finish in any order when parsed in parallel).
        for order in [
            [inSecondInput, laterInFirst, earlierInFirst], [earlierInFirst, laterInFirst, inSecondInput],
            [laterInFirst, inSecondInput, earlierInFirst],
        ] {
            let versions = try settled(order)
            #expect(versions.isKept(earlierInFirst))
            #expect(!versions.isKept(laterInFirst))
            #expect(!versions.isKept(inSecondInput))
            #expect(versions.superseded == 2)
        }
    }

    @Test func differentDeclarationsAreIndependent() throws {
        let a = key("107000000010")
        let b = key("107000000020", line: 9)
        let c = key("307000000010", line: 15)
        let versions = try settled([a, b, c])
        #expect(versions.isKept(a) && versions.isKept(b) && versions.isKept(c))
        #expect(versions.superseded == 0)
        #expect(versions.cancelled == 0)
    }

    @Test func cancelledIsSkippedAndCounted() throws {
        let cancelled = key("107000000080", status: .cancelled)
        let other = key("107000000010", line: 9)
        let versions = try settled([cancelled, other])
        #expect(!versions.isKept(cancelled))
        #expect(versions.isKept(other))
        #expect(versions.cancelled == 1)
        #expect(versions.superseded == 0)
    }

    @Test func cancelledLatestVersionCancelsTheDeclaration() throws {
        let v0 = key("107000000080", line: 3)
        let v1 = key("107000000081", line: 9, status: .cancelled)
        let versions = try settled([v0, v1])
        #expect(!versions.isKept(v0))
        #expect(!versions.isKept(v1))
        #expect(versions.cancelled == 1)
        #expect(versions.superseded == 1)
    }

    @Test func cancelledEarlierVersionDoesNotHideTheLaterOne() throws {
        let v0 = key("107000000080", line: 3, status: .cancelled)
        let v1 = key("107000000081", line: 9)
        let versions = try settled([v0, v1])
        #expect(versions.isKept(v1))
        #expect(!versions.isKept(v0))
        #expect(versions.cancelled == 1)
        #expect(versions.superseded == 0)
    }

    @Test func nothingAddedNothingCounted() throws {
        let versions = try settled([])
        #expect(versions.superseded == 0)
        #expect(versions.cancelled == 0)
        #expect(versions.beaten.isEmpty)
    }

    @Test func declarationsOnOneLineAreToldApartByTheirPlace() throws {
        // A dump written without line breaks: every declaration starts on line 1.
        let first = key("107000000090", input: 0, ordinal: 0, line: 1)
        let duplicate = key("107000000090", input: 0, ordinal: 1, line: 1)
        let other = key("107000000010", input: 0, ordinal: 2, line: 1)
        let versions = try settled([other, duplicate, first])
        #expect(versions.isKept(first))
        #expect(!versions.isKept(duplicate))
        #expect(versions.isKept(other))
        #expect(versions.superseded == 1)
    }

    @Test func interleavedBatchesOfTwoInputsSettleAsInReadingOrder() throws {
        // Input 1's batch reaches the database thread before input 0's, whose second batch comes last.
        let equalInFirst = key("107000000091", input: 0, ordinal: 5, line: 50)
        let equalInSecond = key("107000000091", input: 1, ordinal: 0, line: 3)
        let older = key("107000000090", input: 0, ordinal: 0, line: 3)
        let cancelledLater = key("107000000082", input: 1, ordinal: 1, line: 9, status: .cancelled)
        let beforeCancelled = key("107000000081", input: 0, ordinal: 6, line: 60)
        let alone = key("107000000010", input: 0, ordinal: 1, line: 9)
        let duplicateOfAlone = key("107000000010", input: 0, ordinal: 7, line: 70)
        let versions = try settled(batches: [
            [equalInSecond, cancelledLater], [older, alone], [equalInFirst, beforeCancelled, duplicateOfAlone],
        ])
        #expect(versions.isKept(equalInFirst), "equal versions: the first in input order counts")
        #expect(!versions.isKept(equalInSecond))
        #expect(!versions.isKept(older))
        #expect(!versions.isKept(cancelledLater))
        #expect(!versions.isKept(beforeCancelled), "a cancelled later version beats it")
        #expect(versions.isKept(alone))
        #expect(!versions.isKept(duplicateOfAlone))
        #expect(versions.cancelled == 1)
        #expect(versions.superseded == 4)
        #expect(
            versions.beaten
                == [
                    DeclarationPosition(input: 1, ordinal: 0), DeclarationPosition(input: 0, ordinal: 0),
                    DeclarationPosition(input: 0, ordinal: 6), DeclarationPosition(input: 0, ordinal: 7),
                ])
    }

    @Test func readingsAreRecordedInTheLedgerOnlyWhenItIsKept() throws {
        let first = key("107000000090", input: 0, ordinal: 0, line: 3)
        let amended = key("107000000091", input: 1, ordinal: 0, line: 4)
        for keepsLedger in [true, false] {
            let queue = try DatabaseQueue()
            try Ledger.migrator.migrate(queue)
            let recorded = try queue.write { db in
                try RunStaging.create(in: db)
                try RunStaging.addInput(0, source: "in0.xml", in: db)
                try RunStaging.addInput(1, source: "in1.xml", in: db)
                var batch = StagedBatch()
                for (key, number) in [(amended, "107000000091"), (first, "107000000090")] {
                    batch.add(SeenDeclaration(key: key, number: number, typeCode: "A11", registeredOn: nil))
                }
                try RunStaging.insert(batch, keepsLedger: keepsLedger, in: db)
                var findings = try RunFindings(asOf: "2026-11-29")
                _ = try SettleStage.settle(&findings, asOf: "2026-11-29", keepsLedger: keepsLedger, in: db)
                return try Row.fetchAll(
                    db, sql: "SELECT number, identity, version, source, source_line FROM declaration_version ORDER BY rowid")
            }
            if keepsLedger {
                #expect(recorded.map { $0[0] as String } == ["107000000090", "107000000091"], "in reading order")
                #expect(recorded.map { $0[3] as String } == ["in0.xml", "in1.xml"])
                #expect(recorded.map { $0[4] as Int } == [3, 4])
            } else {
                #expect(recorded.isEmpty)
            }
        }
    }

    @Test func stagingWritesEveryRowWithItsValuesWhateverTheirNumber() throws {
        // More than one statement's worth of rows and a remainder; NULL and empty text stay apart.
        for count in [0, 1, 16, 37] {
            let rows = try DatabaseQueue().write { db in
                try RunStaging.create(in: db)
                var batch = StagedBatch()
                for ordinal in 0..<count {
                    let reading = key("107000\(String(ordinal + 10_000))0", input: 1, ordinal: ordinal, line: ordinal + 2)
                    batch.add(
                        SeenDeclaration(
                            key: reading, number: "n\(ordinal)", typeCode: ordinal == 3 ? "" : "A11",
                            registeredOn: ordinal.isMultiple(of: 2) ? nil : "2026-11-\(ordinal)"))
                }
                try RunStaging.insert(batch, keepsLedger: true, in: db)
                return try Row.fetchAll(
                    db, sql: "SELECT position, identity, number, type_code, registered_on, source_line FROM temp.run_seen")
            }
            #expect(rows.count == count)
            for (ordinal, row) in rows.enumerated() {
                #expect(row[0] as Int == 1 << 32 | ordinal)
                #expect(row[1] as String == "107000\(String(ordinal + 10_000))")
                #expect(row[2] as String == "n\(ordinal)")
                #expect(row[3] as String == (ordinal == 3 ? "" : "A11"))
                #expect(row[4] as String? == (ordinal.isMultiple(of: 2) ? nil : "2026-11-\(ordinal)"))
                #expect(row[5] as Int == ordinal + 2)
            }
        }
    }
}
