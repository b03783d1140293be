import Foundation
import Testing

@testable import DeclauditKit

/// Builds declarations, lists, assessments and findings for the unit tests, and runs XML text
/// through the document reader. Everything here is deterministic and in memory unless a
/// function's name says it touches the file system.
enum DeclarationFactory {
    // MARK: declarations

    /// An import goods line; only what a rule test usually varies is a parameter.
    static func item(
        line: Int = 1, hs: String? = "8471.30.20", description: String? = "Máy tính xách tay đã qua sử dụng",
        condition: GoodsCondition? = nil, productCode: String? = nil, origin: String? = "CN",
        quantity: String? = "20", unit: String? = "PCE", value: String? = "2400", currency: String? = "USD",
        exemptionCode: String? = nil, sourceLine: Int = 40
    ) -> DeclarationItem {
        DeclarationItem(
            line: line, hsCode: hs, productCode: productCode, description: description,
            declaredCondition: condition, origin: origin, quantity: quantity, unit: unit, value: value,
            currency: currency, exemptionCode: exemptionCode, sourceLine: sourceLine)
    }

    static func declaration(
        number: String = "107000000010", typeCode: String = "A11", licences: [Licence] = [],
        items: [DeclarationItem]? = nil, status: DeclarationStatus = .cleared, contractNumber: String? = nil,
        sourceLine: Int = 30
    ) -> Declaration {
        Declaration(
            number: number, typeCode: typeCode, customsOffice: "01AB", registeredOn: "2026-11-20",
            status: status, declarantTaxCode: "0100000001", declarantName: "Công ty TNHH Ví Dụ",
            partnerName: "Example Trading Ltd", partnerCountry: "HK", contractNumber: contractNumber,
            licences: licences, items: items ?? [item()], sourceLine: sourceLine)
    }

    // MARK: lists

    /// A small list with the shapes the rules care about: a heading entry with a low-confidence
    /// basis (8471), a header with listed 8-digit printer lines and the cartridge line (8443),
    /// review headings with and without a listed entry, and one written with dots (8504.40).
    static let listCSV = """
        code,role,description_vi,description_en,basis,confidence
        8443,header,Máy in,Printers,Circular 11/2018/TT-BTTTT Appendix,medium: header
        8443.31.19,entry,Loại khác,Other,Circular 11/2018/TT-BTTTT Appendix; Art. 2.2.c note,medium: one reproduction of the Appendix
        84433229,entry,Loại khác,Other,Circular 11/2018/TT-BTTTT Appendix; Art. 2.2.c note,medium: one reproduction
        84433290,entry,Loại khác,Other,,
        84439920,entry,Hộp mực in,Ink cartridges,Circular 11/2018/TT-BTTTT Appendix; laser cartridges excluded,medium: one reproduction
        8471,entry,Máy xử lý dữ liệu,ADP machines,Circular 11/2018/TT-BTTTT Appendix,low: heading named in secondary summaries
        8517,entry,Điện thoại,Telephones,Circular 11/2018/TT-BTTTT Appendix,n/a
        8443,review,Máy in,Printers,watched,n/a
        8471,review,Máy xử lý dữ liệu,ADP machines,watched,n/a
        8473,review,Bộ phận,Parts,watched,n/a
        8504.40,review,Máy biến đổi tĩnh điện,Static converters,watched,n/a

        """

    static let list: ProhibitedList = {
        do {
            return try ProhibitedList.parse(csv: Array(listCSV.utf8), name: "test", source: "test-list.csv")
        } catch {
            fatalError("the test list is malformed: \(error)")
        }
    }()

    // MARK: rules

    static func assess(
        _ declaration: Declaration, item index: Int = 0, source: String = "dump.xml", list: ProhibitedList = list
    ) -> ItemAssessment {
        ItemAssessment(declaration: declaration, item: declaration.items[index], source: source, list: list)
    }

    /// `permitRegistry: true` stands for an empty registry (no permit covers anything).
    static func context(
        permitRegistry: Bool = false, list: ProhibitedList = list, asOf: String? = nil, language: ReportLanguage = .en
    ) -> RuleContext {
        RuleContext(
            list: list, permits: permitRegistry ? PermitRegistry(source: "(empty)", lines: []) : nil, asOf: asOf,
            language: language)
    }

    /// The one finding the rules give for the first item of a declaration, as a run would: a
    /// permit candidate goes through the draw-down (on the empty registry) and the run rule.
    static func evaluate(
        _ declaration: Declaration, permitRegistry: Bool = false, list: ProhibitedList = list, language: ReportLanguage = .en
    ) -> Finding? {
        let context = context(permitRegistry: permitRegistry, list: list, language: language)
        return judge(assess(declaration, list: list), context: context)
    }

    /// `evaluate` for an assessed line.
    static func judge(_ line: ItemAssessment, context: RuleContext) -> Finding? {
        let key = DeclarationKey(line.declaration, input: 0, ordinal: 0)
        if let candidate = UsedITPermitInvalidRule.candidate(line, key: key, context: context), let registry = context.permits {
            var drawDown = PermitDrawDown(registry: registry)
            return Rules.judge(candidate, failures: drawDown.apply(candidate).failures, context: context).first
        }
        return Rules.judge(line, context: context)
    }

    // MARK: findings for report tests

