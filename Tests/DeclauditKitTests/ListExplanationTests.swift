import Foundation
import Testing

@testable import DeclauditKit

private let builtIn = ProhibitedList.builtIn

/// 8471 acts as a header (847130 is listed under it); 8443 is a header row with nothing under it.
private func actingList() throws -> ProhibitedList {
    try ProhibitedList.parse(
        csv: Array("code,role,description_vi,description_en,basis\n8471,entry,,,A\n847130,entry,,,B\n8443,header,,,\n".utf8),
        name: "acting.csv", source: "acting.csv")
}

@Suite struct ListQueryTests {
    @Test(arguments: [
        ("8471.30.20", "84713020", "8471.30.20"), ("8471 30 20", "84713020", "8471.30.20"),
        ("84713020", "84713020", "8471.30.20"), ("8471\u{A0}30\u{A0}20", "84713020", "8471.30.20"),
        (" 8471.30.20 ", "84713020", "8471.30.20"), ("8471", "8471", "8471"), ("8471.30", "847130", "8471.30"),
        ("0101.21.00", "01012100", "0101.21.00"),
    ])
    func spellings(text: String, digits: String, dotted: String) throws {
        let query = try #require(ListQuery(text))
        #expect(query.digits == digits)
        #expect(query.dotted == dotted)
        #expect(query.text == text)
        #expect((query.hsCode != nil) == (digits.count == 8))
    }

    @Test(arguments: ["847", "84713", "8471302", "847130201", "84A1", "8471-30-20", "", " "])
    func notCodes(text: String) {
        #expect(ListQuery(text) == nil)
    }
}

