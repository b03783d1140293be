import Foundation

/// A piece of a reason in both report languages, so that the phrasebook shows them side by side.
struct ReasonText: Sendable, Hashable {
    let en: String
    let vi: String

    func text(_ language: ReportLanguage) -> String { language == .en ? en : vi }

    static func + (lhs: ReasonText, rhs: ReasonText) -> ReasonText { ReasonText(en: lhs.en + rhs.en, vi: lhs.vi + rhs.vi) }

    /// The same text in both languages: codes, numbers, words quoted from a declaration.
    static func verbatim(_ text: String) -> ReasonText { ReasonText(en: text, vi: text) }

    /// `phrases` joined with `separator` in each language.
    static func joined(_ phrases: [ReasonText], separator: String = "; ") -> ReasonText {
        ReasonText(en: phrases.map(\.en).joined(separator: separator), vi: phrases.map(\.vi).joined(separator: separator))
    }
}

/// A rule's reason as data: clauses, then notes on fields that could not be read. Rendered as one
/// sentence in the report language: "clause; clause; note: note; note."
struct Reason: Sendable, Hashable {
    var parts: [ReasonText]
    var notes: [ReasonText] = []

    func rendered(in language: ReportLanguage) -> String {
        var sentence = parts.map { $0.text(language) }.joined(separator: "; ")
        if !notes.isEmpty {
            sentence += "; " + ReasonPhrases.note.text(language) + ": " + notes.map { $0.text(language) }.joined(separator: "; ")
        }
        return sentence + "."
    }
}

/// Every sentence part of every reason, English and Vietnamese side by side. Vietnamese as a
/// customs inspector writes it, with the instruments' own terms; codes, numbers, dates, rule ids
/// and words quoted from a declaration stay as they are. Instruments are cited by date through
/// `LegalRegime`, never named here for a rule that depends on the date.
enum ReasonPhrases {
    static let note = ReasonText(en: "note", vi: "ghi chú")

    // MARK: the goods' condition

    static func condition(_ condition: GoodsCondition) -> ReasonText {
        switch condition {
        case .new: ReasonText(en: "new", vi: "hàng mới")
        case .used: ReasonText(en: "used", vi: "hàng đã qua sử dụng")
        case .refurbished: ReasonText(en: "refurbished", vi: "hàng tân trang")
        case .unknown: ReasonText(en: "unknown", vi: "chưa rõ tình trạng")
        }
    }

    /// "declared as used (Condition element)", "described as used ("đã qua sử dụng" in the
    /// description)": follows "Goods" / "Hàng hóa".
    static func conditionEvidence(_ evidence: ConditionEvidence, declared: Bool) -> ReasonText {
        let state = condition(evidence.condition)
        if declared {
            return ReasonText(
                en: "declared as \(state.en) (Condition element)", vi: "được khai là \(state.vi) (trường Condition)")
        }
        let quoted = quote(evidence.words)
        if quoted.isEmpty {
            return ReasonText(
                en: "decided as \(state.en) from the description", vi: "được xác định là \(state.vi) theo mô tả hàng hóa")
        }
        return ReasonText(
            en: "described as \(state.en) (\(quoted) in the description)",
            vi: "được mô tả là \(state.vi) (\(quoted) trong mô tả hàng hóa)")
    }

    /// "Goods described as used (…)": the first clause of every used-IT reason.
    static func goods(_ conditionPhrase: ReasonText) -> ReasonText {
        ReasonText(en: "Goods ", vi: "Hàng hóa ") + conditionPhrase
    }

    // MARK: list coverage

