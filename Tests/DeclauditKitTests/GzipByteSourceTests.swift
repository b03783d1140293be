import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// Reads a source to its end in chunks of `chunk` bytes.
private func drain(_ source: ByteSource, chunk: Int = 4096) throws(DeclauditError) -> [UInt8] {
    var all: [UInt8] = []
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunk, alignment: 1)
    defer { buffer.deallocate() }
    while true {
        let got = try source.read(into: buffer)
        if got == 0 { return all }
        all += buffer[..<got]
    }
}

/// The error a drain ends with, or nil when it ends cleanly.
private func drainError(_ source: ByteSource, chunk: Int = 4096) -> DeclauditError? {
    do throws(DeclauditError) {
        _ = try drain(source, chunk: chunk)
        return nil
    } catch {
        return error
    }
}

/// Text that compresses well but not trivially, with multi-byte characters.
private func sampleText(lines: Int) -> [UInt8] {
    Array((0..<lines).map { "\($0): Máy tính xách tay đã qua sử dụng, số lượng \($0 * 7 % 13)\n" }.joined().utf8)
}

@Suite struct GzipByteSourceTests {
    @Test(arguments: [1, 7, 4096, 1 << 17, 1 << 20])
    func roundTrip(chunk: Int) throws {
        let plain = sampleText(lines: 20_000)
        let source = try GzipByteSource(upstream: MemoryByteSource(try F.gzip(plain)), label: "a.xml.gz")
        #expect(try drain(source, chunk: chunk) == plain)
    }

