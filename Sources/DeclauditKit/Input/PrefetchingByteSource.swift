import Dispatch
import Foundation
import Synchronization

/// Runs another source (a gzip decompressor) on a thread of its own, a few chunks ahead of the
/// parser: decompression and parsing then take a core each instead of sharing one. The chunks go
/// round a fixed ring, so memory stays the same whatever the input's size. The upstream's error
/// reaches the reader at the same place in the stream as it would without the thread.
final class PrefetchingByteSource: ByteSource {
    /// What the two threads share. The semaphores hand each slot over: the producer fills a slot
    /// only after taking a `free` permit and publishes it with `filled`; the reader uses it only
    /// after taking that `filled` permit and gives it back with `free`.
    private final class Ring: @unchecked Sendable {
        let upstream: ByteSource
        let slots: [UnsafeMutableRawBufferPointer]
        /// Bytes in each slot; -1 marks the slot that carries `failure` (the last one).
        var counts: [Int]
        var failure: DeclauditError?
        let filled = DispatchSemaphore(value: 0)
        let free: DispatchSemaphore
        let stopped = DispatchSemaphore(value: 0)
        let cancelled = Atomic<Bool>(false)

        init(upstream: ByteSource, slotSize: Int, slotCount: Int) {
            self.upstream = upstream
            slots = (0..<slotCount).map { _ in .allocate(byteCount: slotSize, alignment: 16) }
            counts = Array(repeating: 0, count: slotCount)
            // Created at 0 and raised: libdispatch traps when a semaphore is freed below the value
            // it was created with, which `free` would be after an early stop.
            free = DispatchSemaphore(value: 0)
            for _ in 0..<slotCount { free.signal() }
        }

        deinit {
            for slot in slots { slot.deallocate() }
        }

        /// The producer thread: fills slots until the end of the stream, an error or cancellation.
        func produce() {
            var index = 0
            while true {
                free.wait()
                if cancelled.load(ordering: .acquiring) { break }
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
                    counts[index] = -1
                    filled.signal()
                    break
                }
                counts[index] = count
                filled.signal()
                index = (index + 1) % slots.count
                if let error {
                    // The bytes before the error are published; the error follows in the next slot.
                    free.wait()
                    if cancelled.load(ordering: .acquiring) { break }
                    failure = error
                    counts[index] = -1
                    filled.signal()
                    break
                }
                if count == 0 { break }
            }
            stopped.signal()
        }
    }

    private let ring: Ring
    /// The slot being read, how far, and whether the stream has ended.
    private var index = -1
    private var offset = 0
    private var available = 0
    private var ended = false

    init(upstream: ByteSource, slotSize: Int = 1 << 18, slotCount: Int = 4) {
        let ring = Ring(upstream: upstream, slotSize: slotSize, slotCount: slotCount)
        self.ring = ring
        let thread = Thread { ring.produce() }
        thread.name = "declaudit-inflate"
        thread.start()
    }

    deinit {
        ring.cancelled.store(true, ordering: .releasing)
        // Wake the producer if it waits for a free slot; it stops at its next check.
        ring.free.signal()
        ring.stopped.wait()
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
            if index >= 0 { ring.free.signal() }
            ring.filled.wait()
            index = (index + 1) % ring.slots.count
            offset = 0
            available = max(ring.counts[index], 0)
            if ring.counts[index] <= 0 { ended = true }
        }
        let count = min(buffer.count, available - offset)
        buffer.baseAddress!.copyMemory(from: ring.slots[index].baseAddress! + offset, byteCount: count)
        offset += count
        return count
    }
}
