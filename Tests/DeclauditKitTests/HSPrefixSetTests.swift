import Testing

@testable import DeclauditKit

@Suite struct HSPrefixSetTests {
    private static func code(_ digits: String) -> HSCode { HSCode(normalizing: digits)! }

    @Test func aCodeIsInTheSetWhenOneOfItsPrefixesIs() {
        let set = HSPrefixSet(["8471", "844331", "85171300", "0"])
        #expect(set.containsPrefix(of: Self.code("84713020")))
        #expect(set.containsPrefix(of: Self.code("84433119")))
        #expect(set.containsPrefix(of: Self.code("85171300")))
        #expect(set.containsPrefix(of: Self.code("01012100")), "a one-digit prefix covers its chapter range")
        #expect(!set.containsPrefix(of: Self.code("84723000")))
        #expect(!set.containsPrefix(of: Self.code("84433290")))
        #expect(!set.containsPrefix(of: Self.code("85171400")))
    }

    @Test func stringsThatAreNotOneToEightDigitsAreIgnored() {
        let set = HSPrefixSet(["", "8471.30", "847130201", "84a1"])
        #expect(set == HSPrefixSet())
        #expect(!set.containsPrefix(of: Self.code("84713020")))
    }

    @Test func theListsPrefixesAcceptWhatItCoversOnSomeDay() throws {
        let list = DeclarationFactory.list
        for value: UInt32 in [84_713_020, 84_433_119, 84_433_290, 85_044_090, 84_730_000, 85_171_300, 99_999_999, 1_000_000] {
            let code = try #require(HSCode(value: value))
            #expect(list.coveredPrefixes.containsPrefix(of: code) == list.coversOnSomeDay(code), "\(code)")
        }
    }
}
