import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// 1-based line of the first occurrence of `marker` in `text` (the `occurrence`-th, counting from 1).
private func line(of marker: String, in text: String, occurrence: Int = 1) -> Int? {
    var searchRange = text.startIndex..<text.endIndex
    var found: Range<String.Index>?
    for _ in 0..<occurrence {
        guard let range = text.range(of: marker, range: searchRange) else { return nil }
        found = range
        searchRange = range.upperBound..<text.endIndex
    }
    guard let found else { return nil }
    return text[..<found.lowerBound].utf8.filter { $0 == 0x0A }.count + 1
}

/// An ECUS5 export with the given rows (each the columns inside one `Data`), one row per section
/// element, in the order ECUS writes the sections, plus sections the reader must pass by.
private func ecus(
    headers: [String], extras: [String] = [], goods: [String], padding: String = "", blob: String = "QUJD"
) -> String {
    func section(_ plural: String, _ element: String, _ rows: [String]) -> String {
        "  <\(plural)>\n" + rows.map { "    <\(element)>\n      <Data>\n\($0)\n      </Data>\n    </\(element)>\n" }.joined()
            + "  </\(plural)>\n"
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <Root>
          <App>ECUS5VNACCS2018</App>
          <DBVersion>288</DBVersion>
          <Date>19/11/2026</Date>

        """
            + section("DToKhaiMDIDs", "DToKhaiMD", headers)
            + section(
                "DTOKHAIMD_VNACCSs", "DTOKHAIMD_VNACCS",
                [
                    "<_DToKhaiMDID>501</_DToKhaiMDID><MA_GP2>XX</MA_GP2><SO_GP2>WRONG-SECTION</SO_GP2><SO_CONTAINER>TGHU1</SO_CONTAINER>"
                ])
            + section("DTOKHAIMD_VNACCS2s", "DTOKHAIMD_VNACCS2", extras)
            + section(
                "DMSG_OUT_REPs", "DMSG_OUT_REP",
                [
                    "<_DToKhaiMDID>501</_DToKhaiMDID><SOTK>109999999990</SOTK><MA_LH>A11</MA_LH><MSG_CONTENT>\(blob)</MSG_CONTENT>"
                ])
            + padding
            + section("DHangMDDKs", "DHangMDDK", goods)
                + """
                  <DHangMDKHs />
                  <DDieuChinhs>
                  </DDieuChinhs>
                  <DCHUNGTU_BSs>
                    <DCHUNGTU_BS>
                      <Data>
                        <_DToKhaiMDID>501</_DToKhaiMDID>
                        <SOTK>109999999991</SOTK>
                      </Data>
                      <DCHUNGTU_BS_CHITIETs>
                        <DCHUNGTU_BS_CHITIET>
                          <Data><_DToKhaiMDID>501</_DToKhaiMDID><STTHANG>9</STTHANG><NoiDungT>\(blob)</NoiDungT></Data>
                        </DCHUNGTU_BS_CHITIET>
                      </DCHUNGTU_BS_CHITIETs>
                    </DCHUNGTU_BS>
                  </DCHUNGTU_BSs>
                </Root>

                """
}

private func header(
    id: String = "501", number: String = "105000000110", type: String = "A11", extra: String = ""
) -> String {
    "<_DToKhaiMDID>\(id)</_DToKhaiMDID><SOTK>\(number)</SOTK><MA_LH>\(type)</MA_LH><MA_DV>0101234567</MA_DV>\(extra)"
}

private func goodsRow(id: String = "501", line: Int = 1, extra: String = "") -> String {
    "<_DToKhaiMDID>\(id)</_DToKhaiMDID><STTHANG>\(line)</STTHANG><MA_HANGKB>84713020</MA_HANGKB>"
        + "<TEN_HANG>Máy tính đã qua sử dụng</TEN_HANG><LUONG>1</LUONG><MA_DVT>PCE</MA_DVT>\(extra)"
}

@Suite struct ECUS5ReaderTests {
    // MARK: the full join

    private static let twoDeclarations = ecus(
        headers: [
            """
                    <_DToKhaiMDID>501</_DToKhaiMDID>
                    <_XorN>N</_XorN>
                    <SOTK>105000000110</SOTK>
                    <SOTK_DAU_TIEN>NULL</SOTK_DAU_TIEN>
                    <SOTK_NHANH>NULL</SOTK_NHANH>
                    <MA_LH>A11</MA_LH>
                    <MA_HQ>01B1</MA_HQ>
                    <TEN_HQ>CCHQ Noi Bai</TEN_HQ>
                    <NGAY_DK>2026-11-18</NGAY_DK>
                    <MA_DV>0101234567</MA_DV>
                    <_Ten_DV_L1>CôNG TY TNHH THIẾT BỊ SỐ &amp; MẠNG</_Ten_DV_L1>
                    <DV_DT>SHENZHEN USED IT CO., LTD</DV_DT>
                    <NUOC_XK>CN</NUOC_XK>
                    <NUOC_NK>VN</NUOC_NK>
                    <MA_GP>NULL</MA_GP>
                    <SO_GP>NULL</SO_GP>
                    <SO_HD>HD-2026/11</SO_HD>
                    <NGAY_HD>2026-10-01 00:00:00</NGAY_HD>
                    <NGAY_HHHD>31/12/2027</NGAY_HHHD>
                    <MA_NT>USD</MA_NT>
                    <TTTK>T</TTTK>
                    <GHI_CHU>T? khai dã du?c ki?m tra</GHI_CHU>
            """,
            """
                    <_DToKhaiMDID>502</_DToKhaiMDID>
                    <SOTK>305000000121</SOTK>
                    <SOTK_DAU_TIEN>305000000100</SOTK_DAU_TIEN>
                    <MA_LH>E52</MA_LH>
                    <MA_HQ>28NJ</MA_HQ>
                    <NGAY_DK>2026-11-19T08:30:00</NGAY_DK>
                    <MA_DV>0700798384</MA_DV>
                    <_Ten_DV_L1>   </_Ten_DV_L1>
                    <DV_DT>TAESUNG CHEMICAL CO.,LTD</DV_DT>
                    <NUOC_XK>VN</NUOC_XK>
                    <NUOC_NK>KR</NUOC_NK>
                    <MA_GP>HDGC</MA_GP>
                    <SO_GP>1100100068728</SO_GP>
                    <SO_HD>
                    </SO_HD>
                    <NGAY_HD>NULL</NGAY_HD>
                    <NGAY_HHHD>not a date</NGAY_HHHD>
                    <MA_NT>EUR</MA_NT>
                    <TTTK>T</TTTK>
            """,
        ],
        extras: [
            """
                    <DTOKHAIMD_VNACCS2ID>7002</DTOKHAIMD_VNACCS2ID>
                    <_DTOKHAIMDID>502</_DTOKHAIMDID>
                    <MA_GP2>GP</MA_GP2>
                    <SO_GP2>45/GP-BKHCN</SO_GP2>
                    <MA_GP3>NULL</MA_GP3>
                    <SO_GP3>NULL</SO_GP3>
                    <MA_GP4>CO</MA_GP4>
                    <SO_GP4>CO-2026-778</SO_GP4>
                    <MA_GP5>NULL</MA_GP5>
                    <SO_GP5>X-5</SO_GP5>
            """,
            """
                    <DTOKHAIMD_VNACCS2ID>7001</DTOKHAIMD_VNACCS2ID>
                    <_DToKhaiMDID>501</_DToKhaiMDID>
                    <MA_GP2>KTCL</MA_GP2>
                    <SO_GP2>KT-9</SO_GP2>
                    <MA_GP3>NULL</MA_GP3>
                    <SO_GP3>NULL</SO_GP3>
            """,
        ],
        goods: [
            """
                    <DHangMDDKID>1</DHangMDDKID>
                    <_DToKhaiMDID>501</_DToKhaiMDID>
                    <SOTK>105000000110</SOTK>
                    <MA_LH>A11</MA_LH>
                    <STTHANG>1</STTHANG>
                    <MA_HANGKB>84713020</MA_HANGKB>
                    <MA_NPL_SP>NULL</MA_NPL_SP>
                    <TEN_HANG>LAPTOP-T480#&amp;Máy tính xách tay Lenovo ThinkPad T480, hàng đã qua sử dụng</TEN_HANG>
                    <NUOC_XX>CN</NUOC_XX>
                    <MA_DVT>PCE</MA_DVT>
                    <LUONG>150.00000000</LUONG>
                    <TRIGIA_KB>13500</TRIGIA_KB>
                    <TRIGIA_TT>344250000.00000000</TRIGIA_TT>
                    <MIENTHUE_MA>NULL</MIENTHUE_MA>
                    <ISUSED>NULL</ISUSED>
            """,
            """
                    <DHangMDDKID>2</DHangMDDKID>
                    <_DToKhaiMDID>502</_DToKhaiMDID>
                    <STTHANG>1</STTHANG>
                    <MA_HANGKB>39263000</MA_HANGKB>
                    <MA_NPL_SP>85346-B1000LM OM</MA_NPL_SP>
                    <TEN_HANG>OTHER-CODE#&amp;Trục xoay bằng nhựa, đơn giá gia công: 0.013$. Hàng mới 100%#&amp;VN</TEN_HANG>
                    <NUOC_XX>VN</NUOC_XX>
                    <MA_DVT>PCE</MA_DVT>
                    <LUONG>15000.00000000</LUONG>
                    <TRIGIA_KB>420.50</TRIGIA_KB>
                    <MIENTHUE_MA>XNG82</MIENTHUE_MA>
            """,
            """
                    <DHangMDDKID>3</DHangMDDKID>
                    <_DToKhaiMDID>501</_DToKhaiMDID>
                    <STTHANG>2</STTHANG>
                    <MA_HANGKB>8528.52.00</MA_HANGKB>
                    <MA_NPL_SP>   </MA_NPL_SP>
                    <TEN_HANG>Màn hình máy tính 24 inch &amp; chân đế, hàng mới 100%</TEN_HANG>
                    <NUOC_XX>NULL</NUOC_XX>
                    <MA_DVT>PCE</MA_DVT>
                    <LUONG>3.50000000</LUONG>
                    <TRIGIA_KB>NULL</TRIGIA_KB>
                    <TRIGIA_TT>NULL</TRIGIA_TT>
            """,
        ])

    @Test func headersExtrasAndGoodsAreJoined() throws {
        let xml = Self.twoDeclarations
        let read = F.read(xml, label: "ecus.xml")
        #expect(read.error == nil)
        #expect(read.problems.isEmpty)
        #expect(read.outcome.format == .ecus5)
        #expect(read.outcome.declarations == 2)
        #expect(read.outcome.items == 3)
        #expect(read.declarations.map(\.number) == ["105000000110", "305000000121"])
        let first = try #require(read.declarations.first)
        let second = try #require(read.declarations.last)

        #expect(first.firstNumber == nil)
        #expect(first.typeCode == "A11")
        #expect(first.customsOffice == "01B1")
        #expect(first.registeredOn == "2026-11-18")
        #expect(first.status == .cleared)
        #expect(first.declarantTaxCode == "0101234567")
        #expect(first.declarantName == "CôNG TY TNHH THIẾT BỊ SỐ & MẠNG")
        #expect(first.partnerName == "SHENZHEN USED IT CO., LTD")
        #expect(first.partnerCountry == "CN", "an import's foreign party is the exporting country")
        #expect(first.contractNumber == "HD-2026/11")
        #expect(first.contractSignedOn == "2026-10-01")
        #expect(first.contractExpiresOn == "2027-12-31")
        #expect(first.licences == [Licence(type: "KTCL", number: "KT-9")])
        #expect(first.sourceLine == line(of: "<_DToKhaiMDID>501</_DToKhaiMDID>", in: xml).map { $0 - 1 })

        #expect(second.firstNumber == "305000000100")
        #expect(second.typeCode == "E52")
        #expect(second.registeredOn == "2026-11-19")
        #expect(second.declarantName == nil)
        #expect(second.partnerCountry == "KR", "an export's foreign party is the importing country")
        #expect(second.contractNumber == nil)
        #expect(second.contractSignedOn == nil)
        #expect(second.contractExpiresOn == "not a date", "an unreadable date is kept as declared")
        #expect(
            second.licences == [
                Licence(type: "HDGC", number: "1100100068728"), Licence(type: "GP", number: "45/GP-BKHCN"),
                Licence(type: "CO", number: "CO-2026-778"), Licence(type: "", number: "X-5"),
            ])

        let goodsLines = (1...3).compactMap { line(of: "<DHangMDDKID>\($0)</DHangMDDKID>", in: xml).map { $0 - 1 } }
        #expect(
            first.items == [
                DeclarationItem(
                    line: 1, hsCode: "84713020", productCode: "LAPTOP-T480",
                    description: "LAPTOP-T480#&Máy tính xách tay Lenovo ThinkPad T480, hàng đã qua sử dụng",
                    origin: "CN", quantity: "150", unit: "PCE", value: "13500", currency: "USD", valueVND: "344250000",
                    sourceLine: goodsLines[0]),
                DeclarationItem(
                    line: 2, hsCode: "8528.52.00", description: "Màn hình máy tính 24 inch & chân đế, hàng mới 100%",
                    quantity: "3.5", unit: "PCE", currency: "USD", sourceLine: goodsLines[2]),
            ])
        #expect(
            second.items == [
                DeclarationItem(
                    line: 1, hsCode: "39263000", productCode: "85346-B1000LM OM",
                    description: "OTHER-CODE#&Trục xoay bằng nhựa, đơn giá gia công: 0.013$. Hàng mới 100%#&VN",
                    origin: "VN", quantity: "15000", unit: "PCE", value: "420.5", currency: "EUR", exemptionCode: "XNG82",
                    sourceLine: goodsLines[1])
            ])
        #expect(read.outcome.lastDeclarationLine == second.sourceLine)
    }

    @Test func blobSectionsWithLookAlikeColumnsArePassedBy() {
        // DMSG_OUT_REPs and DCHUNGTU_BSs carry SOTK, MA_LH, STTHANG too; none becomes data.
        let blob = String(
            repeating: "ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLvKl4ESyhu9yvrCMbOaI9xNp4bv+BR8TnK5gHeF", count: 4_000)
        let read = F.read(ecus(headers: [header()], goods: [goodsRow()], blob: blob))
        #expect(read.error == nil)
        #expect(read.problems.isEmpty)
        #expect(read.declarations.map(\.number) == ["105000000110"])
        #expect(read.declarations.first?.items.map(\.line) == [1])
        #expect(read.declarations.first?.licences == [], "MA_GP2 outside DTOKHAIMD_VNACCS2 is not a licence")
    }

    @Test func licenceWithoutNumberIsNoLicence() throws {
        let read = F.read(
            ecus(
                headers: [header(extra: "<MA_GP>GP</MA_GP><SO_GP>NULL</SO_GP>")],
                extras: [
                    "<_DTOKHAIMDID>501</_DTOKHAIMDID><MA_GP2>CO</MA_GP2><SO_GP2> </SO_GP2><MA_GP3>NULL</MA_GP3><SO_GP3>N3</SO_GP3>"
                ],
                goods: [goodsRow()]))
        #expect(try #require(read.declarations.first).licences == [Licence(type: "", number: "N3")])
    }

    @Test func licencesOneToFiveInOrder() throws {
        let extras = (2...5).map { "<MA_GP\($0)>T\($0)</MA_GP\($0)><SO_GP\($0)>N\($0)</SO_GP\($0)>" }.joined()
        let read = F.read(
            ecus(
                headers: [header(extra: "<MA_GP>T1</MA_GP><SO_GP>N1</SO_GP>")],
                extras: ["<_DTOKHAIMDID>501</_DTOKHAIMDID>" + extras], goods: [goodsRow()]))
        let declaration = try #require(read.declarations.first)
        #expect(declaration.licences.map(\.reportForm) == ["T1:N1", "T2:N2", "T3:N3", "T4:N4", "T5:N5"])
    }

    @Test func extrasOfAnotherDeclarationAreNotMixedIn() throws {
        let read = F.read(
            ecus(
                headers: [header(id: "501"), header(id: "502", number: "105000000120")],
                extras: ["<_DToKhaiMDID>502</_DToKhaiMDID><MA_GP2>GP</MA_GP2><SO_GP2>G-502</SO_GP2>"],
                goods: [goodsRow(id: "501"), goodsRow(id: "502")]))
        #expect(read.declarations.map { $0.licences.map(\.number) } == [[], ["G-502"]])
    }

    // MARK: the product code

    @Test(
        arguments: [
            ("<MA_NPL_SP>P-1</MA_NPL_SP><TEN_HANG>OTHER#&amp;Bàn phím</TEN_HANG>", "P-1"),
            ("<MA_NPL_SP>NULL</MA_NPL_SP><TEN_HANG>  KB-104 #&amp;Bàn phím</TEN_HANG>", "KB-104"),
            ("<TEN_HANG>KB-104#&amp;Bàn phím#&amp;VN</TEN_HANG>", "KB-104"),
            ("<TEN_HANG>#&amp;Bàn phím</TEN_HANG>", nil),
            ("<TEN_HANG>Bàn phím &amp; chuột</TEN_HANG>", nil),
            ("<TEN_HANG>Bàn phím # &amp; chuột</TEN_HANG>", nil),
            ("<MA_NPL_SP> </MA_NPL_SP>", nil),
        ] as [(String, String?)])
    func productCodeFromTheColumnOrTheDescription(columns: String, expected: String?) throws {
        let row = "<_DToKhaiMDID>501</_DToKhaiMDID><STTHANG>1</STTHANG><MA_HANGKB>84713020</MA_HANGKB>" + columns
        let read = F.read(ecus(headers: [header()], goods: [row]))
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first?.items.first).productCode == expected)
    }

    @Test func productCodePrefixHelper() {
        #expect(ECUS5Reader.productCodePrefix("A#&B") == "A")
        #expect(ECUS5Reader.productCodePrefix(" A B #&C#&D") == "A B")
        #expect(ECUS5Reader.productCodePrefix("#&C") == nil)
        #expect(ECUS5Reader.productCodePrefix("no separator") == nil)
    }

    // MARK: values

    @Test(
        arguments: [
            ("15000.00000000", "15000"), ("0.50000000", "0.5"), ("100", "100"), ("12,5", "12,5"), ("NULL", nil),
            ("  7.10  ", "7.1"),
        ] as [(String, String?)])
    func quantitiesAreTidied(written: String, expected: String?) throws {
        let read = F.read(
            ecus(
                headers: [header()],
                goods: [goodsRow().replacingOccurrences(of: "<LUONG>1</LUONG>", with: "<LUONG>\(written)</LUONG>")]))
        #expect(try #require(read.declarations.first?.items.first).quantity == expected)
    }

    @Test(
        arguments: [
            ("2026-11-18", "2026-11-18"), ("2026-11-18T00:00:00", "2026-11-18"), ("2026-11-18 00:00:00.000", "2026-11-18"),
            ("18/11/2026", "2026-11-18"), ("2026-02-30", "2026-02-30"), ("NULL", nil), ("   ", nil),
        ] as [(String, String?)])
    func registrationDatesAreNormalised(written: String, expected: String?) throws {
        let read = F.read(ecus(headers: [header(extra: "<NGAY_DK>\(written)</NGAY_DK>")], goods: [goodsRow()]))
        #expect(try #require(read.declarations.first).registeredOn == expected)
    }

    @Test func typeCodeOnNeitherListUsesTheNumberForTheParty() throws {
        let extra = "<NUOC_XK>CN</NUOC_XK><NUOC_NK>JP</NUOC_NK>"
        let read = F.read(
            ecus(
                headers: [
                    header(id: "1", number: "105000000110", type: "Z99", extra: extra),
                    header(id: "2", number: "305000000110", type: "Z99", extra: extra),
                ],
                goods: [goodsRow(id: "1"), goodsRow(id: "2")]))
        #expect(read.declarations.map(\.partnerCountry) == ["CN", "JP"])
    }

    @Test func statusColumnDoesNotCancel() throws {
        let read = F.read(ecus(headers: [header(extra: "<TTTK>H</TTTK>")], goods: [goodsRow()]))
        #expect(try #require(read.declarations.first).status == .cleared)
    }

    // MARK: text in pieces

    @Test func longDescriptionArrivesWhole() throws {
        let description = String(repeating: "Linh kiện máy tính đã qua sử dụng; ", count: 3_000) + "HẾT"
        #expect(description.utf8.count > 64 * 1024)
        let read = F.read(
            ecus(
                headers: [header()], goods: [goodsRow().replacingOccurrences(of: "Máy tính đã qua sử dụng", with: description)]))
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first?.items.first).description == description)
    }

    @Test func descriptionWithManyEscapesArrivesWhole() throws {
        let written = String(repeating: "R640#&amp;MAY CHU &lt;DELL&gt; &amp;amp; &#x1EDB;i ", count: 3_000)
        let expected = String(repeating: "R640#&MAY CHU <DELL> &amp; ới ", count: 3_000).trimmingCharacters(in: .whitespaces)
        let read = F.read(
            ecus(
                headers: [header()], goods: [goodsRow().replacingOccurrences(of: "Máy tính đã qua sử dụng", with: written)]))
        let item = try #require(read.declarations.first?.items.first)
        #expect(item.description == expected)
        #expect(item.productCode == "R640")
    }

    // MARK: several declarations, orphans, bad rows

    @Test func severalDeclarationsKeepHeaderOrderAndRowOrder() throws {
        let read = F.read(
            ecus(
                headers: [
                    header(id: "3", number: "105000000330"), header(id: "1", number: "105000000110"),
                    header(id: "2", number: "105000000220"),
                ],
                goods: [
                    goodsRow(id: "1", line: 1), goodsRow(id: "2", line: 1), goodsRow(id: "1", line: 2),
                    goodsRow(id: "3", line: 1), goodsRow(id: "1", line: 3),
                ]))
        #expect(read.declarations.map(\.number) == ["105000000330", "105000000110", "105000000220"])
        #expect(read.declarations.map { $0.items.map(\.line) } == [[1], [1, 2, 3], [1]])
        #expect(read.outcome.items == 5)
    }

    @Test func headerWithoutGoodsIsADeclarationWithoutItems() throws {
        let read = F.read(ecus(headers: [header()], goods: []))
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first).items.isEmpty)
    }

    @Test func orphanGoodsRowsAreAProblem() throws {
        let xml = ecus(
            headers: [header(id: "501")],
            goods: [goodsRow(id: "501"), goodsRow(id: "999", line: 1), goodsRow(id: "999", line: 2), goodsRow(id: "888")])
        let read = F.read(xml, label: "orphans.xml")
        #expect(read.error == nil)
        #expect(read.declarations.map(\.number) == ["105000000110"])
        #expect(read.declarations.first?.items.count == 1)
        #expect(
            read.problems.map(\.message) == [
                "2 goods line(s) refer to _DToKhaiMDID 999, which has no declaration header; not audited",
                "1 goods line(s) refer to _DToKhaiMDID 888, which has no declaration header; not audited",
            ])
        #expect(read.problems.map(\.code) == [.xmlMalformed, .xmlMalformed])
        let firstOrphan = try #require(line(of: "<_DToKhaiMDID>999</_DToKhaiMDID><STTHANG>1", in: xml))
        #expect(read.problems.first?.location == DeclauditKit.SourceLocation(file: "orphans.xml", line: firstOrphan - 1))
        #expect(!read.outcome.succeeded)
    }

    @Test func goodsRowWithoutIDIsAProblem() throws {
        let row = "<STTHANG>77</STTHANG><MA_HANGKB>84713020</MA_HANGKB>"
        let xml = ecus(headers: [header()], goods: [goodsRow(), row])
        let read = F.read(xml)
        #expect(read.declarations.first?.items.count == 1)
        #expect(read.problems.map(\.message) == ["goods row without _DToKhaiMDID; skipped"])
        #expect(read.problems.first?.location?.line == line(of: row, in: xml).map { $0 - 1 })
    }

    @Test func headerWithoutNumberOrTypeIsAProblem() throws {
        let xml = ecus(
            headers: [
                "<_DToKhaiMDID>1</_DToKhaiMDID><SOTK>NULL</SOTK><MA_LH>A11</MA_LH>",
                "<_DToKhaiMDID>2</_DToKhaiMDID><SOTK>105000000220</SOTK>",
                header(id: "3", number: "105000000330"),
            ],
            goods: [goodsRow(id: "3")])
        let read = F.read(xml)
        #expect(read.declarations.map(\.number) == ["105000000330"])
        #expect(
            read.problems.map(\.message) == [
                "declaration header without SOTK or MA_LH; skipped", "declaration header without SOTK or MA_LH; skipped",
            ])
        #expect(read.problems.first?.location?.line == line(of: "<SOTK>NULL</SOTK>", in: xml).map { $0 - 1 })
    }

    @Test func goodsJoinByEitherSpellingOfTheID() throws {
        // Real files write `_DToKhaiMDID` in goods rows and `_DTOKHAIMDID` in the extras; the
        // reader accepts either spelling for extras. Goods rows spelled the other way are joined too.
        let row = goodsRow().replacingOccurrences(of: "_DToKhaiMDID", with: "_DTOKHAIMDID")
        let read = F.read(ecus(headers: [header()], goods: [row]))
        #expect(read.problems.isEmpty)
        #expect(read.declarations.first?.items.count == 1)
    }

    // MARK: size bound

    private func manyGoods(_ count: Int) -> String {
        ecus(
            headers: [header(id: "7")], goods: [],
            padding: "  <DHangMDDKs>\n"
                + (1...count).map {
                    "    <DHangMDDK><Data><_DToKhaiMDID>7</_DToKhaiMDID><STTHANG>\($0)</STTHANG></Data></DHangMDDK>\n"
                }.joined()
                + "  </DHangMDDKs>\n")
    }

    @Test func tenThousandGoodsLinesAreAccepted() throws {
        let read = F.read(manyGoods(10_000))
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first).items.count == 10_000)
    }

    @Test func moreThanTenThousandGoodsLinesAreRefused() throws {
        let xml = manyGoods(10_001)
        let read = F.read(xml, label: "huge.xml")
        #expect(read.error == nil)
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(problem.code == .declarationTooLarge)
        #expect(problem.message == "declaration _DToKhaiMDID 7 has more than 10000 goods lines; skipped")
        #expect(problem.location == DeclauditKit.SourceLocation(file: "huge.xml", line: line(of: "<STTHANG>10001<", in: xml)))
        #expect(read.declarations.isEmpty)
    }

    @Test func anOversizedDeclarationIsSkippedAndTheOthersInTheFileAreRead() throws {
        let goods = (1...10_001).map { goodsRow(id: "7", line: $0) } + [goodsRow(id: "8")]
        let read = F.read(ecus(headers: [header(id: "7"), header(id: "8", number: "105000000120")], goods: goods))
        #expect(read.error == nil)
        #expect(read.problems.map(\.code) == [.declarationTooLarge])
        #expect(read.declarations.map(\.number) == ["105000000120"])
    }

    @Test func anExportWithMoreRowsThanTheFileBoundIsRefused() throws {
        // Many small declarations, each under the per-declaration bound.
        let count = maximumRowsPerECUSFile / 100 + 1
        let headers = (0..<count).map { header(id: "\($0)", number: String(105_000_000_000 + $0 * 10)) }
        let goods = (0..<count).flatMap { id in (1...99).map { goodsRow(id: "\(id)", line: $0) } }
        let read = F.read(ecus(headers: headers, goods: goods), label: "big.xml")
        let error = try #require(read.error)
        #expect(error.code == .declarationTooLarge)
        #expect(error.message.hasPrefix("the export has more than \(maximumRowsPerECUSFile) rows"))
    }

    /// Issue 13.7: many long columns, each under the field bound, are bounded together.
    @Test func manyLongColumnsTogetherAreRefused() throws {
        let long = String(repeating: "A", count: 1_000_000)
        let count = maximumECUSTextBytes / 1_000_000 + 1
        let goods = (1...count).map { goodsRow(line: $0).replacingOccurrences(of: "Máy tính đã qua sử dụng", with: long) }
        let read = F.read(ecus(headers: [header()], goods: goods), label: "wide.xml")
        let error = try #require(read.error)
        #expect(error.code == .declarationTooLarge)
        #expect(error.message.hasPrefix("the export holds more than 64 MiB of text"))
    }

    @Test func aColumnPastTheFieldBoundIsRefused() throws {
        let long = String(repeating: "A", count: maximumFieldBytes + 1)
        let read = F.read(
            ecus(headers: [header()], goods: [goodsRow().replacingOccurrences(of: "Máy tính đã qua sử dụng", with: long)]))
        let error = try #require(read.error)
        #expect(error.code == .declarationTooLarge)
        #expect(error.message == "TEN_HANG is longer than \(maximumFieldBytes) bytes; refused")
    }

    // MARK: line numbers and failures

    @Test func lineNumbersPastSixtyFiveThousand() throws {
        let padding = String(repeating: "  <!-- padding -->\n", count: 70_000)
        let xml = ecus(headers: [header()], goods: [goodsRow(), goodsRow(id: "999", line: 5)], padding: padding)
        let read = F.read(xml)
        let goodsLine = try #require(line(of: "<_DToKhaiMDID>501</_DToKhaiMDID><STTHANG>1", in: xml))
        let orphanLine = try #require(line(of: "<_DToKhaiMDID>999</_DToKhaiMDID>", in: xml))
        #expect(goodsLine > 70_000)
        let declaration = try #require(read.declarations.first)
        #expect(declaration.sourceLine < 100)
        #expect(declaration.items.first?.sourceLine == goodsLine - 1)
        #expect(read.problems.first?.location?.line == orphanLine - 1)
    }

    @Test func malformedLinePastSixtyFiveThousand() throws {
        let padding = String(repeating: "\n", count: 70_000)
        var xml = ecus(headers: [header()], goods: [goodsRow()], padding: padding)
        xml = xml.replacingOccurrences(of: "<DHangMDKHs />", with: "<DHangMDKHs>")
        let read = F.read(xml)
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        let closing = try #require(line(of: "</Root>", in: xml))
        #expect(closing > 70_000)
        #expect(error.location?.line == closing)
        #expect(error.location?.column != nil)
        #expect(read.declarations.isEmpty, "ECUS declarations are complete only at the end of the file")
    }

    @Test func truncatedExportEmitsNothing() throws {
        let xml = Self.twoDeclarations
        let range = try #require(xml.range(of: "<DHangMDDKID>3"))
        let cut = String(xml[..<range.lowerBound])
        let read = F.read(cut, label: "cut.xml")
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        #expect(error.location?.line != nil)
        #expect(error.location?.column != nil)
        #expect(read.declarations.isEmpty)
        #expect(read.outcome.format == .ecus5)
        #expect(read.outcome.lastDeclarationLine == nil)
    }

    @Test func doctypeIsRefused() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = "ECUS-SECRET-\(UUID().uuidString)"
        let secret = directory.appendingPathComponent("secret")
        try Data(marker.utf8).write(to: secret)
        let xml = Self.twoDeclarations
            .replacingOccurrences(of: "<Root>", with: "<!DOCTYPE Root [<!ENTITY s SYSTEM \"\(secret.absoluteString)\">]>\n<Root>")
            .replacingOccurrences(of: "SHENZHEN USED IT CO., LTD", with: "&s;")
        let read = F.read(xml)
        #expect(read.error?.code == .xmlDoctype)
        #expect(read.declarations.isEmpty)
        #expect(!"\(read.error.map(String.init(describing:)) ?? "") \(read.problems)".contains(marker))
    }

    // MARK: real files

    @Test func fixtureWithTwoDeclarations() throws {
        let path = try DeclarationFactory.fixture("ecus5/used-it-two-declarations.xml").path
        var declarations: [Declaration] = []
        let outcome = DocumentReader.read(path: path, label: "two.xml") { declarations.append($0) }
        #expect(outcome.error == nil)
        #expect(outcome.problems.isEmpty)
        #expect(declarations.map(\.number) == ["105000000110", "105000000120"])
        #expect(declarations.map(\.items.count) == [4, 2])
        #expect(
            declarations.last?.licences == [
                Licence(type: "GP", number: "45/GP-BKHCN"), Licence(type: "CO", number: "CO-2026-778"),
            ])
        #expect(declarations.first?.items.map(\.hsCode) == ["84713020", "8528.52.00", "8471.302", nil])
        #expect(declarations.last?.items.first?.productCode == "R640")
    }

    private static let samples = DeclarationFactory.sharedFile("samples/ecus5")
    private static let noSamples: Comment = "skipped: shared/samples/ecus5 is not beside the package (or DECLAUDIT_SHARED)"

    @Test(.enabled(if: ECUS5ReaderTests.samples != nil, ECUS5ReaderTests.noSamples))
    func realProcessingImport() throws {
        let path = try #require(Self.samples).appendingPathComponent("ECUS5VNACCS2018_ToKhai_105110557420_STT2131.xml").path
        var declarations: [Declaration] = []
        let outcome = DocumentReader.read(path: path, label: "e21.xml") { declarations.append($0) }
        #expect(outcome.error == nil)
        #expect(outcome.problems.isEmpty)
        let declaration = try #require(declarations.first)
        #expect(declarations.count == 1)
        #expect(declaration.number == "105110557420")
        #expect(declaration.typeCode == "E21")
        #expect(declaration.customsOffice == "28NJ")
        #expect(declaration.registeredOn == "2022-11-21")
        #expect(declaration.partnerCountry == "KR")
        #expect(declaration.contractNumber == "01/HĐGC")
        #expect(declaration.contractExpiresOn == "2024-03-08")
        #expect(declaration.licences == [Licence(type: "HDGC", number: "1100100068728")])
        #expect(declaration.sourceLine == 10)
        let item = try #require(declaration.items.first)
        #expect(declaration.items.count == 1)
        #expect(item.line == 1)
        #expect(item.hsCode == "73202019")
        #expect(item.productCode == "SPRING-HDL PLATE(SPW) 85345-2S000 LM")
        #expect(item.quantity == "100000")
        #expect(item.unit == "PCE")
        #expect(item.value == "1313.56")
        #expect(item.valueVND == "32326711.6", "TRIGIA_TT, the value in dong")
        #expect(item.currency == "USD")
        #expect(item.exemptionCode == "XNG81")
        #expect(item.sourceLine == 793)
        #expect(item.description?.hasPrefix("SPRING-HDL PLATE(SPW) 85345-2S000 LM#&Lò xo cuộn bằng thép") == true)
    }

    @Test(.enabled(if: ECUS5ReaderTests.samples != nil, ECUS5ReaderTests.noSamples))
    func realProcessingExport() throws {
        let path = try #require(Self.samples).appendingPathComponent("ECUS5VNACCS2018_ToKhai_305254416960_STT2175.xml").path
        var declarations: [Declaration] = []
        let outcome = DocumentReader.read(path: path, label: "e52.xml") { declarations.append($0) }
        #expect(outcome.error == nil)
        #expect(outcome.problems.isEmpty)
        let declaration = try #require(declarations.first)
        #expect(declaration.number == "305254416960")
        #expect(declaration.firstNumber == "305254403660")
        #expect(declaration.typeCode == "E52")
        #expect(declaration.partnerCountry == "KR")
        #expect(declaration.items.count == 11)
        #expect(declaration.items.map(\.line) == Array(1...11))
        #expect(declaration.items.first?.quantity == "15000")
        #expect(declaration.items.first?.productCode == "85346-B1000LM OM")
        #expect(declaration.items.first?.exemptionCode == "XNG82")
        #expect(declaration.items.prefix(3).map(\.sourceLine) == [789, 998, 1207])
    }
}
