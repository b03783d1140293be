/// Which reader recognised a document, from its root element.
public enum InputFormat: String, Sendable, Codable {
    case ecus5
    case dump
}

public enum DeclarationStatus: String, Sendable, Codable {
    case cleared, pending, cancelled
}

/// The condition of goods as declared or as decided by the auditor.
public enum GoodsCondition: String, Sendable, Codable, CaseIterable {
    case new, used, refurbished, unknown

    public var isUsedOrRefurbished: Bool { self == .used || self == .refurbished }
}

/// A licence reference of a declaration (licence box, up to five in VNACCS).
public struct Licence: Sendable, Hashable, Codable {
    public var type: String
    public var number: String

    public init(type: String, number: String) {
        self.type = type
        self.number = number
    }

    /// `HDGC` carries a processing contract's registration number; it is never a permit.
    public var isProcessingContract: Bool { type.uppercased() == "HDGC" }

    /// `TYPE:NUMBER`, the form of the report's `licences` column.
    public var reportForm: String { "\(type):\(number)" }
}

/// One goods line of a declaration, with the text fields that can reach a report.
/// Values are kept as declared; `nil` means absent (an empty element or the text `NULL`).
public struct DeclarationItem: Sendable, Hashable {
    public var line: Int
    public var hsCode: String?
    public var productCode: String?
    public var description: String?
    public var declaredCondition: GoodsCondition?
    public var origin: String?
    public var quantity: String?
    public var unit: String?
    public var value: String?
    public var currency: String?
    /// The line's value in dong as declared for tax (ECUS5 `TRIGIA_TT`, dump `ValueVND`).
    public var valueVND: String?
    public var exemptionCode: String?
    /// Line in the input where the item starts.
    public var sourceLine: Int

    public init(
        line: Int, hsCode: String? = nil, productCode: String? = nil, description: String? = nil,
        declaredCondition: GoodsCondition? = nil, origin: String? = nil, quantity: String? = nil,
        unit: String? = nil, value: String? = nil, currency: String? = nil, valueVND: String? = nil,
        exemptionCode: String? = nil, sourceLine: Int
    ) {
        self.line = line
        self.hsCode = hsCode
        self.productCode = productCode
        self.description = description
        self.declaredCondition = declaredCondition
        self.origin = origin
        self.quantity = quantity
        self.unit = unit
        self.value = value
        self.currency = currency
        self.valueVND = valueVND
        self.exemptionCode = exemptionCode
        self.sourceLine = sourceLine
    }
}

/// One customs declaration, whichever format it came from.
public struct Declaration: Sendable, Hashable {
    /// The 12-digit number as declared.
    public var number: String
    public var firstNumber: String?
    public var typeCode: String
    public var customsOffice: String?
    /// YYYY-MM-DD as declared.
    public var registeredOn: String?
    public var status: DeclarationStatus
    public var declarantTaxCode: String?
    public var declarantName: String?
    public var partnerName: String?
    public var partnerCountry: String?
    public var contractNumber: String?
    public var contractSignedOn: String?
    public var contractExpiresOn: String?
    public var licences: [Licence]
    public var items: [DeclarationItem]
    /// Line in the input where the declaration starts.
    public var sourceLine: Int
    /// Goods lines that were read but are not in `items`, because the reader was told which
    /// lines its caller needs (`ItemFilter`); 0 when every line is in `items`.
    public var omittedItemCount = 0

    /// Every goods line the declaration has, whether in `items` or not.
    public var itemCount: Int { items.count + omittedItemCount }

    public init(
        number: String, firstNumber: String? = nil, typeCode: String, customsOffice: String? = nil,
        registeredOn: String? = nil, status: DeclarationStatus = .cleared,
        declarantTaxCode: String? = nil, declarantName: String? = nil, partnerName: String? = nil,
        partnerCountry: String? = nil, contractNumber: String? = nil,
        contractSignedOn: String? = nil, contractExpiresOn: String? = nil,
        licences: [Licence] = [], items: [DeclarationItem] = [], sourceLine: Int
    ) {
        self.number = number
        self.firstNumber = firstNumber
        self.typeCode = typeCode
        self.customsOffice = customsOffice
        self.registeredOn = registeredOn
        self.status = status
        self.declarantTaxCode = declarantTaxCode
        self.declarantName = declarantName
        self.partnerName = partnerName
        self.partnerCountry = partnerCountry
        self.contractNumber = contractNumber
        self.contractSignedOn = contractSignedOn
        self.contractExpiresOn = contractExpiresOn
        self.licences = licences
        self.items = items
        self.sourceLine = sourceLine
    }

    /// Licence references that may be permits (everything but `HDGC`).
    public var permitReferences: [Licence] { licences.filter { !$0.isProcessingContract } }
}
