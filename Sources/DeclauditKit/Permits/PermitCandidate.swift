import Foundation

/// A listed used import line that cites permits, waiting for the run-wide draw-down: whether
/// a permit covers it depends on every earlier-registered line that drew on the same permit,
/// wherever in the inputs that line was read.
struct PermitCandidate: Sendable {
    let key: DeclarationKey
    /// The `used-it.permit-invalid` finding to report if no permit covers the line.
    let finding: Finding
    let hsCode: HSCode
    /// nil when the declared quantity is missing or not a number.
    let quantity: Decimal?
    let quantityText: String?
    let unit: String?
    let holderTaxCode: String?
    let registeredOn: String?
    let typeCode: String
    let permitNumbers: [String]

    /// Registration date, then declaration number, then line: the order permits are drawn in.
    static func drawOrder(_ lhs: PermitCandidate, _ rhs: PermitCandidate) -> Bool {
        let left = lhs.registeredOn ?? "9999", right = rhs.registeredOn ?? "9999"
        if left != right { return left < right }
        if lhs.finding.declaration != rhs.finding.declaration { return lhs.finding.declaration < rhs.finding.declaration }
        return (lhs.finding.line ?? 0) < (rhs.finding.line ?? 0)
    }
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
        /// The finding, whose reason names each permit tried and the first check it failed.
        case uncovered(Finding)

        var finding: Finding? {
            if case .uncovered(let finding) = self { return finding }
            return nil
        }
    }

    /// Quantities drawn by earlier runs (from the ledger) count before this run's draws.
    mutating func preDraw(_ draws: [LedgerPermitDraw]) {
        for draw in draws {
            guard let quantity = DecimalText.value(draw.quantity),
                  let index = accounts.firstIndex(where: {
                      $0.permit.permitNumber == draw.permitNumber && $0.permit.hsPrefix == draw.hsPrefix && $0.permit.unit == draw.unit
                  })
            else { continue }
            accounts[index].drawn += quantity
            accounts[index].draws.append(PermitDraw(declaration: draw.number, line: draw.line, quantity: quantity))
        }
    }

    /// Draws the line's quantity from the first permit line that passes every check.
    mutating func apply(_ candidate: PermitCandidate) -> Outcome {
        var failures: [String] = []
        for number in uniqued(candidate.permitNumbers) {
            let indexes = registry.lineIndexes(ofPermit: number)
            if indexes.isEmpty {
                failures.append("permit \(number): not in the registry")
                continue
            }
            // Of a permit's lines, report the one that got furthest through the checks.
            var best: (stage: Int, message: String)?
            for index in indexes {
                switch check(candidate, against: index) {
                case .success(let quantity):
                    let draw = PermitDraw(declaration: candidate.finding.declaration, line: candidate.finding.line, quantity: quantity)
                    accounts[index].drawn += quantity
                    accounts[index].draws.append(draw)
                    return .covered(registry.lines[index], draw)
                case .failure(let failure):
                    if best == nil || failure.stage > best!.stage { best = (failure.stage, failure.message) }
                }
            }
            if let best { failures.append("permit \(number): \(best.message)") }
        }
        var finding = candidate.finding
        finding.reason = finding.reason.replacingOccurrences(of: UsedITPermitInvalidRule.failuresPlaceholder, with: failures.joined(separator: "; "))
        return .uncovered(finding)
    }

    struct CheckFailure: Error {
        let stage: Int
        let message: String
    }

    /// The checks of the contract, in order: holder, validity, HS code, case, unit, quantity.
    private func check(_ candidate: PermitCandidate, against index: Int) -> Result<Decimal, CheckFailure> {
        let permit = registry.lines[index]
        let account = accounts[index]
        let declarant = candidate.holderTaxCode ?? "(none)"
        guard permit.holderTaxCode == candidate.holderTaxCode else {
            return .failure(CheckFailure(stage: 1, message: "held by \(permit.holderTaxCode), not the declarant \(declarant)"))
        }
        guard let registered = candidate.registeredOn, DateText.normalize(registered) == registered else {
            return .failure(CheckFailure(stage: 2, message: "the declaration's registration date is missing or invalid"))
        }
        if let from = permit.validFrom, registered < from {
            return .failure(CheckFailure(stage: 2, message: "registered \(registered), before the permit's validity starts on \(from)"))
        }
        if let to = permit.validTo, registered > to {
            return .failure(CheckFailure(stage: 2, message: "registered \(registered), after the permit expired on \(to)"))
        }
        guard permit.covers(candidate.hsCode) else {
            return .failure(CheckFailure(stage: 3, message: "HS \(candidate.hsCode.dotted) is not under its line \(ListQuery.dotted(permit.hsPrefix))"))
        }
        if permit.permitCase == .processing && !TypeCodes.processingImports.contains(candidate.typeCode) {
            return .failure(CheckFailure(stage: 4, message: "its case is processing, which fits only processing imports (E21, E23), not \(candidate.typeCode)"))
        }
        guard let unit = candidate.unit, unit.uppercased() == permit.unit.uppercased() else {
            return .failure(CheckFailure(stage: 5, message: "permitted in \(permit.unit), declared in \(candidate.unit ?? "no unit")"))
        }
        guard let quantity = candidate.quantity else {
            return .failure(CheckFailure(stage: 6, message: "the declared quantity \(candidate.quantityText.map { "\"\($0)\"" } ?? "is missing and") cannot be drawn"))
        }
        guard quantity > 0 else {
            return .failure(CheckFailure(stage: 6, message: "the declared quantity \(quantity) is not positive and cannot be drawn"))
        }
        let total = account.drawn + quantity
        guard total <= permit.quantity else {
            return .failure(CheckFailure(stage: 6, message: "\(total) \(permit.unit) drawn of \(permit.quantity) permitted"))
        }
        return .success(quantity)
    }

    private func uniqued(_ numbers: [String]) -> [String] {
        var seen: Set<String> = []
        return numbers.filter { seen.insert($0).inserted }
    }
}
