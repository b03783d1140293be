/// `declaudit validate`: reads each input as the audit would (well-formedness, safe parsing,
/// format), checks a dump against `Schemas/declaration-dump.xsd`, and an ECUS5 export for the
/// columns the auditor needs.
public enum Validator {
    public struct Verdict: Sendable {
        public var format: InputFormat?
        public var declarations: Int
        public var problems: [DeclauditError]
    }

    public static func validate(_ file: InputFile) -> Verdict {
        if let problem = file.problem { return Verdict(format: nil, declarations: 0, problems: [problem]) }
        var missing: [DeclauditError] = []
        // Standard input can be read only once; keep its bytes for the schema pass.
        var stdinBytes: [UInt8]?
        let outcome: ReadOutcome
        if file.path == "-" {
            let bytes = MemoryByteSource.readAll(label: file.label)
            stdinBytes = (try? bytes.get()) ?? []
            let source = { () throws(DeclauditError) -> ByteSource in try bytes.get().asSource(label: file.label) }
            outcome = DocumentReader.read(source: source, label: file.label) { declaration in
                missing += RequiredColumns.missing(in: declaration, label: file.label)
            }
        } else {
            outcome = DocumentReader.read(path: file.path, label: file.label) { declaration in
                missing += RequiredColumns.missing(in: declaration, label: file.label)
            }
        }
        var problems = (outcome.error.map { [$0] } ?? []) + outcome.problems
        if outcome.format == .ecus5 { problems += missing }
        if outcome.format == .dump && outcome.error == nil {
            do throws(DeclauditError) {
                let source: ByteSource
                if let stdinBytes {
                    source = try stdinBytes.asSource(label: file.label)
                } else {
                    source = try InputOpener.open(path: file.path, label: file.label)
                }
                problems += try LibXML2.validate(source: source, label: file.label, schema: DumpSchema.compiled())
            } catch {
                problems.append(error)
            }
        }
        return Verdict(format: outcome.format, declarations: outcome.declarations, problems: problems)
    }
}

/// The ECUS5 columns without which a declaration cannot be audited.
enum RequiredColumns {
    static func missing(in declaration: Declaration, label: String) -> [DeclauditError] {
        var problems: [DeclauditError] = []
        func need(_ value: String?, _ column: String, line: Int, what: String) {
            if value == nil {
                problems.append(
                    DeclauditError(
                        .schemaInvalid, "\(what): column \(column) is missing or NULL",
                        at: SourceLocation(file: label, line: line)))
            }
        }
        let header = "declaration \(declaration.number)"
        need(declaration.registeredOn, "NGAY_DK", line: declaration.sourceLine, what: header)
        need(declaration.declarantTaxCode, "MA_DV", line: declaration.sourceLine, what: header)
        if declaration.items.isEmpty {
            problems.append(
                DeclauditError(
                    .schemaInvalid, "\(header) has no goods lines (DHangMDDK)",
                    at: SourceLocation(file: label, line: declaration.sourceLine)))
        }
        for item in declaration.items {
            let what = "\(header) goods line \(item.line)"
            need(item.line > 0 ? "" : nil, "STTHANG", line: item.sourceLine, what: what)
            need(item.hsCode, "MA_HANGKB", line: item.sourceLine, what: what)
            need(item.description, "TEN_HANG", line: item.sourceLine, what: what)
            need(item.quantity, "LUONG", line: item.sourceLine, what: what)
            need(item.unit, "MA_DVT", line: item.sourceLine, what: what)
        }
        return problems
    }
}
