import Foundation
import Testing

@testable import DeclauditKit

private func bytes(of relativePath: String) throws -> [UInt8] { try packageFileBytes(relativePath) }

/// Rows of a CSV file as dictionaries keyed by the header's names.
private func table(_ bytes: [UInt8]) throws -> [[String: String]] {
    let records = try CSVRecordReader.records(in: bytes).filter { !$0.isBlank }
    let names = try #require(records.first).fields
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(names, $0.fields)) }
}

@Suite struct BuiltinListTests {
    private let sourcePath = builtInSourcePath
    /// The Appendix as published, kept beside the project (not shipped): compared when present.
    private static let appendix = DeclarationFactory.sharedFile("reference/used-it-list-appendix.csv")

    /// The CSV is the single source of truth: editing it without regenerating fails here.
    @Test func embeddedBytesAreTheCompiledCSV() throws {
        let compiled = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "used-it-list.csv", source: "any").compiled()
        let embedded = builtInCompiledList
        let difference =
            zip(embedded, compiled).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? (embedded.count == compiled.count ? nil : min(embedded.count, compiled.count))
        #expect(
            difference == nil,
            "BuiltinList+Compiled.swift differs from compiling used-it-list.csv at byte \(difference ?? 0) (\(embedded.count) vs \(compiled.count) bytes): regenerate it (command at its top)"
        )
    }

    @Test func builtInIsTheCSVRowForRow() throws {
        let fromFile = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "used-it-list.csv", source: "f")
        let list = ProhibitedList.builtIn
        #expect(list.entries == fromFile.entries)
        #expect(list.metadata == fromFile.metadata)
        #expect(list.effectiveEntryCount == fromFile.effectiveEntryCount)
        #expect(list.entries.map(list.isActingAsHeader) == fromFile.entries.map(fromFile.isActingAsHeader))
    }

    /// Every 8-digit code under every heading the list names, and a large sample elsewhere.
    @Test func builtInLookupsEqualTheCSVsEverywhere() throws {
        let fromFile = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "used-it-list.csv", source: "f")
        let list = ProhibitedList.builtIn
        let headings = Set(list.entries.map { UInt32($0.code.prefix(4))! })
        var compared = 0
        var covered = 0
        var mismatches: [String] = []
        for heading in headings.sorted() {
            for tail in UInt32(0)..<10_000 {
                let code = HSCode(value: heading * 10_000 + tail)!
                let built = LookupKey(list.lookup(code))
                if built != LookupKey(fromFile.lookup(code)), mismatches.count < 5 { mismatches.append(code.digits) }
                if built.entryLine != nil { covered += 1 }
                compared += 1
            }
        }
        var random = SplitMix64(state: 30_112_018)
        for _ in 0..<200_000 {
            let code = HSCode(value: UInt32.random(in: 0..<100_000_000, using: &random))!
            if LookupKey(list.lookup(code)) != LookupKey(fromFile.lookup(code)), mismatches.count < 5 {
                mismatches.append(code.digits)
            }
            compared += 1
        }
        #expect(mismatches.isEmpty, "built-in and CSV disagree on \(mismatches)")
        #expect(headings.count == 17, "13 headings of the Appendix and 4 more watched: 8473, 8504, 8524, 8529")
        #expect(compared == 370_000)
        #expect(covered == 11 * 10_000 + 9 + 18, "11 whole headings, the nine 8443 lines and the 18 8544 lines")
    }

    @Test func parsesWithItsProvenance() throws {
        let list = ProhibitedList.builtIn
        #expect(list.name == "Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import")
        #expect(list.source == "built-in")
        #expect(list.metadata.effectiveDate == "2018-11-30")
        #expect(list.metadata.basis?.hasPrefix("Circular 11/2018/TT-BTTTT Appendix, whole, from the Official Gazette") == true)
        let fromFile = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "f", source: "f")
        #expect(list.sha256 == fromFile.sha256)
        #expect(list.sha256 == ProhibitedList.hexSHA256(try bytes(of: sourcePath)), "the SHA-256 of the source file")
        #expect(list.sha256.count == 64)
        #expect(list.sha256.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(list.entries.allSatisfy { $0.notes.map(\.name) == ["source", "confidence"] })
        #expect(list.entries.first?.line == 5, "the three comment lines and the header come first")
    }

    /// Circular 11/2018 Appendix: 40 rows, two headers over listed lines and 11 whole headings.
    @Test func theAppendixRows() throws {
        let rows = ProhibitedList.builtIn.entries.filter { $0.role != .review }
        #expect(rows.count == 40)
        #expect(rows.filter { $0.role == .header }.map(\.written) == ["8443", "8544"])
        #expect(
            rows.filter { $0.role == .entry && $0.code.count == 4 }.map(\.code) == [
                "8470", "8471", "8517", "8518", "8525", "8526", "8527", "8528", "8534", "8540", "8542",
            ])
        #expect(
            rows.filter { $0.code.hasPrefix("8443") && $0.code.count == 8 }.map(\.code) == [
                "84433119", "84433129", "84433139", "84433219", "84433229", "84433239", "84433249", "84433290", "84439920",
            ])
        #expect(
            rows.filter { $0.code.hasPrefix("8544") && $0.code.count == 8 }.map(\.code) == [
                "85444211", "85444213", "85444219", "85444221", "85444223", "85444911", "85444913", "85444919",
                "85444921", "85444922", "85444923", "85444924", "85444929", "85444931", "85444932", "85444939",
                "85447010", "85447090",
            ])
        for row in rows {
            #expect(row.basis.hasPrefix("Circular 11/2018/TT-BTTTT Appendix"), "\(row.written)")
            #expect(row.note(named: "source")?.hasPrefix("Official Gazette (Cong bao) no. 1011+1012 of 30-10-2018") == true)
            #expect(row.confidence == "high")
            #expect(!row.descriptionVI.isEmpty && !row.descriptionEN.isEmpty)
        }
    }

    @Test(
        .enabled(
            if: BuiltinListTests.appendix != nil,
            "skipped: shared/reference/used-it-list-appendix.csv is not beside the package (or DECLAUDIT_SHARED)"))
    func builtInIsTheReferenceAppendixRowForRow() throws {
        let reference = try table([UInt8](Data(contentsOf: try #require(Self.appendix))))
        let list = ProhibitedList.builtIn
        #expect(list.entries.count == reference.count)
        for (row, entry) in zip(reference, list.entries) {
            #expect(entry.written == row["code"])
            #expect(entry.role.rawValue == row["role"])
            #expect(entry.descriptionVI == row["description_vi"])
            #expect(entry.descriptionEN == row["description_en"])
            #expect(entry.basis == row["basis"])
            #expect(entry.note(named: "source") == row["source"])
            #expect(entry.confidence == row["confidence"])
        }
    }

    @Test func reviewRowsForPartsAccessoriesAndUnlistedLines() throws {
        let reviews = ProhibitedList.builtIn.reviewHeadings
        #expect(reviews.map(\.written) == ["8443", "8473", "8504.40", "8524", "8529", "8544"])
        for review in reviews {
            #expect(review.confidence == "n/a")
            #expect(review.basis.hasPrefix("watched: "))
            #expect(review.note(named: "source") == "declaudit design (not on the Appendix)")
            #expect(!review.descriptionVI.isEmpty && !review.descriptionEN.isEmpty)
        }
        #expect(reviews[0].basis.contains("8443.32.49"), "the 2017 line that no longer exists is named")
    }

    @Test(
        arguments: [
            ("8471.30.20", "8471", nil), ("8443.31.19", "84433119", "8443"), ("8443.31.11", nil, "8443"),
            ("8443.99.20", "84439920", "8443"), ("8443.99.10", nil, "8443"), ("8504.40.11", nil, "8504.40"),
            ("8504.31.10", nil, nil), ("8517.12.00", "8517", nil), ("8542.31.00", "8542", nil),
            ("8544.42.11", "85444211", "8544"), ("8544.11.20", nil, "8544"), ("8470.10.00", "8470", nil),
            ("8469.00.00", nil, nil), ("9001.10.10", nil, nil), ("8443.32.90", "84433290", "8443"),
            ("8528.72.92", "8528", nil), ("8472.90.90", nil, nil), ("8523.51.00", nil, nil),
            ("8541.10.00", nil, nil), ("8543.70.90", nil, nil), ("8519.81.10", nil, nil),
        ] as [(String, String?, String?)])
    func lookups(code: String, entry: String?, review: String?) throws {
        let match = ProhibitedList.builtIn.lookup(try #require(HSCode(normalizing: code)))
        #expect(match.entry?.written == entry)
        #expect(match.review?.written == review)
    }

    @Test func effectiveEntries() {
        let list = ProhibitedList.builtIn
        #expect(list.effectiveEntryCount == 38)
        #expect(!list.entries.contains { list.isActingAsHeader($0) })
        #expect(list.entries.filter { $0.role == .header }.map(\.written) == ["8443", "8544"])
    }

    @Test func trieAgreesWithLinearScanOverChapters84And85() throws {
        let list = ProhibitedList.builtIn
        let entries = list.entries.filter { $0.role == .entry }
        let effective = entries.filter { row in
            !entries.contains { $0.code.count > row.code.count && $0.code.hasPrefix(row.code) }
        }
        var state: UInt64 = 2018
        var covered = 0
        for _ in 0..<5_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let value = 84_000_000 + UInt32((state >> 33) % 2_000_000)
            let code = try #require(HSCode(value: value))
            let digits = code.digits
            let entry = effective.filter { digits.hasPrefix($0.code) }.max { $0.code.count < $1.code.count }
            let review = list.reviewHeadings.filter { digits.hasPrefix($0.code) }.max { $0.code.count < $1.code.count }
            let match = list.lookup(code)
            #expect(match.entry == entry, "\(digits)")
            #expect(match.review == review, "\(digits)")
            if match.entry != nil { covered += 1 }
        }
        #expect(covered > 100)
    }
}
