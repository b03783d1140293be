import Foundation
import Testing

/// The instruments a finding rests on are those in force on its declaration's registration
/// date: `legal_basis` and the reason say so, in either language (issue 17).
@Suite("legal basis by date, end to end")
struct LegalBasisEndToEndTests {
    /// Used laptops without a permit, registered in 2024 and in 2026, and a line with a bad code.
    static let dump = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DeclarationDump xmlns="urn:declaudit:dump:1" exportedAt="2026-11-28T23:00:00+07:00" source="declaudit tests">
          <Declaration>
            <Number>107000007010</Number>
            <TypeCode>A11</TypeCode>
            <CustomsOffice>01AB</CustomsOffice>
            <RegisteredOn>2024-03-15</RegisteredOn>
            <Declarant><TaxCode>0100000070</TaxCode><Name>Công ty TNHH Cũ</Name></Declarant>
            <Item line="1">
              <HSCode>8471.30.20</HSCode>
              <Description>Máy tính xách tay đã qua sử dụng</Description>
              <Quantity unit="PCE">2</Quantity>
            </Item>
            <Item line="2">
              <HSCode>8471.302</HSCode>
              <Description>Máy tính xách tay</Description>
              <Quantity unit="PCE">1</Quantity>
            </Item>
          </Declaration>
          <Declaration>
            <Number>107000007020</Number>
            <TypeCode>A11</TypeCode>
            <CustomsOffice>01AB</CustomsOffice>
            <RegisteredOn>2026-05-10</RegisteredOn>
            <Declarant><TaxCode>0100000070</TaxCode><Name>Công ty TNHH Cũ</Name></Declarant>
            <Item line="1">
              <HSCode>8471.30.20</HSCode>
              <Description>Máy tính xách tay đã qua sử dụng</Description>
              <Quantity unit="PCE">2</Quantity>
            </Item>
          </Declaration>
        </DeclarationDump>

        """

    /// declaration/line → (legal_basis, reason), and report.json's legal_regime citations.
    private func audit(language: String) throws -> (findings: [String: (basis: String, reason: String)], regime: [String]) {
        let folder = try BinaryRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("dated.xml")
        try Data(Self.dump.utf8).write(to: input)
        let out = folder.appendingPathComponent("out")
        let run = try BinaryRunner.run([
            "audit", "--as-of", "2026-11-29", "--quiet", "--lang", language, "--out", out.path, input.path,
        ])
        #expect(run.status == 1, "stderr: \(run.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report.json"))) as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        var byLine: [String: (basis: String, reason: String)] = [:]
        for finding in findings {
            let key = "\(finding["declaration"] as? String ?? "?")/\(finding["line"] as? Int ?? 0)"
            byLine[key] = (finding["legal_basis"] as? String ?? "?", finding["reason"] as? String ?? "?")
        }
        let regime = (report["legal_regime"] as? [[String: Any]] ?? []).compactMap { $0["citation"] as? String }
        return (byLine, regime)
    }

    @Test("a 2024 declaration rests on the Information Ministry's decisions, a 2026 one on Circular 26/2025")
    func basisByRegistrationDate() throws {
        let english = try audit(language: "en")
        #expect(english.findings.count == 3)
        let old = try #require(english.findings["107000007010/1"])
        #expect(old.basis == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        #expect(
            old.reason.contains(
                "needs a Ministry of Information and Communications permit (Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg)"))
        let recent = try #require(english.findings["107000007020/1"])
        #expect(recent.basis == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
        #expect(recent.reason.contains("needs a Ministry of Science and Technology permit (Circular 26/2025/TT-BKHCN)"))
        #expect(english.findings["107000007010/2"]?.basis == "", "input.invalid-hs-code rests on no instrument")
        #expect(
            english.regime == [
                "Circular 11/2018/TT-BTTTT", "Decision 18/2016/QD-TTg", "Decision 31/2019/QD-TTg", "Circular 26/2025/TT-BKHCN",
                "Circular 38/2015/TT-BTC Art. 64",
            ])

        let vietnamese = try audit(language: "vi")
        #expect(
            vietnamese.findings.mapValues(\.basis) == english.findings.mapValues(\.basis),
            "legal_basis is the same in every language")
        #expect(
            vietnamese.findings["107000007010/1"]?.reason.contains(
                "phải có giấy phép của Bộ Thông tin và Truyền thông (Quyết định 18/2016/QĐ-TTg; Quyết định 31/2019/QĐ-TTg)")
                == true)
        #expect(
            vietnamese.findings["107000007020/1"]?.reason.contains(
                "phải có giấy phép của Bộ Khoa học và Công nghệ (Thông tư 26/2025/TT-BKHCN)") == true)
    }
}