    static func finding(
        severity: Severity = .high, rule: RuleID = .usedITNoPermit, declaration: String = "107000000010",
        line: Int? = 1, typeCode: String = "A11", registeredOn: String? = "2026-11-20",
        customsOffice: String? = "01AB", taxCode: String? = "0100000001", company: String? = "Cong ty Vi Du",
        hsCode: String? = "84713020", listCode: String? = "8471", description: String? = "Used laptops",
        condition: GoodsCondition? = .used, quantity: String? = "20", unit: String? = "PCE",
        value: String? = "2400", currency: String? = "USD", licences: String = "",
        contract: String? = nil, reason: String = "Listed used goods without a permit.",
        source: String = "in.xml", sourceLine: Int = 12
    ) -> Finding {
        Finding(
            severity: severity, rule: rule, declaration: declaration, line: line, typeCode: typeCode,
            registeredOn: registeredOn, customsOffice: customsOffice, taxCode: taxCode, company: company,
            hsCode: hsCode, listCode: listCode, description: description, condition: condition,
            quantity: quantity, unit: unit, value: value, currency: currency, licences: licences,
            contract: contract, reason: reason, source: source, sourceLine: sourceLine)
    }

    static func auditResult(
        findings: [Finding] = [], inputs: [InputReport] = [], declarations: Int = 1, items: Int = 1,
        superseded: Int = 0, cancelled: Int = 0, list: ProhibitedList = list
    ) -> AuditResult {
        AuditResult(
            asOf: "2026-11-29", list: list, inputs: inputs, findings: FindingList(findings), declarations: declarations,
            items: items, supersededSkipped: superseded, cancelledSkipped: cancelled)
    }

    static func inputReport(
        path: String = "in.xml", format: InputFormat? = .dump, failedWith error: DeclauditError? = nil,
        declarations: Int = 1, items: Int = 1, problemCount: Int = 0, lastDeclarationLine: Int? = nil
    ) -> InputReport {
        InputReport(
            path: path, format: format, status: error == nil ? .ok : .failed, declarations: declarations,
            items: items, error: error, problemCount: problemCount, lastDeclarationLine: lastDeclarationLine)
    }

    // MARK: reading XML

    /// What reading one document gave: the declarations in the order emitted, and the outcome.
    struct Read {
        var declarations: [Declaration]
        var outcome: ReadOutcome

        var error: DeclauditError? { outcome.error }
        var problems: [DeclauditError] { outcome.problems }
    }

    static func read(_ xml: String, label: String = "test.xml") -> Read {
        read(bytes: Array(xml.utf8), label: label)
    }

    static func read(bytes: [UInt8], label: String = "test.xml") -> Read {
        var declarations: [Declaration] = []
        let outcome = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in MemoryByteSource(bytes) }, label: label,
            emit: { declarations.append($0) })
        return Read(declarations: declarations, outcome: outcome)
    }

    /// A dump document around `body` (declarations), with the XML declaration on line 1 and the
    /// root start tag on line 2, so the first line of `body` is line 3.
    static func dump(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <DeclarationDump xmlns="urn:declaudit:dump:1">
        \(body)
        </DeclarationDump>

        """
    }

    // MARK: files

    /// The package's root folder, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Support
        .deletingLastPathComponent()  // DeclauditKitTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// A file of the project's Fixtures folder, e.g. `broken/empty.xml`.
    /// The `shared` folder beside the package (or `DECLAUDIT_SHARED`), when it exists: tests that
    /// compare with its references skip without it, so a bare clone still passes.
    static var sharedFolder: URL? {
        let path =
            ProcessInfo.processInfo.environment["DECLAUDIT_SHARED"]
            ?? packageRoot.deletingLastPathComponent().appendingPathComponent("shared").path
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// A file under the shared folder, when it is there.
    static func sharedFile(_ relativePath: String) -> URL? {
        guard let file = sharedFolder?.appendingPathComponent(relativePath),
            FileManager.default.fileExists(atPath: file.path)
        else { return nil }
        return file
    }

    static func fixture(_ relativePath: String) throws -> URL {
        let url = packageRoot.appendingPathComponent("Fixtures").appendingPathComponent(relativePath)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CocoaError(.fileNoSuchFile) }
        return url
    }

    /// A fresh directory under the system temporary directory; the caller removes it.
    static func makeTemporaryDirectory(_ prefix: String = "declaudit-tests") throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// gzip-compressed `bytes`, made by `/bin/gzip -c -n`.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let directory = try makeTemporaryDirectory("declaudit-gzip")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("plain")
        try Data(bytes).write(to: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-c", "-n", input.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CocoaError(.fileWriteUnknown)
        }
        return Array(output)
    }
}

extension LineRule {
    /// The report row of this rule's verdict on `line`, as the run builds it.
    func finding(_ line: ItemAssessment, context: RuleContext) -> Finding? {
        evaluate(line, context: context).map { Finding(Self.id, $0, about: .line(line), context: context.findings) }
    }
}

extension ContractRule {
    /// The report rows of this rule's verdicts on `contract`, as the run builds them.
    func findings(_ contract: ContractBalance, list: ProhibitedList? = nil, language: ReportLanguage = .en) -> [Finding] {
        let context = FindingContext(asOf: contract.asOf, language: language)
        return evaluate(contract, list: list).map {
            Finding(Self.id, $0.verdict, about: .contract(contract, $0), context: context)
        }
    }
}
