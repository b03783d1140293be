import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// What the built-in list (the Appendix of Circular 11/2018/TT-BTTTT and its review rows) makes
/// of a used goods line, through every item rule, as an audit runs them.
private func verdict(_ hs: String, description: String = "Hàng đã qua sử dụng") -> Finding? {
    let list = ProhibitedList.builtIn
    let declaration = F.declaration(items: [F.item(hs: hs, description: description)])
    return F.judge(F.assess(declaration, list: list), context: F.context(list: list))
}

@Suite struct AppendixVerdictTests {
    /// One line under each of the 13 headings of the Appendix: the 11 whole headings, a listed
    /// line of the two headers (8443, 8544). Each is prohibited when used: high, with its entry.
    @Test(arguments: [
        ("8443.32.19", "84433219"), ("8470.10.00", "8470"), ("8471.30.20", "8471"), ("8517.62.59", "8517"),
        ("8518.30.10", "8518"), ("8525.89.10", "8525"), ("8526.10.10", "8526"), ("8527.21.00", "8527"),
        ("8528.72.92", "8528"), ("8534.00.10", "8534"), ("8540.11.00", "8540"), ("8542.31.00", "8542"),
        ("8544.42.11", "85444211"),
    ])
    func listedHeadingIsProhibitedWhenUsed(hs: String, listCode: String) throws {
        let found = try #require(verdict(hs))
        #expect(found.rule == .usedITNoPermit)
        #expect(found.severity == .high)
        #expect(found.listCode == listCode)
        let dotted = ListQuery.dotted(String(listCode.filter(\.isNumber)))
        #expect(found.reason.contains("is covered by list entry \(dotted) (Circular 11/2018/TT-BTTTT Appendix; confidence high)"))
    }

    /// Every listed line of the two headers, and none of their neighbours.
    @Test func everyListedLineOfTheHeaders() throws {
        let lines = ProhibitedList.builtIn.effectiveEntries.filter { $0.code.count == 8 }
        #expect(lines.count == 27)
        for line in lines {
            let found = try #require(verdict(line.code), "\(line.written)")
            #expect(found.rule == .usedITNoPermit, "\(line.written)")
            #expect(found.severity == .high)
            #expect(found.listCode == line.written)
        }
        for unlisted in ["8443.31.11", "8443.32.40", "8443.32.50", "8443.32.60", "8544.42.94", "8544.11.20", "8544.70.11"] {
            let found = try #require(verdict(unlisted), "\(unlisted)")
            #expect(found.rule == .usedITUnlistedHeading, "\(unlisted)")
        }
    }

    /// One line under each of the 6 review rows: needs review, never high, never clear.
    @Test(arguments: [
        ("8443.99.90", "8443"), ("8473.30.10", "8473"), ("8504.40.11", "8504.40"), ("8524.11.00", "8524"),
        ("8529.90.20", "8529"), ("8544.11.20", "8544"),
    ])
    func reviewRowNeedsReview(hs: String, review: String) throws {
        let found = try #require(verdict(hs))
        #expect(found.rule == .usedITUnlistedHeading)
        #expect(found.severity == .review)
        #expect(found.listCode == review)
        #expect(found.reason.contains("is not on the list, but it is under review heading \(review) (watched: "))
        #expect(found.reason.contains("Art. 2.2.b"))
    }

    /// Headings watched only while the list was unknown: used goods there are not prohibited.
    @Test(arguments: [
        "8472.90.90", "8523.51.00", "8469.00.00", "8519.81.10", "8521.90.19", "8522.90.90", "8541.10.00", "8543.70.90",
        "8504.31.10",
    ])
    func noLongerWatched(hs: String) {
        #expect(verdict(hs) == nil)
    }

    @Test func newGoodsUnderAListedHeadingGetNothing() {
        #expect(verdict("8528.72.92", description: "Màn hình máy tính, hàng mới 100%") == nil)
    }
}
