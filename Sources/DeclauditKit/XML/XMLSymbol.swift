#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every element and attribute name a reader acts on, in both formats. The parser maps each
/// name it meets to one of these once per distinct name, so readers switch on small integers
/// instead of comparing strings per element.
enum XMLSymbol: UInt8, CaseIterable {
    // ECUS5 export
    case ecusRoot, ecusHeaderSection, ecusExtrasSection, ecusGoodsSection, ecusData
    case ecusDeclarationID, ecusDeclarationIDUpper
    case SOTK, SOTK_DAU_TIEN, MA_LH, MA_HQ, NGAY_DK, MA_DV, Ten_DV_L1, DV_DT, NUOC_XK, NUOC_NK
    case MA_GP, SO_GP, MA_GP2, SO_GP2, MA_GP3, SO_GP3, MA_GP4, SO_GP4, MA_GP5, SO_GP5
    case SO_HD, NGAY_HD, NGAY_HHHD, TTTK, MA_NT
    case STTHANG, MA_HANGKB, MA_NPL_SP, TEN_HANG, LUONG, MA_DVT, NUOC_XX, TRIGIA_KB, TRIGIA_TT, MIENTHUE_MA
    // Dump format
    case DeclarationDump, Declaration, Number, FirstNumber, TypeCode, CustomsOffice, RegisteredOn
    case Status, Declarant, TaxCode, Name, Partner, Country, Contract, SignedOn, ExpiresOn
    case Licence, Item, HSCode, ProductCode, Description, Condition, Origin, Quantity, Value
    case ValueVND, ExemptionCode
    // Dump attributes
    case attrLine, attrUnit, attrCurrency, attrType, attrNumber

    /// The name as it is written in the documents.
    var xmlName: String {
        switch self {
        case .ecusRoot: "Root"
        case .ecusHeaderSection: "DToKhaiMD"
        case .ecusExtrasSection: "DTOKHAIMD_VNACCS2"
        case .ecusGoodsSection: "DHangMDDK"
        case .ecusData: "Data"
        case .ecusDeclarationID: "_DToKhaiMDID"
        // The extras section spells the join column in capitals.
        case .ecusDeclarationIDUpper: "_DTOKHAIMDID"
        case .Ten_DV_L1: "_Ten_DV_L1"
        case .attrLine: "line"
        case .attrUnit: "unit"
        case .attrCurrency: "currency"
        case .attrType: "type"
        case .attrNumber: "number"
        default: "\(self)"
        }
    }

    private static let names: [[UInt8]] = allCases.map { Array($0.xmlName.utf8) }

    /// The symbol spelled by `bytes`, or nil; allocates nothing (the parser asks once per
    /// distinct name and parse, so a plain scan will do).
    static func named(_ bytes: UnsafeBufferPointer<UInt8>) -> XMLSymbol? {
        for (index, name) in names.enumerated() where name.count == bytes.count {
            if name.withUnsafeBufferPointer({ memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) {
                return XMLSymbol(rawValue: UInt8(index))
            }
        }
        return nil
    }
}

/// The dump format's namespace.
let dumpNamespace = "urn:declaudit:dump:1"