@Suite struct ListExplanationTests {
    @Test func wholeHeadingEntry() throws {
        let explanation = builtIn.explain("8471.30.20")
        #expect(explanation.verdict == .prohibited)
        #expect(explanation.entry?.written == "8471")
        #expect(explanation.review == nil)
        #expect(explanation.summary == "prohibited when used (entry 8471)")
        #expect(explanation.reasons.first == "entry 8471 covers every code under it (\(ListRule.wholeHeading))")
        #expect(
            explanation.reasons.contains {
                $0.hasPrefix("basis: Circular 11/2018/TT-BTTTT Appendix; 4-digit heading listed alone")
            })
        #expect(explanation.reasons.contains("confidence: high"))
        #expect(explanation.carveOuts.isEmpty)
    }

    @Test func lineUnderAHeaderThatIsNotListed() throws {
        let explanation = builtIn.explain("8443 31 11")
        #expect(explanation.verdict == .needsReview)
        #expect(explanation.entry == nil)
        #expect(explanation.review?.written == "8443")
        #expect(explanation.headers.map(\.written) == ["8443"])
        #expect(explanation.listedUnder.count == 9)
        #expect(explanation.carveOuts == [.printerCopier])
        #expect(explanation.summary == "not on the list; used goods need review (review heading 8443)")
        let header = try #require(explanation.reasons.first)
        #expect(header.hasPrefix("8443 is a header row (\(ListRule.headerOnly)): its listed codes are 8443.31.19, "))
        #expect(header.hasSuffix(", and this code is not one of them"))
        #expect(explanation.reasons.contains { $0.contains("used-it.unlisted-it-heading") })
        #expect(explanation.reasons.last == CarveOutKind.printerCopier.legalNote)
    }

    @Test func listedLineUnderAHeader() throws {
        let explanation = builtIn.explain("8443.99.20")
        #expect(explanation.verdict == .prohibited)
        #expect(explanation.entry?.written == "84439920")
        #expect(explanation.reasons.first == "entry 8443.99.20 lists this 8-digit line (\(ListRule.listedLine))")
        #expect(explanation.reasons.contains("8443 is a header row above it (\(ListRule.headerOnly))"))
        #expect(explanation.carveOuts == [.laserCartridge])
        #expect(explanation.reasons.contains("confidence: high"))
    }

    @Test func reviewOnlyAndNothing() throws {
        let review = builtIn.explain("85044011")
        #expect(review.verdict == .needsReview)
        #expect(review.review?.written == "8504.40")
        #expect(review.headers.isEmpty)
        #expect(review.reasons.first == "no entry or header of the list covers this code")

        let nothing = builtIn.explain("9001.10.10")
        #expect(nothing.verdict == .notListed)
        #expect(nothing.summary == "not on the list")
        #expect(nothing.reasons == ["no entry or header of the list covers this code"])
    }

    @Test func headingsSayWhatTheListSaysOfThem() throws {
        let printers = builtIn.explain("8443")
        #expect(printers.verdict == .partlyListed)
        #expect(printers.listedUnder.count == 9)
        #expect(printers.carveOuts == [.printerCopier, .laserCartridge])
        #expect(printers.summary.hasPrefix("partly on the list: 9 listed codes under it; "))

        let subheading = builtIn.explain("8471.30")
        #expect(subheading.verdict == .prohibited)
        #expect(subheading.summary == "prohibited when used, every code under it (entry 8471)")

        let converters = builtIn.explain("8504")
        #expect(converters.verdict == .notListed)
        #expect(converters.reviewsUnder.map(\.written) == ["8504.40"])
        #expect(converters.review == nil)
        #expect(converters.reasons.contains("review headings under 8504: 8504.40"))

        let watched = builtIn.explain("8504.40")
        #expect(watched.verdict == .needsReview)
    }

    @Test func anEntryActingAsAHeader() throws {
        let list = try actingList()
        let covered = list.explain("8471.30.20")
        #expect(covered.verdict == .prohibited)
        #expect(covered.entry?.code == "847130")
        #expect(covered.reasons.first == "entry 8471.30 covers every code under it (\(ListRule.wholeSubheading))")
        #expect(covered.reasons.contains("8471 is an entry acting as a header above it (\(ListRule.headerOnly))"))

        let uncovered = list.explain("8471.50.00")
        #expect(uncovered.verdict == .notListed)
        #expect(uncovered.headers.map(\.code) == ["8471"])
        #expect(uncovered.listedUnder.map(\.code) == ["847130"])
        #expect(uncovered.reasons.first?.hasPrefix("8471 is an entry acting as a header (") == true)

        let empty = list.explain("8443.11.00")
        #expect(empty.verdict == .notListed)
        #expect(empty.reasons == ["8443 is a header row, which prohibits nothing by itself, and nothing under it is listed"])
    }

    @Test func invalidCodes() {
        let explanation = builtIn.explain("847")
        #expect(explanation.verdict == .invalid)
        #expect(explanation.code == nil)
        #expect(explanation.summary.hasPrefix("not an HS code: give 4, 6 or 8 digits"))
    }

    /// The verdict of an 8-digit code is the audit's lookup, for any code.
    @Test func verdictsAgreeWithTheLookup() throws {
        var random = SplitMix64(state: 11)
        for index in 0..<3_000 {
            let value =
                index.isMultiple(of: 2)
                ? 84_000_000 + UInt32.random(in: 0..<2_000_000, using: &random)
                : UInt32.random(in: 0..<100_000_000, using: &random)
            let code = HSCode(value: value)!
            let match = builtIn.lookup(code)
            let explanation = builtIn.explain(code.digits)
            #expect(explanation.entry == match.entry)
            #expect(explanation.review == match.review)
            let expected: ListExplanation.Verdict =
                match.entry != nil ? .prohibited : match.review != nil ? .needsReview : .notListed
            #expect(explanation.verdict == expected, "\(code)")
            #expect(explanation.carveOuts == (CarveOuts.carveOut(for: code).map { [$0] } ?? []))
        }
    }

    /// `carveOuts(under:)` for a full code says what `carveOut(for:)` says.
    @Test func carveOutPrefixesAgreeWithTheCodeRule() throws {
        for tail in UInt32(0)..<10_000 {
            let code = HSCode(value: 8443_0000 + tail)!
            #expect(CarveOuts.carveOuts(under: code.digits) == (CarveOuts.carveOut(for: code).map { [$0] } ?? []), "\(code)")
        }
        #expect(CarveOuts.carveOuts(under: "8471").isEmpty)
        #expect(CarveOuts.carveOuts(under: "844399") == [.laserCartridge])
    }
}

