import Foundation
import Testing

@testable import DeclauditKit

/// The package root: the first folder up from this file (symlinks resolved, so a scratch package
/// that links this file also finds the real tree) holding Package.swift and Sources/DeclauditKit.
let packageRoot: URL? = {
    var folder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
    while folder.path != "/" {
        let manifest = folder.appendingPathComponent("Package.swift").path
        let kit = folder.appendingPathComponent("Sources/DeclauditKit").path
        if FileManager.default.fileExists(atPath: manifest), FileManager.default.fileExists(atPath: kit) {
            return folder
        }
        folder = folder.deletingLastPathComponent()
    }
    return nil
}()

func packageFileBytes(_ relativePath: String) throws -> [UInt8] {
    let root = try #require(packageRoot, "package root not found above \(#filePath)")
    let path = root.appendingPathComponent(relativePath).path
    let data = try #require(FileManager.default.contents(atPath: path), "cannot read \(path)")
    return [UInt8](data)
}

let builtInSourcePath = "Sources/DeclauditKit/List/used-it-list.csv"

/// A deterministic generator, so a failure can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// What a lookup found, as the source lines of the rows (unique within a list), cheap to compare
/// in bulk.
struct LookupKey: Hashable, CustomStringConvertible {
    var entryLine: Int?
    var reviewLine: Int?
    init(_ match: ListMatch) {
        entryLine = match.entry?.line
        reviewLine = match.review?.line
    }
    init(entry: ListEntry?, review: ListEntry?) {
        entryLine = entry?.line
        reviewLine = review?.line
    }
    var description: String { "entry row \(entryLine.map(String.init) ?? "-"), review row \(reviewLine.map(String.init) ?? "-")" }
}

/// A fresh empty folder under the temporary directory.
func temporaryFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-list-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
}

/// Circular 11/2018 Art. 2 and "most specific wins", written the slow obvious way from the rows
/// alone: the reference the trie (built or loaded) must agree with.
func naiveLookup(_ entries: [ListEntry], _ digits: String) -> (entry: ListEntry?, review: ListEntry?) {
    let entryRows = entries.filter { $0.role == .entry }
    let effective = entryRows.filter { row in
        !entryRows.contains { $0.code.count > row.code.count && $0.code.hasPrefix(row.code) }
    }
    let entry = effective.filter { digits.hasPrefix($0.code) }.max { $0.code.count < $1.code.count }
    let review = entries.filter { $0.role == .review && digits.hasPrefix($0.code) }
        .max { $0.code.count < $1.code.count }
    return (entry, review)
}
