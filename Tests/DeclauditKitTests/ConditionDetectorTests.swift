import Foundation
import Testing

@testable import DeclauditKit

struct ConditionCase: Sendable, CustomTestStringConvertible {
    var description: String
    var condition: GoodsCondition
    var words: [String]

    init(_ description: String, _ condition: GoodsCondition, _ words: [String] = []) {
        self.description = description
        self.condition = condition
        self.words = words
    }

    var testDescription: String { description }
}

/// Decomposed (NFD) form, as some exporters write Vietnamese.
private func nfd(_ s: String) -> String { s.decomposedStringWithCanonicalMapping }

@Suite struct ConditionDetectorTests {
    static let cases: [ConditionCase] = [
        // used, Vietnamese
        .init("Máy tính xách tay đã qua sử dụng", .used, ["đã qua sử dụng"]),
        .init("MAY IN DA QUA SU DUNG", .used, ["DA QUA SU DUNG"]),
        .init("Đã Qua Sử Dụng - Máy chiếu Epson EB-X41", .used, ["Đã Qua Sử Dụng"]),
        .init("Máy chiếu Panasonic đã sử dụng", .used, ["đã sử dụng"]),
        .init("Máy chiếu đã được sử dụng", .used, ["đã được sử dụng"]),
        .init("Bộ nguồn máy chủ hàng qua sử dụng", .used, ["qua sử dụng"]),
        .init("Màn hình LCD 24 inch, hàng đã qua sd", .used, ["qua sd"]),
        .init("Máy in Canon LBP2900 cũ", .used, ["cũ"]),
        .init("Linh kiện máy cũ tháo máy", .used, ["máy cũ"]),
        .init("HÀNG CŨ", .used, ["HÀNG CŨ"]),
        .init("Ổ cứng HDD 1TB hang cu", .used, ["hang cu"]),
        .init("MÁY IN MỚI 90%", .used, ["MỚI 90%"]),
        .init(
            "Máy tính xách tay Dell, hàng đã qua sử dụng (mới 90%)", .used,
            ["đã qua sử dụng", "mới 90%"]),
        .init("Màn hình máy tính Samsung hàng mới 95 %", .used, ["hàng mới 95 %"]),
        .init("Điện thoại di động như mới", .used, ["như mới"]),
        .init("Hộp chứa đã qua sử dụng", .used, ["đã qua sử dụng"]),
        .init("Hàng hóa không bảo hành đã qua sử dụng", .used, ["đã qua sử dụng"]),
        // used, English
        .init("Laptop Dell Latitude 5490, used, grade A", .used, ["used"]),
        .init("USED DELL MONITOR P2419H", .used, ["USED"]),
        .init("Máy chủ Dell PowerEdge R740 second-hand", .used, ["second-hand"]),
        .init("Second hand laptop HP EliteBook 840 G5", .used, ["Second hand"]),
        .init("Pre-owned iPhone 12 64GB", .used, ["Pre-owned"]),
        .init("Laptop Lenovo ThinkPad T480 like new", .used, ["like new"]),
        .init("Màn hình máy tính New 95%", .used, ["New 95%"]),
        .init("Not for resale, used notebook", .used, ["used"]),
        .init("Laptop HP, USED?", .used, ["USED"]),
        .init("Máy in d\u{E3} qua s? d?ng", .used, ["d\u{E3} qua s? d?ng"]),  // cp1252 best fit
        // refurbished
        .init("Refurbished HP LaserJet", .refurbished, ["Refurbished"]),
        .init("Máy photocopy tân trang", .refurbished, ["tân trang"]),
        .init("MAY PHOTOCOPY DA TAN TRANG", .refurbished, ["DA TAN TRANG"]),
        .init("Hộp mực in tái chế", .refurbished, ["tái chế"]),
        .init("Máy in Ricoh SP 5200 remanufactured", .refurbished, ["remanufactured"]),
        .init("Switch Cisco WS-C2960X renew", .refurbished, ["renew"]),
        .init("Ổ cứng SSD Intel recertified", .refurbished, ["recertified"]),
        .init(
            "Máy in đã qua sử dụng, đã tân trang lại", .refurbished,
            ["đã qua sử dụng", "đã tân trang"]),
        // new, negated used
        .init("Hàng chưa qua sử dụng", .new, ["chưa qua sử dụng"]),
        .init("HÀNG CHƯA QUA SỬ DỤNG", .new, ["CHƯA QUA SỬ DỤNG"]),
        .init("Hàng không qua sử dụng", .new, ["không qua sử dụng"]),
        .init("Máy tính bảng chưa từng sử dụng", .new, ["chưa từng sử dụng"]),
        .init("Hàng chưa được sử dụng", .new, ["chưa được sử dụng"]),
        .init(
            "Hàng mới 100%, không phải hàng đã qua sử dụng", .new,
            ["Hàng mới 100%", "không phải hàng đã qua sử dụng"]),
        .init("Printer cartridge, not used", .new, ["not used"]),
        .init("Never used Cisco switch", .new, ["Never used"]),
        .init("UNUSED LCD MONITOR", .new, ["UNUSED"]),
        .init("Non-refurbished toner cartridge", .new, ["Non-refurbished"]),
        .init("Ổ cứng không tân trang, hàng mới", .new, ["không tân trang", "hàng mới"]),
        // new
        .init("Cáp dùng cho máy in, hàng mới 100%", .new, ["hàng mới 100%"]),
        .init("Parts used for printers, brand new", .new, ["brand new"]),
        .init("Brand-new Samsung SSD 870 EVO", .new, ["Brand-new"]),
        .init("Server HP ProLiant 100% new", .new, ["100% new"]),
        .init("Máy in Brother mới nguyên hộp", .new, ["mới nguyên"]),
        .init("Widely used connector, new", .new, ["new"]),
        .init("Bộ dụng cụ sửa chữa máy tính, mới 100%", .new, ["mới 100%"]),
        .init(
            "SPRING-HDL PLATE(SPW) 85345-2S000 LM#&Lò xo cuộn bằng thép, mã 85345-2S000 LM,"
                + "dùng cho tay nắm ô tô, hãng sx D.S Spring. Hàng mới 100%", .new, ["Hàng mới 100%"]),
        .init(
            "86625-B1000YL#&Chốt định vị bằng nhựa, đơn giá gia công: 0.0071$. Hàng mới 100%#&VN",
            .new, ["Hàng mới 100%"]),
        // unknown
        .init("SPRING-HDL PLATE(SPW) 85345-2S000 LM#&Lò xo cuộn bằng thép", .unknown),
        .init("Dụng cụ cầm tay", .unknown),
        .init("DUNG CU CAM TAY", .unknown),
        .init("Mặt hàng cụ thể theo hợp đồng", .unknown),
        .init("MAT HANG CU THE THEO HOP DONG", .unknown),
        .init("Cable used in printers", .unknown),
        .init("Wool carpet made in New Zealand", .unknown),
        .init("Máy in khổ lớn đa sử dụng", .unknown),  // "đa" (multi), not "đã"
        .init("Máy in d? s? d?ng", .unknown),  // may be "để sử dụng" (in order to use)
        .init("Cáp đồng trục, sử dụng cho camera", .unknown),
        .init("Giao hàng mỗi tháng", .unknown),  // "mỗi", not "mới"
        .init("Máy in Canon màu, 20 ppm", .unknown),
        .init("", .unknown),
        .init("??? ???? ??", .unknown),
    ]