    @Test func readsAfterTheEndKeepReturningZero() throws {
        let source = try GzipByteSource(upstream: MemoryByteSource(try F.gzip(Array("abc".utf8))), label: "a.gz")
        #expect(try drain(source) == Array("abc".utf8))
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 16, alignment: 1)
        defer { buffer.deallocate() }
        #expect(try source.read(into: buffer) == 0)
        #expect(try source.read(into: buffer) == 0)
    }

    @Test func emptyMemberGivesEmptyOutput() throws {
        let source = try GzipByteSource(upstream: MemoryByteSource(try F.gzip([])), label: "empty.gz")
        #expect(try drain(source).isEmpty)
    }

    @Test func handMadeGzipIsRead() throws {
        // "hello\n" as written by `printf 'hello\n' | gzip -n`: header, stored-free deflate data, CRC32, size.
        let bytes: [UInt8] = [
            0x1F, 0x8B, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0xE7,
            0x02, 0x00, 0x20, 0x30, 0x3A, 0x36, 0x06, 0x00, 0x00, 0x00,
        ]
        let source = try GzipByteSource(upstream: MemoryByteSource(bytes), label: "hello.gz")
        #expect(try drain(source) == Array("hello\n".utf8))
    }

    @Test func multipleMembersAreConcatenated() throws {
        let first = sampleText(lines: 3_000)
        let second = Array("<!-- second member -->\n".utf8)
        let third = sampleText(lines: 10)
        let joined = try F.gzip(first) + F.gzip(second) + F.gzip(third)
        for chunk in [5, 4096, 1 << 20] {
            let source = try GzipByteSource(upstream: MemoryByteSource(joined), label: "cat.gz")
            #expect(try drain(source, chunk: chunk) == first + second + third)
        }
    }

    @Test func truncatedGzipIsAGzipError() throws {
        let compressed = try F.gzip(sampleText(lines: 5_000))
        for cut in [compressed.count - 1, compressed.count - 8, compressed.count / 2, 12] {
            let source = try GzipByteSource(upstream: MemoryByteSource(Array(compressed.prefix(cut))), label: "cut.xml.gz")
            let error = try #require(drainError(source), "cut at \(cut)")
            #expect(error.code == .gzip)
            #expect(error.message == "the gzip data is cut short (unexpected end of file)")
            #expect(error.location == DeclauditKit.SourceLocation(file: "cut.xml.gz"))
        }
    }

    @Test func headerOnlyIsCutShort() throws {
        let source = try GzipByteSource(upstream: MemoryByteSource([0x1F, 0x8B]), label: "two.gz")
        #expect(drainError(source)?.code == .gzip)
    }

    @Test func emptyUpstreamIsAGzipError() throws {
        let source = try GzipByteSource(upstream: MemoryByteSource([]), label: "nothing.gz")
        let error = try #require(drainError(source))
        #expect(error.code == .gzip)
        #expect(error.message == "the gzip file is empty")
    }

    @Test func corruptDataIsAGzipError() throws {
        var compressed = try F.gzip(sampleText(lines: 5_000))
        // Damage the CRC32 in the trailer: the data inflates but does not check.
        compressed[compressed.count - 6] ^= 0xFF
        let source = try GzipByteSource(upstream: MemoryByteSource(compressed), label: "bad.gz")
        let error = try #require(drainError(source))
        #expect(error.code == .gzip)
        #expect(error.message.hasPrefix("not valid gzip data ("))
    }

    @Test func trailingGarbageAfterAMemberIsAGzipError() throws {
        let bytes = try F.gzip(Array("<a/>".utf8)) + Array("not gzip at all".utf8)
        let source = try GzipByteSource(upstream: MemoryByteSource(bytes), label: "tail.gz")
        #expect(drainError(source)?.code == .gzip)
    }

    @Test func zlibStreamIsNotGzip() throws {
        // A zlib (RFC 1950) stream of "hello": inflate with the gzip wrapper only must refuse it.
        let zlib: [UInt8] = [0x78, 0x9C, 0xCB, 0x48, 0xCD, 0xC9, 0xC9, 0x07, 0x00, 0x06, 0x2C, 0x02, 0x15]
        let source = try GzipByteSource(upstream: MemoryByteSource(zlib), label: "z.gz")
        #expect(drainError(source)?.code == .gzip)
    }

    // MARK: through the opener and the document reader

    @Test func gzipFileIsRecognisedByContentWhateverItsName() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let xml = F.dump(
            """
            <Declaration><Number>107000000010</Number><TypeCode>A11</TypeCode>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>Used laptops</Description></Item>
            </Declaration>
            """)
        let compressed = try F.gzip(Array(xml.utf8))
        for name in ["dump.xml.gz", "dump.xml", "dump.GZ"] {
            let path = directory.appendingPathComponent(name).path
            try Data(compressed).write(to: URL(fileURLWithPath: path))
            var numbers: [String] = []
            let outcome = DocumentReader.read(path: path, label: name) { numbers.append($0.number) }
            #expect(outcome.error == nil, "\(name)")
            #expect(numbers == ["107000000010"], "\(name)")
            #expect(outcome.items == 1)
        }
    }

    @Test func gzNameWithoutGzipContentIsAGzipError() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("plain.xml.gz").path
        try Data(F.dump("").utf8).write(to: URL(fileURLWithPath: path))
        do throws(DeclauditError) {
            _ = try InputOpener.open(path: path, label: "plain.xml.gz")
            Issue.record("a .gz name with plain content must be refused")
        } catch {
            #expect(error.code == .gzip)
            #expect(error.message == "the name ends in .gz but the content is not gzip data")
            #expect(error.location == DeclauditKit.SourceLocation(file: "plain.xml.gz"))
        }
        let outcome = DocumentReader.read(path: path, label: "plain.xml.gz") { _ in Issue.record("nothing to emit") }
        #expect(outcome.error?.code == .gzip)
        #expect(outcome.error?.location?.line == nil, "not a problem inside the XML")
    }

    @Test func notGzipFixture() throws {
        let path = try F.fixture("broken/not-gzip.xml.gz").path
        let outcome = DocumentReader.read(path: path, label: "not-gzip.xml.gz") { _ in }
        #expect(outcome.error?.code == .gzip)
    }

    @Test func truncatedGzipFileFailsTheDocument() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let body = (1...200).map { n in
            """
            <Declaration><Number>1070000\(String(format: "%05d", n))</Number><TypeCode>A11</TypeCode>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>Used laptops number \(n)</Description></Item>
            </Declaration>
            """
        }.joined(separator: "\n")
        let compressed = try F.gzip(Array(F.dump(body).utf8))
        let path = directory.appendingPathComponent("cut.xml.gz").path
        try Data(compressed.prefix(compressed.count - 20)).write(to: URL(fileURLWithPath: path))
        var count = 0
        let outcome = DocumentReader.read(path: path, label: "cut.xml.gz") { _ in count += 1 }
        let error = try #require(outcome.error)
        #expect(error.code == .gzip)
        #expect(count > 0, "declarations before the cut are still read")
        #expect(count < 200)
        #expect(outcome.lastDeclarationLine != nil)
    }
}
