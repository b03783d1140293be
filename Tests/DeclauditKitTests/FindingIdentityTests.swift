import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The expected ids were computed outside the program, with `printf 'RULE\nSUBJECT' | sha256sum`,
/// so these tests check the contract's formula, not the code against itself.
@Suite struct FindingIdentityTests {
    @Test(arguments: [
        (RuleID.usedITNoPermit, 1, "487bfabda6d4e2da"),
        (.usedITPermitInvalid, 2, "c86dd9d3e1d85f2d"),
        (.usedITPermitUnverified, 3, "945fe1bb370261a5"),
        (.usedITUnlistedHeading, 4, "202aa7847f544d93"),
        (.inputInvalidHSCode, 5, "b3a604be83b794db"),
    ])
    func lineFindingsAreKeyedByDeclarationAndLine(rule: RuleID, line: Int, expected: String) {
        #expect(F.finding(rule: rule, declaration: "107100000140", line: line).findingID == expected)
    }

    @Test func anAmendmentKeepsTheIdentity() {
        let first = F.finding(declaration: "107100000140", line: 1)
        let amended = F.finding(declaration: "107100000142", line: 1)
        #expect(first.findingID == amended.findingID)
        #expect(first.findingID != F.finding(declaration: "107100000150", line: 1).findingID)
        #expect(first.findingID != F.finding(declaration: "107100000140", line: 2).findingID)
    }

    @Test func notReexportedIsKeyedByContract() {
        let finding = F.finding(
            rule: .processingNotReexported, declaration: "107100000140", line: nil, contract: "0312345678/HDGC-18")
        #expect(finding.findingID == "041c87976f677873")
    }

    @Test func balanceIsKeyedByContractGoodsAndUnit() {
        let subject = FindingIdentity.subject(contract: "0312345678/HDGC-21", goodsKey: "NPL-7", unit: "PCE")
        #expect(subject == "0312345678/HDGC-21/NPL-7/PCE")
        #expect(FindingIdentity.id(rule: .processingBalanceOutstanding, subject: subject) == "6007b698d5232977")
    }

    @Test func theIdAndStateSurviveTheFindingFile() throws {
        let file = try FindingFile()
        var finding = F.finding(declaration: "107100000140", line: 1)
        finding.firstReportedOn = "2026-12-01"
        finding.state = .open
        finding.triage = "accepted"
        finding.suppressed = true
        let entry = file.append(finding)
        try file.finish()
        let back = try file.finding(at: entry)
        #expect(back.findingID == "487bfabda6d4e2da")
        #expect(back.firstReportedOn == "2026-12-01")
        #expect(back.state == .open)
        #expect(back.triage == "accepted")
        #expect(back.suppressed)
        #expect(entry.state == .open && entry.suppressed)
    }
}