    @Test(arguments: cases)
    func decides(_ c: ConditionCase) {
        let evidence = ConditionDetector.decide(description: c.description)
        #expect(evidence.condition == c.condition)
        #expect(evidence.words == c.words)
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.cases.count >= 40)
    }

    @Test func decomposedInputQuotesTheOriginalBytes() {
        let description = nfd("Máy tính xách tay Đã Qua Sử Dụng, mới 90%")
        #expect(description.unicodeScalars.count > description.count)  // really decomposed
        let evidence = ConditionDetector.decide(description: description)
        #expect(evidence.condition == .used)
        #expect(
            evidence.words.map { Array($0.utf8) }
                == [nfd("Đã Qua Sử Dụng"), nfd("mới 90%")].map { Array($0.utf8) })
    }

    @Test func decomposedNegationIsNew() {
        let evidence = ConditionDetector.decide(description: nfd("Hàng chưa qua sử dụng"))
        #expect(evidence.condition == .new)
        #expect(evidence.words == ["chưa qua sử dụng"])
    }

    @Test func decomposedDungCuIsNotOld() {
        #expect(ConditionDetector.decide(description: nfd("Bộ dụng cụ cầm tay")).condition == .unknown)
        #expect(ConditionDetector.decide(description: nfd("Máy in cũ")).words == [nfd("cũ")])
    }

    @Test func refurbishedWinsOverUsedAndUsedOverNew() {
        let both = ConditionDetector.decide(description: "Used, refurbished HP EliteBook")
        #expect(both == ConditionEvidence(condition: .refurbished, words: ["Used", "refurbished"]))
        let contradictory = ConditionDetector.decide(description: "Hàng mới 100%, đã qua sử dụng")
        #expect(contradictory == ConditionEvidence(condition: .used, words: ["đã qua sử dụng"]))
    }

    @Test func repeatedPhrasesAreQuotedOnce() {
        let evidence = ConditionDetector.decide(description: "used laptop, used charger")
        #expect(evidence.words == ["used"])
    }
}