@Suite struct ListReportTests {
    @Test func rowViewsApplyTheHeaderRule() throws {
        let views = builtIn.rowViews
        #expect(views.count == builtIn.entries.count)
        let byKey = Dictionary(uniqueKeysWithValues: views.map { ("\($0.entry.written)/\($0.entry.role)", $0) })
        let header = try #require(byKey["8443/header"])
        #expect(header.coverage == .headerOnly)
        #expect(header.listedUnder.count == 9)
        #expect(header.covers(limit: 3) == "header only: see 8443.31.19, 8443.31.29, 8443.31.39 and 6 more")
        #expect(header.covers().hasSuffix("8443.32.90, 8443.99.20"))
        #expect(byKey["8544/header"]?.listedUnder.count == 18)
        #expect(byKey["8471/entry"]?.covers() == "all of 8471")
        #expect(byKey["84433119/entry"]?.coverage == .line)
        #expect(byKey["8504.40/review"]?.covers() == "review heading")

        let acting = try actingList().rowViews
        #expect(acting.map(\.coverage) == [.headerOnly, .all, .headerOnly])
        #expect(acting[0].covers() == "header only: see 8471.30")
        #expect(acting[2].covers() == "header only: nothing under it is listed")
    }

    /// One block per row: code, role and coverage on an unindented line, then the Vietnamese
    /// description and basis indented, every line within 80 columns.
    @Test func tableFitsAnEightyColumnTerminalWithTheVietnameseDescriptions() throws {
        let lines = ListReport.table(builtIn).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.first == "code        role    covers")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.allSatisfy { $0.last != " " })
        let heads = lines.dropFirst().filter { $0.first != " " }
        #expect(heads.count == builtIn.entries.count)
        #expect(heads.contains("8471        entry   all of 8471"))
        #expect(heads.contains("8544.42.11  entry   this line only"))
        #expect(heads.contains("8504.40     review  review heading"))
        #expect(lines.contains { $0.hasPrefix("    Ra đa, các thiết bị dẫn đường bằng sóng vô tuyến") })
        #expect(lines.contains { $0.hasPrefix("    basis: watched: only 18 lines of the heading are listed") })
        #expect(!lines.contains { $0.contains("regulation.md") })
    }

    @Test func wrapBreaksAtSpacesWithinTheWidth() {
        #expect(ListReport.wrap("một hai ba bốn năm", width: 8) == ["một hai", "ba bốn", "năm"])
        #expect(ListReport.wrap("abcdefghij k", width: 4) == ["abcdefghij", "k"])
        #expect(ListReport.wrap("", width: 4) == [""])
    }

    @Test func provenanceNamesTheList() {
        let text = ListReport.provenance(builtIn)
        #expect(text.contains("list: Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import\n"))
        #expect(text.contains("source: built-in\n"))
        #expect(text.contains("effective: 2018-11-30\n"))
        #expect(text.contains("rows: 46 (38 entries in effect, 0 entries acting as headers, 2 header rows, 6 review headings)"))
        #expect(!text.contains("regulation.md"))
    }

    @Test func showJSONIsAnArrayOfRows() throws {
        let parsed = try JSONSerialization.jsonObject(with: Data(ListReport.json(builtIn)))
        let rows = try #require(parsed as? [[String: Any]])
        #expect(rows.count == builtIn.entries.count)
        let first = try #require(rows.first)
        #expect(first["code"] as? String == "8443")
        #expect(first["coverage"] as? String == "header-only")
        #expect(first["in_effect"] as? Bool == false)
        #expect((first["listed_under"] as? [String])?.count == 9)
        #expect(first["source_line"] as? Int == 5)
        #expect(rows.last?["confidence"] as? String == "n/a")
    }

    @Test func lookupTextAndJSON() throws {
        let explanations = ["8471.30.20", "bad"].map { builtIn.explain($0) }
        let text = ListReport.text(explanations)
        #expect(text.hasPrefix("8471.30.20: prohibited when used (entry 8471)\n  entry 8471 covers every code under it"))
        #expect(text.hasSuffix("\n\nbad: not an HS code: give 4, 6 or 8 digits; dots and spaces are allowed (e.g. 8471.30.20)\n"))

        let parsed = try JSONSerialization.jsonObject(with: Data(ListReport.json(explanations)))
        let objects = try #require(parsed as? [[String: Any]])
        #expect(objects.count == 2)
        #expect(objects[0]["verdict"] as? String == "prohibited")
        #expect(objects[0]["entry"] as? String == "8471")
        #expect(objects[0]["code"] as? String == "84713020")
        #expect((objects[0]["reasons"] as? [String])?.isEmpty == false)
        #expect(objects[1]["verdict"] as? String == "invalid")
        #expect(objects[1]["code"] is NSNull)
    }
}
