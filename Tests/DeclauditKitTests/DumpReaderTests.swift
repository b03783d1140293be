import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// A declaration of the dump format with one item, on 5 lines, for tests that need many.
private func minimalDeclaration(_ number: String, items: String? = nil) -> String {
    """
    <Declaration><Number>\(number)</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
    <Declarant><TaxCode>0100000001</TaxCode></Declarant>
    \(items ?? #"<Item line="1"><HSCode>8471.30.20</HSCode><Description>Used laptops</Description>"#)
    \(items == nil ? #"<Quantity unit="PCE">7</Quantity></Item>"# : "")
    </Declaration>
    """
}

@Suite struct DumpReaderTests {
    // MARK: every field of the format

    @Test func everyFieldOfTheFormatIsRead() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DeclarationDump xmlns="urn:declaudit:dump:1" exportedAt="2026-11-28T23:00:00+07:00" source="nightly">
              <Declaration>
                <Number>107000000011</Number>
                <FirstNumber>107000000001</FirstNumber>
                <TypeCode>E21</TypeCode>
                <CustomsOffice>28NJ</CustomsOffice>
                <RegisteredOn>2026-11-20</RegisteredOn>
                <Status>pending</Status>
                <Declarant><TaxCode>0700000006</TaxCode><Name>Công ty Gia Công &amp; Sửa Chữa</Name></Declarant>
                <Partner><Name>Foreign Principal Co</Name><Country>KR</Country></Partner>
                <Contract><Number>01/HĐGC</Number><SignedOn>2026-01-01</SignedOn><ExpiresOn>2027-01-01</ExpiresOn></Contract>
                <Licence type="HDGC" number="1100100000001"/>
                <Licence type="GP" number="45/GP-BKHCN"/>
                <Item line="1">
                  <HSCode>8471.70.20</HSCode>
                  <ProductCode>HDD-2TB</ProductCode>
                  <Description>Ổ cứng máy tính đã qua sử dụng để sửa chữa</Description>
                  <Condition>refurbished</Condition>
                  <Origin>KR</Origin>
                  <Quantity unit="PCE">500.000</Quantity>
                  <Value currency="USD">15000.00000000</Value>
                  <ValueVND>382500000.00</ValueVND>
                  <ExemptionCode>XNG81</ExemptionCode>
                </Item>
                <Item line="2">
                  <HSCode>8471 60 30</HSCode>
                  <Description>Bàn phím</Description>
                  <Quantity unit="SET">3</Quantity>
                </Item>
              </Declaration>
            </DeclarationDump>
            """
        let read = F.read(xml, label: "night.xml")
        #expect(read.error == nil)
        #expect(read.problems.isEmpty)
        #expect(read.outcome.format == .dump)
        #expect(read.outcome.declarations == 1)
        #expect(read.outcome.items == 2)
        #expect(read.outcome.lastDeclarationLine == 3)
        #expect(read.outcome.succeeded)
        let declaration = try #require(read.declarations.first)
        #expect(read.declarations.count == 1)
        #expect(declaration.number == "107000000011")
        #expect(declaration.firstNumber == "107000000001")
        #expect(declaration.typeCode == "E21")
        #expect(declaration.customsOffice == "28NJ")
        #expect(declaration.registeredOn == "2026-11-20")
        #expect(declaration.status == .pending)
        #expect(declaration.declarantTaxCode == "0700000006")
        #expect(declaration.declarantName == "Công ty Gia Công & Sửa Chữa")
        #expect(declaration.partnerName == "Foreign Principal Co")
        #expect(declaration.partnerCountry == "KR")
        #expect(declaration.contractNumber == "01/HĐGC")
        #expect(declaration.contractSignedOn == "2026-01-01")
        #expect(declaration.contractExpiresOn == "2027-01-01")
        #expect(
            declaration.licences == [Licence(type: "HDGC", number: "1100100000001"), Licence(type: "GP", number: "45/GP-BKHCN")])
        #expect(declaration.sourceLine == 3)

        let expectedFirst = DeclarationItem(
            line: 1, hsCode: "8471.70.20", productCode: "HDD-2TB",
            description: "Ổ cứng máy tính đã qua sử dụng để sửa chữa", declaredCondition: .refurbished,
            origin: "KR", quantity: "500", unit: "PCE", value: "15000", currency: "USD", valueVND: "382500000",
            exemptionCode: "XNG81", sourceLine: 15)
        let expectedSecond = DeclarationItem(
            line: 2, hsCode: "8471 60 30", description: "Bàn phím", quantity: "3", unit: "SET", sourceLine: 26)
        #expect(declaration.items == [expectedFirst, expectedSecond])
    }

    @Test func optionalFieldsAbsentReadAsNil() throws {
        let read = F.read(F.dump(minimalDeclaration("107000000020")))
        let declaration = try #require(read.declarations.first)
        #expect(declaration.firstNumber == nil)
        #expect(declaration.customsOffice == nil)
        #expect(declaration.status == .cleared, "Status defaults to cleared")
        #expect(declaration.declarantName == nil)
        #expect(declaration.partnerName == nil)
        #expect(declaration.partnerCountry == nil)
        #expect(declaration.contractNumber == nil)
        #expect(declaration.contractSignedOn == nil)
        #expect(declaration.contractExpiresOn == nil)
        #expect(declaration.licences.isEmpty)
        let item = try #require(declaration.items.first)
        #expect(item.productCode == nil)
        #expect(item.declaredCondition == nil)
        #expect(item.origin == nil)
        #expect(item.value == nil)
        #expect(item.currency == nil)
        #expect(item.valueVND == nil)
        #expect(item.exemptionCode == nil)
        #expect(item.quantity == "7")
        #expect(item.unit == "PCE")
    }

    @Test func emptyWhitespaceAndNullElementsReadAsAbsent() throws {
        let body = """
            <Declaration>
              <Number>107000000030</Number>
              <FirstNumber>NULL</FirstNumber>
              <TypeCode>A11</TypeCode>
              <CustomsOffice>   </CustomsOffice>
              <RegisteredOn>2026-11-20</RegisteredOn>
              <Status/>
              <Declarant><TaxCode>0100000001</TaxCode><Name>
              </Name></Declarant>
              <Partner><Name></Name><Country>\t</Country></Partner>
              <Item line="1">
                <HSCode>  8471.30.20  </HSCode>
                <ProductCode>NULL</ProductCode>
                <Description>  Used laptops\n  </Description>
                <Condition> </Condition>
                <Quantity unit="PCE"> 7 </Quantity>
                <Value currency="USD"></Value>
              </Item>
            </Declaration>
            """
        let read = F.read(F.dump(body))
        #expect(read.problems.isEmpty)
        let declaration = try #require(read.declarations.first)
        #expect(declaration.firstNumber == nil)
        #expect(declaration.customsOffice == nil)
        #expect(declaration.status == .cleared)
        #expect(declaration.declarantName == nil)
        #expect(declaration.partnerName == nil)
        #expect(declaration.partnerCountry == nil)
        let item = try #require(declaration.items.first)
        #expect(item.hsCode == "8471.30.20", "surrounding white space is trimmed")
        #expect(item.productCode == nil)
        #expect(item.description == "Used laptops")
        #expect(item.declaredCondition == nil)
        #expect(item.quantity == "7")
        #expect(item.value == nil)
        #expect(item.currency == "USD")
    }

    @Test(arguments: [
        ("new", GoodsCondition.new), ("used", .used), ("refurbished", .refurbished), ("unknown", .unknown),
    ])
    func conditionValues(written: String, expected: GoodsCondition) throws {
        let items =
            #"<Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Condition>"# + written
            + #"</Condition><Quantity unit="PCE">1</Quantity></Item>"#
        let read = F.read(F.dump(minimalDeclaration("107000000040", items: items)))
        #expect(try #require(read.declarations.first?.items.first).declaredCondition == expected)
    }

    @Test(arguments: [
        ("cleared", DeclarationStatus.cleared), ("pending", .pending), ("cancelled", .cancelled),
    ])
    func statusValues(written: String, expected: DeclarationStatus) throws {
        let body = """
            <Declaration><Number>107000000050</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Status>\(written)</Status><Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = F.read(F.dump(body))
        #expect(try #require(read.declarations.first).status == expected)
    }

    @Test(arguments: [
        ("12.500", "12.5"), ("15000.00000000", "15000"), ("100", "100"), ("-0", "-0"), ("0.000", "0"),
        ("1,5", "1,5"), ("2.50E+3", "2.50E+3"),
    ])
    func quantitiesAndValuesAreTidied(written: String, expected: String) throws {
        let items =
            #"<Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="KGM">"#
            + written + #"</Quantity><Value currency="USD">"# + written + "</Value></Item>"
        let item = try #require(F.read(F.dump(minimalDeclaration("107000000060", items: items))).declarations.first?.items.first)
        #expect(item.quantity == expected)
        #expect(item.value == expected)
    }

    @Test func fiveLicencesAreAllowed() throws {
        let licences = (1...5).map { #"<Licence type="GP" number="N\#($0)"/>"# }.joined()
        let body = """
            <Declaration><Number>107000000070</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>\(licences)
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = F.read(F.dump(body))
        #expect(read.problems.isEmpty)
        #expect(try #require(read.declarations.first).licences.map(\.number) == ["N1", "N2", "N3", "N4", "N5"])
    }

    @Test func licenceWithoutTypeHasAnEmptyType() throws {
        let body = """
            <Declaration><Number>107000000071</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant><Licence number="X-9"/>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        #expect(try #require(F.read(F.dump(body)).declarations.first).licences == [Licence(type: "", number: "X-9")])
    }

    // MARK: broken declarations are skipped, the rest is read

    /// A dump with a good declaration, a broken one made by `broken`, and another good one.
    private func readWithBrokenMiddle(_ broken: String) -> DeclarationFactory.Read {
        F.read(F.dump([minimalDeclaration("107000000100"), broken, minimalDeclaration("107000000300")].joined(separator: "\n")))
    }

    @Test func sixthLicenceSkipsTheDeclaration() throws {
        let licences = (1...6).map { #"<Licence type="GP" number="N\#($0)"/>"# }.joined(separator: "\n")
        let broken = """
            <Declaration><Number>107000000200</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            \(licences)
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        #expect(read.error == nil)
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(problem.code == .xmlMalformed)
        #expect(problem.message == "more than 5 Licence elements; declaration 107000000200 skipped")
        #expect(problem.location == DeclauditKit.SourceLocation(file: "test.xml", line: 15))
        #expect(!read.outcome.succeeded)
        #expect(read.outcome.firstError == problem)
    }

    @Test func licenceWithoutNumberSkipsTheDeclaration() throws {
        let broken = """
            <Declaration><Number>107000000200</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant><Licence type="GP"/>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        #expect(read.problems.map(\.message) == ["Licence without a number attribute; declaration 107000000200 skipped"])
        #expect(read.problems.first?.location?.line == 9)
    }

    @Test func repeatedItemLineSkipsTheDeclaration() throws {
        let broken = """
            <Declaration><Number>107000000200</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            <Item line="1"><HSCode>84713020</HSCode><Description>y</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        #expect(
            read.problems.map(\.message) == ["Item line 1 appears twice in the declaration; declaration 107000000200 skipped"])
        #expect(read.problems.first?.location?.line == 11)
        #expect(read.outcome.declarations == 2)
        #expect(read.outcome.items == 2)
    }

    @Test(arguments: [#"line="0""#, #"line="-3""#, #"line="x""#, ""])
    func itemLineMustBeAPositiveInteger(attribute: String) throws {
        let broken = """
            <Declaration><Number>107000000200</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item \(attribute)><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        let message = try #require(read.problems.first?.message)
        #expect(message.hasPrefix("Item line attribute "))
        #expect(message.contains("must be a positive integer"))
        #expect(message.hasSuffix("; declaration 107000000200 skipped"))
    }

    @Test func unknownStatusSkipsTheDeclaration() throws {
        let broken = """
            <Declaration><Number>107000000200</Number><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Status>CANCELLED</Status><Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        #expect(
            read.problems.map(\.message) == [
                "Status \"CANCELLED\" is not cleared, pending or cancelled; declaration 107000000200 skipped"
            ])
        #expect(read.problems.first?.location?.line == 8)
    }

    @Test func declarationWithoutNumberOrTypeIsSkipped() throws {
        let broken = """
            <Declaration><TypeCode>A11</TypeCode><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            <Declaration><Number>107000000201</Number><RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>1</TaxCode></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = readWithBrokenMiddle(broken)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000300"])
        #expect(
            read.problems.map(\.message) == [
                "Declaration without Number or TypeCode; declaration (no number) skipped",
                "Declaration without Number or TypeCode; declaration 107000000201 skipped",
            ])
        #expect(read.problems.map { $0.location?.line } == [8, 12])
    }

    // MARK: several declarations, order, counts

    @Test func severalDeclarationsAreEmittedInDocumentOrder() {
        let numbers = (1...5).map { "1070000001\($0)0" }
        let read = F.read(F.dump(numbers.map { minimalDeclaration($0) }.joined(separator: "\n")))
        #expect(read.declarations.map(\.number) == numbers)
        #expect(read.declarations.map(\.sourceLine) == [3, 8, 13, 18, 23])
        #expect(read.declarations.map { $0.items.map(\.sourceLine) } == [[5], [10], [15], [20], [25]])
        #expect(read.outcome.declarations == 5)
        #expect(read.outcome.items == 5)
        #expect(read.outcome.lastDeclarationLine == 23)
    }

    @Test func fieldsDoNotLeakIntoTheNextDeclaration() throws {
        let full = """
            <Declaration><Number>107000000110</Number><FirstNumber>107000000100</FirstNumber><TypeCode>E21</TypeCode>
            <CustomsOffice>28NJ</CustomsOffice><RegisteredOn>2026-11-20</RegisteredOn><Status>pending</Status>
            <Declarant><TaxCode>1</TaxCode><Name>A</Name></Declarant><Partner><Name>P</Name><Country>KR</Country></Partner>
            <Contract><Number>C</Number><SignedOn>2026-01-01</SignedOn><ExpiresOn>2027-01-01</ExpiresOn></Contract>
            <Licence type="HDGC" number="11"/>
            <Item line="1"><HSCode>84713020</HSCode><ProductCode>X</ProductCode><Description>d</Description>
            <Condition>used</Condition><Origin>CN</Origin><Quantity unit="PCE">1</Quantity><Value currency="USD">2</Value>
            <ExemptionCode>XNG81</ExemptionCode></Item>
            </Declaration>
            """
        let broken = """
            <Declaration><Number>107000000120</Number><TypeCode>A11</TypeCode><Status>bad</Status>
            <Declarant><TaxCode>2</TaxCode></Declarant><Licence type="GP" number="G"/>
            <Item line="1"><HSCode>84713020</HSCode></Item>
            </Declaration>
            """
        let bare = """
            <Declaration><Number>107000000130</Number><TypeCode>A11</TypeCode>
            <Item line="1"><HSCode>84713020</HSCode></Item>
            </Declaration>
            """
        let read = F.read(F.dump([full, broken, bare].joined(separator: "\n")))
        #expect(read.declarations.map(\.number) == ["107000000110", "107000000130"])
        let last = try #require(read.declarations.last)
        #expect(
            last
                == Declaration(
                    number: "107000000130", typeCode: "A11",
                    items: [DeclarationItem(line: 1, hsCode: "84713020", sourceLine: 17)], sourceLine: 16))
    }

    @Test func emptyLicenceNumberIsNoPermitReference() throws {
        // An empty or blank number cannot be a permit: it must not turn "no permit" (high) into
        // "permit unverified" (medium). Skipping the declaration as broken would also do.
        let body = """
            <Declaration><Number>107000000140</Number><TypeCode>A11</TypeCode>
            <Declarant><TaxCode>1</TaxCode></Declarant><Licence type="GP" number=""/><Licence type="GP" number="  "/>
            <Item line="1"><HSCode>84713020</HSCode><Description>Used laptops</Description></Item>
            </Declaration>
            """
        let read = F.read(F.dump(body))
        let blank = read.declarations.first?.licences.filter { $0.number.trimmingCharacters(in: .whitespaces).isEmpty } ?? []
        #expect(blank.isEmpty)
    }

    @Test func blankLicenceNumberIsDecidedAsCharacterIsWhitespace() {
        // ASCII is decided on bytes, the rest by Character: all must agree with it.
        for text in ["", " ", "\t\r\n", " x ", "1", "\u{00A0}", " \u{00A0} ", "\u{2003}a", " \u{301}", "\r\n", "ạ", "\u{85}"] {
            #expect(DumpReader.hasNonWhitespace(text) == text.contains { !$0.isWhitespace }, "\(Array(text.unicodeScalars))")
        }
    }

    @Test func aDeclarationReadAgainReadsTheSame() throws {
        // The second time, every name is in the parser's symbol cache and the callbacks decide
        // the common tags inline: they must decide as the first time, when the full paths do.
        let body = """
            <Declaration><Number> 107000000150 </Number><FirstNumber>107000000140</FirstNumber><TypeCode>A11</TypeCode>
            <CustomsOffice>NULL</CustomsOffice><RegisteredOn>2026-11-20</RegisteredOn><Status>pending</Status>
            <Declarant><TaxCode>0100000001</TaxCode><Name>Công ty TNHH một tên dài hơn mười sáu</Name></Declarant>
            <Partner><Name>Ngắn</Name><Country>KR</Country></Partner>
            <Contract><Number>01/HĐGC</Number><SignedOn>2026-01-01</SignedOn><ExpiresOn>2027-01-01</ExpiresOn></Contract>
            <Licence type="GP" number="45/GP"/><Licence type="GP" number=" \u{00A0} "/>
            <Item line="1"><HSCode>8471.30.20</HSCode><ProductCode>P</ProductCode><Description>Máy tính &amp; phụ kiện</Description>
            <Condition>refurbished</Condition><Origin>KR</Origin><Quantity unit="PCE">7</Quantity>
            <Value currency="A currency of more than 16 bytes">5</Value><ValueVND>100</ValueVND><ExemptionCode>XN</ExemptionCode></Item>
            <Item line="2"><HSCode> 84713020 </HSCode><Quantity unit="">3</Quantity><Value currency="USD">9</Value>
            <Origin>NULL</Origin><Description></Description></Item>
            </Declaration>
            """
        let read = F.read(F.dump(body + "\n" + body))
        #expect(read.problems.isEmpty)
        #expect(read.declarations.count == 2)
        func placeless(_ item: DeclarationItem) -> DeclarationItem {
            var item = item
            item.sourceLine = 0
            return item
        }
        func placeless(_ declaration: Declaration) -> Declaration {
            var declaration = declaration
            declaration.sourceLine = 0
            declaration.items = declaration.items.map(placeless)
            return declaration
        }
        let first = try #require(read.declarations.first)
        let second = try #require(read.declarations.last)
        #expect(placeless(second) == placeless(first))
        #expect(first.number == "107000000150")
        #expect(first.customsOffice == nil)
        #expect(first.status == .pending)
        #expect(first.declarantName == "Công ty TNHH một tên dài hơn mười sáu")
        #expect(first.partnerName == "Ngắn")
        #expect(first.contractNumber == "01/HĐGC")
        #expect(first.licences == [Licence(type: "GP", number: "45/GP")])
        #expect(
            first.items.map(placeless) == [
                DeclarationItem(
                    line: 1, hsCode: "8471.30.20", productCode: "P", description: "Máy tính & phụ kiện",
                    declaredCondition: .refurbished, origin: "KR", quantity: "7", unit: "PCE", value: "5",
                    currency: "A currency of more than 16 bytes", valueVND: "100", exemptionCode: "XN", sourceLine: 0),
                DeclarationItem(
                    line: 2, hsCode: "84713020", quantity: "3", unit: "", value: "9", currency: "USD", sourceLine: 0),
            ])
    }

    @Test func emptyDumpHasNoDeclarations() {
        let read = F.read(#"<DeclarationDump xmlns="urn:declaudit:dump:1"/>"#)
        #expect(read.error == nil)
        #expect(read.outcome.format == .dump)
        #expect(read.declarations.isEmpty)
        #expect(read.outcome.lastDeclarationLine == nil)
    }

    @Test func declarationsAreEmittedWhileReading() {
        // Each declaration reaches `emit` at its end tag, before the document is complete: the
        // second one is emitted even though the document breaks after it.
        let xml = F.dump(minimalDeclaration("107000000100") + "\n" + minimalDeclaration("107000000200"))
        let cut = String(xml.prefix(xml.count - "</DeclarationDump>\n".count)) + "<Declaration><Number>1"
        let read = F.read(cut)
        #expect(read.declarations.map(\.number) == ["107000000100", "107000000200"])
        #expect(read.error?.code == .xmlMalformed)
    }

    @Test func unknownElementsAreIgnored() throws {
        let body = """
            <Declaration><Number>107000000400</Number><TypeCode>A11</TypeCode><Remark>x</Remark>
            <RegisteredOn>2026-11-20</RegisteredOn><Declarant><TaxCode>1</TaxCode><Phone>0</Phone></Declarant>
            <Item line="1"><HSCode>84713020</HSCode><Note><Number>999</Number></Note><Description>x</Description>
            <Quantity unit="PCE">1</Quantity></Item>
            </Declaration>
            """
        let read = F.read(F.dump(body))
        #expect(read.problems.isEmpty)
        let declaration = try #require(read.declarations.first)
        #expect(declaration.number == "107000000400")
        #expect(declaration.declarantTaxCode == "1")
        #expect(declaration.items.first?.description == "x")
    }

    // MARK: text delivered in pieces

    @Test func longDescriptionArrivesWhole() throws {
        // Well past libxml2's internal chunk sizes, with multi-byte characters on the boundaries.
        let description = String(repeating: "Máy tính đã qua sử dụng – ", count: 4_000) + "END"
        #expect(description.utf8.count > 64 * 1024)
        let items =
            #"<Item line="1"><HSCode>84713020</HSCode><Description>"# + description
            + #"</Description><Quantity unit="PCE">1</Quantity></Item>"#
        let read = F.read(F.dump(minimalDeclaration("107000000500", items: items)))
        #expect(read.error == nil)
        let item = try #require(read.declarations.first?.items.first)
        #expect(item.description?.utf8.count == description.utf8.count)
        #expect(item.description == description)
    }

    @Test func descriptionWithManyEntityReferencesArrivesWhole() throws {
        let written = String(repeating: "A &amp; B &lt;5&gt; &quot;x&quot; &apos;y&apos; &#x1EA1;&#273; ", count: 2_000)
        let expected = String(repeating: "A & B <5> \"x\" 'y' ạđ ", count: 2_000).trimmingCharacters(in: .whitespaces)
        let items =
            #"<Item line="1"><HSCode>84713020</HSCode><Description>"# + written
            + #"</Description><Quantity unit="PCE">1</Quantity></Item>"#
        let read = F.read(F.dump(minimalDeclaration("107000000510", items: items)))
        #expect(read.error == nil)
        let item = try #require(read.declarations.first?.items.first)
        #expect(item.description == expected)
    }

    @Test func cdataAndCharacterReferencesAreText() throws {
        let items =
            #"<Item line="1"><HSCode>8471&#46;30&#x2E;20</HSCode><Description>a <![CDATA[<b> & c]]> d</Description>"#
            + #"<Quantity unit="PCE">1</Quantity></Item>"#
        let item = try #require(F.read(F.dump(minimalDeclaration("107000000520", items: items))).declarations.first?.items.first)
        #expect(item.hsCode == "8471.30.20")
        #expect(item.description == "a <b> & c d")
    }

    @Test func inlineLineBreaksAreKept() throws {
        let items =
            "<Item line=\"1\"><HSCode>84713020</HSCode><Description>line one\r\nline two</Description>"
            + #"<Quantity unit="PCE">1</Quantity></Item>"#
        let read = F.read(F.dump(minimalDeclaration("107000000530", items: items)))
        // XML normalises CRLF to LF.
        #expect(try #require(read.declarations.first?.items.first).description == "line one\nline two")
    }

    @Test func latin1DocumentIsReadAsUnicode() throws {
        var bytes = Array(#"<?xml version="1.0" encoding="ISO-8859-1"?>"#.utf8) + [0x0A]
        bytes += Array(#"<DeclarationDump xmlns="urn:declaudit:dump:1"><Declaration><Number>107000000540</Number>"#.utf8)
        bytes += Array("<TypeCode>A11</TypeCode><Declarant><TaxCode>1</TaxCode><Name>Caf".utf8) + [0xE9]
        bytes += Array("</Name></Declarant></Declaration></DeclarationDump>".utf8)
        let read = F.read(bytes: bytes)
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first).declarantName == "Café")
    }

    // MARK: line numbers

    @Test func lineNumbersPastSixtyFiveThousand() throws {
        let padding = String(repeating: "<!-- padding -->\n", count: 70_000)
        // Root on line 2, padding on lines 3...70002, the declaration from line 70003.
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <DeclarationDump xmlns="urn:declaudit:dump:1">
            \(padding)\(minimalDeclaration("107000000600"))
            <Declaration><Number>107000000610</Number>
            <Bad></Wrong>
            </Declaration>
            </DeclarationDump>
            """
        let read = F.read(xml)
        let declaration = try #require(read.declarations.first)
        #expect(declaration.sourceLine == 70_003)
        #expect(declaration.items.first?.sourceLine == 70_005)
        #expect(read.outcome.lastDeclarationLine == 70_003)
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        #expect(error.location?.line == 70_009)
        #expect(error.location?.column != nil)
    }

    @Test func itemSourceLineIsWhereTheItemStarts() throws {
        let body = """
            <Declaration>
              <Number>107000000700</Number>
              <TypeCode>A11</TypeCode>
              <Declarant><TaxCode>1</TaxCode></Declarant>
              <Item line="1"><HSCode>84713020</HSCode><Description>x</Description><Quantity unit="PCE">1</Quantity></Item>
              <Item line="2">
                <HSCode>84713020</HSCode>
              </Item>
            </Declaration>
            """
        let declaration = try #require(F.read(F.dump(body)).declarations.first)
        #expect(declaration.sourceLine == 3)
        #expect(declaration.items.map(\.sourceLine) == [7, 8])
    }

    // MARK: size bound

    private func items(_ count: Int) -> String {
        (1...count).map { #"<Item line="\#($0)"><HSCode>84713020</HSCode></Item>"# }.joined(separator: "\n")
    }

    @Test func tenThousandItemsAreAccepted() throws {
        let read = F.read(F.dump(minimalDeclaration("107000000800", items: items(10_000))))
        #expect(read.error == nil)
        #expect(try #require(read.declarations.first).items.count == 10_000)
    }

    @Test func moreThanTenThousandItemsSkipsTheDeclarationAndReadsOn() throws {
        let xml = F.dump(
            minimalDeclaration("107000000800") + "\n" + minimalDeclaration("107000000810", items: items(10_001))
                + "\n" + minimalDeclaration("107000000820"))
        let read = F.read(xml, label: "big.xml")
        #expect(read.error == nil)
        let problem = try #require(read.problems.first)
        #expect(read.problems.count == 1)
        #expect(problem.code == .declarationTooLarge)
        #expect(problem.message == "declaration has more than 10000 items; declaration 107000000810 skipped")
        #expect(problem.location == DeclauditKit.SourceLocation(file: "big.xml", line: 8))
        #expect(read.declarations.map(\.number) == ["107000000800", "107000000820"])
    }

    @Test func aFieldPastTheBoundSkipsTheDeclarationWithoutKeepingIt() throws {
        let long = "Used laptop " + String(repeating: "A", count: maximumFieldBytes)
        let item = #"<Item line="1"><HSCode>8471.30.20</HSCode><Description>"# + long + "</Description></Item>"
        let xml = F.dump(minimalDeclaration("107000000830", items: item) + "\n" + minimalDeclaration("107000000840"))
        let read = F.read(xml, label: "long.xml")
        #expect(read.error == nil)
        let problem = try #require(read.problems.first)
        #expect(problem.code == .declarationTooLarge)
        #expect(problem.message == "Description is longer than \(maximumFieldBytes) bytes; declaration 107000000830 skipped")
        #expect(read.declarations.map(\.number) == ["107000000840"])
    }

    /// Issue 13.7: many fields each under the field bound, together past the declaration's bound.
    @Test func manyLongFieldsTogetherSkipTheDeclarationAndReadOn() throws {
        let code = String(repeating: "P", count: 1_000_000)
        let lines = (1...20).map {
            #"<Item line="\#($0)"><HSCode>84713020</HSCode><ProductCode>"# + code + "</ProductCode></Item>"
        }
        let xml = F.dump(
            minimalDeclaration("107000000850", items: lines.joined(separator: "\n")) + "\n" + minimalDeclaration("107000000860"))
        let read = F.read(xml, label: "wide.xml")
        #expect(read.error == nil)
        let problem = try #require(read.problems.first)
        #expect(problem.code == .declarationTooLarge)
        #expect(problem.message.hasPrefix("declaration holds more than 16 MiB of text"))
        #expect(read.declarations.map(\.number) == ["107000000860"])
    }

    /// A header field given again keeps its last value; the earlier ones, kept as bytes until the
    /// declaration ends, are dropped once they add up (here 27 MB of repeats).
    @Test func repeatedHeaderFieldsKeepTheLastValue() throws {
        let long = String(repeating: "N", count: 900_000)
        let repeats = (0..<30).map { "<CustomsOffice>\(long)\($0)</CustomsOffice>" }.joined()
        let xml = F.dump(
            """
            <Declaration><Number>107000000870</Number><TypeCode>A11</TypeCode>\(repeats)
            <Declarant><TaxCode>0100000001</TaxCode><Name>Old</Name><Name>New</Name></Declarant>
            <Item line="1"><HSCode>8471.30.20</HSCode></Item><CustomsOffice> 28NJ </CustomsOffice></Declaration>
            """ + minimalDeclaration("107000000880"))
        let read = F.read(xml, label: "repeats.xml")
        #expect(read.error == nil)
        #expect(read.problems.isEmpty)
        #expect(read.declarations.map(\.number) == ["107000000870", "107000000880"])
        let first = try #require(read.declarations.first)
        #expect(first.customsOffice == "28NJ")
        #expect(first.declarantName == "New")
        #expect(first.declarantTaxCode == "0100000001")
        #expect(first.items.map(\.hsCode) == ["8471.30.20"])
    }

    /// libxml2 delivers text only while a field is captured: text in elements the reader does not
    /// keep, between tags and in CDATA outside a field never reaches a field.
    @Test func onlyTheTextOfKeptFieldsIsRead() throws {
        let xml = F.dump(
            """
            <Declaration>text<Note>not kept &amp; more</Note><![CDATA[cdata outside]]>
            <Number>1070<![CDATA[00000]]>890</Number><TypeCode>A&#49;1</TypeCode>
            <Declarant><Extra>x</Extra><Name>A &lt; B</Name></Declarant>
            <Item line="1"><Note>n</Note><HSCode> 8471.30.20 </HSCode><Description>Máy &amp; <![CDATA[<b>]]></Description></Item>
            </Declaration>
            """)
        let read = F.read(xml, label: "text.xml")
        #expect(read.error == nil)
        let declaration = try #require(read.declarations.first)
        #expect(declaration.number == "107000000890")
        #expect(declaration.typeCode == "A11")
        #expect(declaration.declarantName == "A < B")
        #expect(declaration.items.first?.hsCode == "8471.30.20")
        #expect(declaration.items.first?.description == "Máy & <b>")
    }

    @Test func declarationsAreHandedOnInBoundedBatchesInReadingOrder() {
        let numbers = (0..<150).map { "107000\(100_000 + $0)" }
        let xml = F.dump(numbers.map { minimalDeclaration($0) }.joined(separator: "\n"))
        var sizes: [Int] = []
        var read: [String] = []
        let source = { () throws(DeclauditError) -> ByteSource in try Array(xml.utf8).asSource(label: "many.xml") }
        let outcome = DocumentReader.readInBatches(source: source, label: "many.xml") { batch in
            sizes.append(batch.count)
            batch.forEachDeclaration { read.append($0.number) }
        }
        #expect(outcome.succeeded)
        #expect(outcome.declarations == 150)
        #expect(sizes == [64, 64, 22])
        #expect(read == numbers)
    }

    @Test func textRangesKeepOffsetsPastTwoGibibytes() {
        let range = TextRange(start: 3 << 30, end: (3 << 30) + 5)
        #expect(range.start == 3 << 30)
        #expect(!range.isAbsent)
    }

    // MARK: documents that cannot be read

    @Test(arguments: [
        (#"<Invoice xmlns="urn:example:invoice"><Number>1</Number></Invoice>"#, "{urn:example:invoice}Invoice"),
        (#"<DeclarationDump><Declaration/></DeclarationDump>"#, "DeclarationDump"),
        (#"<DeclarationDump xmlns="urn:declaudit:dump:2"/>"#, "{urn:declaudit:dump:2}DeclarationDump"),
        (#"<Root xmlns="urn:declaudit:dump:1"/>"#, "{urn:declaudit:dump:1}Root"),
        (#"<root/>"#, "root"),
    ])
    func unknownRootIsRefused(xml: String, written: String) throws {
        let read = F.read("<?xml version=\"1.0\"?>\n\n" + xml, label: "odd.xml")
        let error = try #require(read.error)
        #expect(error.code == .unknownFormat)
        #expect(
            error.message.hasPrefix("the root element <\(written)> is neither an ECUS5 export (<Root>) nor a declaration dump"))
        #expect(error.location == DeclauditKit.SourceLocation(file: "odd.xml", line: 3))
        #expect(read.declarations.isEmpty)
        #expect(read.outcome.format == nil)
    }

    @Test func unknownRootFixture() throws {
        let bytes = try Array(Data(contentsOf: DeclarationFactory.fixture("broken/unknown-root.xml")))
        let read = F.read(bytes: bytes)
        #expect(read.error?.code == .unknownFormat)
        #expect(read.error?.location?.line == 2)
    }

    @Test func emptyInputIsReported() throws {
        // Standard input goes through `asSource`, files through the opener.
        let fromMemory = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in try [UInt8]().asSource(label: "-") }, label: "-",
            emit: { _ in Issue.record("nothing to emit") })
        #expect(fromMemory.error?.code == .emptyInput)
        #expect(fromMemory.error?.location == DeclauditKit.SourceLocation(file: "-"))

        let fromFile = DocumentReader.read(
            path: try DeclarationFactory.fixture("broken/empty.xml").path, label: "empty.xml",
            emit: { _ in Issue.record("nothing to emit") })
        #expect(fromFile.error?.code == .emptyInput)
        #expect(fromFile.error?.location == DeclauditKit.SourceLocation(file: "empty.xml"))
        #expect(fromFile.format == nil)
    }

    @Test func documentWithoutRootIsMalformed() throws {
        let read = F.read("<?xml version=\"1.0\"?>\n  \n")
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        #expect(read.declarations.isEmpty)
    }

    @Test func truncatedDocumentKeepsWhatCameBefore() throws {
        let bytes = try Array(Data(contentsOf: DeclarationFactory.fixture("broken/truncated.xml")))
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).count
        let read = F.read(bytes: bytes, label: "truncated.xml")
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        #expect(error.location?.file == "truncated.xml")
        #expect(error.location?.line == lines)
        let column = try #require(error.location?.column)
        #expect(column >= 1)
        #expect(read.declarations.map(\.number) == ["107000000210"])
        #expect(read.outcome.declarations == 1)
        #expect(read.outcome.lastDeclarationLine == 3)
        #expect(read.outcome.format == .dump)
    }

    @Test func mismatchedTagGivesLineAndColumn() throws {
        let xml = F.dump(minimalDeclaration("107000000900") + "\n<Declaration><Number>1</Numbr>\n</Declaration>")
        let read = F.read(xml)
        let error = try #require(read.error)
        #expect(error.code == .xmlMalformed)
        #expect(error.location?.line == 8)
        #expect(error.location?.column == 31)
        #expect(read.declarations.map(\.number) == ["107000000900"])
    }

    @Test func invalidUTF8IsRefused() throws {
        var bytes = Array(F.dump(minimalDeclaration("107000000910")).utf8)
        let used = Array("Used laptops".utf8)
        let index = try #require(bytes.indices.first { bytes[$0...].starts(with: used) })
        bytes[index] = 0xFF
        let read = F.read(bytes: bytes)
        let error = try #require(read.error)
        #expect(error.location?.line == 5)
        #expect(error.message.hasPrefix("Input is not proper UTF-8"))
        #expect(read.declarations.isEmpty)
        #expect(error.code == .xmlEncoding)
        #expect(!error.message.contains("\n"), "one-line message")
    }

    // MARK: DOCTYPE

    @Test func doctypeIsRefusedAndExternalEntityNeverRead() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = "SECRET-\(UUID().uuidString)"
        let secret = directory.appendingPathComponent("secret.txt")
        try Data(marker.utf8).write(to: secret)
        let xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE DeclarationDump [
              <!ENTITY secret SYSTEM "\(secret.absoluteString)">
              <!ENTITY plain SYSTEM "\(secret.path)">
            ]>
            <DeclarationDump xmlns="urn:declaudit:dump:1">
              <Declaration>
                <Number>107000000230</Number>
                <TypeCode>A11</TypeCode>
                <RegisteredOn>2026-11-20</RegisteredOn>
                <Declarant><TaxCode>0100000023</TaxCode><Name>&secret;</Name></Declarant>
                <Item line="1">
                  <HSCode>8471.30.20</HSCode>
                  <Description>Used laptops &secret; &plain;</Description>
                  <Quantity unit="PCE">7</Quantity>
                </Item>
              </Declaration>
              <Declaration><Number>&secret;</Number><TypeCode>A11</TypeCode></Declaration>
            </DeclarationDump>
            """
        var emitted: [Declaration] = []
        let outcome = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in MemoryByteSource(Array(xml.utf8)) }, label: "doctype.xml",
            emit: { emitted.append($0) })
        let error = try #require(outcome.error)
        #expect(error.code == .xmlDoctype)
        #expect(error.location?.file == "doctype.xml")
        #expect(error.location?.line == 2)
        #expect(emitted.isEmpty)
        #expect(outcome.declarations == 0)
        // Nothing of the file reaches any value or message.
        var everything = "\(error) \(error.message) \(outcome.problems) \(emitted)"
        everything += outcome.problems.map(\.message).joined()
        #expect(!everything.contains(marker))
        #expect(!everything.contains("SECRET-"))
    }

    @Test func doctypeWithExternalSubsetIsRefused() throws {
        let directory = try F.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let marker = "SECRET-\(UUID().uuidString)"
        let dtd = directory.appendingPathComponent("evil.dtd")
        try Data("<!ENTITY secret \"\(marker)\">".utf8).write(to: dtd)
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE DeclarationDump SYSTEM "\(dtd.absoluteString)">
            <DeclarationDump xmlns="urn:declaudit:dump:1">
            \(minimalDeclaration("107000000240").replacingOccurrences(of: "Used laptops", with: "Used &secret;"))
            </DeclarationDump>
            """
        var emitted: [Declaration] = []
        let outcome = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in MemoryByteSource(Array(xml.utf8)) }, label: "x.xml",
            emit: { emitted.append($0) })
        let error = try #require(outcome.error)
        #expect(error.code == .xmlDoctype)
        #expect(emitted.isEmpty)
        #expect(!"\(error) \(outcome.problems)".contains(marker))
    }

    @Test func entityExpansionBombIsRefusedAsDoctype() throws {
        var entities = #"<!ENTITY a0 "ha">"#
        for level in 1...12 {
            entities += "\n<!ENTITY a\(level) \"" + String(repeating: "&a\(level - 1);", count: 10) + "\">"
        }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE DeclarationDump [
            \(entities)
            ]>
            <DeclarationDump xmlns="urn:declaudit:dump:1">
            \(minimalDeclaration("107000000250").replacingOccurrences(of: "Used laptops", with: "&a12;"))
            </DeclarationDump>
            """
        let read = F.read(xml)
        #expect(read.error?.code == .xmlDoctype)
        #expect(read.declarations.isEmpty)
    }

    @Test func doctypeFixtureIsRefused() throws {
        let bytes = try Array(Data(contentsOf: DeclarationFactory.fixture("broken/doctype-entity.xml")))
        let read = F.read(bytes: bytes)
        #expect(read.error?.code == .xmlDoctype)
        #expect(read.error?.location?.line == 2)
        #expect(read.declarations.isEmpty)
    }

    // MARK: fixtures

    @Test func usedITFixtureReadsCompletely() throws {
        let path = try DeclarationFactory.fixture("dump/used-it.xml").path
        var numbers: [String] = []
        let outcome = DocumentReader.read(path: path, label: "Fixtures/dump/used-it.xml") { numbers.append($0.number) }
        #expect(outcome.error == nil)
        #expect(outcome.problems.isEmpty)
        #expect(outcome.format == .dump)
        #expect(
            numbers == [
                "107000000010", "107000000020", "107000000030", "107000000040", "107000000050", "107000000060",
                "307000000070", "107000000080", "107000000090", "107000000091", "107000000100",
            ])
        #expect(outcome.items == 17)
    }

    @Test func gzippedFixtureReads() throws {
        let path = try DeclarationFactory.fixture("dump/later-amendments.xml.gz").path
        var count = 0
        let outcome = DocumentReader.read(path: path, label: "later-amendments.xml.gz") { _ in count += 1 }
        #expect(outcome.error == nil)
        #expect(outcome.format == .dump)
        #expect(count > 0)
        #expect(outcome.declarations == count)
    }
}
