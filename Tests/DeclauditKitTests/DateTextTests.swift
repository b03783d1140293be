import Testing

@testable import DeclauditKit

@Suite struct DateTextTests {
    @Test(arguments: [
        ("2026-11-20", "2026-11-20"),
        ("2026-11-20T23:59:59+07:00", "2026-11-20"),
        ("2026-11-20T00:00:00", "2026-11-20"),
        ("2026-11-20 00:00:00.000", "2026-11-20"),
        ("20/11/2026", "2026-11-20"),
        ("01/02/2026", "2026-02-01"),
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"),
        ("29/02/2024", "2024-02-29"),
        ("1900-01-01", "1900-01-01"),
        ("2999-12-31", "2999-12-31"),
    ])
    func validDatesAreNormalised(text: String, expected: String) {
        #expect(DateText.normalize(text) == expected)
    }

    @Test(arguments: [
        "", "2026", "2026-11", "2026-11-2", "2026-1-20", "26-11-20", "2026/11/20", "2026.11.20", "20-11-2026",
        "2026-11-20X", "2026-11-20Z", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-31",
        "2026-02-29", "1900-02-29", "2100-02-29", "1899-12-31", "3000-01-01", "31/04/2026", "20/11/26",
        "20/11/2026 10:00", "2/11/2026", "NULL", "２０２６-11-20", "2026-1１-20", "-026-11-20",
    ])
    func invalidDatesAreNil(text: String) {
        #expect(DateText.normalize(text) == nil)
    }

    @Test(arguments: [
        ("1970-01-01", 0), ("1970-01-02", 1), ("1969-12-31", -1), ("2000-03-01", 11_017), ("2026-11-20", 20_777),
        ("2024-02-29", 19_782), ("1900-01-01", -25_567),
    ])
    func dayNumbers(date: String, day: Int) {
        #expect(DateText.dayNumber(date) == day)
        #expect(DateText.isoDate(dayNumber: day) == date)
    }

    @Test func dayNumbersAreConsecutiveAcrossMonthsAndLeapYears() {
        var previous = DateText.dayNumber("1999-12-31")!
        var day = previous
        for _ in 0..<(366 * 30) {
            day += 1
            let date = DateText.isoDate(dayNumber: day)
            #expect(DateText.normalize(date) == date)
            let back = DateText.dayNumber(date)
            #expect(back == previous + 1)
            previous = back ?? previous + 1
        }
        #expect(DateText.isoDate(dayNumber: day) == "2030-01-22")
    }

    @Test(arguments: ["", "2026-11-20T00:00", "20/11/2026", "2026-02-30", "2026-13-01", "NULL"])
    func dayNumberRefusesWhatIsNotAnISODate(text: String) {
        #expect(DateText.dayNumber(text) == nil)
    }

    @Test(arguments: ["2026/11/20", "2026x11x20", "2026 11 20", "2026.11.20"])
    func dayNumberRefusesOtherSeparators(text: String) {
        #expect(DateText.dayNumber(text) == nil)
    }
}
