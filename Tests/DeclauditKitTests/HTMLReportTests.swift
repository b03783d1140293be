import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

private func finding(
    _ severity: Severity, taxCode: String? = "0100000001", company: String? = "Cong ty Vi Du",
    declaration: String = "107000000010",
    line: Int = 1, valueVND: String? = nil, triage: String? = nil, reason: String = "Listed used goods without a permit."
) -> Finding {
    var made = F.finding(
        severity: severity, declaration: declaration, line: line, taxCode: taxCode, company: company, reason: reason)
    made.valueVND = valueVND
    made.triage = triage
    // As the ledger decides it for a decision with no --until.
    made.suppressed = triage == "false-positive" || triage == "accepted"
    return made
}

private func page(
    _ findings: [Finding], language: ReportLanguage = .en, cap: Int = HTMLReport.findingCap, inputs: [InputReport] = []
) -> String {
    String(
        decoding: HTMLReport.render(F.auditResult(findings: findings, inputs: inputs), language: language, cap: cap),
        as: UTF8.self)
}

/// The `data-id`s of the findings in the page, in page order.
private func findingIDs(_ html: String) -> [String] {
    html.matches(of: /<details class="f" data-id="([^"]*)"/).map { String($0.output.1) }
}

/// The tax codes of the cases table, in order.
private func caseOrder(_ html: String) -> [String] {
    html.matches(of: /<tr class="case" data-company="([^"]*)"/).map { String($0.output.1) }
}

@Suite struct HTMLReportTests {
    @Test func hostileTextIsEscapedInContentAndAttributes() {
        let hostile = finding(
            .high, taxCode: "01\"><script>alert(1)</script>", company: "<script>alert(\"x\")</script> & 'co'",
            reason: "Ends the element </details></div><img src=x onerror=alert(2)>")
        let html = page([hostile])
        #expect(html.components(separatedBy: "<script>").count == 2, "only the page's own script")
        #expect(!html.contains("<img"))
        #expect(!html.contains("</script> &"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"))
        #expect(html.contains("data-company=\"01&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\""))
        #expect(html.contains("&lt;/details&gt;&lt;/div&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(html.contains("href=\"#company=01%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""))
    }

    @Test func controlCharactersDoNotReachThePage() {
        let html = page([finding(.high, company: "A\u{0}B\u{1B}C")])
        #expect(html.contains("A\u{FFFD}B\u{FFFD}C"))
        #expect(!html.utf8.contains(0) && !html.utf8.contains(0x1B))
    }

    @Test func nothingIsLoadedFromOutsideThePage() {
        let html = page([finding(.high, company: "=HYPERLINK(\"http://example.invalid\",\"click\")")])
        #expect(html.contains("Content-Security-Policy\" content=\"default-src 'none';"))
        #expect(html.firstMatch(of: /(src|href|action)\s*=\s*["']?\s*(https?:|\/\/)/) == nil)
        #expect(html.firstMatch(of: /url\(|@import|<link|<iframe|<img/) == nil)
    }

    @Test func casesAreOrderedByHighestSeverityThenTotalValue() {
        let findings = [
            finding(.medium, taxCode: "0400000004", valueVND: "1000000000"),
            finding(.high, taxCode: "0200000002", valueVND: "10"),
            finding(.review, taxCode: "0300000003", valueVND: "400"),
            finding(.high, taxCode: "0300000003", declaration: "107000000020", valueVND: "100.5"),
            finding(.high, taxCode: "0100000001"),
        ]
        var aggregation = CaseAggregation()
        for finding in findings { aggregation.add(finding) }
        let cases = aggregation.ordered
        #expect(cases.map(\.taxCode) == ["0300000003", "0200000002", "0100000001", "0400000004"])
        #expect(cases[0].highest == .high)
        #expect(cases[0].findings == 2)
        #expect(cases[0].bySeverity == [.high: 1, .review: 1])
        #expect(cases[0].totalVND.description == "500.5")
        #expect(cases[0].declarations == ["107000000010", "107000000020"])
        #expect(caseOrder(page(findings)) == ["0300000003", "0200000002", "0100000001", "0400000004"])
    }

    @Test func aValueThatIsNoNumberIsLeftOutOfTheTotal() {
        var aggregation = CaseAggregation()
        aggregation.add(finding(.high, valueVND: "61200000"))
        aggregation.add(finding(.high, line: 2, valueVND: "about 5 million"))
        #expect(aggregation.ordered.first?.totalVND.description == "61200000")
    }

    @Test func declarationsOfACaseAreCapped() {
        var aggregation = CaseAggregation()
        for index in 0..<(CaseAggregation.declarationCap + 50) {
            aggregation.add(finding(.high, declaration: String(107_000_000_000 + index * 10)))
        }
        let only = aggregation.ordered
        #expect(only.count == 1)
        #expect(only[0].findings == CaseAggregation.declarationCap + 50)
        #expect(only[0].declarations.count == CaseAggregation.declarationCap)
        #expect(only[0].moreDeclarations)
    }

    @Test func suppressedFindingsStayInThePageButOutOfTheCases() {
        let findings = [
            finding(.high, taxCode: "0100000001", triage: "false-positive"),
            finding(.medium, taxCode: "0200000002", triage: "confirmed"),
        ]
        let overview = ReportOverview(findings)
        #expect(overview.suppressed == 1)
        #expect(overview.cases.map(\.taxCode) == ["0200000002"])
        let html = page(findings)
        #expect(findingIDs(html).count == 2)
        #expect(html.contains("data-suppressed=\"1\" data-company=\"0100000001\""))
        #expect(html.contains("data-suppressed=\"0\" data-company=\"0200000002\""))
        #expect(findings.map(\.suppressed) == [true, false])
    }

