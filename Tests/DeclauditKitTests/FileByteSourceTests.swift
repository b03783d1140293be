import Foundation
import Testing

@testable import DeclauditKit

/// A file of `count` bytes whose every byte says where it is.
private func fileOf(_ count: Int) throws -> (path: String, bytes: [UInt8]) {
    let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
    let path = FileManager.default.temporaryDirectory.path + "/declaudit-bytes-\(UUID().uuidString)"
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    return (path, bytes)
}

/// Reads to the end in requests of the sizes given, round and round; the sizes each read returned.
private func drain(_ source: FileByteSource, requests: [Int]) throws -> (bytes: [UInt8], reads: [Int]) {
    var all: [UInt8] = []
    var reads: [Int] = []
    for index in 0... {
        let size = requests[index % requests.count]
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 1)
        defer { buffer.deallocate() }
        let got = try source.read(into: buffer)
        if got == 0 { return (all, reads) }
        #expect(got <= size)
        reads.append(got)
        all += buffer[..<got]
    }
    return (all, reads)
}

@Suite struct FileByteSourceTests {
    /// libxml2's 4,000-byte requests, a request larger than the read-ahead, and odd sizes all
    /// give the file back byte for byte.
    @Test(arguments: [[4000], [1], [7, 4000, 70_000], [1 << 17], [65_536, 3]])
    func givesTheFileBack(requests: [Int]) throws {
        let (path, bytes) = try fileOf(300_001)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try FileByteSource(path: path, label: "bytes")
        let (read, _) = try drain(source, requests: requests)
        #expect(read == bytes)
    }

    /// What `peek` looked at is read again, and the first read is filled whole even though
    /// the peek left only two bytes: libxml2 sniffs a byte-order mark in it.
    @Test func peekedBytesAreReadAgainAndTheFirstReadIsWhole() throws {
        let (path, bytes) = try fileOf(10_000)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try FileByteSource(path: path, label: "bytes")
        #expect(try source.peek(2) == Array(bytes[..<2]))
        #expect(try source.peek(2) == Array(bytes[..<2]))
        let (read, reads) = try drain(source, requests: [4000])
        #expect(read == bytes)
        #expect(reads == [4000, 4000, 2000])
    }

    @Test func emptyFileAndPeekPastTheEnd() throws {
        let (path, _) = try fileOf(0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try FileByteSource(path: path, label: "empty")
        #expect(try source.peek(2).isEmpty)
        let (read, reads) = try drain(source, requests: [4000])
        #expect(read.isEmpty && reads.isEmpty)
    }

    @Test func shortFileIsPeekedShort() throws {
        let (path, bytes) = try fileOf(1)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try FileByteSource(path: path, label: "one")
        #expect(try source.peek(2) == bytes)
        #expect(try drain(source, requests: [4000]).bytes == bytes)
    }
}
