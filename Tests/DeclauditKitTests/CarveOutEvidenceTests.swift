import Foundation
import Testing

@testable import DeclauditKit

@Suite struct CarveOutEvidenceTests {
    @Test(arguments: [
        ("Máy photocopy đơn sắc Ricoh MP 5055, đã qua sử dụng", ["đơn sắc"]),
        ("MAY PHOTOCOPY DON SAC KHO A0", ["DON SAC", "KHO A0"]),
        ("Máy in laser đen trắng, tốc độ 40 trang/phút", ["đen trắng", "40 trang/phút"]),
        ("Monochrome laser printer 45 pages per minute", ["Monochrome", "45 pages per minute"]),
        ("Printer B/W, 35ppm", ["B/W", "35ppm"]),
        ("Kyocera mono MFP, 50 ppm", ["mono", "50 ppm"]),
        ("Máy in khổ A0 HP DesignJet", ["khổ A0"]),
        ("Black and white copier A0", ["Black and white", "A0"]),
        ("Máy in màu Canon", ["in màu"]),
        ("MAY IN MAU CANON", ["IN MAU"]),
        ("Colour laser printer", ["Colour"]),
        ("Máy photocopy in mầu", ["in mầu"]),
        ("Máy in đen trắng, vỏ màu xám", ["đen trắng"]),
        ("Laser printer, Color: Black, 40 ppm", ["40 ppm"]),
        ("Máy in đơn sắc, đơn sắc", ["đơn sắc"]),
    ])
    func printerCopierEvidence(_ description: String, _ expected: [String]) {
        #expect(CarveOutEvidence.printerCopier(in: description) == expected)
    }

    @Test(arguments: [
        "Máy in laser 20 ppm",
        "Máy in 34 trang/phút",
        "Máy in hàng mẫu",  // "mẫu" (sample), not "màu"
        "Máy in mẫu",  // sample printer
        "Hàng mau hỏng",  // ASCII "mau" outside "in mau" / "muc mau"
        "Máy in phun Epson L3150",
        "Model XA0-12",
        "",
    ])
    func noPrinterCopierEvidence(_ description: String) {
        #expect(CarveOutEvidence.printerCopier(in: description) == nil)
    }

    @Test func printerPhrasesSayWhatTheyShow() {
        let phrases = CarveOutEvidence.printerCopierPhrases(
            in: "Máy photocopy màu, đơn sắc, khổ A0, 60 ppm")
        #expect(phrases.map(\.kind) == [.colour, .monochrome, .a0, .speed])
        #expect(phrases.map(\.phrase) == ["màu", "đơn sắc", "khổ A0", "60 ppm"])
    }

    @Test func decomposedPrinterEvidenceIsQuotedAsWritten() {
        let nfd = "Máy in đen trắng".decomposedStringWithCanonicalMapping
        let words = CarveOutEvidence.printerCopier(in: nfd)
        #expect(
            words?.map { Array($0.utf8) }
                == ["đen trắng".decomposedStringWithCanonicalMapping].map { Array($0.utf8) })
    }

    @Test(arguments: [
        ("Hộp mực laser HP 12A đã qua sử dụng", ["Hộp mực laser"]),
        ("HOP MUC IN LASER CANON 337", ["HOP MUC IN LASER"]),
        ("Used LASER toner cartridge", ["LASER", "toner"]),
        ("HP LaserJet 1020 cartridge", ["LaserJet"]),
        ("Toner cartridge Brother TN-2385", ["Toner"]),
        ("Mực laser đen", ["Mực laser"]),
    ])
    func laserCartridgeEvidence(_ description: String, _ expected: [String]) {
        #expect(CarveOutEvidence.laserCartridge(in: description) == expected)
    }

    @Test(arguments: ["Hộp mực in phun Canon", "Ink cartridge HP 680", "Lazer pointer", ""])
    func noLaserCartridgeEvidence(_ description: String) {
        #expect(CarveOutEvidence.laserCartridge(in: description) == nil)
    }
}