    /// "HS 8471.30.20 is covered by list entry 8471 (Circular 11/2018/TT-BTTTT Appendix; confidence
    /// low)". Only the instrument part of the row's basis (before its first `;`) and the
    /// confidence level (before its `:`) are quoted. The list's basis is English: the Vietnamese
    /// sentence cites a known instrument in Vietnamese and leaves any other basis out.
    static func coverage(hsCode: HSCode, entry: ListEntry) -> ReasonText {
        let instrument = firstPart(of: entry.basis, before: UInt8(ascii: ";"))
        let level = entry.confidence.map { firstPart(of: $0, before: UInt8(ascii: ":")) } ?? ""
        var en: [String] = []
        var vi: [String] = []
        if !instrument.isEmpty {
            en.append(instrument)
            if let cited = instrumentVI(instrument) { vi.append(cited) }
        }
        if !level.isEmpty, level != "n/a" {
            en.append("confidence \(level)")
            if let levelVI = confidenceVI(level) { vi.append("độ tin cậy \(levelVI)") }
        }
        func parenthesis(_ parts: [String]) -> String { parts.isEmpty ? "" : " (\(parts.joined(separator: "; ")))" }
        return ReasonText(
            en: "HS \(hsCode.dotted) is covered by list entry \(entry.dotted)\(parenthesis(en))",
            vi: "mã HS \(hsCode.dotted) thuộc dòng \(entry.dotted) của Danh mục\(parenthesis(vi))")
    }

    private static func confidenceVI(_ level: String) -> String? {
        switch level {
        case "high": "cao"
        case "medium": "trung bình"
        case "low": "thấp"
        default: nil
        }
    }

