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
