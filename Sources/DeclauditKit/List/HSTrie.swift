/// A digit trie over list codes, in flat arrays (no object per node), so that a lookup is at most
/// 8 array steps and allocates nothing. Built once per list; payloads are indexes into the list's
/// `entries`.
struct HSTrie: Sendable, Hashable {
    /// Which payload a node carries.
    enum Slot: Sendable {
        case entry, review
    }

    /// `children[node * 10 + digit]` is the child node, or 0 for none (the root, node 0, is never
    /// a child).
    private(set) var children: [Int32]
    /// Per node: index of the effective entry ending there, or -1.
    private(set) var entryPayload: [Int32]
    /// Per node: index of the review heading ending there, or -1.
    private(set) var reviewPayload: [Int32]

    init() {
        children = [Int32](repeating: 0, count: 10)
        entryPayload = [-1]
        reviewPayload = [-1]
    }

    /// The arrays of a compiled list. Check them with `shapeProblem(payloadLimit:)` before any
    /// lookup: `lookup` trusts them.
    init(children: [Int32], entryPayload: [Int32], reviewPayload: [Int32]) {
        self.children = children
        self.entryPayload = entryPayload
        self.reviewPayload = reviewPayload
    }

    var nodeCount: Int { entryPayload.count }

    /// Why these arrays are not a trie that `insert` could have built, or nil: array sizes agree,
    /// every child index is a node, every node but the root is reached from the root exactly once
    /// within 8 digits (a tree, no cycles, no orphans), and payloads are -1 or below
    /// `payloadLimit`. After this, `lookup` cannot index out of bounds.
    func shapeProblem(payloadLimit: Int) -> String? {
        let count = nodeCount
        guard count >= 1 else { return "the trie has no root node" }
        guard children.count == count * 10, reviewPayload.count == count else {
            return "the trie's arrays disagree in size"
        }
        for payload in entryPayload where payload < -1 || Int(payload) >= payloadLimit {
            return "a trie node names entry \(payload), but the list has \(payloadLimit) rows"
        }
        for payload in reviewPayload where payload < -1 || Int(payload) >= payloadLimit {
            return "a trie node names entry \(payload), but the list has \(payloadLimit) rows"
        }
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

    /// Adds `payload` at the node for `digits` (ASCII digits, 1 to 8 of them); a later insert in
    /// the same slot replaces an earlier one (the parser has refused duplicates already).
    mutating func insert(digits: String, slot: Slot, payload: Int32) {
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
        switch slot {
        case .entry: entryPayload[node] = payload
        case .review: reviewPayload[node] = payload
        }
    }

    /// The deepest entry and review payloads on the path of the 8 digits of `value` (-1 for none).
    func lookup(_ value: UInt32) -> (entry: Int32, review: Int32) {
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
            if entryPayload[node] >= 0 { entry = entryPayload[node] }
            if reviewPayload[node] >= 0 { review = reviewPayload[node] }
        }
        return (entry, review)
    }
}
