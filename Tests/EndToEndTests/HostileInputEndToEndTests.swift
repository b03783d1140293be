import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Broken and hostile inputs (issue 6): every input ends up in report.json as `ok` or `failed`,
/// what was read before the damage is kept, nothing from outside the input gets in, and the
/// reports are never left half written. Fixtures are in Fixtures/hostile/ (made by its
/// generate.py); inputs too large to commit, links, loops and pipes are made here at test time.
@Suite("hostile input, end to end")
struct HostileInputEndToEndTests {
    static let goldenCases: [AuditEndToEndTests.Case] = [
        AuditEndToEndTests.Case(
            name: "hostile",
            arguments: [
                "Fixtures/hostile/encoding/windows-1258.xml", "Fixtures/hostile/encoding/unsupported-encoding.xml",
                "Fixtures/hostile/encoding/utf16-label-on-utf8.xml", "Fixtures/hostile/entities", "Fixtures/hostile/gzip",
            ], status: 2),
        AuditEndToEndTests.Case(
            name: "hostile-fields",
            arguments: [
                "--permits", "Fixtures/hostile/fields/registry.csv", "Fixtures/hostile/fields/bad-fields.xml",
            ], status: 1),
    ]

    @Test("reports match their golden copies", arguments: goldenCases)
    func goldenReports(_ testCase: AuditEndToEndTests.Case) throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try HostileAudit.run(testCase.arguments, out: out)
        #expect(run.status == testCase.status, "stderr: \(run.standardError)")
        try Golden.check(run.out.appendingPathComponent("findings.csv"), against: "findings.csv", case: testCase.name)
        try Golden.check(run.out.appendingPathComponent("report.json"), against: "report.json", case: testCase.name)
        #expect(try ReportSchema.violations(of: run.out.appendingPathComponent("report.json")) == nil)
        // The reports and the folder's lock file, no temporary.
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: run.out.path).sorted() == [
                ".declaudit.lock", "findings.csv", "findings.xlsx", "report.html", "report.json",
            ])
    }

    // MARK: - Item 1: every input accounted for

    @Test("every input is in report.json as ok or failed; a failed one names its problem, XML errors with line and column")
    func everyInputIsAccountedFor() throws {
        let arguments = ["Fixtures/broken", "Fixtures/hostile", "Fixtures/hostile/no-such-file.xml"]
        let run = try HostileAudit.run(arguments)
        #expect(run.status == 2)
        let expected =
            HostileFiles.auditable(under: ["Fixtures/broken", "Fixtures/hostile"]) + ["Fixtures/hostile/no-such-file.xml"]
        #expect(run.inputs.map { $0["path"] as? String } == expected)
        var failed = 0
        for input in run.inputs {
            let path = input["path"] as? String ?? "?"
            let status = input["status"] as? String
            #expect(status == "ok" || status == "failed", "\(path)")
            guard status == "failed" else {
                #expect(input["error"] == nil, "\(path)")
                continue
            }
            failed += 1
            let error = try #require(input["error"] as? [String: Any], "\(path)")
            let code = try #require(error["code"] as? String)
            #expect(!(error["message"] as? String ?? "").isEmpty, "\(path)")
            if code.hasPrefix("xml-") {
                #expect((error["line"] as? Int ?? 0) >= 1, "\(path): \(error)")
                #expect((error["column"] as? Int ?? 0) >= 1, "\(path): \(error)")
            } else if ["gzip", "empty-input", "input-not-found", "input-unreadable"].contains(code) {
                #expect(error["line"] is NSNull && error["column"] is NSNull, "\(path): \(error)")
            }
        }
        let summary = try #require(run.report["summary"] as? [String: Any])
        #expect(summary["failed_inputs"] as? Int == failed)
        #expect(failed >= 10)
    }

    @Test("an XML error past line 65,535 has its true line and column; the declaration before it keeps its finding")
    func lineAndColumnPastLine65535() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var lines = [HostileFiles.prolog, HostileFiles.dumpRoot]
        lines += Array(repeating: "", count: 70_000)
        let declarationLine = lines.count + 1
        lines += HostileFiles.declaration(number: "107000009500", description: "Used laptops").split(
            separator: "\n", omittingEmptySubsequences: false
        ).dropLast().map(String.init)
        let itemLine = declarationLine + 5
        lines += ["  <Declaration>", "    <Number>107000009510</Numbr>"]
        let errorLine = lines.count
        lines += ["  </Declaration>", "</DeclarationDump>", ""]
        let input = folder.appendingPathComponent("long.xml")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)

        let run = try HostileAudit.run([input.path])
        #expect(run.status == 2)
        let error = try #require(run.error(of: input.path))
        #expect(error["code"] as? String == "xml-malformed")
        #expect(error["line"] as? Int == errorLine)
        #expect(error["column"] as? Int == 33, "\(error)")
        #expect(error["last_declaration_line"] as? Int == declarationLine)
        #expect((error["message"] as? String)?.contains("Number line \(errorLine) and Numbr") == true, "\(error)")
        #expect(run.findings.map { $0["source_line"] as? Int } == [itemLine])
        #expect(run.csv.contains(",\(input.path),\(itemLine),"))
    }

    // MARK: - Item 2: gzip, DOCTYPE and entities, encodings

    @Test(
        "a damaged .gz keeps the declarations inflated before the damage, from a file or from standard input",
        arguments: [
            ("cut-short.xml.gz", "the gzip data is cut short", 4, 36), ("bad-checksum.xml.gz", "incorrect data check", 12, 124),
        ])
    func damagedGzipKeepsEarlierDeclarations(_ name: String, _ message: String, _ declarations: Int, _ lastLine: Int) throws {
        let path = "Fixtures/hostile/gzip/\(name)"
        let bytes = try Data(contentsOf: BinaryRunner.packageRoot.appendingPathComponent(path))
        for (argument, standardInput) in [(path, nil), ("-", bytes)] as [(String, Data?)] {
            let run = try HostileAudit.run([argument], standardInput: standardInput)
            #expect(run.status == 2, "\(argument): \(run.standardError)")
            let input = try #require(run.input(argument))
            #expect(input["status"] as? String == "failed")
            #expect(input["declarations"] as? Int == declarations)
            let error = try #require(input["error"] as? [String: Any])
            #expect(error["code"] as? String == "gzip")
            #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
            #expect(error["last_declaration_line"] as? Int == lastLine)
            #expect(run.findings.count == declarations)
            #expect(run.findings.allSatisfy { $0["source"] as? String == argument })
        }
    }

    @Test("a DOCTYPE is refused however it smuggles a local file in, and the file's content reaches no report")
    func doctypeNeverLetsALocalFileIn() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let token = "DECLAUDIT-SECRET-\(UUID().uuidString)"
        let secret = folder.appendingPathComponent("secret.txt")
        let dtd = folder.appendingPathComponent("secret.dtd")
        try token.write(to: secret, atomically: true, encoding: .utf8)
        try "<!ENTITY leak \"\(token)\">\n".write(to: dtd, atomically: true, encoding: .utf8)
        let body =
            HostileFiles.dumpRoot + "\n"
            + HostileFiles.declaration(number: "107000009600", company: "&leak;", description: "Used laptops &leak;")
            + "</DeclarationDump>\n"
        let inputs = folder.appendingPathComponent("inputs")
        let documents = [
            "external-entity.xml": "<!DOCTYPE DeclarationDump [\n  <!ENTITY leak SYSTEM \"file://\(secret.path)\">\n]>\n",
            "relative-entity.xml": "<!DOCTYPE DeclarationDump [\n  <!ENTITY leak SYSTEM \"../secret.txt\">\n]>\n",
            "external-dtd.xml": "<!DOCTYPE DeclarationDump SYSTEM \"file://\(dtd.path)\">\n",
            "parameter-entity.xml": "<!DOCTYPE DeclarationDump [\n  <!ENTITY % p SYSTEM \"file://\(dtd.path)\">\n  %p;\n]>\n",
            "public-dtd.xml": "<!DOCTYPE DeclarationDump PUBLIC \"-//X//Y//EN\" \"\(dtd.path)\">\n",
        ]
        for (name, doctype) in documents {
            try HostileFiles.write(HostileFiles.prolog + "\n" + doctype + body, to: inputs.appendingPathComponent(name))
        }
        let xinclude = HostileFiles.declaration(
            number: "107000009610",
            description:
                "Used laptops <xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://\(secret.path)\" parse=\"text\"/>"
        )
        try HostileFiles.write(HostileFiles.dump([xinclude]), to: inputs.appendingPathComponent("xinclude.xml"))
        let fromStandardInput = Data((HostileFiles.prolog + "\n" + documents["external-entity.xml"]! + body).utf8)

        let run = try HostileAudit.run([inputs.path, "-"], standardInput: fromStandardInput)
        #expect(run.status == 2)
        for name in documents.keys.sorted() {
            let error = try #require(run.error(of: inputs.path + "/" + name), "\(name)")
            #expect(error["code"] as? String == "xml-doctype", "\(name): \(error)")
        }
        #expect(run.error(of: "-")?["code"] as? String == "xml-doctype")
        #expect(run.input(inputs.path + "/xinclude.xml")?["status"] as? String == "ok")
        #expect(run.findings.map { $0["description"] as? String } == ["Used laptops"])
        for text in [run.csv, run.reports.json, run.standardOutput, run.standardError] {
            #expect(!text.contains(token))
            #expect(!text.contains("DECLAUDIT-SECRET"))
        }
        // `validate` (well-formedness, then the schema with libxml2's own reader) lets nothing in either.
        let validation = try BinaryRunner.run(["validate", inputs.path, "Fixtures/hostile/entities"])
        #expect(validation.status == 2)
        #expect(!(validation.standardOutput + validation.standardError).contains(token))
        #expect(!(validation.standardOutput + validation.standardError).contains("DECLAUDIT-FIXTURE-SECRET"))
    }

    @Test("a gzip input whose reading stops early (at a DOCTYPE) is refused without bringing the run down")
    func gzipStoppedEarlyDoesNotCrash() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("doctype.xml.gz")
        try HostileFiles.gzip(
            BinaryRunner.packageRoot.appendingPathComponent("Fixtures/hostile/entities/external-entity.xml"), to: input)
        let bytes = try Data(contentsOf: input)
        for (argument, standardInput) in [(input.path, nil), ("-", bytes)] as [(String, Data?)] {
            let out = try BinaryRunner.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: out) }
            let run = try BinaryRunner.run(
                ["audit", "--quiet", "--as-of", "2026-11-29", "--out", out.path, argument, "Fixtures/dump/used-it.xml"],
                standardInput: standardInput)
            // Before PrefetchingByteSource created its `free` semaphore at 0, libdispatch trapped
            // (SIGILL, no reports) when the parser stopped before the producer was done.
            #expect(run.status == 2, "\(argument): \(run.standardError.prefix(300))")
            let reports = try HostileAudit.Reports(out: out)
            #expect((reports.inputs.first?["error"] as? [String: Any])?["code"] as? String == "xml-doctype")
            #expect(reports.inputs.last?["status"] as? String == "ok")
        }
    }

    @Test("a billion-laughs document is refused at its DOCTYPE, in little memory")
    func billionLaughsRefusedInLittleMemory() throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let measured = try HostileProcess.measure([
            "audit", "--quiet", "--out", out.path, "Fixtures/hostile/entities/billion-laughs.xml",
        ])
        #expect(measured.status == 2)
        #expect(measured.peakMiB < 150, "peak RSS \(measured.peakMiB) MiB")
        let report = try HostileAudit.Reports(out: out)
        #expect((report.inputs.first?["error"] as? [String: Any])?["code"] as? String == "xml-doctype")
        #expect(report.findings.isEmpty)
    }

    @Test("a document nested 100,000 deep is refused, not followed down")
    func deepNestingRefused() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let input = folder.appendingPathComponent("deep.xml")
        try HostileFiles.write(
            HostileFiles.dump([HostileFiles.declaration(number: "107000009620", description: "Used " + deep)]), to: input)
        let run = try HostileAudit.run([input.path])
        #expect(run.status == 2)
        let error = try #require(run.error(of: input.path))
        #expect(error["code"] as? String == "xml-malformed")
        #expect((error["message"] as? String)?.contains("depth") == true, "\(error)")
    }

    @Test("windows-1258 (base letters and combining tone marks) is read as the same Vietnamese text as UTF-8")
    func windows1258ReadCorrectly() throws {
        let run = try HostileAudit.run(["Fixtures/hostile/encoding/windows-1258.xml"])
        #expect(run.status == 1, "stderr: \(run.standardError)")
        let finding = try #require(run.findings.first)
        // Byte for byte (String's == would accept a decomposed spelling too).
        #expect(Array((finding["description"] as? String ?? "").utf8) == Array("Máy tính xách tay đã qua sử dụng".utf8))
        #expect(Array((finding["company"] as? String ?? "").utf8) == Array("Công ty TNHH Ví Dụ Hộp Mực".utf8))
        #expect(finding["condition"] as? String == "used")
        #expect((finding["reason"] as? String)?.contains("\"đã qua sử dụng\"") == true)
    }

    @Test("UTF-16 with a byte-order mark is read correctly")
    func utf16ReadCorrectly() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = "Fixtures/hostile/encoding/utf16-bom.xml"
        // Through gzip the parser gets its first bytes in one piece and reads UTF-16 correctly.
        let gzipped = folder.appendingPathComponent("utf16-bom.xml.gz")
        try HostileFiles.gzip(BinaryRunner.packageRoot.appendingPathComponent(fixture), to: gzipped)
        let viaGzip = try HostileAudit.run([gzipped.path])
        #expect(viaGzip.status == 1, "stderr: \(viaGzip.standardError)")
        #expect(
            viaGzip.findings.map { Array(($0["description"] as? String ?? "").utf8) } == [
                Array("Máy tính xách tay đã qua sử dụng".utf8)
            ])

        let direct = try HostileAudit.run([fixture])
        #expect(direct.status == 1, "\(String(describing: direct.error(of: fixture)))")
        #expect(
            direct.findings.map { Array(($0["description"] as? String ?? "").utf8) } == [
                Array("Máy tính xách tay đã qua sử dụng".utf8)
            ])
    }

    @Test("UTF-8 with a byte-order mark (as Windows programs write it) is read correctly, from a file or standard input")
    func utf8ByteOrderMarkReadCorrectly() throws {
        let fixture = "Fixtures/hostile/encoding/utf8-bom.xml"
        let bytes = try Data(contentsOf: BinaryRunner.packageRoot.appendingPathComponent(fixture))
        for (argument, standardInput) in [(fixture, nil), ("-", bytes)] as [(String, Data?)] {
            let run = try HostileAudit.run([argument], standardInput: standardInput)
            #expect(run.status == 1, "\(argument): \(String(describing: run.error(of: argument)))")
            #expect(run.findings.count == 1)
        }
    }

    @Test("bytes that are no character in the declared encoding are refused as an encoding error, without libxml2 noise")
    func undecodableBytesRefusedClearly() throws {
        let fixture = "Fixtures/hostile/encoding/undecodable-windows-1258.xml"
        let run = try HostileAudit.run([fixture])
        #expect(run.status == 2)
        #expect(run.input(fixture)?["status"] as? String == "failed")
        let error = try #require(run.error(of: fixture))
        #expect(error["code"] as? String == "xml-encoding", "\(error)")
        #expect((error["message"] as? String)?.contains("0x8D") == true, "\(error)")
        // The bad byte is line 7, column 61. libxml2 converts ahead of the parser, so the position
        // is where the parser runs out of converted text; inside text it counts one column short.
        #expect(error["line"] as? Int == 7, "\(error)")
        #expect((60...61).contains(error["column"] as? Int ?? 0), "\(error)")
        #expect(!run.standardError.contains("encoding error :"), "\(run.standardError)")
        #expect(!run.standardError.contains("I/O error :"), "\(run.standardError)")
    }

    @Test("a byte no character in windows-1258, past line 65,535, has its true line and column, from a file or standard input")
    func undecodableBytePastLine65535() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = "<?xml version=\"1.0\" encoding=\"windows-1258\"?>\n" + HostileFiles.dumpRoot + "\n"
        text += String(repeating: "\n", count: 70_000)
        text += HostileFiles.declaration(number: "107000009520", description: "Used laptops")
        let badLine = text.count(where: { $0 == "\n" }) + 2
        var bytes = Data(text.utf8)
        bytes += Data("  <Declaration>\n    <Number>1".utf8) + Data([0x8D]) + Data("07000009530</Number>\n".utf8)
        bytes += Data("  </Declaration>\n</DeclarationDump>\n".utf8)
        let input = folder.appendingPathComponent("long-windows-1258.xml")
        try bytes.write(to: input)
        for (argument, standardInput) in [(input.path, nil), ("-", bytes)] as [(String, Data?)] {
            let run = try HostileAudit.run([argument], standardInput: standardInput)
            #expect(run.status == 2, "\(argument): \(run.standardError)")
            let error = try #require(run.error(of: argument))
            #expect(error["code"] as? String == "xml-encoding", "\(error)")
            #expect(error["line"] as? Int == badLine, "\(error)")
            #expect(error["column"] as? Int == 14, "\(error)")
            #expect(run.input(argument)?["declarations"] as? Int == 1)
        }
    }

    @Test(
        "an encoding libxml2 does not know, or a label the content contradicts, is refused as an encoding error",
        arguments: [
            ("unsupported-encoding.xml", "Unsupported encoding x-declaudit-unknown"),
            ("utf16-label-on-utf8.xml", "Document labelled UTF-16 but has UTF-8 content"),
        ])
    func unknownOrContradictedEncodingRefused(_ name: String, _ message: String) throws {
        let path = "Fixtures/hostile/encoding/\(name)"
        let run = try HostileAudit.run([path, "Fixtures/dump/used-it.xml"])
        #expect(run.status == 2)
        let error = try #require(run.error(of: path))
        #expect(error["code"] as? String == "xml-encoding")
        #expect(error["message"] as? String == message)
        #expect(error["line"] as? Int == 1)
        #expect(run.input("Fixtures/dump/used-it.xml")?["status"] as? String == "ok")
    }

    // MARK: - Item 2: fields, size bound

    @Test("a date or number that is not one gives the line a clear reason, and the run goes on")
    func invalidDatesAndNumbersGetAReason() throws {
        let run = try HostileAudit.run([
            "--permits", "Fixtures/hostile/fields/registry.csv", "Fixtures/hostile/fields/bad-fields.xml",
        ])
        #expect(run.status == 1, "stderr: \(run.standardError)")
        #expect(run.inputs.first?["status"] as? String == "ok")
        #expect(run.inputs.first?["declarations"] as? Int == 5)
        let reasons = Dictionary(run.findings.map { ($0["declaration"] as? String ?? "", $0["reason"] as? String ?? "") }) { $1 }
        #expect(Set(reasons.keys) == ["107000009100", "107000009110", "107000009120", "107000009160"])
        #expect(reasons["107000009100"]?.contains("the declaration's registration date is missing or invalid") == true)
        #expect(
            reasons["107000009100"]?.contains("the registration date \"2026-02-30\" is not a date in the form YYYY-MM-DD") == true
        )
        #expect(reasons["107000009110"]?.contains("the declared quantity \"12,5\" cannot be drawn") == true)
        #expect(reasons["107000009110"]?.contains("the declared quantity \"12,5\" is not a number") == true)
        #expect(
            reasons["107000009120"]?.contains("the registration date \"20/11/2026\" is not a date in the form YYYY-MM-DD") == true
        )
        #expect(reasons["107000009120"]?.contains("the declared quantity \"1.5e3\" is not a number") == true)
        #expect(reasons["107000009160"]?.contains("the declared quantity \"3,0\" is not a number") == true)
        // Still one sentence each.
        #expect(reasons.values.allSatisfy { $0.hasSuffix(".") && !$0.dropLast().contains(". ") })
        let processing = try #require((run.report["processing"] as? [[String: Any]])?.first)
        #expect(processing["unreadable_quantities"] as? [String] == ["107000009160 line 1"])
    }

    @Test("a negative declared quantity is not drawn from a permit (it would refill it)")
    func negativeQuantityDoesNotRefillAPermit() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registry = folder.appendingPathComponent("registry.csv")
        try HostileFiles.write(
            "permit_no,holder_tax_code,case,hs_code,quantity,unit,valid_from,valid_to\nP-1,0100000970,specialised,8471,100,PCE,2026-01-01,2026-12-31\n",
            to: registry)
        let licence = "    <Licence type=\"GP\" number=\"P-1\"/>\n"
        let input = folder.appendingPathComponent("negative.xml")
        try HostileFiles.write(
            HostileFiles.dump([
                HostileFiles.declaration(
                    number: "107000009700", taxCode: "0100000970", registeredOn: "2026-11-01", licences: licence,
                    description: "Used laptops", quantity: "-50"),
                HostileFiles.declaration(
                    number: "107000009710", taxCode: "0100000970", registeredOn: "2026-11-02", licences: licence,
                    description: "Used laptops", quantity: "140"),
            ]), to: input)
        let run = try HostileAudit.run(["--permits", registry.path, input.path])
        #expect(run.findings.map { $0["declaration"] as? String } == ["107000009700", "107000009710"])
        #expect(run.findings.allSatisfy { $0["rule"] as? String == "used-it.permit-invalid" })
    }

    @Test("a dump declaration over 10,000 goods lines fails the input; the declaration before it keeps its finding")
    func dumpDeclarationOverTheSizeBound() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let item =
            "    <Item line=\"%d\"><HSCode>8471.30.20</HSCode><Description>Used laptop</Description><Quantity unit=\"PCE\">1</Quantity></Item>\n"
        let items = (1...10_001).map { String(format: item, $0) }.joined()
        let huge =
            "  <Declaration>\n    <Number>107000009810</Number>\n    <TypeCode>A11</TypeCode>\n    <RegisteredOn>2026-11-20</RegisteredOn>\n"
            + items + "  </Declaration>\n"
        let input = folder.appendingPathComponent("huge.xml")
        try HostileFiles.write(
            HostileFiles.dump([
                HostileFiles.declaration(number: "107000009800", description: "Used laptops"), huge,
                HostileFiles.declaration(number: "107000009820", description: "Used laptops"),
            ]), to: input)
        let run = try HostileAudit.run([input.path])
        #expect(run.status == 2)
        let error = try #require(run.error(of: input.path))
        #expect(error["code"] as? String == "declaration-too-large")
        #expect((error["message"] as? String)?.contains("more than 10000 items") == true, "\(error)")
        #expect(error["line"] as? Int == 14)
        // The declarations after the oversized one are read too.
        #expect((error["last_declaration_line"] as? Int ?? 0) > 14)
        #expect(run.findings.first?["declaration"] as? String == "107000009800")
        #expect(run.findings.map { $0["declaration"] as? String } == ["107000009800", "107000009820"])
    }

    @Test("an ECUS5 declaration over 10,000 goods lines fails the input")
    func ecusDeclarationOverTheSizeBound() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text =
            HostileFiles.prolog
            + "\n<Root>\n  <DToKhaiMDIDs>\n    <DToKhaiMD>\n      <Data><_DToKhaiMDID>1</_DToKhaiMDID><SOTK>105000009830</SOTK><MA_LH>A11</MA_LH></Data>\n    </DToKhaiMD>\n  </DToKhaiMDIDs>\n  <DHangMDDKs>\n"
        for line in 1...10_001 {
            text +=
                "    <DHangMDDK><Data><_DToKhaiMDID>1</_DToKhaiMDID><STTHANG>\(line)</STTHANG><MA_HANGKB>84713020</MA_HANGKB><TEN_HANG>Used laptop</TEN_HANG></Data></DHangMDDK>\n"
        }
        text += "  </DHangMDDKs>\n</Root>\n"
        let input = folder.appendingPathComponent("ecus.xml")
        try HostileFiles.write(text, to: input)
        let run = try HostileAudit.run([input.path])
        #expect(run.status == 2)
        let error = try #require(run.error(of: input.path))
        #expect(error["code"] as? String == "declaration-too-large")
        #expect(error["line"] as? Int == 10_009)
        #expect(run.findings.isEmpty)
    }

    @Test(
        "a 16 MB text node does not make memory grow with it",
        .disabled(if: BinaryRunner.underAddressSanitizer, "ASan's shadow memory and quarantine count in the peak RSS"))
    func hugeTextNodeKeepsMemoryFlat() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("long-description.xml")
        try HostileFiles.write(
            HostileFiles.dump([
                HostileFiles.declaration(
                    number: "107000009840", description: "Used laptops " + String(repeating: "A", count: 16 << 20))
            ]), to: input)
        let out = folder.appendingPathComponent("out")
        let measured = try HostileProcess.measure(["audit", "--quiet", "--out", out.path, input.path])
        #expect(measured.status == 1 || measured.status == 2)
        #expect(measured.peakMiB < 64, "peak RSS \(measured.peakMiB) MiB")
    }

    // MARK: - Item 2: unreadable files, links, loops, pipes, standard input

    @Test("an unreadable *.xml fails as input-unreadable and the other inputs are audited")
    func unreadableFileFails() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"),
            to: folder.appendingPathComponent("a.xml"))
        // Reading /proc/self/mem at offset 0 fails with EIO, even for root (chmod 000 does not stop root).
        let procMemory = FileManager.default.fileExists(atPath: "/proc/self/mem")
        if procMemory {
            try FileManager.default.createSymbolicLink(atPath: folder.path + "/memory.xml", withDestinationPath: "/proc/self/mem")
        }
        if geteuid() != 0 {
            try HostileFiles.write("<x/>", to: folder.appendingPathComponent("sealed.xml"))
            chmod(folder.path + "/sealed.xml", 0)
        }
        let run = try HostileAudit.run([folder.path])
        #expect(run.status == 2)
        #expect(run.input(folder.path + "/a.xml")?["status"] as? String == "ok")
        #expect(!run.findings.isEmpty)
        if procMemory {
            let error = try #require(run.error(of: folder.path + "/memory.xml"))
            #expect(error["code"] as? String == "input-unreadable")
            #expect((error["message"] as? String)?.hasPrefix("read failed:") == true, "\(error)")
        }
        if geteuid() != 0 {
            #expect(run.error(of: folder.path + "/sealed.xml")?["code"] as? String == "input-unreadable")
        }
    }

    @Test("a dangling *.xml symlink and a symlink to itself in a directory fail visibly")
    func brokenSymlinksFail() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"),
            to: folder.appendingPathComponent("a.xml"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.path + "/gone.xml", withDestinationPath: folder.path + "/nowhere/gone.xml")
        try FileManager.default.createSymbolicLink(atPath: folder.path + "/self.xml", withDestinationPath: "self.xml")
        let run = try HostileAudit.run([folder.path])
        #expect(run.status == 2)
        #expect(run.inputs.map { $0["path"] as? String } == ["a.xml", "gone.xml", "self.xml"].map { folder.path + "/" + $0 })
        let gone = try #require(run.error(of: folder.path + "/gone.xml"))
        #expect(gone["code"] as? String == "input-not-found")
        #expect((gone["message"] as? String)?.contains("dangling symbolic link") == true)
        let loop = try #require(run.error(of: folder.path + "/self.xml"))
        #expect(loop["code"] as? String == "input-unreadable")
        #expect((loop["message"] as? String)?.contains("symbolic link loop") == true)
    }

    @Test("a named pipe called *.xml in a directory fails instead of blocking the run")
    func namedPipeInADirectoryDoesNotBlock() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"),
            to: folder.appendingPathComponent("a.xml"))
        #expect(mkfifo(folder.path + "/pipe.xml", 0o600) == 0)
        let out = folder.appendingPathComponent("out")
        let launched = try HostileProcess(["audit", "--quiet", "--as-of", "2026-11-29", "--out", out.path, folder.path])
        let finished = launched.wait(seconds: 120)
        if !finished { launched.kill() }
        #expect(finished, "declaudit blocked on the named pipe")
        guard finished else { return }
        #expect(launched.status == 2)
        let reports = try HostileAudit.Reports(out: out)
        let error = reports.inputs.first { $0["path"] as? String == folder.path + "/pipe.xml" }?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "input-unreadable")
        #expect((error?["message"] as? String)?.contains("not a regular file") == true)
    }

    @Test("a directory symlink loop is searched once and fails as an input; the files beside it are audited")
    func directorySymlinkLoop() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("sub"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"),
            to: root.appendingPathComponent("a.xml"))
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/broken/truncated.xml"),
            to: root.appendingPathComponent("sub/b.xml"))
        try FileManager.default.createSymbolicLink(atPath: root.path + "/sub/up", withDestinationPath: root.path)
        try FileManager.default.createSymbolicLink(atPath: root.path + "/self", withDestinationPath: ".")
        let out = folder.appendingPathComponent("out")
        let launched = try HostileProcess(["audit", "--quiet", "--as-of", "2026-11-29", "--out", out.path, root.path])
        let finished = launched.wait(seconds: 120)
        if !finished { launched.kill() }
        #expect(finished, "declaudit did not finish on a symlink loop")
        guard finished else { return }
        #expect(launched.status == 2)
        let reports = try HostileAudit.Reports(out: out)
        #expect(
            reports.inputs.map { $0["path"] as? String } == ["a.xml", "self", "sub/b.xml", "sub/up"].map { root.path + "/" + $0 })
        for loop in ["self", "sub/up"] {
            let error = reports.inputs.first { $0["path"] as? String == root.path + "/" + loop }?["error"] as? [String: Any]
            #expect((error?["message"] as? String)?.contains("symlink loop") == true, "\(loop)")
        }
        #expect(reports.inputs.first?["status"] as? String == "ok")
    }

    @Test("standard input closed half way through a document keeps the declarations read before")
    func standardInputClosedEarly() throws {
        let whole = try Data(contentsOf: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/dump/used-it.xml"))
        let half = whole.prefix(whole.count / 2)
        let cutLine = half.filter { $0 == 0x0A }.count + 1
        let run = try HostileAudit.run(["-"], standardInput: half)
        #expect(run.status == 2)
        let input = try #require(run.input("-"))
        #expect(input["status"] as? String == "failed")
        #expect((input["declarations"] as? Int ?? 0) >= 3)
        let error = try #require(input["error"] as? [String: Any])
        #expect(error["code"] as? String == "xml-malformed")
        #expect((error["line"] as? Int ?? 0) >= cutLine - 1)
        #expect((error["last_declaration_line"] as? Int ?? .max) < cutLine)
        #expect(!run.findings.isEmpty)
        #expect(run.findings.allSatisfy { $0["source"] as? String == "-" && ($0["source_line"] as? Int ?? .max) < cutLine })
    }

    @Test(
        "a job started with standard input closed reads - as empty, never another input's bytes",
        arguments: ["1", "2"])
    func standardInputDescriptorClosed(_ jobs: String) throws {
        let out = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let launched = try HostileProcess(
            [
                "audit", "--quiet", "--as-of", "2026-11-29", "--jobs", jobs, "--out", out.path,
                "Fixtures/ecus5/used-it-two-declarations.xml", "-",
            ],
            closeStandardInput: true)
        #expect(launched.wait(seconds: 120))
        #expect(launched.status == 2)
        let reports = try HostileAudit.Reports(out: out)
        #expect(reports.inputs.first?["status"] as? String == "ok", "\(reports.inputs)")
        let error = reports.inputs.last?["error"] as? [String: Any]
        #expect(error?["code"] as? String == "empty-input", "\(reports.inputs)")
    }

    // MARK: - Item 3: outputs

    @Test("an output folder that cannot be written is refused (exit 64) before any input is opened")
    func unwritableOutputRefusedBeforeReading() throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A named pipe without a writer: opening it to read would block, so a run that gets to
        // the inputs before checking the output folder never ends.
        let pipe = folder.path + "/input.xml"
        #expect(mkfifo(pipe, 0o600) == 0)
        let file = folder.appendingPathComponent("a-file")
        try HostileFiles.write("not a folder", to: file)
        for out in [file.path, file.path + "/reports"] {
            let launched = try HostileProcess(["audit", "--quiet", "--out", out, pipe])
            let finished = launched.wait(seconds: 120)
            if !finished { launched.kill() }
            #expect(finished, "--out \(out): declaudit opened the input before checking the output folder")
            #expect(launched.status == 64, "--out \(out)")
            #expect(launched.standardError.contains("declaudit: "), "\(launched.standardError)")
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }

    @Test(
        "a run killed while reading or while writing leaves the previous reports byte for byte, and no visible temporary file",
        arguments: [HostileKill.afterDelay, .whenFindingsTemporaryAppears, .whenReportTemporaryAppears])
    func killedRunLeavesPreviousReports(_ moment: HostileKill) throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out")
        let previous = try HostileAudit.run(["Fixtures/dump/used-it.xml"], out: out)
        #expect(previous.status == 1)
        let reports = ["findings.csv", "report.json", "report.html", "findings.xlsx"]
        let before = try reports.map { try Data(contentsOf: out.appendingPathComponent($0)) }

        let input = folder.appendingPathComponent("large.xml")
        try HostileFiles.write(
            HostileFiles.dump(
                (0..<3_000).map { index in
                    HostileFiles.declaration(
                        number: String(107_100_000_000 + index * 10), description: "Used laptops, lot \(index)", secondItem: true)
                }), to: input)
        let launched = try HostileProcess(["audit", "--quiet", "--as-of", "2026-11-29", "--out", out.path, input.path])
        let killed = launched.kill(when: moment, watching: out)
        #expect(killed, "the run ended before it could be killed \(moment)")
        #expect(launched.wasKilled == killed)
        let after = try reports.map { try Data(contentsOf: out.appendingPathComponent($0)) }
        // Booleans: a failed == on megabytes of Data would have the test library diff them.
        for (index, name) in reports.enumerated() {
            let kept = after[index] == before[index]
            #expect(kept, "\(name) changed")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: out.path).filter { !reports.contains($0) }
        #expect(left.allSatisfy { $0.hasPrefix(".") }, "visible leftovers: \(left)")
    }

    // MARK: - Item 4: what the fuzzer found

    @Test(
        "inputs that made the fuzzer fail are audited without a crash",
        arguments: HostileFiles.fuzzRegressions())
    func fuzzRegressions(_ name: String) throws {
        let folder = try HostileFiles.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("input.xml")
        try FileManager.default.copyItem(
            at: BinaryRunner.packageRoot.appendingPathComponent("Fixtures/hostile/fuzz/\(name)"), to: input)
        let run = try HostileAudit.run([input.path])
        #expect([0, 1, 2].contains(run.status), "\(name): \(run.standardError)")
        #expect(run.inputs.count == 1)
    }
}

