import Testing

@testable import DeclauditKit

@Suite struct ThreadPriorityTests {
    /// The judging thread lowers its own priority; the thread that made it (the reader) keeps its own.
    @Test func lowersTheCallingThreadOnly() throws {
        let before = try #require(ThreadPriority.niceValue)
        let (inside, after) = Worker { () -> (Int32?, Int32?) in
            let inside = ThreadPriority.niceValue
            ThreadPriority.lowerCurrent(by: 5)
            return (inside, ThreadPriority.niceValue)
        }.wait()
        #expect(inside == before)
        #expect(after == min(19, before + 5))
        #expect(ThreadPriority.niceValue == before)
    }
}
