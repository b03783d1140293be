import Foundation

/// report.json, per the contract; `Schemas/report.schema.json` describes it.
public enum JSONReport {
    public static let toolName = "declaudit"
    public static let toolVersion = "0.1.0"

    /// Streams the report into `file`, 64 KiB at a time: memory does not grow with the report.
    static func write(_ result: AuditResult, to file: OutputFile) {
        var json = JSONWriter(file: file)
        emit(result, into: &json)
        _ = json.finish()
    }

    static func emit(_ result: AuditResult, into json: inout JSONWriter) {
        json.beginObject()
        json.beginObject("tool")
        json.field("name", toolName)
        json.field("version", toolVersion)
        json.endObject()
        json.field("as_of", result.asOf)
        json.beginObject("list")
        json.field("name", result.list.name)
        json.field("source", result.list.source)
        json.field("sha256", result.list.sha256)
        json.field("entries", result.list.entries.count)
        json.field("basis", result.list.metadata.basis)
        json.field("effective", result.list.metadata.effectiveDate)
        json.endObject()
        writeLegalRegime(to: &json)
        json.beginArray("inputs")
        for input in result.inputs { write(input, to: &json) }
        json.endArray()
        writeSummary(result, to: &json)
        if let accounts = result.permitAccounts { write(accounts, to: &json) }
        json.beginArray("processing")
        if let section = result.processing { json.appendMembers(section) }
        json.endArray()
        json.beginArray("findings")
        for finding in result.findings {
            json.beginObject()
            for (name, cell) in zip(ReportColumns.names, ReportColumns.cells(of: finding)) {
                switch cell {
                case .text(let text): json.field(name, text)
                case .number(let number): json.field(name, number)
                }
            }
            json.field("suppressed", .bool(finding.suppressed))
            json.endObject()
        }
        json.endArray()
        json.beginArray("resolved")
        for finding in result.resolved { write(finding, to: &json) }
        json.endArray()
        json.endObject()
    }

    /// The instruments by period that `legal_basis` cites (`LegalRegime`), so a reader of an old
    /// declaration's finding sees which instruments were in force when.
    private static func writeLegalRegime(to json: inout JSONWriter) {
        json.beginArray("legal_regime")
        for instrument in LegalRegime.instruments {
            json.beginObject()
            json.field("citation", instrument.citation)
            json.field("role", instrument.role.rawValue)
            json.field("valid_from", instrument.validFrom)
            json.field("valid_to", instrument.validTo)
            json.field("authority", instrument.authority?.en)
            json.endObject()
        }
        json.endArray()
    }

    private static func write(_ finding: ResolvedFinding, to json: inout JSONWriter) {
        json.beginObject()
        json.field("finding_id", finding.findingID)
        json.field("rule", finding.rule.rawValue)
        json.field("severity", finding.severity.rawValue)
        json.field("declaration", finding.declaration)
        json.field("line", finding.line)
        json.field("contract", finding.contract)
        json.field("first_reported_on", finding.firstReportedOn)
        json.field("last_reported_on", finding.lastReportedOn)
        json.endObject()
    }

    private static func write(_ input: InputReport, to json: inout JSONWriter) {
        json.beginObject()
        json.field("path", input.path)
        json.field("format", input.format?.rawValue)
        json.field("status", input.status.rawValue)
        json.field("declarations", input.declarations)
        json.field("items", input.items)
        if let error = input.error {
            json.beginObject("error")
            json.field("code", error.code.rawValue)
            json.field("message", error.message)
            json.field("line", error.location?.line)
            json.field("column", error.location?.column)
            json.field("more_problems", input.problemCount)
            json.field("last_declaration_line", input.lastDeclarationLine)
            json.endObject()
        }
        json.endObject()
    }

    private static func write(_ accounts: [PermitAccount], to json: inout JSONWriter) {
        json.beginArray("permits")
        for account in accounts {
            json.beginObject()
            json.field("permit_no", account.permit.permitNumber)
            json.field("registry_line", account.permit.line)
            json.field("holder_tax_code", account.permit.holderTaxCode)
            json.field("case", account.permit.permitCase.rawValue)
            json.field("hs_code", account.permit.hsPrefix)
            json.field("unit", account.permit.unit)
            json.field("permitted", "\(account.permit.quantity)")
            json.field("drawn", "\(account.drawn)")
            json.field("remaining", "\(account.remaining)")
            json.beginArray("draws")
            for draw in account.draws {
                json.beginObject()
                json.field("declaration", draw.declaration)
                json.field("line", draw.line)
                json.field("quantity", "\(draw.quantity)")
                json.endObject()
            }
            json.endArray()
            json.endObject()
        }
        json.endArray()
    }

