import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

private let header =
    "severity,rule,declaration,line,type_code,registered_on,customs_office,tax_code,company,hs_code,list_code,"
    + "description,condition,quantity,unit,value,currency,licences,contract,reason,source,source_line,"
    + "finding_id,state,first_reported_on,triage,triage_note,value_vnd,legal_basis"

private func text(_ findings: [Finding], excel: Bool = false) -> String {
    String(decoding: CSVReport.render(findings, excel: excel), as: UTF8.self)
}

/// The CSV cell as written for one field value.
private func cell(_ value: String, excel: Bool = false) -> String {
    var out: [UInt8] = []
    CSVReport.append(value, excel: excel, to: &out)
    return String(decoding: out, as: UTF8.self)
}

@Suite struct CSVReportTests {
    @Test func headerMatchesTheContract() {
        #expect(CSVReport.render([], excel: false) == Array((header + "\n").utf8))
        #expect(ReportColumns.names.count == 29)
    }

    @Test func exactBytesForASmallCase() {
        let findings = [
            F.finding(),
            F.finding(
                severity: .review, rule: .inputInvalidHSCode, declaration: "107000000020", line: 3, typeCode: "E21",
                registeredOn: nil, customsOffice: nil, taxCode: "0100000002", company: nil, hsCode: "01012100",
                listCode: nil, description: "Ngựa giống", condition: .unknown, quantity: "1.5", unit: "KGM",
                value: nil, currency: nil, licences: "HDGC:11;GP:45/GP", contract: "0100000002/11",
                reason: "Bad code.", source: "dir/b.xml.gz", sourceLine: 70_003),
            F.finding(
                severity: .high, rule: .processingNotReexported, line: nil, hsCode: nil, listCode: nil,
                description: nil, condition: nil, quantity: nil, unit: nil, value: nil, currency: nil,
                contract: "0100000001/11", reason: "Deadline passed.", sourceLine: 3),
        ]
        let expected =
            header + "\n"
            + "high,used-it.no-permit,107000000010,1,A11,2026-11-20,01AB,0100000001,Cong ty Vi Du,84713020,8471,"
            + "Used laptops,used,20,PCE,2400,USD,,,Listed used goods without a permit.,in.xml,12,6f1ba26bcbf8fa88,new,,,,,\n"
            + "review,input.invalid-hs-code,107000000020,3,E21,,,0100000002,,01012100,,Ngựa giống,unknown,1.5,KGM,,,"
            + "HDGC:11;GP:45/GP,0100000002/11,Bad code.,dir/b.xml.gz,70003,ef90a8348ae9050d,new,,,,,\n"
            + "high,processing.not-reexported,107000000010,,A11,2026-11-20,01AB,0100000001,Cong ty Vi Du,,,,,,,,,,"
            + "0100000001/11,Deadline passed.,in.xml,3,6b2924a38fb83b57,new,,,,,\n"
        #expect(CSVReport.render(findings, excel: false) == Array(expected.utf8))
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("\"", "\"\"\"\""),
        ("line\nbreak", "\"line\nbreak\""),
        ("cr\rreturn", "\"cr\rreturn\""),
        ("crlf\r\n", "\"crlf\r\n\""),
        ("", ""),
        (" spaced ", " spaced "),
        ("semi;colon", "semi;colon"),
        ("Công ty TNHH Ví Dụ", "Công ty TNHH Ví Dụ"),
        ("=1+1", "=1+1"),
    ])
    func quoting(value: String, expected: String) {
        #expect(cell(value) == expected)
    }

    @Test func quotedFieldsInAFullRow() {
        let finding = F.finding(company: "Công ty \"A, B\"", description: "Laptop,\n\"used\"", reason: "Why, exactly.")
        let row = text([finding]).split(separator: "\n", maxSplits: 1).last.map(String.init) ?? ""
        #expect(row.contains(",\"Công ty \"\"A, B\"\"\",84713020,8471,\"Laptop,\n\"\"used\"\"\",used,"))
        #expect(row.contains(",\"Why, exactly.\",in.xml,12,6f1ba26bcbf8fa88,new,,,,,\n"))
    }

    // MARK: --excel

    @Test func excelHasByteOrderMarkAndCRLF() {
        let bytes = CSVReport.render([F.finding()], excel: true)
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let expected =
            header + "\r\n"
            + "high,used-it.no-permit,107000000010,1,A11,2026-11-20,01AB,0100000001,Cong ty Vi Du,84713020,8471,"
            + "Used laptops,used,20,PCE,2400,USD,,,Listed used goods without a permit.,in.xml,12,6f1ba26bcbf8fa88,new,,,,,\r\n"
        #expect(Array(bytes.dropFirst(3)) == Array(expected.utf8))
    }

    @Test func plainModeHasNoByteOrderMarkNorCR() {
        let bytes = CSVReport.render([F.finding()], excel: false)
        #expect(bytes.first == UInt8(ascii: "s"))
        #expect(!bytes.contains(0x0D))
    }

    @Test(arguments: [
        ("=HYPERLINK(\"http://example.invalid\",\"click\")", "\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"click\"\")\""),
        ("=1+1", "'=1+1"),
        ("+1-555-0100", "'+1-555-0100"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("-", "'-"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("\r=1", "\"'\r=1\""),
        ("-12.5", "-12.5"),
        ("-0", "-0"),
        ("+3", "+3"),
        ("-.5", "-.5"),
        ("12", "12"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
    ])
    func excelMakesFormulasInert(value: String, expected: String) {
        #expect(cell(value, excel: true) == expected)
    }

    @Test func excelRowNeutralisesEveryTextColumn() {
        let finding = F.finding(
            company: "=HYPERLINK(\"http://x\")", description: "@cmd", quantity: "-3", value: "-0",
            licences: "+GP:1", reason: "-cmd|' /C calc'!A0", source: "=evil.xml")
        let csv = text([finding], excel: true)
        #expect(
            csv.contains(
                ",\"'=HYPERLINK(\"\"http://x\"\")\",84713020,8471,'@cmd,used,-3,PCE,-0,USD,'+GP:1,,'-cmd|' /C calc'!A0,'=evil.xml,12,6f1ba26bcbf8fa88,new,,,,,\r\n"
            ))
    }

    @Test func excelKeepsLineBreaksInsideCells() {
        let csv = text([F.finding(description: "a\nb")], excel: true)
        #expect(csv.contains(",\"a\nb\",used,"))
    }
}
