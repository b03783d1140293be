import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// Creates `relativePaths` (files; a trailing `/` makes a directory) under `root`.
private func make(_ relativePaths: [String], under root: URL) throws {
    for relative in relativePaths {
        let url = root.appendingPathComponent(relative)
        if relative.hasSuffix("/") {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } else {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("<x/>".utf8).write(to: url)
        }
    }
}

@Suite struct InputExpanderTests {
    @Test func directoriesAreSearchedRecursivelyInSortedOrder() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(
            [
                "b.xml", "a.xml.gz", "B.xml", "c.txt", "d.gz", "e.xml.bak", "f.XML", "g.Xml.GZ", "sub/z.xml", "sub/a.xml",
                "sub/deeper/m.xml.gz", "a-sub/x.xml", "empty/", "xml/", "notes.xml/inner.xml",
            ], under: root)
        let files = InputExpander.expand([root.path])
        let prefix = root.path + "/"
        #expect(
            files.map { String($0.path.dropFirst(prefix.count)) } == [
                "B.xml", "a-sub/x.xml", "a.xml.gz", "b.xml", "f.XML", "g.Xml.GZ", "notes.xml/inner.xml", "sub/a.xml",
                "sub/deeper/m.xml.gz", "sub/z.xml",
            ])
        #expect(files.allSatisfy { $0.problem == nil })
        #expect(files.allSatisfy { $0.label == $0.path }, "the label is the directory as given joined with the path inside it")
    }

    @Test func labelsKeepTheDirectoryAsGiven() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["in/one.xml", "in/two/three.xml.gz"], under: root)
        let given = root.path + "/in/"
        let files = InputExpander.expand([given])
        #expect(files.map(\.label) == [given + "one.xml", given + "two/three.xml.gz"])
        #expect(files.map(\.path) == [given + "one.xml", given + "two/three.xml.gz"])
    }

    @Test func argumentsKeepTheirOrderAndFilesPassAsGiven() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["dir/b.xml", "dir/a.xml", "single.txt"], under: root)
        let missing = root.path + "/missing.xml"
        let files = InputExpander.expand([root.path + "/single.txt", "-", root.path + "/dir", missing])
        #expect(
            files.map(\.label) == [
                root.path + "/single.txt", "-", root.path + "/dir/a.xml", root.path + "/dir/b.xml", missing,
            ])
        #expect(files.allSatisfy { $0.problem == nil }, "a named file is opened later, where a missing one fails")
    }

    /// The contract: a directory with no XML is a failed input (a night that produced nothing
    /// must not look clean).
    @Test func emptyDirectoryIsAFailedInput() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["nothing/", "other.csv"], under: root)
        let files = InputExpander.expand([root.path])
        #expect(files.map(\.label) == [root.path])
        #expect(files.first?.problem?.code == .noInputFiles)
        #expect(InputExpander.expand([]).isEmpty)
    }

    @Test func symlinkLoopBecomesAFailingInput() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["top/a.xml", "top/sub/b.xml"], under: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/top/sub/loop", withDestinationPath: root.path + "/top")
        let files = InputExpander.expand([root.path + "/top"])
        let top = root.path + "/top"
        #expect(files.map(\.label) == [top + "/a.xml", top + "/sub/b.xml", top + "/sub/loop"])
        let loop = try #require(files.last)
        let problem = try #require(loop.problem)
        #expect(problem.code == .inputUnreadable)
        #expect(problem.message.contains("symlink loop"))
        #expect(problem.location == DeclauditKit.SourceLocation(file: top + "/sub/loop"))
        #expect(files.dropLast().allSatisfy { $0.problem == nil })
    }

    @Test func symlinkToASiblingDirectoryIsFollowed() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["top/real/a.xml"], under: root)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/top/link", withDestinationPath: "real")
        let files = InputExpander.expand([root.path + "/top"])
        #expect(files.map { String($0.label.dropFirst(root.path.count)) } == ["/top/link/a.xml", "/top/real/a.xml"])
        #expect(files.allSatisfy { $0.problem == nil })
    }

    @Test func symlinkedFileIsIncluded() throws {
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["elsewhere/data.bin", "top/"], under: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/top/linked.xml", withDestinationPath: root.path + "/elsewhere/data.bin")
        let files = InputExpander.expand([root.path + "/top"])
        #expect(files.map(\.label) == [root.path + "/top/linked.xml"])
    }

    @Test func danglingSymlinkIsAccountedFor() throws {
        // "A symlink loop or an unreadable directory becomes an input that fails, so nothing goes
        // unaccounted": a `*.xml` link to nothing should fail visibly too, not vanish.
        let root = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        try make(["top/a.xml"], under: root)
        try FileManager.default.createSymbolicLink(
            atPath: root.path + "/top/gone.xml", withDestinationPath: root.path + "/nowhere/gone.xml")
        let files = InputExpander.expand([root.path + "/top"])
        #expect(files.first?.label == root.path + "/top/a.xml")
        #expect(files.map(\.label) == [root.path + "/top/a.xml", root.path + "/top/gone.xml"])
        #expect(files.last?.problem?.code == .inputNotFound)
    }

    @Test(arguments: [
        ("a.xml", true), ("a.XML", true), ("a.xml.gz", true), ("A.XML.GZ", true), ("a.gz", false),
        ("a.xml.bak", false), ("xml", false), (".xml", true), ("a.xmlgz", false), ("a.json", false),
    ])
    func auditableNames(name: String, auditable: Bool) {
        #expect(InputExpander.isAuditable(name) == auditable)
    }
}
