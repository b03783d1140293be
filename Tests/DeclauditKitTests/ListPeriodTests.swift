import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

private let header = "code,role,description_vi,description_en,basis,valid_from,valid_to,confidence\n"

private func parse(_ rows: String, name: String = "dated.csv") throws -> ProhibitedList {
    try ProhibitedList.parse(csv: Array((header + rows).utf8), name: name, source: name)
}

private func refusal(_ rows: String) -> DeclauditError? {
    do throws(DeclauditError) {
        _ = try ProhibitedList.parse(csv: Array((header + rows).utf8), name: "dated.csv", source: "dated.csv")
        return nil
    } catch {
        return error
    }
}

private func day(_ date: String) throws -> Int32 { try #require(ListDay.of(date)) }

/// A used monitor (8528.72.92) on a declaration registered on `registeredOn`, judged by `list`.
private func monitorFinding(registeredOn: String?, list: ProhibitedList, asOf: String = "2026-11-29") -> Finding? {
    var declaration = F.declaration(items: [F.item(hs: "8528.72.92", description: "Màn hình máy tính đã qua sử dụng")])
    declaration.registeredOn = registeredOn
    let context = RuleContext(list: list, asOf: asOf, language: .en)
    let assessment = ItemAssessment(
        declaration: declaration, item: declaration.items[0], source: "dump.xml", list: list,
        listDay: context.listDay(of: declaration))
    return F.judge(assessment, context: context)
}

/// 8528 is prohibited until 2026-06-30 only.
private let monitorsUntilJune = "8528,entry,Màn hình,Monitors,Test,,2026-06-30,high\n"

@Suite struct ListPeriodTests {
    @Test func periodsAreReadFromTheirColumnsAndAreNotNotes() throws {
        let list = try parse(monitorsUntilJune + "8471,entry,,,,2018-11-30,,\n8473,review,,,,,,n/a\n")
        #expect(list.entries.map(\.validFrom) == [nil, "2018-11-30", nil])
        #expect(list.entries.map(\.validTo) == ["2026-06-30", nil, nil])
        #expect(list.entries.allSatisfy { $0.notes.map(\.name) == ["confidence"] })
        #expect(list.entries.map(\.period) == ["until 2026-06-30", "from 2018-11-30", "no dates"])
        #expect(list.hasPeriods)
    }

    @Test func aDatedEntryFlagsAMonitorRegisteredWithinItsPeriodOnly() throws {
        let list = try parse(monitorsUntilJune)
        let may = try #require(monitorFinding(registeredOn: "2026-05-10", list: list))
        #expect(may.rule == .usedITNoPermit)
        #expect(may.listCode == "8528")
        #expect(monitorFinding(registeredOn: "2026-08-10", list: list) == nil)
        #expect(monitorFinding(registeredOn: "2026-06-30", list: list) != nil, "valid_to is inclusive")
        #expect(monitorFinding(registeredOn: "2026-07-01", list: list) == nil)
    }

    @Test func withoutARegistrationDateTheAuditDateDecides() throws {
        let list = try parse(monitorsUntilJune)
        #expect(monitorFinding(registeredOn: nil, list: list, asOf: "2026-05-01") != nil)
        #expect(monitorFinding(registeredOn: nil, list: list, asOf: "2026-11-29") == nil)
        #expect(monitorFinding(registeredOn: "2026-02-30", list: list, asOf: "2026-11-29") == nil, "not a date: the audit date")
        #expect(monitorFinding(registeredOn: "10/05/2026", list: list, asOf: "2026-11-29") != nil, "DD/MM/YYYY is a date")
    }

    @Test func aDeclarationOfTheDayBeforeTheCircularGetsNoEntryFinding() throws {
        let builtIn = ProhibitedList.builtIn
        var laptops = F.declaration(items: [F.item(hs: "8471.30.20", description: "Máy tính xách tay đã qua sử dụng")])
        laptops.registeredOn = "2018-11-29"
        let context = RuleContext(list: builtIn, asOf: "2026-11-29", language: .en)
        func verdict(_ declaration: Declaration) -> Finding? {
            F.judge(
                ItemAssessment(
                    declaration: declaration, item: declaration.items[0], source: "d", list: builtIn,
                    listDay: context.listDay(of: declaration)),
                context: context)
        }
        #expect(verdict(laptops) == nil)
        laptops.registeredOn = "2018-11-30"
        #expect(verdict(laptops)?.rule == .usedITNoPermit, "in force from 2018-11-30 (Circular 11/2018 Art. 3)")

        var cables = F.declaration(items: [F.item(hs: "8544.42.11", description: "Cáp ngầm đã qua sử dụng")])
        cables.registeredOn = "2018-11-29"
        let review = try #require(verdict(cables), "the review rows carry no dates")
        #expect(review.rule == .usedITUnlistedHeading)
        #expect(review.listCode == "8544")
    }

    @Test func theBuiltInEntryAndHeaderRowsApplyFromTheCircularsDate() {
        for entry in ProhibitedList.builtIn.entries {
            #expect(entry.validFrom == (entry.role == .review ? nil : "2018-11-30"), "\(entry.written) \(entry.role)")
            #expect(entry.validTo == nil)
        }
    }

    @Test func severalPeriodsOfOneCodeThatDoNotOverlap() throws {
        let list = try parse(
            """
            8528,entry,,,,,2026-06-30,
            8528,entry,,,,2026-09-01,,
            8528,review,,,,2026-07-01,2026-08-31,

            """)
        let code = try #require(HSCode(normalizing: "8528.72.92"))
        #expect(list.lookup(code, on: try day("2026-06-30")).entry?.line == 2)
        #expect(list.lookup(code, on: try day("2026-07-15")) == ListMatch(entry: nil, review: list.entries[2]))
        #expect(list.lookup(code, on: try day("2026-09-01")).entry?.line == 3)
        #expect(list.lookup(code).entry?.line == 3, "no day: as the list stands last")
    }

    @Test func overlappingPeriodsAreRefusedNamingBothRows() throws {
        let error = try #require(
            refusal(
                """
                8471,entry,,,,,,
                8528,entry,,,,2018-11-30,2026-06-30,
                8528,entry,,,,2026-06-30,,

                """))
        #expect(error.code == .listMalformed)
        #expect(error.location?.line == 4)
        #expect(
            error.message
                == "list row 4: code \"8528\" (from 2026-06-30) overlaps row 3 (2018-11-30 to 2026-06-30); rows of one code need periods that do not overlap"
        )
        let openEnded = try #require(refusal("8528,header,,,,,,\n8528,entry,,,,2020-01-01,,\n"))
        #expect(openEnded.message.contains("row 3") && openEnded.message.contains("overlaps row 2"))
        let undated = try #require(refusal("8528,entry,,,,,,\n8528,entry,,,,,,\n"))
        #expect(undated.message.hasPrefix("list row 3: code \"8528\" repeats row 2"))
        // An entry and a review row of one code never clash.
        #expect(refusal("8528,entry,,,,,,\n8528,review,,,,,,\n") == nil)
    }

    @Test(arguments: [
        ("8528,entry,,,,30/11/2018,,\n", "list row 2: valid_from \"30/11/2018\" is not a date in the form YYYY-MM-DD"),
        ("8528,entry,,,,,2026-02-30,\n", "list row 2: valid_to \"2026-02-30\" is not a date in the form YYYY-MM-DD"),
        ("8528,entry,,,,2026-07-01,2026-06-30,\n", "list row 2: valid_to 2026-06-30 is before valid_from 2026-07-01"),
    ])
    func badPeriodsAreRefused(rows: String, message: String) throws {
        let error = try #require(refusal(rows))
        #expect(error.message == message)
        #expect(error.location?.line == 2)
    }

    /// Art. 2 day by day: 8471 is a whole heading until a line under it is listed.
    @Test func theHeaderRuleAppliesOnEachDay() throws {
        let list = try parse("8471,entry,,,,,,\n84713020,entry,,,,2026-01-01,,\n")
        let laptop = try #require(HSCode(normalizing: "8471.30.20"))
        let server = try #require(HSCode(normalizing: "8471.50.10"))
        #expect(list.lookup(laptop, on: try day("2025-12-31")).entry?.code == "8471")
        #expect(list.lookup(server, on: try day("2025-12-31")).entry?.code == "8471")
        #expect(list.lookup(laptop, on: try day("2026-01-01")).entry?.code == "84713020")
        #expect(list.lookup(server, on: try day("2026-01-01")).entry == nil, "8471 is only a header from then on")
    }

    /// The trie's lookup on a day is Art. 2 applied the slow obvious way to the rows in force
    /// that day, for random dated lists, codes and days, built or compiled.
    @Test func lookupOnADayEqualsTheListOfRowsInForceThatDay() throws {
        var random = SplitMix64(state: 17)
        let days = ["2018-11-30", "2020-01-01", "2022-06-15", "2024-12-31", "2026-06-30"]
        func period() -> (String, String) {
            let a = Int.random(in: 0..<(days.count + 1), using: &random)
            let b = Int.random(in: a..<(days.count + 1), using: &random)
            return (a == 0 ? "" : days[a - 1], b == days.count ? "" : days[b])
        }
        for round in 0..<40 {
            var rows = ""
            var periodsOf: [String: [(String, String)]] = [:]
            for _ in 0..<12 {
                let digits =
                    "84" + ["71", "43"].randomElement(using: &random)!
                    + ["", "30", "3020", "50", "5010"].randomElement(using: &random)!
                let role = ["entry", "entry", "header", "review"].randomElement(using: &random)!
                let (from, to) = period()
                let slot = digits + (role == "review" ? "r" : "m")
                // Keep only rows whose periods do not overlap those of the same code and slot.
                let clash = (periodsOf[slot] ?? []).contains { other in
                    (from.isEmpty || other.1.isEmpty || from <= other.1) && (other.0.isEmpty || to.isEmpty || other.0 <= to)
                }
                guard !clash else { continue }
                periodsOf[slot, default: []].append((from, to))
                rows += "\(digits),\(role),,,,\(from),\(to),\n"
            }
            let list = try parse(rows)
            let compiled = try ProhibitedList.decode(compiled: list.compiled(), source: "x.hstrie")
            for date in ["2017-01-01"] + days + ["2030-01-01"] {
                let on = try day(date)
                let inForce = list.entries.filter { $0.isInForce(on: on) }
                for _ in 0..<200 {
                    let code = try #require(
                        HSCode(
                            value: 8_443_0000 + UInt32.random(in: 0..<10_000, using: &random)
                                + (Bool.random(using: &random) ? 280_000 : 0)))
                    let slow = naiveLookup(inForce, code.digits)
                    let expected = LookupKey(entry: slow.entry, review: slow.review)
                    #expect(LookupKey(list.lookup(code, on: on)) == expected, "round \(round), \(code) on \(date):\n\(rows)")
                    #expect(LookupKey(compiled.lookup(code, on: on)) == expected)
                }
            }
        }
    }

    @Test func compiledListsKeepThePeriods() throws {
        let list = try parse(monitorsUntilJune + "8528,entry,,,,2026-09-01,,\n8443,review,,,,2019-01-01,,\n")
        let loaded = try ProhibitedList.decode(compiled: list.compiled(), source: "dated.hstrie")
        #expect(loaded.entries == list.entries)
        #expect(loaded.trie == list.trie)
        #expect(monitorFinding(registeredOn: "2026-05-10", list: loaded) != nil)
        #expect(monitorFinding(registeredOn: "2026-08-10", list: loaded) == nil)
        #expect(monitorFinding(registeredOn: "2026-10-10", list: loaded) != nil)
    }

    /// `Fixtures/lists/appendix-v1.hstrie` was compiled by the format-1 code, before lists had
    /// periods: it loads, its rows have no dates, and its lookups are the built-in list's from 2018-11-30.
    @Test func aVersionOneFileStillLoads() throws {
        let bytes = try packageFileBytes("Fixtures/lists/appendix-v1.hstrie")
        #expect(Array(bytes[8..<12]) == [1, 0, 0, 0])
        let v1 = try ProhibitedList.decode(compiled: bytes, source: "appendix-v1.hstrie")
        #expect(v1.entries.count == 46)
        #expect(v1.name == "Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import")
        #expect(!v1.hasPeriods)
        let builtIn = ProhibitedList.builtIn
        let on = try day("2026-05-10")
        for heading in Set(builtIn.entries.map { UInt32($0.code.prefix(4))! }) {
            for tail in stride(from: UInt32(0), to: 10_000, by: 7) {
                let code = HSCode(value: heading * 10_000 + tail)!
                #expect(LookupKey(v1.lookup(code, on: on)) == LookupKey(builtIn.lookup(code, on: on)), "\(code)")
            }
        }
        let monitor = try #require(HSCode(normalizing: "8528.72.92"))
        #expect(v1.lookup(monitor, on: try day("2018-11-29")).entry?.written == "8528", "no dates: every day")
        #expect(builtIn.lookup(monitor, on: try day("2018-11-29")).entry == nil)
    }

    @Test func explanationsSayWhichPeriodARowIsIn() throws {
        let list = try parse(monitorsUntilJune)
        let may = list.explain("8528.72.92", on: "2026-05-10")
        #expect(may.verdict == .prohibited)
        #expect(may.on == "2026-05-10")
        #expect(may.reasons.contains("entry 8528 is in force until 2026-06-30"))
        let august = list.explain("8528.72.92", on: "2026-08-10")
        #expect(august.verdict == .notListed)
        #expect(august.reasons.contains("entry 8528 (until 2026-06-30) is not in force on 2026-08-10"))

        let json = try JSONSerialization.jsonObject(with: Data(ListReport.json([may, august]))) as? [[String: Any]]
        let objects = try #require(json)
        #expect(objects.map { $0["on"] as? String } == ["2026-05-10", "2026-08-10"])
        #expect(objects[0]["valid_to"] as? String == "2026-06-30")
        #expect(objects[0]["valid_from"] is NSNull)
        #expect(objects[1]["entry"] is NSNull)
        #expect(objects[1]["valid_to"] is NSNull)
    }

    @Test func showOnADateBeforeTheBuiltInListSaysItCoversOnlyItsReviewRows() throws {
        let builtIn = ProhibitedList.builtIn
        let shown = builtIn.inForce(on: try day("2018-11-29"))
        #expect(shown.entries.map(\.role) == Array(repeating: .review, count: 6))
        let text = ListReport.provenance(shown, whole: builtIn, on: "2018-11-29")
        #expect(text.contains("on: 2018-11-29: 6 of its 46 rows are in force\n"))
        #expect(
            text.contains(
                "on 2018-11-29 no entry or header row of this list is in force (the first applies from 2018-11-30): the list covers nothing but its review rows\n"
            ))
        let later = ListReport.provenance(builtIn.inForce(on: try day("2018-11-30")), whole: builtIn, on: "2018-11-30")
        #expect(later.contains("46 of its 46 rows are in force"))
        #expect(!later.contains("covers nothing"))
    }
}
