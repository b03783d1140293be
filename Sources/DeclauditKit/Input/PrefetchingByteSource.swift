/// Runs another source (a gzip decompressor) on a thread of its own, a few chunks ahead of the
/// parser: decompression and parsing then take a core each instead of sharing one. The chunks go
/// round a fixed ring, so memory stays the same whatever the input's size. The upstream's error
/// reaches the reader at the same place in the stream as it would without the thread.
final class PrefetchingByteSource: ByteSource {
    /// A slot handed to the reader: its bytes, or -1 for the slot that carries `failure`.
    private struct Filled: Sendable {
        let index: Int
        let count: Int
    }

    /// What the two threads share. Slots change hands through the channels: the producer fills
    /// only a slot it received from `free` and publishes it on `filled`; the reader uses it only
    /// after receiving it there and sends it back on `free`. So each slot, and `failure` (written
    /// before its slot is sent), has one owner at a time.
    private final class Ring: @unchecked Sendable {
        let upstream: ByteSource
        let slots: [UnsafeMutableRawBufferPointer]
        var failure: DeclauditError?
        let filled: BoundedChannel<Filled>
        /// `finish` stops the producer.
        let free: BoundedChannel<Int>

        init(upstream: ByteSource, slotSize: Int, slotCount: Int) {
            self.upstream = upstream
            slots = (0..<slotCount).map { _ in .allocate(byteCount: slotSize, alignment: 16) }
            // Never more values in either than there are slots: no send blocks.
            filled = BoundedChannel(capacity: slotCount)
            free = BoundedChannel(capacity: slotCount)
            for index in 0..<slotCount { free.send(index) }
        }

        deinit {
            for slot in slots { slot.deallocate() }
        }

        /// The producer thread: fills slots until the end of the stream, an error or `free` finishes.
        func produce() {
            while case .value(let index) = free.receive() {
                let slot = slots[index]
                var count = 0
                var error: DeclauditError?
                do throws(DeclauditError) {
                    while count < slot.count {
                        let got = try upstream.read(into: UnsafeMutableRawBufferPointer(rebasing: slot[count...]))
                        if got == 0 { break }
                        count += got
                    }
                } catch let caught {
                    error = caught
                }
                if let error, count == 0 {
                    failure = error
                    filled.send(Filled(index: index, count: -1))
                    return
                }
                filled.send(Filled(index: index, count: count))
                if let error {
                    // The bytes before the error are published; the error follows in the next slot.
                    guard case .value(let next) = free.receive() else { return }
                    failure = error
                    filled.send(Filled(index: next, count: -1))
                    return
                }
                if count == 0 { return }
            }
        }
    }

    private let ring: Ring
    private let producer: Worker<Void>
    /// The slot being read, how far, and whether the stream has ended.
    private var index = -1
    private var offset = 0
    private var available = 0
    private var ended = false

    init(upstream: ByteSource, slotSize: Int = 1 << 18, slotCount: Int = 4) {
        let ring = Ring(upstream: upstream, slotSize: slotSize, slotCount: slotCount)
        self.ring = ring
        producer = Worker(name: "declaudit-inflate") { ring.produce() }
    }

    deinit {
        // Wakes the producer if it waits for a free slot; it stops there.
        ring.free.finish()
        producer.wait()
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        guard buffer.count > 0 else { return 0 }
        while offset == available {
            if ended {
                if let failure = ring.failure {
                    ring.failure = nil
                    throw failure
                }
                return 0
            }
            if index >= 0 { ring.free.send(index) }
            guard case .value(let slot) = ring.filled.receive() else {
                preconditionFailure("the producer never finishes `filled`")
            }
            index = slot.index
            offset = 0
            available = max(slot.count, 0)
            if slot.count <= 0 { ended = true }
        }
        let count = min(buffer.count, available - offset)
        buffer.baseAddress!.copyMemory(from: ring.slots[index].baseAddress! + offset, byteCount: count)
        offset += count
        return count
    }
}
