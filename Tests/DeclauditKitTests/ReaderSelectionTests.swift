import Foundation
import Testing

@testable import DeclauditKit

private typealias F = DeclarationFactory

/// The reader's fast paths (issue 5): lines it is told not to keep, text split across callbacks,
/// gzip inflated on a second thread.
@Suite struct ReaderSelectionTests {
    private static func item(_ line: Int, hs: String, description: String = "Máy tính xách tay đã qua sử dụng") -> String {
        """
            <Item line="\(line)">
              <HSCode>\(hs)</HSCode>
              <ProductCode>P-\(line)</ProductCode>
              <Description>\(description)</Description>
              <Condition>used</Condition>
              <Origin>KR</Origin>
              <Quantity unit="PCE">\(line)0.500</Quantity>
              <Value currency="USD">1\(line).00</Value>
              <ExemptionCode>XNG81</ExemptionCode>
            </Item>
        """
    }

    private static func declaration(_ number: String, type: String, items: [String]) -> String {
        """
          <Declaration>
            <Number>\(number)</Number>
            <TypeCode>\(type)</TypeCode>
            <RegisteredOn>2026-11-20</RegisteredOn>
            <Declarant><TaxCode>0100000001</TaxCode><Name>Cong ty</Name></Declarant>
        \(items.joined(separator: "\n"))
          </Declaration>
        """
    }

    private static let document = F.dump(
        [
            declaration(
                "107000000010", type: "A11", items: [item(1, hs: "8471.30.20"), item(2, hs: "3926.30.00"), item(3, hs: "bad")]),
            declaration("107000000020", type: "E21", items: [item(1, hs: "3926.30.00"), item(2, hs: "3926.30.00")]),
            declaration("307000000030", type: "B11", items: [item(1, hs: "8471.30.20")]),
        ].joined(separator: "\n"))

