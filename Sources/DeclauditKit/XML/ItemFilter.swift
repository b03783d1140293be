/// Which goods lines a reader turns into `DeclarationItem`s (Strings for every field), as plain
/// data. The others are only counted (`Declaration.omittedItemCount`): on a large dump most lines
/// are of no interest to the audit, and making their Strings would cost more than parsing them.
///
/// Decided per declaration after its end tag: every line of a declaration whose type code is in
/// `keepAllTypeCodes`; else, of an import that is not cancelled, the lines whose declared code
/// starts with a prefix in `importPrefixes` or is not a valid 8-digit code (when
/// `keepsInvalidCodes`); of any other declaration, no line.
public struct ItemFilter: Sendable {
    /// Upper-case type codes whose declarations keep every line.
    public var keepAllTypeCodes: Set<String>
    /// nil keeps every line of every declaration.
    public var importPrefixes: HSPrefixSet?
    /// Whether an import line without a valid code is kept.
    public var keepsInvalidCodes: Bool

    public init(keepAllTypeCodes: Set<String>, importPrefixes: HSPrefixSet?, keepsInvalidCodes: Bool) {
        self.keepAllTypeCodes = keepAllTypeCodes
        self.importPrefixes = importPrefixes
        self.keepsInvalidCodes = keepsInvalidCodes
    }

    /// Every line of every declaration (the default).
    public static let all = ItemFilter(keepAllTypeCodes: [], importPrefixes: nil, keepsInvalidCodes: true)

    enum Scope {
        case all, none
        case matching(HSPrefixSet)
    }

    /// From a `Declaration` whose `items` may still be empty (every other field is read).
    func scope(of declaration: Declaration) -> Scope {
        guard let importPrefixes else { return .all }
        if keepAllTypeCodes.contains(declaration.typeCode.uppercased()) { return .all }
        guard declaration.status != .cancelled,
            TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
        else { return .none }
        return .matching(importPrefixes)
    }

    /// For `.matching`: the line's declared code as normalised (nil when absent or not 8 digits).
    @inline(__always)
    func keeps(_ code: HSCode?, _ prefixes: HSPrefixSet) -> Bool {
        guard let code else { return keepsInvalidCodes }
        return prefixes.containsPrefix(of: code)
    }
}
