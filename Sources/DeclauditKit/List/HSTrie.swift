/// A digit trie over list codes, in flat arrays (no object per node), so that a lookup is at most
/// 8 array steps and allocates nothing. Built once per list; payloads lead to the list's rows.
///
/// Rows may apply for a period only, so a node's payload is the first of its periods: a chain in
/// `periods` (from day, to day, row index, next period or -1), a handful at most per code; a
/// lookup on a day scans the chain of each node on its path.
struct HSTrie: Sendable, Hashable {
    /// Which payload a node carries.
    enum Slot: Sendable {
        case entry, review
    }

    /// `children[node * 10 + digit]` is the child node, or 0 for none (the root, node 0, is never
    /// a child).
    private(set) var children: [Int32]
    /// Per node: the first period of the effective entries ending there, or -1.
    private(set) var entryPayload: [Int32]
    /// Per node: the first period of the review headings ending there, or -1.
    private(set) var reviewPayload: [Int32]
    /// `periodWidth` values per period: first day, last day, row index, next period of the same
    /// node and slot (-1 ends the chain).
    private(set) var periods: [Int32]
    static let periodWidth = 4

    init() {
        children = [Int32](repeating: 0, count: 10)
        entryPayload = [-1]
        reviewPayload = [-1]
        periods = []
    }

    /// The arrays of a compiled list. Check them with `shapeProblem(payloadLimit:)` before any
    /// lookup: `lookup` trusts them.
    init(children: [Int32], entryPayload: [Int32], reviewPayload: [Int32], periods: [Int32]) {
        self.children = children
        self.entryPayload = entryPayload
        self.reviewPayload = reviewPayload
        self.periods = periods
    }

    /// A version-1 trie, whose payloads are rows that apply on every day.
    init(children: [Int32], rowPayloads entry: [Int32], _ review: [Int32]) {
        self.children = children
        var periods: [Int32] = []
        func chain(_ row: Int32) -> Int32 {
            guard row >= 0 else { return -1 }
            periods += [ListDay.earliest, ListDay.latest, row, -1]
            return Int32(periods.count / Self.periodWidth - 1)
        }
        entryPayload = entry.map(chain)
        reviewPayload = review.map(chain)
        self.periods = periods
    }

    var periodCount: Int { periods.count / Self.periodWidth }

    /// Per node, the periods of `slot` in chain order: what lookups see, whatever the numbering
    /// of the periods.
    func chains(_ slot: Slot) -> [[Int32]] {
        (slot == .entry ? entryPayload : reviewPayload).map { head in
            var chain: [Int32] = []
            var period = Int(head)
            while period >= 0, period < periodCount, chain.count < periods.count {
                let base = period * Self.periodWidth
                chain += periods[base..<(base + 3)]
                period = Int(periods[base + 3])
            }
            return chain
        }
    }

    /// The same nodes, and the same periods and rows at each: lookups agree on every code and day.
    func coversTheSame(as other: HSTrie) -> Bool {
        children == other.children && chains(.entry) == other.chains(.entry) && chains(.review) == other.chains(.review)
    }

    var nodeCount: Int { entryPayload.count }

    /// Why these arrays are not a trie that `insert` could have built, or nil: array sizes agree,
    /// every child index is a node, every node but the root is reached from the root exactly once
    /// within 8 digits (a tree, no cycles, no orphans), every period is reached exactly once from
    /// one node's chain, and rows are below `payloadLimit`. After this, `lookup` cannot index out
    /// of bounds or loop.
    func shapeProblem(payloadLimit: Int) -> String? {
        let count = nodeCount
        guard count >= 1 else { return "the trie has no root node" }
        guard children.count == count * 10, reviewPayload.count == count, periods.count % Self.periodWidth == 0 else {
            return "the trie's arrays disagree in size"
        }
        var reached = [Bool](repeating: false, count: periodCount)
        for head in entryPayload + reviewPayload {
            var period = Int(head)
            while period != -1 {
                guard period >= 0, period < periodCount else {
                    return "a trie node names period \(period), but the trie has \(periodCount)"
                }
                guard !reached[period] else { return "trie period \(period) is reached twice" }
                reached[period] = true
                let base = period * Self.periodWidth
                let row = periods[base + 2]
                guard row >= 0, Int(row) < payloadLimit else {
                    return "a trie node names entry \(row), but the list has \(payloadLimit) rows"
                }
                guard periods[base] <= periods[base + 1] else { return "trie period \(period) ends before it starts" }
                period = Int(periods[base + 3])
            }
        }
        if let orphan = reached.firstIndex(of: false) { return "trie period \(orphan) is not reached from a node" }
        var depth = [Int8](repeating: -1, count: count)
        depth[0] = 0
        var queue = [0]
        var next = 0
        while next < queue.count {
            let node = queue[next]
            next += 1
            for slot in (node * 10)..<(node * 10 + 10) {
                let child = Int(children[slot])
                guard child != 0 else { continue }
                guard child > 0, child < count else {
                    return "a trie node points to node \(child), but the trie has \(count) nodes"
                }
                guard depth[child] < 0 else { return "trie node \(child) is reached twice" }
                guard depth[node] < 8 else { return "the trie is deeper than 8 digits" }
                depth[child] = depth[node] + 1
                queue.append(child)
            }
        }
        guard queue.count == count else { return "\(count - queue.count) trie nodes are not reached from the root" }
        return nil
    }

