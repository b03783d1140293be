import Foundation

/// Runs `body` on a thread of its own and hands its result back through a `BoundedChannel`:
/// the audit's threads are all made here, so every hand-off is a channel.
final class Worker<Result: Sendable>: Sendable {
    private let result = BoundedChannel<Result>(capacity: 1)

    init(name: String? = nil, _ body: @escaping @Sendable () -> Result) {
        let result = self.result
        let thread = Thread { result.send(body()) }
        if let name { thread.name = name }
        thread.start()
    }

    /// Blocks until `body` has returned; call once.
    func wait() -> Result {
        guard case .value(let value) = result.receive() else { preconditionFailure("a worker sends one value") }
        return value
    }

    /// Runs `body(0..<count)` on `count` threads (this one included) and returns the results in
    /// index order.
    static func all(_ count: Int, _ body: @escaping @Sendable (Int) -> Result) -> [Result] {
        guard count > 1 else { return count == 1 ? [body(0)] : [] }
        let others = (1..<count).map { index in Worker { body(index) } }
        return [body(0)] + others.map { $0.wait() }
    }
}
