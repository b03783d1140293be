@testable import DeclauditKit
import Testing

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
            csv: Array("code,role,description_vi,description_en,basis\n8471,entry,,,\n84713020,entry,,,\n8471,review,,,\n8443,header,,,\n".utf8),
            name: "t", source: "t")
        // The acting header 8471 and the header row 8443 carry no entry payload.
        #expect(list.trie.lookup(84_713_090) == (entry: -1, review: 2))
        #expect(list.trie.lookup(84_713_020) == (entry: 1, review: 2))
        #expect(list.trie.lookup(84_433_111) == (entry: -1, review: -1))
    }
}
