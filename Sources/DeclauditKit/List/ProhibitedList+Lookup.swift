extension ProhibitedList {
    /// The most specific covering effective entry and review heading for `code` among the rows in
    /// force on `day` (`ListDay`): at most 8 trie steps and a few periods each, no allocation.
    /// Without a day: the rows with no end date, as the list stands last.
    public func lookup(_ code: HSCode, on day: Int32 = ListDay.latest) -> ListMatch {
        let hit = trie.lookup(code.value, on: day)
        return ListMatch(
            entry: hit.entry >= 0 ? entries[Int(hit.entry)] : nil,
            review: hit.review >= 0 ? entries[Int(hit.review)] : nil)
    }

    /// True when some row covers or watches `code` on some day: lines failing this cannot get a
    /// list finding whatever their date.
    public func coversOnSomeDay(_ code: HSCode) -> Bool { trie.coversOnSomeDay(code.value) }

    /// The prefixes of the codes that `coversOnSomeDay` accepts, for a reader's `ItemFilter`.
    public var coveredPrefixes: HSPrefixSet { trie.prefixSet }

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