// MARK: - Helpers

/// One audit run with the reports read back.
struct HostileAudit {
    struct Reports {
        let report: [String: Any]
        let csv: String
        /// report.json as written.
        let json: String
        var inputs: [[String: Any]] { report["inputs"] as? [[String: Any]] ?? [] }
        var findings: [[String: Any]] { report["findings"] as? [[String: Any]] ?? [] }

        init(out: URL) throws {
            let data = try Data(contentsOf: out.appendingPathComponent("report.json"))
            report = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            json = String(decoding: data, as: UTF8.self)
            csv = try String(contentsOf: out.appendingPathComponent("findings.csv"), encoding: .utf8)
        }
    }

    let status: Int32
    let standardOutput: String
    let standardError: String
    let out: URL
    let reports: Reports
    var report: [String: Any] { reports.report }
    var csv: String { reports.csv }
    var inputs: [[String: Any]] { reports.inputs }
    var findings: [[String: Any]] { reports.findings }

    func input(_ path: String) -> [String: Any]? {
        inputs.first { $0["path"] as? String == path }
    }

    func error(of path: String) -> [String: Any]? {
        input(path)?["error"] as? [String: Any]
    }

    /// Runs `audit --as-of 2026-11-29 --quiet --lang en --out OUT ARGUMENTS` (OUT a fresh folder
    /// unless given). English reasons: the tests and goldens quote them.
    static func run(_ arguments: [String], standardInput: Data? = nil, out given: URL? = nil) throws -> HostileAudit {
        let out = try given ?? BinaryRunner.temporaryFolder()
        let run = try BinaryRunner.run(
            ["audit", "--as-of", "2026-11-29", "--quiet", "--lang", "en", "--out", out.path] + arguments,
            standardInput: standardInput)
        guard FileManager.default.fileExists(atPath: out.path + "/report.json") else {
            throw HostileFiles.Failure("no report.json; exit status \(run.status), stderr: \(run.standardError)")
        }
        let reports = try Reports(out: out)
        if given == nil { try? FileManager.default.removeItem(at: out) }
        return HostileAudit(
            status: run.status, standardOutput: run.standardOutput, standardError: run.standardError, out: out, reports: reports)
    }
}

