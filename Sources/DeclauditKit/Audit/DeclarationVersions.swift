/// Where one declaration was read, and which version it is.
struct DeclarationKey: Sendable, Hashable {
    /// The first 11 digits identify the declaration; the 12th counts amendments.
    let identity: String
    let version: Int
    let input: Int
    /// The declaration's place in its input (0, 1, ...): unique, unlike a line, which a
    /// one-line file shares between all its declarations.
    let ordinal: Int
    let line: Int
    let cancelled: Bool

    init(_ declaration: Declaration, input: Int, ordinal: Int) {
        identity = Self.identity(of: declaration.number)
        version = identity == declaration.number ? 0 : Int(declaration.number.utf8.last! - 0x30)
        self.input = input
        self.ordinal = ordinal
        line = declaration.sourceLine
        cancelled = declaration.status == .cancelled
    }

    /// The first 11 digits of a VNACCS number (the 12th counts amendments); any other number
    /// stands alone, with no versions.
    static func identity(of number: String) -> String {
        // On the bytes: Character-wise `prefix` cost ~1,600 instructions a declaration.
        var bytes = number
        let identity: String? = bytes.withUTF8 { bytes in
            guard bytes.count == 12, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[..<11]), as: UTF8.self)
        }
        return identity ?? number
    }
}

/// A declaration as the ledger records it.
struct SeenDeclaration: Sendable {
    let key: DeclarationKey
    let number: String
    let typeCode: String
    let registeredOn: String?
}

/// Which reading of each declaration counts, once every input is read (`RunStaging.settle`):
/// the highest version, the first read among exact duplicates. Holds only the readings that lost,
/// normally none.
struct SettledVersions: Sendable {
    /// Inputs and ordinals of the readings that a higher version or an earlier duplicate beat.
    let beaten: Set<DeclarationPosition>
    let superseded: Int
    let cancelled: Int

    /// Whether a declaration read in this run counts (findings of others are dropped).
    func isKept(_ key: DeclarationKey) -> Bool {
        !key.cancelled && !beaten.contains(DeclarationPosition(input: key.input, ordinal: key.ordinal))
    }
}

/// Where a declaration sits in the run: its input and its place in that input.
struct DeclarationPosition: Sendable, Hashable {
    let input: Int
    let ordinal: Int
}
