@testable import DeclauditKit
import Foundation
import Testing

private func bytes(of relativePath: String) throws -> [UInt8] { try packageFileBytes(relativePath) }

/// Rows of a CSV file as dictionaries keyed by the header's names.
private func table(_ bytes: [UInt8]) throws -> [[String: String]] {
    let records = try CSVRecordReader.records(in: bytes).filter { !$0.isBlank }
    let names = try #require(records.first).fields
    return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(names, $0.fields)) }
}

@Suite struct BuiltinListTests {
    private let sourcePath = builtInSourcePath
    /// shared/ sits beside the repository, here and in CI.
    private let verifiedPath = "../shared/reference/used-it-list-verified.csv"

    /// The CSV is the single source of truth: editing it without regenerating fails here.
    @Test func embeddedBytesAreTheCompiledCSV() throws {
        let compiled = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "used-it-list.csv", source: "any").compiled()
        let embedded = builtInCompiledList
        let difference = zip(embedded, compiled).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? (embedded.count == compiled.count ? nil : min(embedded.count, compiled.count))
        #expect(
            difference == nil,
            "BuiltinList+Compiled.swift differs from compiling used-it-list.csv at byte \(difference ?? 0) (\(embedded.count) vs \(compiled.count) bytes): regenerate it (command at its top)")
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
        #expect(headings.count == 23)
        #expect(compared == 430_000)
        #expect(covered == 5 * 10_000 + 9, "8470, 8471, 8517, 8518, 8544 whole, and the nine 8443 lines")
    }

    @Test func parsesWithItsProvenance() throws {
        let list = ProhibitedList.builtIn
        #expect(list.name == "Used IT products prohibited from import (verified rows)")
        #expect(list.source == "built-in")
        #expect(list.metadata == ListMetadata(
            name: "Used IT products prohibited from import (verified rows)",
            basis: "Circular 11/2018/TT-BTTTT Appendix (partial, verified rows) + IT-type review headings",
            effectiveDate: "2018-11-30"))
        let fromFile = try ProhibitedList.parse(csv: bytes(of: sourcePath), name: "f", source: "f")
        #expect(list.sha256 == fromFile.sha256)
        #expect(list.sha256 == ProhibitedList.hexSHA256(try bytes(of: sourcePath)), "the SHA-256 of the source file")
        #expect(list.sha256.count == 64)
        #expect(list.sha256.allSatisfy { "0123456789abcdef".contains($0) })
        #expect(list.entries.allSatisfy { $0.notes.map(\.name) == ["confidence"] })
        #expect(list.entries.first?.line == 5, "the three comment lines and the header come first")
    }

    @Test func everyVerifiedRowIsPresentWithItsBasisAndConfidence() throws {
        let verified = try table(bytes(of: verifiedPath))
        #expect(verified.count == 15)
        let list = ProhibitedList.builtIn
        for row in verified {
            let written = try #require(row["code"])
            let role = try #require(ListRole(rawValue: row["role"] ?? ""))
            let found = try #require(
                list.entries.first { $0.written == written && $0.role == role }, "\(written) \(role) missing")
            #expect(found.code == written.filter(\.isNumber))
            #expect(found.code.count == Int(row["digits"] ?? ""))
            #expect(found.basis == row["basis"])
            #expect(found.confidence == row["confidence"])
            #expect(found.descriptionVI == row["description_vi"])
            #expect(found.descriptionEN == row["description_en"])
        }
        #expect(list.entries.filter { $0.role != .review }.count == verified.count, "only verified rows are entries or headers")
    }

    @Test func reviewRowsForTheITHeadings() throws {
        let expected = ["8443", "8469", "8470", "8471", "8472", "8473", "8504.40", "8517", "8518", "8519", "8521",
                        "8522", "8523", "8524", "8525", "8526", "8527", "8528", "8529", "8541", "8542", "8543", "8544"]
        let reviews = ProhibitedList.builtIn.reviewHeadings
        #expect(reviews.map(\.written) == expected)
        for review in reviews {
            #expect(review.confidence == "n/a")
            #expect(review.basis.contains("verified list is incomplete"))
            #expect(!review.descriptionVI.isEmpty && !review.descriptionEN.isEmpty)
        }
    }

    @Test(arguments: [
        ("8471.30.20", "8471", "8471"), ("8443.31.19", "84433119", "8443"), ("8443.31.11", nil, "8443"),
        ("8443.99.20", "84439920", "8443"), ("8443.99.10", nil, "8443"), ("8504.40.11", nil, "8504.40"),
        ("8504.31.10", nil, nil), ("8517.12.00", "8517", "8517"), ("8542.31.00", nil, "8542"),
        ("8544.42.11", "8544", "8544"), ("8470.10.00", "8470", "8470"), ("8469.00.00", nil, "8469"),
        ("9001.10.10", nil, nil), ("8443.32.90", "84433290", "8443"),
    ] as [(String, String?, String?)])
    func lookups(code: String, entry: String?, review: String?) throws {
        let match = ProhibitedList.builtIn.lookup(try #require(HSCode(normalizing: code)))
        #expect(match.entry?.written == entry)
        #expect(match.review?.written == review)
    }

    @Test func effectiveEntries() {
        let list = ProhibitedList.builtIn
        #expect(list.effectiveEntryCount == 14)
        #expect(!list.entries.contains { list.isActingAsHeader($0) })
        #expect(list.entries.filter { $0.role == .header }.map(\.written) == ["8443"])
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
