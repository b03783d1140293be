import Foundation
import Testing

@testable import DeclauditKit

private func quoted(_ text: String) -> String {
    var json = JSONWriter()
    json.field(nil, text)
    return String(decoding: json.bytes, as: UTF8.self)
}

@Suite struct JSONWriterTests {
    @Test func layoutIsFixed() {
        var json = JSONWriter()
        json.beginObject()
        json.field("a", "x")
        json.field("n", 3)
        json.field("negative", -42)
        json.field("none", nil as String?)
        json.field("noNumber", nil as Int?)
        json.beginArray("list")
        json.field(nil, "p")
        json.field(nil, 2)
        json.beginObject()
        json.field("k", .bool(false))
        json.endObject()
        json.endArray()
        json.beginObject("empty")
        json.endObject()
        json.beginArray("emptyArray")
        json.endArray()
        json.field("flag", .bool(true))
        json.endObject()
        let expected = """
            {
              "a": "x",
              "n": 3,
              "negative": -42,
              "none": null,
              "noNumber": null,
              "list": [
                "p",
                2,
                {
                  "k": false
                }
              ],
              "empty": {},
              "emptyArray": [],
              "flag": true
            }

            """
        #expect(json.finish() == Array(expected.utf8))
    }

    @Test func emptyTopLevelContainers() {
        var object = JSONWriter()
        object.beginObject()
        object.endObject()
        #expect(object.finish() == Array("{}\n".utf8))
        var array = JSONWriter()
        array.beginArray()
        array.endArray()
        #expect(array.finish() == Array("[]\n".utf8))
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"", #""say \"hi\"""#),
        ("back\\slash", #""back\\slash""#),
        ("C:\\dir\\\"x\"", #""C:\\dir\\\"x\"""#),
        ("line\nbreak", #""line\nbreak""#),
        ("cr\rlf\n", #""cr\rlf\n""#),
        ("tab\there", #""tab\there""#),
        ("\u{0}nul", #""\u0000nul""#),
        ("\u{1}\u{8}\u{B}\u{C}\u{1F}", #""\u0001\u0008\u000b\u000c\u001f""#),
        ("del\u{7F}", "\"del\u{7F}\""),
        ("/slash/", #""/slash/""#),
        ("", #""""#),
    ])
    func escaping(text: String, expected: String) {
        #expect(quoted(text) == expected)
    }

    @Test func nonASCIIIsKeptAsUTF8() {
        let text = "Máy tính đã qua sử dụng – 中文 🖨️ \u{2028}"
        let bytes = Array(quoted(text).utf8)
        #expect(bytes == [0x22] + Array(text.utf8) + [0x22])
        #expect(!quoted(text).contains("\\u"))
    }

    @Test func keysAreEscapedToo() {
        var json = JSONWriter()
        json.beginObject()
        json.field("a\"b\\c\n", 1)
        json.endObject()
        #expect(json.finish() == Array("{\n  \"a\\\"b\\\\c\\n\": 1\n}\n".utf8))
    }

    @Test func everyControlCharacterRoundTripsThroughAJSONParser() throws {
        let text = String(decoding: (0..<0x80).map { UInt8($0) }, as: UTF8.self) + "Ví Dụ \"x\" \\ 🖨️"
        var json = JSONWriter()
        json.beginObject()
        json.field("text", text)
        json.endObject()
        let parsed = try JSONSerialization.jsonObject(with: Data(json.finish())) as? [String: Any]
        #expect(parsed?["text"] as? String == text)
    }
}

@Suite struct JSONWriterKeyTests {
    /// A key rendered once writes what the same key as text writes, in every kind of member.
    @Test func aRenderedKeyWritesWhatItsTextWrites() throws {
        let quantity = try #require(Quantity("-12.5"))
        var rendered = JSONWriter()
        rendered.beginObject()
        rendered.field(JSONWriter.Key("text"), "Điện \"tử\"")
        rendered.field(JSONWriter.Key("none"), nil as String?)
        rendered.field(JSONWriter.Key("flag"), true)
        rendered.field(JSONWriter.Key("off"), false)
        rendered.field(JSONWriter.Key("quantity"), quantity)
        rendered.beginArray(JSONWriter.Key("list"))
        rendered.field(nil, "x")
        rendered.endArray()
        rendered.endObject()
        var text = JSONWriter()
        text.beginObject()
        text.field("text", "Điện \"tử\"")
        text.field("none", nil as String?)
        text.field("flag", .bool(true))
        text.field("off", .bool(false))
        text.field("quantity", quantity.description)
        text.beginArray("list")
        text.field(nil, "x")
        text.endArray()
        text.endObject()
        let expected = Array(
            "{\n  \"text\": \"Điện \\\"tử\\\"\",\n  \"none\": null,\n  \"flag\": true,\n  \"off\": false,\n  \"quantity\": \"-12.5\",\n  \"list\": [\n    \"x\"\n  ]\n}\n"
                .utf8)
        #expect(rendered.finish() == expected)
        #expect(text.finish() == expected)
    }
}

@Suite struct JSONWriterIndentationTests {
    /// Deeper than the indentation kept ready (64 levels): the same layout, written the long way.
    @Test func deepNestingIsIndentedAsShallowNesting() {
        var json = JSONWriter()
        for _ in 0..<70 { json.beginArray() }
        json.field(nil, "x")
        json.field(nil, "y")
        for _ in 0..<70 { json.endArray() }
        var expected = ""
        for depth in 0..<70 { expected += (depth == 0 ? "" : "\n" + String(repeating: "  ", count: depth)) + "[" }
        let inner = "\n" + String(repeating: "  ", count: 70)
        expected += inner + "\"x\"," + inner + "\"y\""
        for depth in (0..<70).reversed() { expected += "\n" + String(repeating: "  ", count: depth) + "]" }
        #expect(json.finish() == Array((expected + "\n").utf8))
    }
}

@Suite struct JSONWriterEscapeScanTests {
    /// Each byte that needs escaping, at every place of a text longer than the eight bytes looked
    /// at together, next to non-ASCII text: found wherever it is, and only it.
    @Test(arguments: [UInt8(0x00), 0x01, 0x0A, 0x1F, 0x22, 0x5C])
    func anEscapeIsFoundAtEveryPlace(byte: UInt8) throws {
        let plain = Array("Điện tử 0123456789 !#~ \u{7F}".utf8)
        for place in 0...plain.count {
            var bytes = plain
            bytes.insert(byte, at: place)
            let text = String(decoding: bytes, as: UTF8.self)
            var json = JSONWriter()
            json.field(nil, text)
            let written = json.bytes
            #expect(written.count > bytes.count + 2, "place \(place)")
            let parsed = try JSONSerialization.jsonObject(with: Data(written), options: .fragmentsAllowed) as? String
            #expect(parsed == text)
        }
    }

    @Test func bytesNextToTheEscapesAreNotEscaped() {
        // "\u{A2}" is C2 A2 and "\u{700}" DC 80: 0x22 and 0x5C with the high bit set.
        for middle in [" ", "!", "#", "[", "]", "\u{7F}", "\u{80}", "\u{A2}", "\u{700}", "Ữ"] {
            let text = "AAAAAAAAA" + middle + "BBBBBBBBB"
            var json = JSONWriter()
            json.field(nil, text)
            #expect(json.bytes == [0x22] + Array(text.utf8) + [0x22], "\(middle)")
        }
    }
}
