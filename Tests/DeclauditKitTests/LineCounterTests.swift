import Testing

@testable import DeclauditKit

@Suite struct LineCounterTests {
    /// The word-at-a-time count against a byte loop, in chunks of every length from 0 to 40 bytes
    /// (so at every alignment), with bytes that differ from a line feed by one bit among them.
    @Test func countsLikeAByteLoop() {
        let pool: [UInt8] = [0x0A, 0x0A, 0x0D, 0x00, 0x0B, 0x8A, 0x7F, 0xFF, 0x41, 0x09, 0x2A, 0x0E]
        var state: UInt32 = 12345
        let bytes = (0..<1000).map { _ in
            state = state &* 1_103_515_245 &+ 12345
            return pool[Int(state >> 16) % pool.count]
        }
        var counter = LineCounter()
        var expected = 0
        var previous: UInt8 = 0
        var offset = 0
        var length = 0
        while offset + length <= bytes.count {
            let chunk = bytes[offset..<offset + length]
            chunk.withUnsafeBytes { counter.count($0) }
            for byte in chunk {
                if byte == 0x0D || (byte == 0x0A && previous != 0x0D) { expected += 1 }
                previous = byte
            }
            #expect(counter.breaks == expected)
            offset += length
            length = (length + 1) % 41
        }
        // Every byte value once, each followed by a line feed: 256 line feeds, the one after
        // the carriage return not counted, one more for 0x0A itself and one for the CR.
        let all: [UInt8] = (0...255).flatMap { [UInt8($0), 0x0A] }
        var whole = LineCounter()
        all.withUnsafeBytes { whole.count($0) }
        #expect(whole.breaks == 257)
    }
}
