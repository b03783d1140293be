import Testing

@testable import DeclauditKit

@Suite struct LegalRegimeTests {
    @Test func aUsedITFindingOf2024CitesTheInformationMinistrysDecisions() {
        #expect(LegalRegime.basis(of: .usedITNoPermit, on: "2024-03-15")
            == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        #expect(LegalRegime.permitAuthority(on: "2024-03-15")?.en == "Ministry of Information and Communications")
    }

    @Test func from31October2025PermitsAreTheScienceMinistrys() {
        #expect(LegalRegime.basis(of: .usedITPermitInvalid, on: "2025-10-30")
            == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        #expect(LegalRegime.basis(of: .usedITPermitInvalid, on: "2025-10-31") == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
        #expect(LegalRegime.permitAuthority(on: "2026-05-10")?.vi == "Bộ Khoa học và Công nghệ")
    }

    @Test func beforeDecision31Of2019OnlyTheSpecialCasesHadPermits() {
        #expect(LegalRegime.basis(of: .usedITUnlistedHeading, on: "2019-10-08") == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg")
        #expect(LegalRegime.permitInstruments(on: "2019-10-08", for: .processing).isEmpty)
        #expect(LegalRegime.permitInstruments(on: "2019-10-09", for: .processing).map(\.citation) == ["Decision 31/2019/QD-TTg"])
    }

    @Test func beforeTheListWasInForceOnlyThePermitRegimeIsCited() {
        #expect(LegalRegime.basis(of: .usedITUnlistedHeading, on: "2018-11-29") == "Decision 18/2016/QD-TTg")
        #expect(LegalRegime.basis(of: .usedITUnlistedHeading, on: "2018-11-30").hasPrefix("Circular 11/2018/TT-BTTTT; "))
    }

    @Test func processingFindingsCiteThePermitRegimeOnlyForListedUsedGoods() {
        #expect(LegalRegime.basis(of: .processingNotReexported, on: "2026-01-05") == "Circular 38/2015/TT-BTC Art. 64")
        #expect(LegalRegime.basis(of: .processingBalanceOutstanding, on: "2026-01-05", listedUsedGoods: true)
            == "Circular 38/2015/TT-BTC Art. 64; Circular 26/2025/TT-BKHCN")
        #expect(LegalRegime.basis(of: .processingBalanceOutstanding, on: "2022-06-01", listedUsedGoods: true)
            == "Circular 38/2015/TT-BTC Art. 64; Decision 31/2019/QD-TTg")
    }

    @Test func anInvalidHSCodeRestsOnNoInstrument() {
        #expect(LegalRegime.basis(of: .inputInvalidHSCode, on: "2026-01-05").isEmpty)
    }

    @Test func thePermitPeriodsNeitherOverlapNorLeaveAGap() throws {
        let decision31 = try #require(LegalRegime.instruments.first { $0.citation == "Decision 31/2019/QD-TTg" })
        let circular26 = try #require(LegalRegime.instruments.first { $0.citation == "Circular 26/2025/TT-BKHCN" })
        let lastDay = try #require(decision31.validTo.flatMap(DateText.dayNumber))
        #expect(circular26.validFrom.flatMap(DateText.dayNumber) == lastDay + 1)
    }
}
