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

    var nodeCount: Int { entryPayload.count }

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
