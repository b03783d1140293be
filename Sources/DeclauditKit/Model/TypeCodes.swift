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
        let kind = kind(of: typeCode)
        if kind.contains(.import) { return .import }
        if kind.contains(.export) { return .export }
        if number.hasPrefix("10") { return .import }
        if number.hasPrefix("30") { return .export }
        return nil
    }

    /// Which of the sets above a type code is in, in any case.
    struct Kind: OptionSet, Sendable {
        let rawValue: UInt8
        static let `import` = Kind(rawValue: 1)
        static let export = Kind(rawValue: 2)
        static let processingImport = Kind(rawValue: 4)
        static let processingReturn = Kind(rawValue: 8)
        static let processing: Kind = [.processingImport, .processingReturn]
    }

    /// `typeCode`'s kind: every code of the sets is a letter and two digits, so one is a table
    /// slot (no upper-cased String, no hashing: every declaration asks several times).
    static func kind(of typeCode: String) -> Kind {
        var utf8 = typeCode.utf8.makeIterator()
        guard let letter = utf8.next(), let tens = utf8.next(), let units = utf8.next(), utf8.next() == nil,
            let slot = kindSlot(letter, tens, units)
        else { return slowKind(of: typeCode.uppercased()) }
        return Kind(rawValue: kindTable[slot])
    }

    private static func kindSlot(_ letter: UInt8, _ tens: UInt8, _ units: UInt8) -> Int? {
        let upper = letter & 0xDF  // ASCII upper case
        guard upper >= UInt8(ascii: "A"), upper <= UInt8(ascii: "Z"), letter & 0x80 == 0,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(tens), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(units)
        else { return nil }
        return Int(upper - UInt8(ascii: "A")) * 100 + Int(tens - UInt8(ascii: "0")) * 10 + Int(units - UInt8(ascii: "0"))
    }

    private static func slowKind(of code: String) -> Kind {
        var kind: Kind = []
        if imports.contains(code) { kind.insert(.import) }
        if exports.contains(code) { kind.insert(.export) }
        if processingImports.contains(code) { kind.insert(.processingImport) }
        if processingReturns.contains(code) { kind.insert(.processingReturn) }
        return kind
    }

    /// Per letter-and-two-digits slot, its `Kind`.
    private static let kindTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 26 * 100)
        for code in imports.union(exports).union(processing) {
            let bytes = Array(code.utf8)
            guard bytes.count == 3, let slot = kindSlot(bytes[0], bytes[1], bytes[2]) else { continue }
            table[slot] = slowKind(of: code).rawValue
        }
        return table
    }()
}