    /// Why the payload arrays of a version-1 file (a row index per node, or -1) are not that:
    /// checked before they are turned into periods.
    func shapeProblemOfVersion1(payloadLimit: Int) -> String? {
        guard entryPayload.count == reviewPayload.count, children.count == entryPayload.count * 10 else {
            return "the trie's arrays disagree in size"
        }
        for payload in entryPayload + reviewPayload where payload < -1 || Int(payload) >= payloadLimit {
            return "a trie node names entry \(payload), but the list has \(payloadLimit) rows"
        }
        return nil
    }

    /// The node at the end of `digits` (ASCII digits), or nil when the trie has no such path.
    func node(for digits: String) -> Int? {
        var node = 0
        for byte in digits.utf8 {
            let digit = Int(byte &- UInt8(ascii: "0"))
            guard digit < 10 else { return nil }
            let child = Int(children[node * 10 + digit])
            guard child != 0 else { return nil }
            node = child
        }
        return node
    }

    /// Adds row `payload`, applying from `from` to `to` (days, inclusive), at the node for
    /// `digits` (ASCII digits, 1 to 8 of them), after the periods already there (the parser has
    /// refused overlapping periods of one code).
    mutating func insert(
        digits: String, slot: Slot, payload: Int32, from: Int32 = ListDay.earliest, to: Int32 = ListDay.latest
    ) {
        var node = 0
        for byte in digits.utf8 {
            let digit = Int(byte &- UInt8(ascii: "0"))
            precondition(digit < 10, "HSTrie.insert: not a digit")
            var child = Int(children[node * 10 + digit])
            if child == 0 {
                child = nodeCount
                children.append(contentsOf: repeatElement(0, count: 10))
                entryPayload.append(-1)
                reviewPayload.append(-1)
                children[node * 10 + digit] = Int32(child)
            }
            node = child
        }
        let added = Int32(periodCount)
        periods += [from, to, payload, -1]
        let head = slot == .entry ? entryPayload[node] : reviewPayload[node]
        guard head >= 0 else {
            switch slot {
            case .entry: entryPayload[node] = added
            case .review: reviewPayload[node] = added
            }
            return
        }
        var last = Int(head)
        while periods[last * Self.periodWidth + 3] >= 0 { last = Int(periods[last * Self.periodWidth + 3]) }
        periods[last * Self.periodWidth + 3] = added
    }

    /// The deepest entry and review rows on the path of the 8 digits of `value` that apply on
    /// `day` (-1 for none).
    func lookup(_ value: UInt32, on day: Int32 = ListDay.latest) -> (entry: Int32, review: Int32) {
        var entry: Int32 = -1
        var review: Int32 = -1
        var node = 0
        var divisor: UInt32 = 10_000_000
        while divisor > 0 {
            let digit = Int(value / divisor % 10)
            divisor /= 10
            let child = Int(children[node * 10 + digit])
            if child == 0 { break }
            node = child
            if let row = row(from: entryPayload[node], on: day) { entry = row }
            if let row = row(from: reviewPayload[node], on: day) { review = row }
        }
        return (entry, review)
    }

    /// True when some row on the path of `value` applies on some day: the cheap test for lines
    /// that no rule can judge.
    func coversOnSomeDay(_ value: UInt32) -> Bool {
        var node = 0
        var divisor: UInt32 = 10_000_000
        while divisor > 0 {
            let child = Int(children[node * 10 + Int(value / divisor % 10)])
            divisor /= 10
            if child == 0 { return false }
            node = child
            if entryPayload[node] >= 0 || reviewPayload[node] >= 0 { return true }
        }
        return false
    }

    /// The codes `coversOnSomeDay` accepts, as plain data for a reader's `ItemFilter`.
    var prefixSet: HSPrefixSet {
        HSPrefixSet(children: children, ends: zip(entryPayload, reviewPayload).map { $0 >= 0 || $1 >= 0 })
    }

    /// The row of the period in the chain from `head` that contains `day`.
    @inline(__always)
    private func row(from head: Int32, on day: Int32) -> Int32? {
        var period = Int(head)
        while period >= 0 {
            let base = period * Self.periodWidth
            if periods[base] <= day, day <= periods[base + 1] { return periods[base + 2] }
            period = Int(periods[base + 3])
        }
        return nil
    }
}
