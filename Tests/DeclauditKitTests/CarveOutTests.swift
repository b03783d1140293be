import DeclauditKit
import Testing

@Suite struct CarveOutTests {
    @Test(arguments: ["8443.31.11", "8443.31.19", "8443.31.00", "8443.32.29", "8443.32.90", "8443.39.11", "8443.39.90"])
    func printersAndCopiers(code: String) throws {
        #expect(CarveOuts.carveOut(for: try #require(HSCode(normalizing: code))) == .printerCopier)
    }

    @Test func laserCartridges() throws {
        #expect(CarveOuts.carveOut(for: try #require(HSCode(normalizing: "8443.99.20"))) == .laserCartridge)
    }

    @Test(arguments: [
        "8443.99.10", "8443.99.21", "8443.99.90", "8443.33.10", "8443.19.00", "8443.30.00",
        "8471.30.20", "8517.12.00", "0844.3311",
    ])
    func noCarveOut(code: String) throws {
        #expect(CarveOuts.carveOut(for: try #require(HSCode(normalizing: code))) == nil)
    }

    @Test func legalNotesSayWhatMayApplyAndWhy() {
        let printer = CarveOutKind.printerCopier.legalNote
        #expect(printer.hasPrefix("carve-out may apply: "))
        #expect(printer.contains("monochrome"))
        #expect(printer.contains("A0"))
        #expect(printer.contains("35 A4 pages per minute"))
        #expect(printer.contains("colour"))
        #expect(printer.contains("Circular 11/2018/TT-BTTTT Art. 2.2.c"))
        let laser = CarveOutKind.laserCartridge.legalNote
        #expect(laser.hasPrefix("carve-out may apply: "))
        #expect(laser.contains("laser printer cartridges are not prohibited"))
        #expect(laser.contains("Circular 11/2018/TT-BTTTT Art. 2.2.c"))
        #expect(!laser.hasSuffix(".") && !printer.hasSuffix("."), "notes are sentence tails")
    }

    @Test func rawValuesAreStable() {
        #expect(CarveOutKind.printerCopier.rawValue == "printerCopier")
        #expect(CarveOutKind.laserCartridge.rawValue == "laserCartridge")
    }
}
