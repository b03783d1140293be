/// Where one declaration was read, and which version it is.
struct DeclarationKey: Sendable, Hashable {
    /// The first 11 digits identify the declaration; the 12th counts amendments.
    let identity: String
    let version: Int
    let input: Int
    let line: Int
    let cancelled: Bool

    init(_ declaration: Declaration, input: Int) {
        let number = declaration.number
        if number.utf8.count == 12, number.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            identity = String(number.prefix(11))
            version = Int(number.utf8.last! - 0x30)
        } else {
            // Not a VNACCS number: it stands alone, with no versions.
            identity = number
            version = 0
        }
        self.input = input
        line = declaration.sourceLine
        cancelled = declaration.status == .cancelled
    }

    /// Higher version first; for the same version, the first read (input order, then line).
    func precedes(_ other: DeclarationKey) -> Bool {
        if version != other.version { return version > other.version }
        if input != other.input { return input < other.input }
        return line < other.line
    }
}

/// A declaration as the ledger records it.
struct SeenDeclaration: Sendable {
    let key: DeclarationKey
    let number: String
    let typeCode: String
    let registeredOn: String?
}

/// Decides, across all inputs of a run, which reading of each declaration counts: the highest
/// version, the first read among exact duplicates. Holds one small record per declaration.
struct DeclarationVersions {
    private var kept: [String: DeclarationKey] = [:]
    private var all: [DeclarationKey] = []
    private(set) var superseded = 0
    private(set) var cancelled = 0

    mutating func add(_ key: DeclarationKey) {
        all.append(key)
        if let current = kept[key.identity], !key.precedes(current) { return }
        kept[key.identity] = key
    }

    /// Counts what is skipped once every declaration has been added.
    mutating func settle() {
        superseded = 0
        cancelled = 0
        for key in all {
            if key.cancelled {
                cancelled += 1
            } else if kept[key.identity] != key {
                superseded += 1
            }
        }
        all = []
    }

    func isKept(_ key: DeclarationKey) -> Bool {
        kept[key.identity] == key && !key.cancelled
    }

    /// The reading that counts for its declaration, cancelled or not.
    func isLatest(_ key: DeclarationKey) -> Bool {
        kept[key.identity] == key
    }
}
