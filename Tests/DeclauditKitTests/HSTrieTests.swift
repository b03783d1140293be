import Testing

@testable import DeclauditKit

@Suite struct HSTrieTests {
    @Test func emptyTrieFindsNothing() {
        let trie = HSTrie()
        #expect(trie.lookup(84_713_020) == (entry: -1, review: -1))
        #expect(trie.nodeCount == 1)
    }

    @Test func deepestPayloadOfEachSlotWins() {
        var trie = HSTrie()
        trie.insert(digits: "8443", slot: .review, payload: 0)
        trie.insert(digits: "84433119", slot: .entry, payload: 1)
        trie.insert(digits: "844399", slot: .review, payload: 2)
        trie.insert(digits: "8471", slot: .entry, payload: 3)
        #expect(trie.lookup(84_433_119) == (entry: 1, review: 0))
        #expect(trie.lookup(84_433_111) == (entry: -1, review: 0))
        #expect(trie.lookup(84_439_920) == (entry: -1, review: 2))
        #expect(trie.lookup(84_713_020) == (entry: 3, review: -1))
        #expect(trie.lookup(84_720_000) == (entry: -1, review: -1))
        #expect(trie.lookup(8_443_311) == (entry: -1, review: -1), "08443311 is not under 8443")
    }

    @Test func sharedPrefixesShareNodes() {
        var trie = HSTrie()
        trie.insert(digits: "8443", slot: .entry, payload: 0)
        trie.insert(digits: "8444", slot: .entry, payload: 1)
        trie.insert(digits: "8443", slot: .review, payload: 2)
        // root + 8, 84, 844 + 8443, 8444
        #expect(trie.nodeCount == 6)
        #expect(trie.children.count == 60)
        #expect(trie.lookup(84_440_000) == (entry: 1, review: -1))
        #expect(trie.lookup(84_430_000) == (entry: 0, review: 2))
    }

    @Test func leadingZeros() {
        var trie = HSTrie()
        trie.insert(digits: "0101", slot: .entry, payload: 7)
        #expect(trie.lookup(1_012_100) == (entry: 7, review: -1))
        #expect(trie.lookup(10_121_000) == (entry: -1, review: -1))
    }

    @Test func listBuildsItsTrieFromEffectiveEntriesOnly() throws {
        let list = try ProhibitedList.parse(
            csv: Array(
                "code,role,description_vi,description_en,basis\n8471,entry,,,\n84713020,entry,,,\n8471,review,,,\n8443,header,,,\n"
                    .utf8),
            name: "t", source: "t")
        // The acting header 8471 and the header row 8443 carry no entry payload.
        #expect(list.trie.lookup(84_713_090) == (entry: -1, review: 2))
        #expect(list.trie.lookup(84_713_020) == (entry: 1, review: 2))
        #expect(list.trie.lookup(84_433_111) == (entry: -1, review: -1))
    }

    @Test func builtTriesHaveAValidShape() throws {
        var trie = HSTrie()
        #expect(trie.shapeProblem(payloadLimit: 0) == nil)
        trie.insert(digits: "84433119", slot: .entry, payload: 0)
        trie.insert(digits: "8471", slot: .review, payload: 1)
        #expect(trie.shapeProblem(payloadLimit: 2) == nil)
        #expect(trie.shapeProblem(payloadLimit: 1)?.contains("names entry 1") == true)
        #expect(trie.node(for: "8471").map { trie.reviewPayload[$0] } == 1)
        #expect(trie.node(for: "8472") == nil)
    }

