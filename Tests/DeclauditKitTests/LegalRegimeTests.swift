import Testing

@testable import DeclauditKit

@Suite struct LegalRegimeTests {
    @Test func aUsedITFindingOf2024CitesTheInformationMinistrysDecisions() {
        #expect(
            LegalRegime.basis(of: .usedITNoPermit, on: "2024-03-15")
                == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        #expect(LegalRegime.permitAuthority(on: "2024-03-15")?.en == "Ministry of Information and Communications")
    }

    @Test func from31October2025PermitsAreTheScienceMinistrys() {
        #expect(
            LegalRegime.basis(of: .usedITPermitInvalid, on: "2025-10-30")
                == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg")
        #expect(
            LegalRegime.basis(of: .usedITPermitInvalid, on: "2025-10-31")
                == "Circular 11/2018/TT-BTTTT; Circular 26/2025/TT-BKHCN")
        #expect(LegalRegime.permitAuthority(on: "2026-05-10")?.vi == "Bộ Khoa học và Công nghệ")
    }

    @Test func beforeDecision31Of2019OnlyTheSpecialCasesHadPermits() {
        #expect(
            LegalRegime.basis(of: .usedITUnlistedHeading, on: "2019-10-08")
                == "Circular 11/2018/TT-BTTTT; Decision 18/2016/QD-TTg")
        #expect(LegalRegime.permitInstruments(on: "2019-10-08", for: .processing).isEmpty)
        #expect(LegalRegime.permitInstruments(on: "2019-10-09", for: .processing).map(\.citation) == ["Decision 31/2019/QD-TTg"])
    }

    @Test func beforeTheListWasInForceOnlyThePermitRegimeIsCited() {
        #expect(LegalRegime.basis(of: .usedITUnlistedHeading, on: "2018-11-29") == "Decision 18/2016/QD-TTg")
        #expect(LegalRegime.basis(of: .usedITUnlistedHeading, on: "2018-11-30").hasPrefix("Circular 11/2018/TT-BTTTT; "))
    }

    @Test func processingFindingsCiteThePermitRegimeOnlyForListedUsedGoods() {
        #expect(LegalRegime.basis(of: .processingNotReexported, on: "2026-01-05") == "Circular 38/2015/TT-BTC Art. 64")
        #expect(
            LegalRegime.basis(of: .processingBalanceOutstanding, on: "2026-01-05", listedUsedGoods: true)
                == "Circular 38/2015/TT-BTC Art. 64; Circular 26/2025/TT-BKHCN")
        #expect(
            LegalRegime.basis(of: .processingBalanceOutstanding, on: "2022-06-01", listedUsedGoods: true)
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

    @Test func thePermitRegimeIsThreePeriodsWithoutGapOrOverlap() {
        let periods = LegalRegime.permitPeriods
        #expect(periods.map(\.validFrom) == ["2016-07-01", "2019-10-09", "2025-10-31"])
        #expect(periods.map(\.validTo) == ["2019-10-08", "2025-10-30", nil])
        #expect(
            periods.map { $0.instruments.map(\.citation) } == [
                ["Decision 18/2016/QD-TTg"], ["Decision 18/2016/QD-TTg", "Decision 31/2019/QD-TTg"],
                ["Circular 26/2025/TT-BKHCN"],
            ])
        #expect(
            periods.map { $0.authority?.vi } == [
                "Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông", "Bộ Khoa học và Công nghệ",
            ])
    }

    @Test func listShowPrintsThePermitsBlockAndMarksThePeriodOfTheDate() {
        #expect(
            ListReport.permitRegime(on: "2024-03-15") == """
                Permits
                  2016-07-01 to 2019-10-08: Ministry of Information and Communications
                    Decision 18/2016/QD-TTg
                  2019-10-09 to 2025-10-30: Ministry of Information and Communications (in force on 2024-03-15)
                    Decision 18/2016/QD-TTg; Decision 31/2019/QD-TTg
                  from 2025-10-31: Ministry of Science and Technology
                    Circular 26/2025/TT-BKHCN

                """)
        #expect(!ListReport.permitRegime().contains("in force on"))
    }

    @Test func theDayOfADeclarationIsItsRegistrationDateElseTheAuditDate() {
        #expect(LegalRegime.day(registeredOn: "2024-03-15", asOf: "2026-11-29") == "2024-03-15")
        #expect(LegalRegime.day(registeredOn: "15/03/2024", asOf: "2026-11-29") == "2024-03-15")
        #expect(LegalRegime.day(registeredOn: "2024-02-30", asOf: "2026-11-29") == "2026-11-29")
        #expect(LegalRegime.day(registeredOn: nil, asOf: "2026-11-29") == "2026-11-29")
    }

    @Test func vietnameseCitationsAreAsTheInstrumentsWriteThemselves() {
        #expect(
            LegalRegime.instruments.map(\.citationVI) == [
                "Thông tư 11/2018/TT-BTTTT", "Quyết định 18/2016/QĐ-TTg", "Quyết định 31/2019/QĐ-TTg",
                "Thông tư 26/2025/TT-BKHCN",
                "Thông tư 38/2015/TT-BTC Điều 64",
            ])
    }
}
