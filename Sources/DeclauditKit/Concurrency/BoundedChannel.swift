import Foundation

/// Hands values from producing threads to one consuming thread, in order: batches of
/// declarations from a reader to the thread that judges them, staged batches to the thread that
/// owns the database connection (SQLite handles stay on their thread). Bounded: a producer waits
/// while `capacity` values are queued, so a fast producer cannot pile up memory.
/// Written by hand: neither Dispatch nor the standard library offers a blocking bounded queue
/// usable from threads outside Swift concurrency. With `Worker` (a thread whose result comes
/// back through one), the only way work changes threads.
/// Unchecked: `queue` and `queuedValues` are only touched with `condition` locked.
final class BoundedChannel<Value: Sendable>: @unchecked Sendable {
    enum Message: Sendable {
        case value(Value)
        /// A producer is done.
        case finished
    }

    private let condition = NSCondition()
    private let capacity: Int
    private var queue: [Message] = []
    private var queuedValues = 0

    init(capacity: Int) {
        precondition(capacity > 0, "a channel holds at least one value")
        self.capacity = capacity
    }

    /// Blocks while `capacity` values wait to be received.
    func send(_ value: Value) {
        condition.lock()
        while queuedValues >= capacity { condition.wait() }
        queue.append(.value(value))
        queuedValues += 1
        condition.broadcast()
        condition.unlock()
    }

    /// Tells the consumer one producer is done; never blocks.
    func finish() {
        condition.lock()
        queue.append(.finished)
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until a message arrives; messages come in the order sent.
    func receive() -> Message {
        condition.lock()
        while queue.isEmpty { condition.wait() }
        let message = queue.removeFirst()
        if case .value = message { queuedValues -= 1 }
        condition.broadcast()
        condition.unlock()
        return message
    }
}