    /// Arrays that `insert` could never build are named, so a crafted file cannot make `lookup`
    /// index out of bounds or loop.
    @Test func malformedArraysAreRefused() {
        func problem(
            _ children: [Int32], entry: [Int32]? = nil, review: [Int32]? = nil, periods: [Int32] = [], limit: Int = 5
        ) -> String? {
            let count = children.count / 10
            return HSTrie(
                children: children, entryPayload: entry ?? Array(repeating: -1, count: count),
                reviewPayload: review ?? Array(repeating: -1, count: count), periods: periods
            ).shapeProblem(payloadLimit: limit)
        }
        func node(_ pairs: [Int: Int32]) -> [Int32] {
            (0..<10).map { pairs[$0] ?? 0 }
        }
        let open: [Int32] = [ListDay.earliest, ListDay.latest]
        #expect(problem(node([:])) == nil)
        #expect(problem([])?.contains("no root") == true)
        #expect(problem(node([8: 1]) + node([:]), entry: [-1]) == "the trie's arrays disagree in size")
        #expect(problem(node([8: 2]) + node([:]))?.contains("points to node 2") == true)
        #expect(problem(node([8: -3]) + node([:]))?.contains("points to node -3") == true)
        #expect(problem(node([8: 1, 9: 1]) + node([:])) == "trie node 1 is reached twice")
        #expect(problem(node([8: 1]) + node([4: 1])) == "trie node 1 is reached twice", "a cycle")
        #expect(problem(node([8: 1]) + node([:]) + node([:])) == "1 trie nodes are not reached from the root")
        #expect(
            problem(node([8: 1]) + node([:]) + node([1: 2])) == "1 trie nodes are not reached from the root", "an orphan cycle")
        let chain = (0..<10).flatMap { node($0 < 9 ? [1: Int32($0 + 1)] : [:]) }
        #expect(problem(chain) == "the trie is deeper than 8 digits")
        let deepest = (0..<9).flatMap { node($0 < 8 ? [1: Int32($0 + 1)] : [:]) }
        #expect(problem(deepest) == nil, "8 digits deep is fine")
        #expect(problem(node([:]), entry: [0], periods: open + [5, -1])?.contains("names entry 5") == true)
        #expect(problem(node([:]), review: [0], periods: open + [-2, -1])?.contains("names entry -2") == true)
        #expect(problem(node([:]), entry: [3], periods: open + [0, -1])?.contains("names period 3") == true)
        #expect(problem(node([:]), entry: [0], periods: open + [0, 0]) == "trie period 0 is reached twice", "a chain that loops")
        #expect(
            problem(node([:]), entry: [0], periods: open + [0, -1] + open + [1, -1]) == "trie period 1 is not reached from a node"
        )
        #expect(problem(node([:]), entry: [0], periods: [10, 9, 0, -1]) == "trie period 0 ends before it starts")
        #expect(problem(node([:]), entry: [0], periods: [1, 2, 0]) == "the trie's arrays disagree in size")
    }

    /// A code with rows for several periods: the day picks the row, a day in none finds nothing.
    @Test func lookupByDayScansTheNodesPeriods() {
        var trie = HSTrie()
        trie.insert(digits: "8528", slot: .entry, payload: 0, from: 100, to: 199)
        trie.insert(digits: "8528", slot: .entry, payload: 1, from: 300, to: ListDay.latest)
        trie.insert(digits: "852872", slot: .entry, payload: 2, from: 150, to: 160)
        trie.insert(digits: "8528", slot: .review, payload: 3)
        #expect(trie.lookup(85_287_292, on: 99) == (entry: -1, review: 3))
        #expect(trie.lookup(85_287_292, on: 100) == (entry: 0, review: 3))
        #expect(trie.lookup(85_287_292, on: 155) == (entry: 2, review: 3), "the deeper row wins when in force")
        #expect(trie.lookup(85_287_292, on: 199) == (entry: 0, review: 3))
        #expect(trie.lookup(85_287_292, on: 250) == (entry: -1, review: 3))
        #expect(trie.lookup(85_287_292, on: 300) == (entry: 1, review: 3))
        #expect(trie.lookup(85_287_292) == (entry: 1, review: 3), "no day: the open-ended row")
        #expect(trie.coversOnSomeDay(85_287_292))
        #expect(!trie.coversOnSomeDay(85_270_000))
        #expect(trie.shapeProblem(payloadLimit: 4) == nil)
    }
}
