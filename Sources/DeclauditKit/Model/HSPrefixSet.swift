/// A set of HS code prefixes (1 to 8 digits) as a flat digit trie: `containsPrefix(of:)` is at
/// most 8 array steps and allocates nothing. Plain data, so a reader can filter goods lines on
/// bytes without knowing where the prefixes came from (the list exposes its own).
public struct HSPrefixSet: Sendable, Hashable {
    /// `children[node * 10 + digit]` is the child node, or 0 for none (the root, node 0, is never
    /// a child).
    private var children: [Int32]
    /// Per node: whether a prefix of the set ends there.
    private var ends: [Bool]

    /// The empty set.
    public init() {
        children = [Int32](repeating: 0, count: 10)
        ends = [false]
    }

    /// The set of `prefixes`, each 1 to 8 ASCII digits; other strings are ignored.
    public init(_ prefixes: some Sequence<String>) {
        self.init()
        for prefix in prefixes { insert(prefix) }
    }

    /// A trie's shape as it is: `children` as above, `ends` one flag per node.
    init(children: [Int32], ends: [Bool]) {
        precondition(children.count == ends.count * 10, "a digit trie has ten children per node")
        self.children = children
        self.ends = ends
    }

    public mutating func insert(_ prefix: String) {
        let digits = Array(prefix.utf8)
        guard (1...8).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else { return }
        var node = 0
        for byte in digits {
            let slot = node * 10 + Int(byte - 0x30)
            if children[slot] == 0 {
                children[slot] = Int32(ends.count)
                children += repeatElement(0, count: 10)
                ends.append(false)
            }
            node = Int(children[slot])
        }
        ends[node] = true
    }

    /// True when some prefix in the set starts `code`.
    @inline(__always)
    public func containsPrefix(of code: HSCode) -> Bool {
        var node = 0
        var divisor: UInt32 = 10_000_000
        while divisor > 0 {
            let child = Int(children[node * 10 + Int(code.value / divisor % 10)])
            divisor /= 10
            if child == 0 { return false }
            node = child
            if ends[node] { return true }
        }
        return false
    }
}