    /// One processing contract: deadline, status and goods balances.
    static func write(_ contract: ContractBalance, to json: inout JSONWriter) {
        typealias Key = ContractKeys
        json.beginObject()
        json.field(Key.contract, contract.key)
        json.field(Key.contractNumber, contract.contractNumber)
        json.field(Key.expiresOn, contract.expiresOn)
        json.field(Key.deadline, contract.deadline)
        json.field(Key.status, contract.status.rawValue)
        json.beginArray(Key.imports)
        for record in contract.imports { json.field(nil, record.number) }
        json.endArray()
        json.beginArray(Key.returns)
        for record in contract.returns { json.field(nil, record.number) }
        json.endArray()
        json.beginArray(Key.goods)
        for balance in contract.goods {
            json.beginObject()
            json.field(Key.goodsKey, balance.goodsKey)
            json.field(Key.unit, balance.unit)
            json.field(Key.hsCode, balance.hsCode)
            json.field(Key.imported, balance.imported)
            json.field(Key.returned, balance.returned)
            json.field(Key.outstanding, balance.outstanding)
            json.field(Key.listedUsedIT, balance.listedUsed)
            json.field(Key.checkable, balance.isCheckable)
            json.endObject()
        }
        json.endArray()
        json.beginArray(Key.unreadableQuantities)
        for line in contract.unreadableQuantities { json.field(nil, line) }
        json.endArray()
        json.beginArray(Key.unreadableExpiries)
        for expiry in contract.unreadableExpiries { json.field(nil, expiry) }
        json.endArray()
        json.endObject()
    }

    /// The keys of a contract's entry, rendered once.
    private enum ContractKeys {
        static let contract = JSONWriter.Key("contract")
        static let contractNumber = JSONWriter.Key("contract_number")
        static let expiresOn = JSONWriter.Key("expires_on")
        static let deadline = JSONWriter.Key("deadline")
        static let status = JSONWriter.Key("status")
        static let imports = JSONWriter.Key("imports")
        static let returns = JSONWriter.Key("returns")
        static let goods = JSONWriter.Key("goods")
        static let goodsKey = JSONWriter.Key("goods_key")
        static let unit = JSONWriter.Key("unit")
        static let hsCode = JSONWriter.Key("hs_code")
        static let imported = JSONWriter.Key("imported")
        static let returned = JSONWriter.Key("returned")
        static let outstanding = JSONWriter.Key("outstanding")
        static let listedUsedIT = JSONWriter.Key("listed_used_it")
        static let checkable = JSONWriter.Key("checkable")
        static let unreadableQuantities = JSONWriter.Key("unreadable_quantities")
        static let unreadableExpiries = JSONWriter.Key("unreadable_expiries")
    }

    private static func writeSummary(_ result: AuditResult, to json: inout JSONWriter) {
        json.beginObject("summary")
        json.field("declarations", result.declarations)
        json.field("items", result.items)
        json.field("findings", result.findings.count)
        json.beginObject("by_severity")
        for severity in Severity.allCases { json.field(severity.rawValue, result.count(of: severity)) }
        json.endObject()
        json.beginObject("by_rule")
        for rule in RuleID.allCases { json.field(rule.rawValue, result.count(of: rule)) }
        json.endObject()
        json.field("superseded_skipped", result.supersededSkipped)
        json.field("cancelled_skipped", result.cancelledSkipped)
        json.field("failed_inputs", result.failedInputs)
        json.beginObject("by_state")
        for state in FindingState.allCases { json.field(state.rawValue, result.count(of: state)) }
        json.endObject()
        json.field("suppressed", result.suppressedCount)
        json.field("resolved", result.resolved.count)
        json.endObject()
    }
}

/// Gathers the `processing` section, rendered a slice of contracts at a time
/// (`ContractJudging`), in an anonymous temporary file while the run reconciles them (the section
/// precedes the summary, which needs every finding first).
struct ProcessingSectionWriter {
    private let file: OutputFile
    private var count = 0

    init() throws(DeclauditError) {
        guard let file = OutputFile.anonymous() else {
            throw DeclauditError(
                .outputNotWritable, "cannot create a temporary file: \(SystemError("mkstemp").reason)",
                at: SourceLocation(file: FileManager.default.temporaryDirectory.path))
        }
        self.file = file
    }

    /// Appends members rendered by a `JSONWriter(membersAtDepth: 2)`; the comma between two
    /// slices is the one a single writer would have put.
    mutating func append(_ members: [UInt8], contracts: Int) {
        guard contracts > 0 else { return }
        if count > 0 { file.write([0x2C]) }
        file.write(members)
        count += contracts
    }

    func finish() throws(DeclauditError) -> RenderedSection {
        guard file.errorCode == 0 else {
            throw DeclauditError(
                .outputNotWritable, "cannot write a temporary file: \(SystemError("write", code: file.errorCode).reason)",
                at: SourceLocation(file: FileManager.default.temporaryDirectory.path))
        }
        return RenderedSection(file: file, memberCount: count)
    }
}