    /// The first non-empty `separator`-separated part of `text`, without the whitespace around it
    /// (`split(separator:).first` trimmed of `.whitespaces`). An ASCII text (every list row's) is
    /// cut on its bytes: the Character walk and `CharacterSet` cost more than the reason's rest.
    static func firstPart(of text: String, before separator: UInt8) -> String {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else {
            return text.split(separator: Character(Unicode.Scalar(separator))).first.map {
                $0.trimmingCharacters(in: .whitespaces)
            } ?? ""
        }
        var start = bytes.startIndex
        while start != bytes.endIndex, bytes[start] == separator { start = bytes.index(after: start) }
        var end = start
        while end != bytes.endIndex, bytes[end] != separator { end = bytes.index(after: end) }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        while start != end, isBlank(bytes[start]) { start = bytes.index(after: start) }
        while start != end, isBlank(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return String(text[start..<end])
    }

    /// A list basis naming a known instrument ("Circular 11/2018/TT-BTTTT Appendix") in Vietnamese.
    private static func instrumentVI(_ basis: String) -> String? {
        for instrument in LegalRegime.instruments {
            if basis == instrument.citation { return instrument.citationVI }
            if basis == instrument.citation + " Appendix" { return "Phụ lục \(instrument.citationVI)" }
        }
        return nil
    }

    // MARK: used-it.no-permit

    static func noPermitReference(coverage: ReasonText, processingContract: Bool) -> ReasonText {
        coverage
            + ReasonText(en: ", and the declaration carries no permit reference", vi: ", và tờ khai không khai giấy phép nào")
            + (processingContract
                ? ReasonText(
                    en: " (its HDGC reference is a processing contract, not a permit)",
                    vi: " (số HDGC trên tờ khai là hợp đồng gia công, không phải giấy phép)")
                : .verbatim(""))
    }

    /// "importing listed used IT products needs a Ministry of Science and Technology permit
    /// (Circular 26/2025/TT-BKHCN)": the ministry and instruments in force on `date`.
    static func permitNeeded(on date: String) -> ReasonText {
        let instruments = LegalRegime.permitInstruments(on: date)
        guard let authority = LegalRegime.permitAuthority(on: date) else {
            return ReasonText(
                en: "importing listed used IT products is prohibited",
                vi: "sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục bị cấm nhập khẩu")
        }
        return ReasonText(
            en: "importing listed used IT products needs a \(authority.en) permit (\(citations(instruments).en))",
            vi:
                "nhập khẩu sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục phải có giấy phép của \(authority.vi) (\(citations(instruments).vi))"
        )
    }

    // MARK: used-it.permit-unverified

    static func permitsUnverified(_ named: String) -> ReasonText {
        ReasonText(
            en: "the declaration cites \(named), which could not be verified because no permit registry was given (--permits)",
            vi: "tờ khai có khai giấy phép \(named) nhưng không kiểm tra được vì không có danh sách giấy phép (--permits)")
    }

    // MARK: used-it.permit-invalid

    static func noPermitCovers(_ failures: [PermitFailure]) -> ReasonText {
        ReasonText(
            en: "no permit in the registry covers the line: ",
            vi: "không giấy phép nào trong danh sách giấy phép cho phép dòng hàng này: ")
            + .joined(failures.map(permitFailure))
    }

    /// "permit 45/GP: held by 0100000002, not the declarant 0100000001": the first check that
    /// the permit's best line failed.
    static func permitFailure(_ failure: PermitFailure) -> ReasonText {
        let permit = ReasonText(en: "permit \(failure.permit): ", vi: "giấy phép \(failure.permit): ")
        switch failure.check {
        case .notInRegistry:
            return permit + ReasonText(en: "not in the registry", vi: "không có trong danh sách giấy phép")
        case .holder(let holder, let declarant):
            return permit
                + ReasonText(
                    en: "held by \(holder), not the declarant \(declarant ?? "(none)")",
                    vi: "cấp cho \(holder), không phải người khai hải quan \(declarant ?? "(không có)")")
        case .registrationDateUnreadable:
            return permit
                + ReasonText(
                    en: "the declaration's registration date is missing or invalid",
                    vi: "ngày đăng ký tờ khai bị thiếu hoặc không hợp lệ")
        case .beforeValidity(let registered, let from):
            return permit
                + ReasonText(
                    en: "registered \(registered), before the permit's validity starts on \(from)",
                    vi: "tờ khai đăng ký ngày \(registered), trước ngày giấy phép có hiệu lực \(from)")
        case .afterValidity(let registered, let to):
            return permit
                + ReasonText(
                    en: "registered \(registered), after the permit expired on \(to)",
                    vi: "tờ khai đăng ký ngày \(registered), sau ngày giấy phép hết hiệu lực \(to)")
        case .hsCode(let code, let line):
            return permit
                + ReasonText(
                    en: "HS \(code.dotted) is not under its line \(line)",
                    vi: "mã HS \(code.dotted) không thuộc dòng \(line) của giấy phép")
        case .processingCase(let typeCode):
            return permit
                + ReasonText(
                    en: "its case is processing, which fits only processing imports (E21, E23), not \(typeCode)",
                    vi:
                        "giấy phép cấp cho trường hợp gia công, chỉ dùng cho tờ khai nhập gia công (E21, E23), không dùng cho loại hình \(typeCode)"
                )
        case .unit(let permitted, let declared):
            return permit
                + ReasonText(
                    en: "permitted in \(permitted), declared in \(declared ?? "no unit")",
                    vi: declared.map { "giấy phép tính theo \(permitted), tờ khai khai theo \($0)" }
                        ?? "giấy phép tính theo \(permitted), tờ khai không khai đơn vị tính")
        case .quantityUnreadable(let text):
            return permit
                + ReasonText(
                    en: "the declared quantity \(text.map { "\"\($0)\"" } ?? "is missing and") cannot be drawn",
                    vi: text.map { "số lượng khai báo \"\($0)\" không trừ lùi được" }
                        ?? "số lượng khai báo bị thiếu nên không trừ lùi được")
        case .quantityNotPositive(let quantity):
            return permit
                + ReasonText(
                    en: "the declared quantity \(quantity) is not positive and cannot be drawn",
                    vi: "số lượng khai báo \(quantity) không lớn hơn 0 nên không trừ lùi được")
        case .exhausted(let total, let permitted, let unit):
            return permit
                + ReasonText(
                    en: "\(total) \(unit) drawn of \(permitted) permitted",
                    vi: "đã trừ lùi \(total) \(unit), vượt số lượng được phép \(permitted)")
        }
    }

    // MARK: used-it.unlisted-it-heading

    /// The review row's basis is an English note of the list: the Vietnamese sentence names the
    /// heading by its Vietnamese description instead.
    static func underReviewHeading(hsCode: HSCode, review: ListEntry) -> ReasonText {
        ReasonText(
            en: "HS \(hsCode.dotted) is not on the list, but it is under review heading \(review.dotted)"
                + (review.basis.isEmpty ? "" : " (\(review.basis))"),
            vi: "mã HS \(hsCode.dotted) không có trong Danh mục nhưng thuộc nhóm cần xem xét \(review.dotted)"
                + (review.descriptionVI.isEmpty ? "" : " (\(review.descriptionVI))"))
    }

    static let partsAndAccessories = ReasonText(
        en:
            "used parts and accessories of listed products are prohibited too (Circular 11/2018/TT-BTTTT Art. 2.2.b), which the HS code alone cannot decide, so an inspector should check",
        vi:
            "linh kiện, phụ tùng, phụ kiện đã qua sử dụng của sản phẩm thuộc Danh mục cũng bị cấm nhập khẩu (điểm b khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT); chỉ căn cứ mã HS thì không xác định được, công chức hải quan cần kiểm tra"
    )

    // MARK: input.invalid-hs-code

    static func invalidHSCode(_ declared: String?) -> ReasonText {
        let problem =
            declared.map {
                ReasonText(
                    en: "HS code \"\($0)\" is not 8 digits after removing dots and spaces",
                    vi: "Mã HS \"\($0)\" không đủ 8 chữ số sau khi bỏ dấu chấm và khoảng trắng")
            } ?? ReasonText(en: "The HS code is missing", vi: "Dòng hàng không khai mã HS")
        return problem
            + ReasonText(
                en:
                    ", so the line could not be checked against the list of used IT products prohibited from import (Circular 11/2018/TT-BTTTT)",
                vi:
                    ", nên không đối chiếu được dòng hàng với Danh mục sản phẩm công nghệ thông tin đã qua sử dụng cấm nhập khẩu (Thông tư 11/2018/TT-BTTTT)"
            )
    }

    static func mayBeListedUsedGoods(_ conditionPhrase: ReasonText) -> ReasonText {
        ReasonText(en: "the goods are ", vi: "hàng hóa ") + conditionPhrase
            + ReasonText(
                en: ", so they may be listed used IT products",
                vi: " nên có thể là sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục")
    }

    // MARK: carve-outs (Circular 11/2018/TT-BTTTT Art. 2.2.c)

    static func carveOutRule(_ kind: CarveOutKind) -> ReasonText {
        switch kind {
        case .printerCopier:
            ReasonText(
                en:
                    "used monochrome printers/copiers that handle A0 or print at least 35 A4 pages per minute are not prohibited, and colour ones fall under the printing law (Circular 11/2018/TT-BTTTT Art. 2.2.c)",
                vi:
                    "máy in, máy photocopy đơn sắc đã qua sử dụng khổ A0 hoặc tốc độ từ 35 trang A4/phút trở lên không bị cấm nhập khẩu, còn máy in, máy photocopy màu thuộc phạm vi pháp luật về in (điểm c khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT)"
            )
        case .laserCartridge:
            ReasonText(
                en:
                    "used laser printer cartridges are not prohibited; line 8443.99.20 lists ink cartridges only (Circular 11/2018/TT-BTTTT Art. 2.2.c)",
                vi:
                    "hộp mực in laser đã qua sử dụng không bị cấm nhập khẩu; dòng 8443.99.20 chỉ gồm hộp mực in, không gồm hộp mực laser (điểm c khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT)"
            )
        }
    }

    /// Nothing in the description decides it: the inspector does.
    static func carveOutMayApply(_ kind: CarveOutKind) -> ReasonText {
        ReasonText(en: "carve-out may apply: ", vi: "có thể thuộc trường hợp loại trừ: ") + carveOutRule(kind)
    }

    static func carveOutShown(_ kind: CarveOutKind, words: [String]) -> ReasonText {
        let quoted = quote(words)
        return ReasonText(
            en: "severity lowered to review because the description shows the carve-out (\(quoted)): ",
            vi: "hạ mức độ xuống review vì mô tả hàng hóa cho thấy thuộc trường hợp loại trừ (\(quoted)): ")
            + carveOutRule(kind)
    }

    /// Evidence against the printer/copier carve-out: a speed below 35 pages per minute, with no
    /// A0 and no colour.
    static func carveOutEvidenceAgainst(words: [String]) -> ReasonText {
        let quoted = quote(words)
        return ReasonText(
            en:
                "the carve-out for used monochrome printers/copiers (A0 or at least 35 A4 pages per minute; colour ones fall under the printing law, Circular 11/2018/TT-BTTTT Art. 2.2.c) does not apply on this description: it gives \(quoted), below 35 pages per minute, and shows neither A0 nor colour",
            vi:
                "trường hợp loại trừ đối với máy in, máy photocopy đơn sắc đã qua sử dụng (khổ A0 hoặc từ 35 trang A4/phút; máy màu thuộc phạm vi pháp luật về in, điểm c khoản 2 Điều 2 Thông tư 11/2018/TT-BTTTT) không áp dụng theo mô tả này: mô tả ghi \(quoted), dưới 35 trang/phút, không thể hiện khổ A0 hay in màu"
        )
    }

    // MARK: fields that could not be read

    static func unreadableRegistrationDate(_ date: String) -> ReasonText {
        ReasonText(
            en: "the registration date \"\(date)\" is not a date in the form YYYY-MM-DD",
            vi: "ngày đăng ký \"\(date)\" không phải là ngày theo dạng YYYY-MM-DD")
    }

    static func unreadableQuantity(_ quantity: String) -> ReasonText {
        ReasonText(
            en: "the declared quantity \"\(quantity)\" is not a number (digits with a '.' decimal point)",
            vi: "số lượng khai báo \"\(quantity)\" không phải là số (chữ số, dấu '.' ngăn cách phần thập phân)")
    }

    // MARK: processing contracts

    /// "0700798384/1100100068728 (contract 01/HĐGC)".
    static func contractName(key: String, number: String?) -> ReasonText {
        number.map { ReasonText(en: "\(key) (contract \($0))", vi: "\(key) (hợp đồng \($0))") } ?? .verbatim(key)
    }

    /// "ended 2024-03-08; with 30 grace days the goods had to be re-exported or transferred by
    /// 2024-04-07". No audit date: the same finding on two nights must read the same.
    static func deadline(expiresOn: String?, graceDays: Int, deadline: String?) -> ReasonText {
        ReasonText(
            en:
                "ended \(expiresOn ?? "?"); with \(graceDays) grace day\(graceDays == 1 ? "" : "s") the goods had to be re-exported or transferred by \(deadline ?? "?")",
            vi:
                "kết thúc ngày \(expiresOn ?? "?"); cộng thêm \(graceDays) ngày, hàng hóa phải được tái xuất hoặc chuyển tiếp chậm nhất ngày \(deadline ?? "?")"
        )
    }

    /// "Processing contract KEY (contract N) ended …".
    static func processingContract(_ name: ReasonText, _ deadline: ReasonText) -> ReasonText {
        ReasonText(en: "Processing contract ", vi: "Hợp đồng gia công ") + name + .verbatim(" ") + deadline
    }

    /// A goods key for a reason: a product code as declared, an HS code dotted.
    static func goodsLabel(_ balance: GoodsBalance) -> ReasonText {
        guard balance.goodsKey == balance.hsCode, let code = HSCode(normalizing: balance.goodsKey) else {
            return .verbatim(balance.goodsKey)
        }
        return ReasonText(en: "HS \(code.dotted)", vi: "mã HS \(code.dotted)")
    }

    /// "20 PCE of HS 8471.30.20".
    static func quantity(_ quantity: Quantity, _ unit: String, of label: ReasonText) -> ReasonText {
        ReasonText(en: "\(quantity) \(unit) of \(label.en)", vi: "\(quantity) \(unit) \(label.vi)")
    }

    enum Listed { case declarations, goods }

    /// Up to five items, then how many more.
    static func list(_ items: [ReasonText], of kind: Listed) -> ReasonText {
        let shown = ReasonText.joined(Array(items.prefix(5)), separator: ", ")
        guard items.count > 5 else { return shown }
        let more = items.count - 5
        return shown
            + ReasonText(
                en: " and \(more) more", vi: kind == .declarations ? " và \(more) tờ khai khác" : " và \(more) mặt hàng khác")
    }

    static func declarations(_ numbers: [String]) -> ReasonText { list(numbers.map(ReasonText.verbatim), of: .declarations) }

    static func onlyImports(declarations: ReasonText, goods: ReasonText?) -> ReasonText {
        let goodsEN = goods.map { "; goods: \($0.en)" } ?? ""
        let goodsVI = goods.map { "; hàng hóa: \($0.vi)" } ?? ""
        return ReasonText(
            en: ", but only imports were declared (\(declarations.en)\(goodsEN)) and no re-export (E52) or transfer (E54)",
            vi:
                ", nhưng chỉ có tờ khai nhập khẩu (\(declarations.vi)\(goodsVI)), không có tờ khai tái xuất (E52) hay chuyển tiếp (E54)"
        )
    }

    static func surplusDeadline(on date: String) -> ReasonText {
        ReasonText(
            en:
                "surplus goods must leave within 30 days of the contract's end (\(citations(LegalRegime.inForce(.processing, on: date)).en))",
            vi:
                "nguyên liệu, vật tư dư thừa phải được xử lý trong thời hạn 30 ngày kể từ ngày kết thúc hợp đồng (\(citations(LegalRegime.inForce(.processing, on: date)).vi))"
        )
    }

    /// "; they include listed used IT goods, which must all be re-exported (Decision 31/2019/QD-TTg)":
    /// the permit instrument for processing in force on `date`.
    static func includesListedUsedGoods(on date: String) -> ReasonText {
        ReasonText(
            en: "they include listed used IT goods, which must all be re-exported",
            vi: "trong đó có sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục, phải tái xuất toàn bộ")
            + processingPermitCitation(on: date)
    }

    static func areListedUsedGoods(on date: String) -> ReasonText {
        ReasonText(
            en: "these are listed used IT goods, which must all be re-exported",
            vi: "đây là sản phẩm công nghệ thông tin đã qua sử dụng thuộc Danh mục, phải tái xuất toàn bộ")
            + processingPermitCitation(on: date)
    }

    private static func processingPermitCitation(on date: String) -> ReasonText {
        let instruments = LegalRegime.permitInstruments(on: date, for: .processing)
        guard !instruments.isEmpty else { return .verbatim("") }
        let cited = citations(instruments)
        return ReasonText(en: " (\(cited.en))", vi: " (\(cited.vi))")
    }

    /// ": 20 PCE of HS 8544.42.94 were imported (…) and none was re-exported or transferred,
    /// leaving 20 PCE not returned (Circular 38/2015/TT-BTC Art. 64)".
    static func balance(_ balance: GoodsBalance, on date: String) -> ReasonText {
        let label = goodsLabel(balance)
        let unit = balance.unit
        let imports = declarations(balance.importDeclarations)
        let returned =
            balance.returnDeclarations.isEmpty
            ? ReasonText(en: "none was re-exported or transferred", vi: "chưa tái xuất hoặc chuyển tiếp lượng nào")
            : ReasonText(
                en:
                    "\(balance.returned) \(unit) were re-exported or transferred (\(declarations(balance.returnDeclarations).en))",
                vi: "đã tái xuất hoặc chuyển tiếp \(balance.returned) \(unit) (\(declarations(balance.returnDeclarations).vi))")
        let cited = citations(LegalRegime.inForce(.processing, on: date))
        return ReasonText(
            en:
                ": \(balance.imported) \(unit) of \(label.en) were imported (\(imports.en)) and \(returned.en), leaving \(balance.outstanding) \(unit) not returned (\(cited.en))",
            vi:
                ": đã nhập khẩu \(balance.imported) \(unit) \(label.vi) (\(imports.vi)) và \(returned.vi), còn \(balance.outstanding) \(unit) chưa tái xuất hoặc chuyển tiếp (\(cited.vi))"
        )
    }

    // MARK: helpers

    /// Citations as the contract writes them in English, as the instruments write themselves in
    /// Vietnamese.
    static func citations(_ instruments: [Instrument]) -> ReasonText {
        ReasonText(
            en: instruments.map(\.citation).joined(separator: "; "), vi: instruments.map(\.citationVI).joined(separator: "; "))
    }

    /// Words from a description, quoted as written.
    static func quote(_ words: [String]) -> String {
        words.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
