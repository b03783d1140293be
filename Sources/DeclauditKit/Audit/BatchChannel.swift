import Dispatch
import Synchronization

/// Hands staged batches from the reading threads to the one thread that owns the database
/// connection (SQLite handles stay on their thread). Bounded: a reader waits while `capacity`
/// batches are queued, so a fast reader cannot pile up memory ahead of the writer.
/// Written by hand: neither Dispatch nor the standard library offers a blocking bounded queue
/// usable from threads outside Swift concurrency.
final class BatchChannel: Sendable {
    enum Message: Sendable {
        case batch(StagedBatch)
        /// A reading thread is done.
        case finished
    }

    private let queue = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore

    init(capacity: Int) {
        slots = DispatchSemaphore(value: capacity)
    }

    func send(_ batch: StagedBatch) {
        slots.wait()
        queue.withLock { $0.append(.batch(batch)) }
        available.signal()
    }

    func finish() {
        queue.withLock { $0.append(.finished) }
        available.signal()
    }

    /// Blocks until a message arrives; messages come in the order sent.
    func receive() -> Message {
        available.wait()
        let message = queue.withLock { $0.removeFirst() }
        if case .batch = message { slots.signal() }
        return message
    }
}
