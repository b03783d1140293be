import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

@Suite struct SummaryTests {
    @Test func withoutALedgerTheParagraphSaysNothingOfStates() {
        let text = Summary.paragraph(F.auditResult(findings: [F.finding()]), out: "out")
        #expect(text.contains("1 finding: 1 high, 0 medium, 0 review."))
        #expect(!text.contains("open"))
    }

    @Test func openSuppressedAndResolvedFindingsAreCounted() {
        var open = F.finding()
        open.state = .open
        var suppressed = F.finding(line: 2)
        suppressed.suppressed = true
        var result = F.auditResult(findings: [open, suppressed])
        result.resolved = [
            ResolvedFinding(
                findingID: "0123456789abcdef", rule: .usedITNoPermit, severity: .high, declaration: "107000000010", line: 3,
                contract: nil, firstReportedOn: "2026-11-27", lastReportedOn: "2026-11-28")
        ]
        #expect(
            Summary.paragraph(result, out: "out").contains(
                "2 findings: 2 high, 0 medium, 0 review. 1 new, 1 open, 1 suppressed; 1 resolved."))
    }
}
