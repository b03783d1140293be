import Foundation

/// Where a processing contract stands on the audit date.
public enum ContractStatus: String, Sendable {
    /// The deadline has not passed.
    case open
    /// No contract expiry is known, so there is no deadline to judge against.
    case noDeadline = "no-deadline"
    /// The deadline passed and every balance that can be checked is returned.
    case settled
    /// The deadline passed with goods not returned.
    case overdue
}

/// One goods key's quantities under a contract, in one unit.
public struct GoodsBalance: Sendable, Hashable {
    public var goodsKey: String
    public var unit: String
    public var hsCode: String?
    public var imported: Quantity = 0
    public var returned: Quantity = 0
    public var importDeclarations: [String] = []
    public var returnDeclarations: [String] = []
    /// Listed used IT goods: all of them must go back, whatever the other side names.
    public var listedUsed = false
    /// The first import line of the key (registration order), where a finding is reported: its
    /// record's place in the contract's `imports` and its place in that record's lines. Places, not
    /// copies: a record copied into every balance cost more than the balancing.
    var firstImport: (record: Int, line: Int)?

    public var outstanding: Quantity { imported - returned }
    /// A goods-level balance means something only where both sides name the key (materials
    /// turned into other products need norms that declarations lack) or for listed used IT goods.
    public var isCheckable: Bool { (!importDeclarations.isEmpty && !returnDeclarations.isEmpty) || listedUsed }

    public static func == (lhs: GoodsBalance, rhs: GoodsBalance) -> Bool {
        lhs.goodsKey == rhs.goodsKey && lhs.unit == rhs.unit && lhs.imported == rhs.imported && lhs.returned == rhs.returned
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(goodsKey)
        hasher.combine(unit)
    }

    /// Counts `quantity` of line `place.line` of `record`: imported or returned, as `isImport`
    /// (the record's `isImport`, looked up once per record) says. `place.record`: the record's
    /// place in the contract's imports (for an import).
    mutating func add(
        _ quantity: Quantity, of line: ProcessingLine, in record: ProcessingRecord, isImport: Bool,
        at place: (record: Int, line: Int)
    ) {
        if isImport {
            imported += quantity
            listedUsed = listedUsed || line.listedUsed
            if importDeclarations.last != record.number { importDeclarations.append(record.number) }
            if firstImport == nil { firstImport = place }
        } else {
            returned += quantity
            if returnDeclarations.last != record.number { returnDeclarations.append(record.number) }
        }
    }
}

/// A processing contract's imports and returns, balanced per goods key, judged at `asOf`.
public struct ContractBalance: Sendable {
    public var key: String
    public var contractNumber: String?
    public var expiresOn: String?
    /// Expiry + grace days, YYYY-MM-DD.
    public var deadline: String?
    public var graceDays: Int
    public var asOf: String
    public var status: ContractStatus
    public var imports: [ProcessingRecord]
    public var returns: [ProcessingRecord]
    public var goods: [GoodsBalance]

    /// Lines whose quantity is not a number are left out of the balances and named here.
    public var unreadableQuantities: [String]
    /// Declarations whose contract expiry is not a date, with the text as declared: the deadline
    /// is decided without them (no expiry at all: no deadline), and the report names them.
    public var unreadableExpiries: [String]

    public var deadlinePassed: Bool { deadline.map { $0 < asOf } ?? false }

    /// Days after a contract ends before unreturned goods are flagged, unless told
    /// (`--grace-days`).
    public static let defaultGraceDays = 30

