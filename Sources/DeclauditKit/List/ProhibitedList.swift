import Crypto

/// A prohibited list of used IT products (Circular 11/2018/TT-BTTTT Appendix, or a user's own
/// list in the same format), with its rows in file order and a trie for lookups.
public struct ProhibitedList: Sendable {
    /// E.g. "built-in" or the file name.
    public let name: String
    /// The path given, or "built-in".
    public let source: String
    /// Lowercase hex SHA-256 of the source bytes, so a report names exactly which list it used.
    public let sha256: String
    /// Every row, in file order.
    public let entries: [ListEntry]
    /// Rows with role `entry` that cover codes themselves (not acting as a header).
    public let effectiveEntryCount: Int

    let trie: HSTrie
    /// Codes of `entry` rows that act as headers because longer `entry` rows exist under them.
    let actingHeaderCodes: Set<String>

    /// `entries` must already be valid (codes of 4, 6 or 8 digits, no duplicates): `parse` checks.
    init(name: String, source: String, sha256: String, entries: [ListEntry]) {
        self.name = name
        self.source = source
        self.sha256 = sha256
        self.entries = entries

        // Art. 2: a 4- or 6-digit entry with a longer entry under it is only a header.
        var prefixesOfEntries = Set<String>()
        for entry in entries where entry.role == .entry {
            if entry.code.count > 4 { prefixesOfEntries.insert(String(entry.code.prefix(4))) }
            if entry.code.count > 6 { prefixesOfEntries.insert(String(entry.code.prefix(6))) }
        }
        let acting = Set(
            entries.lazy.filter { $0.role == .entry && prefixesOfEntries.contains($0.code) }.map(\.code))
        actingHeaderCodes = acting

        var trie = HSTrie()
        var effective = 0
        for (index, entry) in entries.enumerated() {
            switch entry.role {
            case .entry where !acting.contains(entry.code):
                trie.insert(digits: entry.code, slot: .entry, payload: Int32(index))
                effective += 1
            case .review:
                trie.insert(digits: entry.code, slot: .review, payload: Int32(index))
            case .entry, .header:
                break
            }
        }
        self.trie = trie
        effectiveEntryCount = effective
    }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
