import Crypto

/// A prohibited list of used IT products (Circular 11/2018/TT-BTTTT Appendix, or a user's own
/// list in the same format), with its rows in file order and a trie for lookups.
public struct ProhibitedList: Sendable {
    /// The source's `# name:` when it has one, else `fallbackName` (e.g. the file name).
    public var name: String { metadata.name ?? fallbackName }
    /// The name when the source gives none: the source CSV's file name (a compiled list keeps it).
    public let fallbackName: String
    /// The path given, or "built-in".
    public let source: String
    /// Lowercase hex SHA-256 of the source CSV bytes, so a report names exactly which list it
    /// used; a compiled list carries the SHA-256 of the CSV it was compiled from.
    public let sha256: String
    /// Name, legal basis and effective date, from the source's comment lines.
    public let metadata: ListMetadata
    /// Every row, in file order.
    public let entries: [ListEntry]
    /// Rows with role `entry` that cover codes themselves (not acting as a header).
    public let effectiveEntryCount: Int

    let trie: HSTrie
    /// Codes of `entry` rows that act as headers because longer `entry` rows exist under them.
    let actingHeaderCodes: Set<String>

    /// `entries` must already be valid (codes of 4, 6 or 8 digits, no overlapping periods of one
    /// code): `parse` checks.
    init(name: String, source: String, sha256: String, metadata: ListMetadata = ListMetadata(), entries: [ListEntry]) {
        self.init(
            fallbackName: name, source: source, sha256: sha256, metadata: metadata, entries: entries,
            actingHeaderCodes: Self.actingHeaderCodes(of: entries), trie: Self.trie(of: entries))
    }

    /// The trie of `entries`: each review row for its period, each entry row for the days of its
    /// period on which no longer entry under it applies (Art. 2, day by day).
    static func trie(of entries: [ListEntry]) -> HSTrie {
        let under = longerEntries(of: entries)
        var trie = HSTrie()
        for (index, entry) in entries.enumerated() {
            switch entry.role {
            case .entry:
                var pieces = [(from: entry.firstDay, to: entry.lastDay)]
                for longer in under[entry.code] ?? [] {
                    pieces = pieces.flatMap { piece -> [(from: Int32, to: Int32)] in
                        guard longer.firstDay <= piece.to, piece.from <= longer.lastDay else { return [piece] }
                        var kept: [(from: Int32, to: Int32)] = []
                        if longer.firstDay > piece.from { kept.append((piece.from, longer.firstDay - 1)) }
                        if longer.lastDay < piece.to { kept.append((longer.lastDay + 1, piece.to)) }
                        return kept
                    }
                }
                for piece in pieces {
                    trie.insert(digits: entry.code, slot: .entry, payload: Int32(index), from: piece.from, to: piece.to)
                }
            case .review:
                trie.insert(digits: entry.code, slot: .review, payload: Int32(index), from: entry.firstDay, to: entry.lastDay)
            case .header:
                break
            }
        }
        return trie
    }

    /// For each 4- and 6-digit code, the `entry` rows strictly under it.
    private static func longerEntries(of entries: [ListEntry]) -> [String: [ListEntry]] {
        var under: [String: [ListEntry]] = [:]
        for entry in entries where entry.role == .entry {
            if entry.code.count > 4 { under[String(entry.code.prefix(4)), default: []].append(entry) }
            if entry.code.count > 6 { under[String(entry.code.prefix(6)), default: []].append(entry) }
        }
        return under
    }

    /// From parts already checked against each other (`CompiledList.decode` checks them).
    init(
        fallbackName: String, source: String, sha256: String, metadata: ListMetadata, entries: [ListEntry],
        actingHeaderCodes: Set<String>, trie: HSTrie
    ) {
        self.fallbackName = fallbackName
        self.source = source
        self.sha256 = sha256
        self.metadata = metadata
        self.entries = entries
        self.actingHeaderCodes = actingHeaderCodes
        self.trie = trie
        effectiveEntryCount = entries.count(where: { $0.role == .entry && !actingHeaderCodes.contains($0.code) })
    }

    /// Art. 2: a 4- or 6-digit `entry` with a longer `entry` under it is only a header (for a
    /// dated list: on some day of its period; the trie decides day by day).
    static func actingHeaderCodes(of entries: [ListEntry]) -> Set<String> {
        let under = longerEntries(of: entries)
        return Set(
            entries.lazy.filter { entry in
                entry.role == .entry && (under[entry.code] ?? []).contains { $0.overlaps(entry) }
            }.map(\.code))
    }

    /// The rows in force on `day` (rows without dates always are), as a list of their own: what
    /// `list show --on` and `list lookup --on` explain. Its lookups are this list's on that day.
    public func inForce(on day: Int32) -> ProhibitedList {
        ProhibitedList(
            name: fallbackName, source: source, sha256: sha256, metadata: metadata,
            entries: entries.filter { $0.isInForce(on: day) })
    }

    /// True when some row has a validity period.
    public var hasPeriods: Bool { entries.contains { $0.validFrom != nil || $0.validTo != nil } }

    static func hexSHA256(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let hexDigits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
