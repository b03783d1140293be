import Synchronization
import Testing

@testable import DeclauditKit

/// The one way work changes threads: `BoundedChannel` and `Worker`.
@Suite struct ConcurrencyTests {
    @Test func aChannelDeliversEachProducersValuesInOrderThenItsFinish() {
        let channel = BoundedChannel<Int>(capacity: 2)
        let producers = (0..<3).map { producer in
            Worker { () -> Int in
                for value in 0..<50 { channel.send(producer * 1000 + value) }
                channel.finish()
                return producer
            }
        }
        var received: [Int: [Int]] = [:]
        var finished = 0
        while finished < producers.count {
            switch channel.receive() {
            case .value(let value): received[value / 1000, default: []].append(value % 1000)
            case .finished: finished += 1
            }
        }
        #expect(producers.map { $0.wait() } == [0, 1, 2])
        for producer in 0..<3 {
            #expect(received[producer] == Array(0..<50), "producer \(producer)'s values in the order sent")
        }
    }

    @Test func aChannelHoldsAtMostItsCapacityBeforeTheConsumerTakes() {
        // The producer sends 3 values into a channel of 1: when the consumer takes the first,
        // the producer cannot have sent more than the first two.
        let channel = BoundedChannel<Int>(capacity: 1)
        let sent = Atomic<Int>(0)
        let producer = Worker { () -> Bool in
            for value in 0..<3 {
                channel.send(value)
                sent.add(1, ordering: .sequentiallyConsistent)
            }
            channel.finish()
            return true
        }
        var values: [Int] = []
        while case .value(let value) = channel.receive() {
            if values.isEmpty { #expect(sent.load(ordering: .sequentiallyConsistent) <= 2) }
            values.append(value)
        }
        #expect(producer.wait())
        #expect(values == [0, 1, 2])
    }

    @Test func aWorkerHandsBackWhatItsBodyReturned() {
        let worker = Worker { (1...100).reduce(0, +) }
        #expect(worker.wait() == 5050)
    }

    @Test(arguments: [0, 1, 2, 7])
    func workersForEachIndexGiveResultsInIndexOrder(count: Int) {
        let ran = Mutex<Set<Int>>([])
        let results = Worker.all(count) { index in
            ran.withLock { _ = $0.insert(index) }
            return index * index
        }
        #expect(results == (0..<count).map { $0 * $0 })
        #expect(ran.withLock { $0 } == Set(0..<count))
    }
}