/// When the kill test stops the run.
enum HostileKill: String, CustomTestStringConvertible, Sendable {
    /// 0.3 s after the start, while the input is read.
    case afterDelay
    /// As soon as a temporary copy of findings.csv appears.
    case whenFindingsTemporaryAppears
    /// As soon as a temporary copy of report.json appears.
    case whenReportTemporaryAppears

    var testDescription: String { rawValue }
}

/// The binary run with a deadline, a kill switch, or standard input closed.
final class HostileProcess {
    private let process = Process()
    private let outputFile: URL
    private let errorFile: URL

    init(_ arguments: [String], closeStandardInput: Bool = false) throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-e2e-\(UUID().uuidString)")
        outputFile = scratch.appendingPathExtension("out")
        errorFile = scratch.appendingPathExtension("err")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        if closeStandardInput {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "exec \"$0\" \"$@\" <&-", BinaryRunner.binary.path] + arguments
        } else {
            process.executableURL = BinaryRunner.binary
            process.arguments = arguments
        }
        process.currentDirectoryURL = BinaryRunner.packageRoot
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outputFile)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        try process.run()
    }

    deinit {
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// Waits until the process ends or `seconds` pass; true if it ended.
    func wait(seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { return false }
        process.waitUntilExit()
        return true
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Kills the process at `moment`; false if it ended first.
    func kill(when moment: HostileKill, watching folder: URL) -> Bool {
        let start = Date()
        while process.isRunning {
            let trigger: Bool
            switch moment {
            case .afterDelay:
                trigger = Date().timeIntervalSince(start) >= 0.3
            case .whenFindingsTemporaryAppears, .whenReportTemporaryAppears:
                let name = moment == .whenFindingsTemporaryAppears ? "findings.csv" : "report.json"
                let entries = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
                trigger = entries.contains { $0 != name && $0.contains(name) }
            }
            if trigger {
                Glibc.kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return process.terminationReason == .uncaughtSignal
            }
            usleep(200)
        }
        process.waitUntilExit()
        return false
    }

    var wasKilled: Bool { process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGKILL }
    var status: Int32 { process.terminationStatus }
    var standardError: String { (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "" }

    /// Runs the binary under Python as the only child, for its peak resident memory.
    static func measure(_ arguments: [String]) throws -> (status: Int32, peakMiB: Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "python3", "-c",
                """
                import resource, subprocess, sys
                status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
                print(status, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)
                """, BinaryRunner.binary.path,
            ] + arguments
        process.currentDirectoryURL = BinaryRunner.packageRoot
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let fields = text.split(whereSeparator: \.isWhitespace)
        guard fields.count == 2, let status = Int32(fields[0]), let peak = Int(fields[1]) else {
            throw HostileFiles.Failure("could not measure: \(text)")
        }
        return (status, peak)
    }
}

/// Inputs made at test time.
enum HostileFiles {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static let prolog = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    static let dumpRoot = "<DeclarationDump xmlns=\"urn:declaudit:dump:1\">"

    /// One dump declaration (a used-IT import line unless told otherwise), ending in a newline;
    /// its item starts 5 lines below the `Declaration` tag.
    static func declaration(
        number: String, taxCode: String = "0100000950", company: String = "Cong ty", registeredOn: String = "2026-11-20",
        licences: String = "", description: String, quantity: String = "7", secondItem: Bool = false
    ) -> String {
        var text = """
              <Declaration>
                <Number>\(number)</Number>
                <TypeCode>A11</TypeCode>
                <RegisteredOn>\(registeredOn)</RegisteredOn>
                <Declarant><TaxCode>\(taxCode)</TaxCode><Name>\(company)</Name></Declarant>
                <Item line="1">
                  <HSCode>8471.30.20</HSCode>
                  <Description>\(description)</Description>
                  <Quantity unit="PCE">\(quantity)</Quantity>
                </Item>

            """
        if !licences.isEmpty {
            text = text.replacingOccurrences(of: "    <Item line=\"1\">\n", with: licences + "    <Item line=\"1\">\n")
        }
        if secondItem {
            text +=
                "    <Item line=\"2\"><HSCode>8517.13.00</HSCode><Description>Second-hand phones</Description><Quantity unit=\"PCE\">3</Quantity></Item>\n"
        }
        return text + "  </Declaration>\n"
    }

    static func dump(_ declarations: [String]) -> String {
        prolog + "\n" + dumpRoot + "\n" + declarations.joined() + "</DeclarationDump>\n"
    }

    static func folder() throws -> URL {
        try BinaryRunner.temporaryFolder()
    }

    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func gzip(_ source: URL, to target: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", "-n", source.path]
        _ = FileManager.default.createFile(atPath: target.path, contents: nil)
        let handle = try FileHandle(forWritingTo: target)
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else { throw Failure("gzip failed on \(source.path)") }
    }

    /// The `*.xml` and `*.xml.gz` files under the folders, as the tool orders them: each
    /// folder's entries sorted by their bytes, subfolders searched where they sort.
    static func auditable(under folders: [String]) -> [String] {
        folders.flatMap { folder -> [String] in
            let path = BinaryRunner.packageRoot.appendingPathComponent(folder).path
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }.flatMap { name -> [String] in
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path + "/" + name, isDirectory: &isDirectory)
                if isDirectory.boolValue { return auditable(under: [folder + "/" + name]) }
                return name.hasSuffix(".xml") || name.hasSuffix(".xml.gz") ? [folder + "/" + name] : []
            }
        }
    }

    /// Files under Fixtures/hostile/fuzz/: inputs the fuzzer found, named so that no directory
    /// search of Fixtures picks them up.
    static func fuzzRegressions() -> [String] {
        let folder = BinaryRunner.packageRoot.appendingPathComponent("Fixtures/hostile/fuzz").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }
}
