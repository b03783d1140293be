/// The report columns of the contract, in order; CSV header and JSON field names alike.
enum ReportColumns {
    static let names = [
        "severity", "rule", "declaration", "line", "type_code", "registered_on", "customs_office",
        "tax_code", "company", "hs_code", "list_code", "description", "condition", "quantity", "unit",
        "value", "currency", "licences", "contract", "reason", "source", "source_line",
        "finding_id", "state", "first_reported_on", "triage", "triage_note", "value_vnd", "legal_basis",
    ]

    /// A cell's value: text, a whole number, or absent.
    enum Cell {
        case text(String?)
        case number(Int?)
    }

    static func cells(of finding: Finding) -> [Cell] {
        [
            .text(finding.severity.rawValue), .text(finding.rule.rawValue), .text(finding.declaration),
            .number(finding.line), .text(finding.typeCode), .text(finding.registeredOn),
            .text(finding.customsOffice), .text(finding.taxCode), .text(finding.company), .text(finding.hsCode),
            .text(finding.listCode), .text(finding.description), .text(finding.condition?.rawValue),
            .text(finding.quantity), .text(finding.unit), .text(finding.value), .text(finding.currency),
            .text(finding.licences), .text(finding.contract), .text(finding.reason), .text(finding.source),
            .number(finding.sourceLine), .text(finding.findingID), .text(finding.state.rawValue),
            .text(finding.firstReportedOn), .text(finding.triage), .text(finding.triageNote), .text(finding.valueVND),
            .text(finding.legalBasis),
        ]
    }
}