    public init(key: String, records: [ProcessingRecord], asOf: String, graceDays: Int) {
        self.key = key
        self.asOf = asOf
        self.graceDays = graceDays
        let ordered = records.sorted { ($0.registeredOn ?? "", $0.number) < ($1.registeredOn ?? "", $1.number) }
        // Looked up once per record (a set of type codes).
        let isImport = ordered.map(\.isImport)
        imports = zip(ordered, isImport).filter(\.1).map(\.0)
        returns = zip(ordered, isImport).filter { !$0.1 }.map(\.0)
        var contractNumber: String?
        var expiresOn: String?
        var unreadableExpiries: [String] = []
        for record in ordered {
            if let number = record.contractNumber { contractNumber = number }
            guard let declared = record.contractExpiresOn else { continue }
            // An appendix may extend a contract: the latest expiry declared counts.
            if let date = DateText.normalize(declared) {
                if expiresOn.map({ date > $0 }) ?? true { expiresOn = date }
            } else {
                unreadableExpiries.append("\(record.number): \"\(declared)\"")
            }
        }
        self.contractNumber = contractNumber
        self.expiresOn = expiresOn
        self.unreadableExpiries = unreadableExpiries
        deadline = expiresOn.flatMap(DateText.dayNumber).map { DateText.isoDate(dayNumber: $0 + graceDays) }
        var goods: [GoodsBalance] = []
        // Room for a usual contract's goods at once; a large one grows as it must.
        goods.reserveCapacity(min(64, ordered.reduce(0) { $0 + $1.lines.count }))
        var unreadable: [String] = []
        // Goods are found by a search while the contract has few; by an index beyond.
        let searchLimit = 16
        var goodsIndex: [GoodsID: Int] = [:]
        var importPlace = 0
        for (record, isImport) in zip(ordered, isImport) {
            defer { if isImport { importPlace += 1 } }
            for (linePlace, line) in record.lines.enumerated() {
                guard let quantity = line.quantity.flatMap(Quantity.init) else {
                    unreadable.append("\(record.number) line \(line.line)")
                    continue
                }
                let unit = Self.upperCased(line.unit ?? "")
                let found =
                    goods.count <= searchLimit
                    ? goods.firstIndex { $0.goodsKey == line.goodsKey && $0.unit == unit }
                    : goodsIndex[GoodsID(goodsKey: line.goodsKey, unit: unit)]
                let index = found ?? goods.count
                if found == nil {
                    goods.append(GoodsBalance(goodsKey: line.goodsKey, unit: unit, hsCode: line.hsCode))
                    if goods.count == searchLimit + 1 {
                        for (position, balance) in goods.enumerated() {
                            goodsIndex[GoodsID(goodsKey: balance.goodsKey, unit: balance.unit)] = position
                        }
                    } else if goods.count > searchLimit + 1 {
                        goodsIndex[GoodsID(goodsKey: line.goodsKey, unit: unit)] = index
                    }
                }
                // Changed in place: no copy of the balance.
                goods[index].add(quantity, of: line, in: record, isImport: isImport, at: (importPlace, linePlace))
            }
        }
        self.goods = goods
        unreadableQuantities = unreadable
        if deadline == nil {
            status = .noDeadline
        } else if !(deadline! < asOf) {
            status = .open
        } else if imports.isEmpty {
            status = .settled
        } else if returns.isEmpty
            || goods.contains(where: { $0.isCheckable && $0.outstanding > 0 && !$0.importDeclarations.isEmpty })
        {
            status = .overdue
        } else {
            status = .settled
        }
    }

    /// The first import line of `balance` (see `GoodsBalance.firstImport`).
    func firstImport(of balance: GoodsBalance) -> (record: ProcessingRecord, line: ProcessingLine)? {
        balance.firstImport.map { place in (imports[place.record], imports[place.record].lines[place.line]) }
    }

    /// A goods key in one unit: what a balance is kept for.
    private struct GoodsID: Hashable {
        let goodsKey: String
        let unit: String
    }

    /// `text.uppercased()`, without making a new string for ASCII text with no lower-case letter
    /// (units nearly always are).
    private static func upperCased(_ text: String) -> String {
        text.utf8.allSatisfy { $0 < 0x61 || ($0 > 0x7A && $0 < 0x80) } ? text : text.uppercased()
    }

    /// "0700798384/1100100068728 (contract 01/HĐGC)" for reasons.
    var name: ReasonText { ReasonPhrases.contractName(key: key, number: contractNumber) }

    /// "ended 2024-03-08; with 30 grace days the goods had to be re-exported or transferred by
    /// 2024-04-07", in both languages (`ReasonPhrases.deadline`).
    var deadlinePhrase: ReasonText {
        ReasonPhrases.deadline(expiresOn: expiresOn, graceDays: graceDays, deadline: deadline)
    }
}