    @Test func theCapKeepsTheMostSevereFirstAndPointsToTheWorkbook() {
        let findings = [
            finding(.review, line: 1), finding(.high, line: 2), finding(.medium, line: 3), finding(.high, line: 4),
            finding(.review, line: 5),
        ]
        let ids = findings.map(\.findingID)
        let capped = page(findings, cap: 3)
        #expect(findingIDs(capped) == [ids[1], ids[3], ids[2]])
        #expect(capped.contains("id=\"cap\""))
        #expect(capped.contains("This page holds the 3 most severe of 5 findings; see findings.xlsx"))
        let whole = page(findings, cap: 5)
        #expect(findingIDs(whole) == [ids[1], ids[3], ids[2], ids[0], ids[4]])
        #expect(!whole.contains("id=\"cap\""))
    }

    @Test func eachFindingOpensOntoItsEvidence() {
        var flagged = finding(.high, valueVND: "61200000")
        flagged.legalBasis = "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN"
        flagged.licences = "GP:123/GP-BKHCN"
        let html = page([flagged])
        for expected in [
            "<dt>Description</dt><dd>Used laptops</dd>",
            "<dt>Condition</dt><dd>used</dd>", "<dt>Licences</dt><dd>GP:123/GP-BKHCN</dd>",
            "<dt>Legal basis</dt><dd>Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN</dd>",
            "<dt>Finding id</dt><dd>\(flagged.findingID)</dd>", "data-value=\"61200000\"", "61,200,000 VND",
        ] {
            #expect(html.contains(expected), "\(expected)")
        }
        #expect(html.contains("<b>Reason:</b> Listed used goods without a permit."))
    }

    @Test func failedInputsShowTheirLineAndColumn() {
        let failed = F.inputReport(
            path: "night/<bad>.xml",
            failedWith: DeclauditError(
                .xmlMalformed, "Couldn't find end of Start Tag <Item>", at: SourceLocation(file: "x", line: 21, column: 7)))
        let html = page([], inputs: [failed, F.inputReport()])
        #expect(
            html.contains(
                "<td>night/&lt;bad&gt;.xml</td><td>xml-malformed</td><td>Couldn&#39;t find end of Start Tag &lt;Item&gt;</td><td>21</td><td>7</td>"
            ))
        #expect(html.contains("Inputs that could not be read (1)"))
        #expect(html.contains("1 read, 1 could not be read"))
    }

    @Test func resolvedFindingsHaveTheirSectionEvenWhenNone() {
        let html = page([finding(.high)])
        #expect(html.contains("<section id=\"resolved\"><h2>Resolved findings (0)</h2>\n<p>None</p>"))
        var result = F.auditResult(findings: [])
        result.resolved = [
            ResolvedFinding(
                findingID: "6f1ba26bcbf8fa88", rule: .usedITNoPermit, severity: .high, declaration: "107000000010", line: 1,
                contract: nil, firstReportedOn: "2026-11-20", lastReportedOn: "2026-11-28")
        ]
        let listed = String(decoding: HTMLReport.render(result, language: .en), as: UTF8.self)
        #expect(
            listed.contains(
                "<td>6f1ba26bcbf8fa88</td><td>used-it.no-permit</td><td>high</td><td>107000000010</td><td>1</td><td></td><td>2026-11-20</td><td>2026-11-28</td>"
            ))
    }

    @Test func theSummaryDotsTheCodeAndTheDetailsKeepItAsDeclared() {
        let html = page([finding(.high)])
        #expect(html.contains("</span> <span class=\"id\">8471.30.20</span>"))
        #expect(html.contains("<dt>HS code</dt><dd>84713020</dd>"))
    }

    @Test func bothLanguagesKeepTheValuesScriptsDependOn() {
        let findings = [finding(.high, valueVND: "344250000.5")]
        let vietnamese = page(findings, language: .vi)
        let english = page(findings, language: .en)
        #expect(vietnamese.contains("<html lang=\"vi\">"))
        #expect(vietnamese.contains("Hồ sơ theo doanh nghiệp"))
        #expect(vietnamese.contains("Mã số thuế"))
        #expect(vietnamese.contains("344.250.000,5 VND"))
        #expect(english.contains("<html lang=\"en\">"))
        #expect(english.contains("Cases by company"))
        #expect(english.contains("344,250,000.5 VND"))
        for html in [vietnamese, english] {
            #expect(html.contains("data-severity=\"high\" data-rule=\"used-it.no-permit\" data-state=\"new\""))
            #expect(html.contains("<option>used-it.no-permit</option>"))
        }
    }

    @Test(arguments: [
        ("344250000.00", ReportLanguage.vi, "344.250.000,00"), ("344250000.5", .en, "344,250,000.5"), ("999", .vi, "999"),
        ("-1234", .en, "-1,234"), ("1000", .vi, "1.000"), ("not a number", .vi, "not a number"),
    ])
    func numbersAreGroupedAsEachLanguageWritesThem(_ text: String, _ language: ReportLanguage, _ expected: String) {
        #expect(ReportNumbers.grouped(text, language.texts) == expected)
    }
}
