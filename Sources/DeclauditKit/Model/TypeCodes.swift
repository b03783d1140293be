/// Import or export, from the VNACCS type code ("mã loại hình", Decision 1357/QD-TCHQ).
public enum Direction: String, Sendable {
    case `import`, export
}

public enum TypeCodes {
    static let imports: Set<String> = [
        "A11", "A12", "A21", "A31", "A41", "A42", "A43", "A44", "E11", "E13", "E15", "E21", "E23",
        "E31", "E33", "E41", "G11", "G12", "G13", "G14", "G51", "C11", "C21", "H11",
    ]
    static let exports: Set<String> = [
        "B11", "B12", "B13", "E42", "E52", "E54", "E62", "E82", "G21", "G22", "G23", "G24", "G61",
        "C12", "C22", "H21",
    ]
    /// Imports of materials and goods for processing for a foreign party.
    public static let processingImports: Set<String> = ["E21", "E23"]
    /// Re-export of processed products and transfer of materials to another contract.
    public static let processingReturns: Set<String> = ["E52", "E54"]

    /// Processing imports and returns: the declarations whose every line the ledger keeps.
    /// Upper case, like every set here: compare `typeCode.uppercased()`, as `direction` does.
    public static let processing = processingImports.union(processingReturns)

    /// The type code decides; the number's prefix (10 import, 30 export) only for a type code on
    /// neither list. nil when neither tells.
    public static func direction(typeCode: String, number: String) -> Direction? {
        let code = typeCode.uppercased()
        if imports.contains(code) { return .import }
        if exports.contains(code) { return .export }
        if number.hasPrefix("10") { return .import }
        if number.hasPrefix("30") { return .export }
        return nil
    }
}
