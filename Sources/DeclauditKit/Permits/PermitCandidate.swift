import Foundation

/// A listed used import line that cites permits, waiting for the run-wide draw-down: whether
/// a permit covers it depends on every earlier-registered line that drew on the same permit,
/// wherever in the inputs that line was read.
struct PermitCandidate: Sendable {
    let key: DeclarationKey
    /// The line as assessed: `used-it.permit-invalid` judges it after the draw-down.
    let line: ItemAssessment
    let hsCode: HSCode

    var declaration: String { line.declaration.number }
    var lineNumber: Int { line.item.line }
    /// nil when the declared quantity is missing or not a number.
    var quantity: Decimal? { quantityText.flatMap(DecimalText.value) }
    var quantityText: String? { line.item.quantity }
    var unit: String? { line.item.unit }
    var holderTaxCode: String? { line.declaration.declarantTaxCode }
    var registeredOn: String? { line.declaration.registeredOn }
    var typeCode: String { line.declaration.typeCode }
    var permitNumbers: [String] { line.declaration.permitReferences.map(\.number) }

    /// Registration date, then declaration number, then line: the order permits are drawn in.
    static func drawOrder(_ lhs: PermitCandidate, _ rhs: PermitCandidate) -> Bool {
        let left = lhs.registeredOn ?? "9999"
        let right = rhs.registeredOn ?? "9999"
        if left != right { return left < right }
        if lhs.declaration != rhs.declaration { return lhs.declaration < rhs.declaration }
        return lhs.lineNumber < rhs.lineNumber
    }
}

/// The first check a permit failed for a candidate, as data: the phrasebook words it.
struct PermitFailure: Sendable, Hashable {
    enum Check: Sendable, Hashable {
        case notInRegistry
        case holder(String, declarant: String?)
        case registrationDateUnreadable
        case beforeValidity(registered: String, from: String)
        case afterValidity(registered: String, to: String)
        case hsCode(HSCode, permitLine: String)
        case processingCase(typeCode: String)
        case unit(permitted: String, declared: String?)
        case quantityUnreadable(String?)
        case quantityNotPositive(Decimal)
        case exhausted(total: Decimal, permitted: Decimal, unit: String)

        /// How far through the checks a permit line got: of a permit's lines, the furthest is reported.
        var stage: Int {
            switch self {
            case .notInRegistry: 0
            case .holder: 1
            case .registrationDateUnreadable, .beforeValidity, .afterValidity: 2
            case .hsCode: 3
            case .processingCase: 4
            case .unit: 5
            case .quantityUnreadable, .quantityNotPositive, .exhausted: 6
            }
        }
    }

    let permit: String
    let check: Check
}

/// One draw on a permit line, for report.json's `permits` section.
public struct PermitDraw: Sendable, Hashable {
    public var declaration: String
    public var line: Int?
    public var quantity: Decimal
}

/// A permit line's account after the run.
public struct PermitAccount: Sendable, Hashable {
    public var permit: PermitLine
    public var drawn: Decimal
    public var draws: [PermitDraw]
    public var remaining: Decimal { permit.quantity - drawn }
}

/// Applies the candidates to the registry in registration order; each covered line draws its
/// quantity from the first permit line that passes every check.
struct PermitDrawDown {
    let registry: PermitRegistry
    private(set) var accounts: [PermitAccount]

    init(registry: PermitRegistry) {
        self.registry = registry
        accounts = registry.lines.map { PermitAccount(permit: $0, drawn: 0, draws: []) }
    }

    enum Outcome {
        case covered(PermitLine, PermitDraw)
        /// Each permit tried, with the first check its best line failed.
        case uncovered([PermitFailure])

        var failures: [PermitFailure] {
            if case .uncovered(let failures) = self { return failures }
            return []
        }
    }

    /// Quantities drawn by earlier runs (from the ledger) count before this run's draws.
    mutating func preDraw(_ draws: [LedgerPermitDraw]) {
        for draw in draws {
            guard let quantity = DecimalText.value(draw.quantity),
                let index = accounts.firstIndex(where: {
                    $0.permit.permitNumber == draw.permitNumber && $0.permit.hsPrefix == draw.hsPrefix
                        && $0.permit.unit == draw.unit
                })
            else { continue }
            accounts[index].drawn += quantity
            accounts[index].draws.append(PermitDraw(declaration: draw.number, line: draw.line, quantity: quantity))
        }
    }

    /// Draws the line's quantity from the first permit line that passes every check.
    mutating func apply(_ candidate: PermitCandidate) -> Outcome {
        var failures: [PermitFailure] = []
        for number in uniqued(candidate.permitNumbers) {
            let indexes = registry.lineIndexes(ofPermit: number)
            if indexes.isEmpty {
                failures.append(PermitFailure(permit: number, check: .notInRegistry))
                continue
            }
            // Of a permit's lines, report the one that got furthest through the checks.
            var best: PermitFailure.Check?
            for index in indexes {
                switch check(candidate, against: index) {
                case .success(let quantity):
                    let draw = PermitDraw(declaration: candidate.declaration, line: candidate.lineNumber, quantity: quantity)
                    accounts[index].drawn += quantity
                    accounts[index].draws.append(draw)
                    return .covered(registry.lines[index], draw)
                case .failure(let failure):
                    if best.map({ failure.check.stage > $0.stage }) ?? true { best = failure.check }
                }
            }
            if let best { failures.append(PermitFailure(permit: number, check: best)) }
        }
        return .uncovered(failures)
    }

    struct CheckFailure: Error {
        let check: PermitFailure.Check
    }

    /// The checks of the contract, in order: holder, validity, HS code, case, unit, quantity.
    private func check(_ candidate: PermitCandidate, against index: Int) -> Result<Decimal, CheckFailure> {
        let permit = registry.lines[index]
        let account = accounts[index]
        func failed(_ check: PermitFailure.Check) -> Result<Decimal, CheckFailure> { .failure(CheckFailure(check: check)) }
        guard permit.holderTaxCode == candidate.holderTaxCode else {
            return failed(.holder(permit.holderTaxCode, declarant: candidate.holderTaxCode))
        }
        guard let registered = candidate.registeredOn, DateText.normalize(registered) == registered else {
            return failed(.registrationDateUnreadable)
        }
        if let from = permit.validFrom, registered < from { return failed(.beforeValidity(registered: registered, from: from)) }
        if let to = permit.validTo, registered > to { return failed(.afterValidity(registered: registered, to: to)) }
        guard permit.covers(candidate.hsCode) else {
            return failed(.hsCode(candidate.hsCode, permitLine: ListQuery.dotted(permit.hsPrefix)))
        }
        if permit.permitCase == .processing && !TypeCodes.processingImports.contains(candidate.typeCode.uppercased()) {
            return failed(.processingCase(typeCode: candidate.typeCode))
        }
        guard let unit = candidate.unit, unit.uppercased() == permit.unit.uppercased() else {
            return failed(.unit(permitted: permit.unit, declared: candidate.unit))
        }
        guard let quantity = candidate.quantity else { return failed(.quantityUnreadable(candidate.quantityText)) }
        guard quantity > 0 else { return failed(.quantityNotPositive(quantity)) }
        let total = account.drawn + quantity
        guard total <= permit.quantity else {
            return failed(.exhausted(total: total, permitted: permit.quantity, unit: permit.unit))
        }
        return .success(quantity)
    }

    private func uniqued(_ numbers: [String]) -> [String] {
        var seen: Set<String> = []
        return numbers.filter { seen.insert($0).inserted }
    }
}
