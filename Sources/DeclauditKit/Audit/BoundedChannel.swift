import Dispatch
import Synchronization

/// Hands values from producing threads to one consuming thread, in order: batches of
/// declarations from a reader to the thread that judges them, staged batches to the thread that
/// owns the database connection (SQLite handles stay on their thread). Bounded: a producer waits
/// while `capacity` values are queued, so a fast producer cannot pile up memory.
/// Written by hand: neither Dispatch nor the standard library offers a blocking bounded queue
/// usable from threads outside Swift concurrency.
final class BoundedChannel<Value: Sendable>: Sendable {
    enum Message: Sendable {
        case value(Value)
        /// A producer is done.
        case finished
    }

    private let queue = Mutex<[Message]>([])
    private let available = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore

    init(capacity: Int) {
        slots = DispatchSemaphore(value: capacity)
    }

    func send(_ value: Value) {
        slots.wait()
        queue.withLock { $0.append(.value(value)) }
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
        if case .value = message { slots.signal() }
        return message
    }
}