    private static func read(_ selection: ItemFilter, _ text: String = document) -> (
        declarations: [Declaration], outcome: ReadOutcome
    ) {
        var declarations: [Declaration] = []
        let outcome = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in MemoryByteSource(Array(text.utf8)) }, label: "t.xml",
            items: selection, emit: { declarations.append($0) })
        return (declarations, outcome)
    }

    @Test func selectedLinesAreTheSameAsWhenAllAreRead() throws {
        let all = Self.read(.all)
        let selection = ItemFilter(keepAllTypeCodes: ["E21"], importPrefixes: HSPrefixSet(["84713020"]), keepsInvalidCodes: true)
        let some = Self.read(selection)
        #expect(all.outcome.items == 6)
        #expect(some.outcome.items == 6, "every line is counted, kept or not")
        #expect(some.outcome.declarations == 3)
        #expect(all.declarations.map(\.omittedItemCount) == [0, 0, 0])
        #expect(some.declarations.map(\.itemCount) == [3, 2, 1])
        #expect(some.declarations.map(\.omittedItemCount) == [1, 0, 1])
        // Kept lines are exactly what reading everything gives: line 1 (listed code), line 3 (invalid).
        #expect(some.declarations[0].items == [all.declarations[0].items[0], all.declarations[0].items[2]])
        #expect(some.declarations[1].items == all.declarations[1].items)
        #expect(some.declarations[2].items.isEmpty)
        // Apart from the lines, the declarations are the same.
        for (kept, full) in zip(some.declarations, all.declarations) {
            var trimmed = full
            trimmed.items = kept.items
            trimmed.omittedItemCount = kept.omittedItemCount
            #expect(kept == trimmed)
        }
        let first = try #require(all.declarations.first?.items.first)
        #expect(
            first
                == DeclarationItem(
                    line: 1, hsCode: "8471.30.20", productCode: "P-1", description: "Máy tính xách tay đã qua sử dụng",
                    declaredCondition: .used, origin: "KR", quantity: "10.5", unit: "PCE", value: "11", currency: "USD",
                    exemptionCode: "XNG81", sourceLine: 8))
    }

    @Test func longTextAcrossManyCallbacksIsKeptWhole() throws {
        // libxml2 hands text over in pieces of about 300 bytes; entities split it further.
        let description = String(repeating: "Máy in &amp; máy quét đã qua sử dụng; ", count: 3_000)
        let expected = description.replacingOccurrences(of: "&amp;", with: "&").trimmingCharacters(in: .whitespaces)
        let text = F.dump(
            Self.declaration(
                "107000000040", type: "A11", items: (1...3).map { Self.item($0, hs: "8443.32.29", description: description) }))
        let read = Self.read(.all, text)
        let items = try #require(read.declarations.first?.items)
        #expect(items.count == 3)
        #expect(items.allSatisfy { $0.description == expected })
        #expect(items.map(\.productCode) == ["P-1", "P-2", "P-3"])
    }

    @Test func attributesWithoutValueOrNotGivenStayApart() throws {
        let text = F.dump(
            """
              <Declaration>
                <Number>107000000050</Number><TypeCode>A11</TypeCode>
                <Item line="1"><HSCode>84713020</HSCode><Quantity unit="">5</Quantity><Value>NULL</Value></Item>
                <Item line="+2"><HSCode> 8471 30 20 </HSCode><Quantity>  </Quantity></Item>
              </Declaration>
            """)
        let read = Self.read(.all, text)
        let items = try #require(read.declarations.first?.items)
        #expect(items.map(\.unit) == ["", nil])
        #expect(items.map(\.quantity) == ["5", nil])
        #expect(items.map(\.value) == [nil, nil])
        #expect(items.map(\.currency) == [nil, nil])
        #expect(items.map(\.line) == [1, 2])
        #expect(items.map(\.hsCode) == ["84713020", "8471 30 20"])
    }

    @Test func duplicateLineOutOfOrderIsStillFound() throws {
        let text = F.dump(
            Self.declaration(
                "107000000060", type: "A11",
                items: [
                    Self.item(3, hs: "84713020"), Self.item(1, hs: "84713020"), Self.item(3, hs: "84713020"),
                ]))
        let read = Self.read(.all, text)
        #expect(read.declarations.isEmpty)
        #expect(read.outcome.problems.first?.message.hasPrefix("Item line 3 appears twice") == true)
    }

    @Test func prefetchingSourceDeliversTheSameBytes() throws {
        var bytes = [UInt8](repeating: 0, count: 3_000_017)
        for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 7) }
        let source = PrefetchingByteSource(upstream: MemoryByteSource(bytes), slotSize: 65_536, slotCount: 3)
        var copy: [UInt8] = []
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 4_000, alignment: 1)
        defer { chunk.deallocate() }
        while true {
            let got = try source.read(into: chunk)
            if got == 0 { break }
            copy += chunk[..<got]
        }
        #expect(copy == bytes)
        #expect(try source.read(into: chunk) == 0)
    }

    @Test func prefetchingSourceStopsEarlyWithoutHanging() throws {
        let bytes = [UInt8](repeating: 0x41, count: 10_000_000)
        for _ in 0..<20 {
            let source = PrefetchingByteSource(upstream: MemoryByteSource(bytes), slotSize: 4_096, slotCount: 2)
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 100, alignment: 1)
            defer { chunk.deallocate() }
            #expect(try source.read(into: chunk) == 100)
            // Dropped here, with the producer blocked on a full ring.
        }
    }

    @Test func errorComesAfterTheBytesBeforeIt() throws {
        let failing = FailingSource(good: 10_000)
        let source = PrefetchingByteSource(upstream: failing, slotSize: 4_096, slotCount: 2)
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 1_000, alignment: 1)
        defer { chunk.deallocate() }
        var total = 0
        var caught: DeclauditError?
        do throws(DeclauditError) {
            while true {
                let got = try source.read(into: chunk)
                if got == 0 { break }
                total += got
            }
        } catch {
            caught = error
        }
        #expect(total == 10_000)
        #expect(caught?.code == .gzip)
    }

    @Test func cutGzipKeepsEveryDeclarationBeforeTheCut() throws {
        let body = (1...300).map { n in
            Self.declaration("1070000\(String(format: "%05d", n))", type: "A11", items: [Self.item(1, hs: "84713020")])
        }.joined(separator: "\n")
        let compressed = try F.gzip(Array(F.dump(body).utf8))
        let cut = Array(compressed.prefix(compressed.count * 2 / 3))
        var count = 0
        let outcome = DocumentReader.read(
            source: { () throws(DeclauditError) -> ByteSource in try cut.asSource(label: "cut.xml.gz") }, label: "cut.xml.gz",
            emit: { _ in count += 1 })
        #expect(outcome.error?.code == .gzip)
        #expect(count > 50 && count < 300)
        #expect(outcome.declarations == count)
    }
}

/// `good` bytes, then a gzip error.
private final class FailingSource: ByteSource {
    private var left: Int

    init(good: Int) { left = good }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(DeclauditError) -> Int {
        if left == 0 { throw DeclauditError(.gzip, "broken", at: SourceLocation(file: "x")) }
        let count = min(left, buffer.count, 777)
        buffer.baseAddress!.initializeMemory(as: UInt8.self, repeating: 0x42, count: count)
        left -= count
        return count
    }
}
