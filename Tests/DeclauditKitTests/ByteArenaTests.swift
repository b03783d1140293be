import Testing

@testable import DeclauditKit

@Suite struct ByteArenaTests {
    @Test func shortAppendsCopyEveryLengthUpTo16() {
        let arena = ByteArena()
        var expected: [UInt8] = []
        for length in 0...16 {
            let text = (0..<length).map { UInt8(0x41 + (length + $0) % 26) }
            let range = text.withUnsafeBufferPointer { arena.appendShort($0) }
            #expect(range?.start == expected.count)
            #expect(range?.end == expected.count + length)
            expected += text
        }
        #expect(Array(arena.bytes) == expected)
    }

    @Test func appendsWithoutGrowingRefuseLongTextAndAFullArena() {
        let arena = ByteArena()
        let long = [UInt8](repeating: 0x41, count: 17)
        #expect(long.withUnsafeBufferPointer { arena.appendShort($0) } == nil)
        #expect(arena.count == 0)
        // Fill the memory first taken; then nothing more fits, and nothing is appended.
        let chunk = [UInt8](repeating: 0x42, count: 1024)
        while chunk.withUnsafeBytes({ arena.appendWithinCapacity($0) }) {}
        let full = arena.count
        #expect(full > 0 && full % 1024 == 0)
        let three: [UInt8] = [1, 2, 3]
        #expect(three.withUnsafeBufferPointer { arena.appendShort($0) } == nil)
        #expect(three.withUnsafeBytes { arena.appendWithinCapacity($0) } == false)
        #expect(arena.count == full)
        // Empty text always fits.
        #expect([UInt8]().withUnsafeBufferPointer { arena.appendShort($0) }?.start == full)
        // `append` grows the memory.
        three.withUnsafeBytes { arena.append($0) }
        #expect(Array(arena.bytes.suffix(3)) == three)
    }
}
