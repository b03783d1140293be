import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct JSONReportTests {
    private static func smallResult() -> AuditResult {
        let failure = DeclauditError(
            .gzip, "the gzip data is cut short (unexpected end of file)", at: DeclauditKit.SourceLocation(file: "b.xml.gz"))
        let malformed = DeclauditError(
            .xmlMalformed, "Premature end of data in tag Descrip line 22",
            at: DeclauditKit.SourceLocation(file: "c.xml", line: 23, column: 1))
        return F.auditResult(
            findings: [
                F.finding(
                    company: "Công ty \"A\"\\B", description: "Laptop\nused\t\u{1}", value: nil, licences: "GP:1;HDGC:2",
                    contract: "0100000001/2")
            ],
            inputs: [
                F.inputReport(path: "a.xml", format: .dump, declarations: 2, items: 3),
                F.inputReport(path: "b.xml.gz", format: nil, failedWith: failure, declarations: 0, items: 0),
                F.inputReport(
                    path: "c.xml", format: .dump, failedWith: malformed, declarations: 1, items: 1, problemCount: 2,
                    lastDeclarationLine: 3),
            ],
            declarations: 3, items: 4, superseded: 1, cancelled: 2)
    }

    @Test func exactBytesForASmallCase() {
        let list = F.list
        let expected = """
            {
              "tool": {
                "name": "declaudit",
                "version": "\(JSONReport.toolVersion)"
              },
              "as_of": "2026-11-29",
              "list": {
                "name": "test",
                "source": "test-list.csv",
                "sha256": "\(list.sha256)",
                "entries": 11,
                "basis": null,
                "effective": null
              },
              "legal_regime": [
                {
                  "citation": "Circular 11/2018/TT-BTTTT",
                  "role": "list",
                  "valid_from": "2018-11-30",
                  "valid_to": null,
                  "authority": null
                },
                {
                  "citation": "Decision 18/2016/QD-TTg",
                  "role": "permits",
                  "valid_from": "2016-07-01",
                  "valid_to": "2025-10-30",
                  "authority": "Ministry of Information and Communications"
                },
                {
                  "citation": "Decision 31/2019/QD-TTg",
                  "role": "permits",
                  "valid_from": "2019-10-09",
                  "valid_to": "2025-10-30",
                  "authority": "Ministry of Information and Communications"
                },
                {
                  "citation": "Circular 26/2025/TT-BKHCN",
                  "role": "permits",
                  "valid_from": "2025-10-31",
                  "valid_to": null,
                  "authority": "Ministry of Science and Technology"
                },
                {
                  "citation": "Circular 38/2015/TT-BTC Art. 64",
                  "role": "processing",
                  "valid_from": null,
                  "valid_to": null,
                  "authority": null
                }
              ],
              "inputs": [
                {
                  "path": "a.xml",
                  "format": "dump",
                  "status": "ok",
                  "declarations": 2,
                  "items": 3
                },
                {
                  "path": "b.xml.gz",
                  "format": null,
                  "status": "failed",
                  "declarations": 0,
                  "items": 0,
                  "error": {
                    "code": "gzip",
                    "message": "the gzip data is cut short (unexpected end of file)",
                    "line": null,
                    "column": null,
                    "more_problems": 0,
                    "last_declaration_line": null
                  }
                },
                {
                  "path": "c.xml",
                  "format": "dump",
                  "status": "failed",
                  "declarations": 1,
                  "items": 1,
                  "error": {
                    "code": "xml-malformed",
                    "message": "Premature end of data in tag Descrip line 22",
                    "line": 23,
                    "column": 1,
                    "more_problems": 2,
                    "last_declaration_line": 3
                  }
                }
              ],
              "summary": {
                "declarations": 3,
                "items": 4,
                "findings": 1,
                "by_severity": {
                  "high": 1,
                  "medium": 0,
                  "review": 0
                },
                "by_rule": {
                  "used-it.no-permit": 1,
                  "used-it.permit-invalid": 0,
                  "used-it.permit-unverified": 0,
                  "used-it.unlisted-it-heading": 0,
                  "processing.not-reexported": 0,
                  "processing.balance-outstanding": 0,
                  "input.invalid-hs-code": 0
                },
                "superseded_skipped": 1,
                "cancelled_skipped": 2,
                "failed_inputs": 2,
                "by_state": {
                  "new": 1,
                  "open": 0
                },
                "suppressed": 0,
                "resolved": 0
              },
              "processing": [],
              "findings": [
                {
                  "severity": "high",
                  "rule": "used-it.no-permit",
                  "declaration": "107000000010",
                  "line": 1,
                  "type_code": "A11",
                  "registered_on": "2026-11-20",
                  "customs_office": "01AB",
                  "tax_code": "0100000001",
                  "company": "Công ty \\"A\\"\\\\B",
                  "hs_code": "84713020",
                  "list_code": "8471",
                  "description": "Laptop\\nused\\t\\u0001",
                  "condition": "used",
                  "quantity": "20",
                  "unit": "PCE",
                  "value": null,
                  "currency": "USD",
                  "licences": "GP:1;HDGC:2",
                  "contract": "0100000001/2",
                  "reason": "Listed used goods without a permit.",
                  "source": "in.xml",
                  "source_line": 12,
                  "finding_id": "6f1ba26bcbf8fa88",
                  "state": "new",
                  "first_reported_on": null,
                  "triage": null,
                  "triage_note": null,
                  "value_vnd": null,
                  "legal_basis": "",
                  "suppressed": false
                }
              ],
              "resolved": []
            }

            """
        let rendered = JSONReport.render(Self.smallResult())
        #expect(String(decoding: rendered, as: UTF8.self) == expected)
        #expect(rendered == Array(expected.utf8))
    }

    @Test func listHashIsLowercaseHex() {
        let hash = F.list.sha256
        #expect(hash.utf8.count == 64)
        #expect(hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
    }

    @Test func absentValuesAreNull() throws {
        let finding = F.finding(
            line: nil, registeredOn: nil, customsOffice: nil, taxCode: nil, company: nil, hsCode: nil, listCode: nil,
            description: nil, condition: nil, quantity: nil, unit: nil, value: nil, currency: nil, contract: nil)
        let json = try Self.parse(JSONReport.render(F.auditResult(findings: [finding])))
        let object = try #require((json["findings"] as? [[String: Any]])?.first)
        for name in [
            "line", "registered_on", "customs_office", "tax_code", "company", "hs_code", "list_code",
            "description", "condition", "quantity", "unit", "value", "currency", "contract",
        ] {
            #expect(object[name] is NSNull, "\(name)")
        }
        #expect(object["licences"] as? String == "", "licences is always text")
        #expect(object.keys.sorted() == (ReportColumns.names + ["suppressed"]).sorted())
    }

    @Test func numbersAreNumbersAndCodesAreText() throws {
        let finding = F.finding(hsCode: "01012100", quantity: "15000", sourceLine: 70_003)
        let json = try Self.parse(JSONReport.render(F.auditResult(findings: [finding])))
        let object = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(object["hs_code"] as? String == "01012100")
        #expect(object["quantity"] as? String == "15000")
        #expect(object["line"] as? Int == 1)
        #expect(object["source_line"] as? Int == 70_003)
    }

    @Test func nonASCIIAndControlCharactersSurviveAParser() throws {
        let reason = "Hàng \"đã qua sử dụng\"\n\\ \u{7} – 🖨️"
        let json = try Self.parse(JSONReport.render(F.auditResult(findings: [F.finding(reason: reason)])))
        let object = try #require((json["findings"] as? [[String: Any]])?.first)
        #expect(object["reason"] as? String == reason)
        let rendered = String(decoding: JSONReport.render(F.auditResult(findings: [F.finding(reason: reason)])), as: UTF8.self)
        #expect(rendered.contains("Hàng \\\"đã qua sử dụng\\\"\\n\\\\ \\u0007 – 🖨️"))
    }

    @Test func summaryCountsComeFromTheResult() throws {
        let findings = [
            F.finding(severity: .high), F.finding(severity: .medium, rule: .usedITPermitUnverified),
            F.finding(severity: .review, rule: .usedITUnlistedHeading), F.finding(severity: .review, rule: .inputInvalidHSCode),
        ]
        let json = try Self.parse(JSONReport.render(F.auditResult(findings: findings, declarations: 7, items: 9)))
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["declarations"] as? Int == 7)
        #expect(summary["items"] as? Int == 9)
        #expect(summary["findings"] as? Int == 4)
        #expect(summary["by_severity"] as? [String: Int] == ["high": 1, "medium": 1, "review": 2])
        let byRule = try #require(summary["by_rule"] as? [String: Int])
        #expect(byRule["used-it.permit-unverified"] == 1)
        #expect(byRule["input.invalid-hs-code"] == 1)
        #expect(byRule.count == RuleID.allCases.count)
        #expect(summary["failed_inputs"] as? Int == 0)
    }

    @Test func statesSuppressionsAndResolvedFindingsAreCountedApart() throws {
        var open = F.finding(severity: .high)
        open.state = .open
        var suppressed = F.finding(severity: .medium, rule: .usedITPermitUnverified)
        suppressed.triage = "false-positive"
        suppressed.suppressed = true
        var result = F.auditResult(findings: [open, suppressed, F.finding(severity: .review, rule: .usedITUnlistedHeading)])
        result.resolved = [
            ResolvedFinding(
                findingID: "0123456789abcdef", rule: .processingNotReexported, severity: .high, declaration: "105000001010",
                line: nil, contract: "0700000001/1100100000101", firstReportedOn: "2026-11-27", lastReportedOn: "2026-11-28")
        ]
        let json = try Self.parse(JSONReport.render(result))
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["findings"] as? Int == 3)
        #expect(summary["by_state"] as? [String: Int] == ["new": 2, "open": 1])
        #expect(summary["suppressed"] as? Int == 1)
        #expect(summary["resolved"] as? Int == 1)
        let findings = try #require(json["findings"] as? [[String: Any]])
        #expect(findings.map { $0["suppressed"] as? Bool } == [false, true, false])
        #expect(findings[1]["triage"] as? String == "false-positive")
        let resolved = try #require(json["resolved"] as? [[String: Any]])
        #expect(resolved.count == 1)
        #expect(resolved[0]["finding_id"] as? String == "0123456789abcdef")
        #expect(resolved[0]["line"] is NSNull)
        #expect(resolved[0]["last_reported_on"] as? String == "2026-11-28")
        #expect(
            Set(resolved[0].keys) == [
                "finding_id", "rule", "severity", "declaration", "line", "contract", "first_reported_on", "last_reported_on",
            ])
    }

    @Test func sameResultSameBytes() {
        #expect(JSONReport.render(Self.smallResult()) == JSONReport.render(Self.smallResult()))
    }

    private static func parse(_ bytes: [UInt8]) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(bytes))
        return try #require(object as? [String: Any])
    }
}
