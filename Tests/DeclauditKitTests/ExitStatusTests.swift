import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

private func status(_ severities: [Severity], failedInputs: Int = 0, failOn: Severity) -> DeclauditKit.ExitStatus {
    let failure = DeclauditError(.xmlMalformed, "broken", at: DeclauditKit.SourceLocation(file: "x.xml", line: 1, column: 1))
    let inputs =
        [F.inputReport(path: "ok.xml")]
        + (0..<failedInputs).map { F.inputReport(path: "bad\($0).xml", failedWith: failure) }
    let findings = severities.map { F.finding(severity: $0) }
    return DeclauditKit.ExitStatus.of(F.auditResult(findings: findings, inputs: inputs), failOn: failOn)
}

@Suite struct ExitStatusTests {
    @Test func codesAreTheContracts() {
        #expect(DeclauditKit.ExitStatus.clean.rawValue == 0)
        #expect(DeclauditKit.ExitStatus.findings.rawValue == 1)
        #expect(DeclauditKit.ExitStatus.inputFailed.rawValue == 2)
        #expect(DeclauditKit.ExitStatus.usage.rawValue == 64)
        #expect(DeclauditKit.ExitStatus.internal.rawValue == 70)
    }

    @Test(arguments: [Severity.high, .medium, .review])
    func noFindingsIsZero(failOn: Severity) {
        #expect(status([], failOn: failOn) == .clean)
    }

    @Test(arguments: [
        // (finding severities, --fail-on, expected)
        ([Severity.review], Severity.review, DeclauditKit.ExitStatus.findings),
        ([.review], .medium, .clean),
        ([.review], .high, .clean),
        ([.medium], .review, .findings),
        ([.medium], .medium, .findings),
        ([.medium], .high, .clean),
        ([.high], .review, .findings),
        ([.high], .medium, .findings),
        ([.high], .high, .findings),
        ([.review, .review, .medium], .high, .clean),
        ([.review, .high], .high, .findings),
    ])
    func failOnLevels(severities: [Severity], failOn: Severity, expected: DeclauditKit.ExitStatus) {
        #expect(status(severities, failOn: failOn) == expected)
    }

    @Test(arguments: [Severity.high, .medium, .review])
    func failedInputIsTwoWhateverTheFindings(failOn: Severity) {
        #expect(status([], failedInputs: 1, failOn: failOn) == .inputFailed)
        #expect(status([.high, .review], failedInputs: 2, failOn: failOn) == .inputFailed)
    }

    @Test func onlyNewUnsuppressedFindingsAtOrAboveFailOnCount() {
        func result(state: FindingState, suppressed: Bool, severity: Severity = .high) -> AuditResult {
            var finding = F.finding(severity: severity)
            finding.state = state
            finding.suppressed = suppressed
            return F.auditResult(findings: [finding])
        }
        #expect(DeclauditKit.ExitStatus.of(result(state: .new, suppressed: false), failOn: .review) == .findings)
        #expect(DeclauditKit.ExitStatus.of(result(state: .open, suppressed: false), failOn: .review) == .clean)
        #expect(DeclauditKit.ExitStatus.of(result(state: .new, suppressed: true), failOn: .review) == .clean)
        #expect(DeclauditKit.ExitStatus.of(result(state: .new, suppressed: false, severity: .review), failOn: .medium) == .clean)
    }

    @Test func severityOrder() {
        #expect(Severity.review < .medium)
        #expect(Severity.medium < .high)
        #expect(Severity.allCases.sorted() == [.review, .medium, .high])
        #expect(Severity(rawValue: "high") == .high)
        #expect(Severity(rawValue: "HIGH") == nil)
    }

    @Test func errorsOutsideTheAuditMapToUsageOrInternal() {
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.usage, "bad option")) == .usage)
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.listMalformed, "bad list")) == .usage)
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.permitsMalformed, "bad permits")) == .usage)
        #expect(DeclauditKit.ExitStatus.of(DeclauditError(.internal, "bug")) == .internal)
    }
}
