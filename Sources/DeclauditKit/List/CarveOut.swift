/// Exceptions of Circular 11/2018/TT-BTTTT Art. 2.2.c that the HS code alone cannot decide: the
/// auditor says "carve-out may apply" and the inspector decides.
public enum CarveOutKind: String, Sendable, CaseIterable {
    /// Used monochrome printers/copiers handling A0 or printing at least 35 A4 pages per minute;
    /// colour ones fall under the printing law instead.
    case printerCopier
    /// Used laser printer cartridges (the listed line 8443.99.20 excludes them).
    case laserCartridge

    /// The codes it concerns, as digit prefixes (kept in step with `CarveOuts.carveOut(for:)`).
    public var codePrefixes: [String] {
        switch self {
        case .printerCopier: ["844331", "844332", "844339"]
        case .laserCartridge: ["84439920"]
        }
    }

    /// A sentence for a finding's reason when nothing in the description decides it.
    public var legalNote: String { "carve-out may apply: \(rule)" }

    /// What the carve-out says.
    public var rule: String {
        switch self {
        case .printerCopier:
            "used monochrome printers/copiers that handle A0 or print at least 35 A4 pages per minute are not prohibited, and colour ones fall under the printing law (Circular 11/2018/TT-BTTTT Art. 2.2.c)"
        case .laserCartridge:
            "used laser printer cartridges are not prohibited; line 8443.99.20 lists ink cartridges only (Circular 11/2018/TT-BTTTT Art. 2.2.c)"
        }
    }
}

public enum CarveOuts {
    /// The carve-out that may apply to goods under `code`, if any: printers/copiers under
    /// 8443.31, 8443.32 and 8443.39; cartridges under 8443.99.20.
    public static func carveOut(for code: HSCode) -> CarveOutKind? {
        switch code.value / 100 {
        case 844331, 844332, 844339: .printerCopier
        case 844399 where code.value == 8443_9920: .laserCartridge
        default: nil
        }
    }

    /// The carve-outs that may apply to some code under `prefix` (1 to 8 digits), e.g. both for
    /// heading 8443.
    public static func carveOuts(under prefix: String) -> [CarveOutKind] {
        CarveOutKind.allCases.filter { kind in
            kind.codePrefixes.contains { $0.hasPrefix(prefix) || prefix.hasPrefix($0) }
        }
    }
}
