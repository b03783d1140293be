extension ProhibitedList {
    /// The most specific covering effective entry and review heading for `code`: at most 8 trie
    /// steps, no allocation.
    public func lookup(_ code: HSCode) -> ListMatch {
        let hit = trie.lookup(code.value)
        return ListMatch(
            entry: hit.entry >= 0 ? entries[Int(hit.entry)] : nil,
            review: hit.review >= 0 ? entries[Int(hit.review)] : nil)
    }

    /// True for an `entry` row that acts as a header because longer `entry` rows exist under it
    /// (Circular 11/2018 Art. 2): it then covers nothing itself.
    public func isActingAsHeader(_ entry: ListEntry) -> Bool {
        entry.role == .entry && actingHeaderCodes.contains(entry.code)
    }

    /// True for an `entry` row that covers codes itself.
    public func isEffective(_ entry: ListEntry) -> Bool {
        entry.role == .entry && !actingHeaderCodes.contains(entry.code)
    }

    /// The `entry` rows that cover codes themselves, in file order.
    public var effectiveEntries: [ListEntry] { entries.filter(isEffective) }

    /// The `review` rows, in file order.
    public var reviewHeadings: [ListEntry] { entries.filter { $0.role == .review } }
}
