/// What a list says about itself: `# name: ...`, `# basis: ...` and `# effective: YYYY-MM-DD`
/// comment lines before the header row of its source CSV (kept in the compiled form too).
public struct ListMetadata: Sendable, Hashable {
    /// E.g. "Appendix of Circular 11/2018/TT-BTTTT: used IT products prohibited from import".
    public var name: String?
    /// The legal instrument(s) the list reproduces.
    public var basis: String?
    /// The date the list takes effect, YYYY-MM-DD.
    public var effectiveDate: String?

    public init(name: String? = nil, basis: String? = nil, effectiveDate: String? = nil) {
        self.name = name
        self.basis = basis
        self.effectiveDate = effectiveDate
    }

    /// The comment keys read; any other comment line is free text and ignored.
    public static let keys = ["name", "basis", "effective"]
}

extension ListMetadata {
    /// Reads the comment lines (first byte `#`) and empty lines before the header row. Returns
    /// the metadata and the text with those comments emptied but their line breaks kept, so the
    /// CSV reader still counts the file's real line numbers. Errors carry the comment's line.
    static func split(
        _ bytes: [UInt8], malformed: (Int, String) -> DeclauditError
    ) throws(DeclauditError) -> (metadata: ListMetadata, csv: [UInt8]) {
        let lf = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        var position = bytes.starts(with: bom) ? 3 : 0
        var csv = Array(bytes[..<position])
        var metadata = ListMetadata()
        var lineOfKey: [String: Int] = [:]
        var line = 1
        var sawComment = false
        while position < bytes.count {
            var end = position
            while end < bytes.count, bytes[end] != lf, bytes[end] != cr { end += 1 }
            let isComment = end > position && bytes[position] == UInt8(ascii: "#")
            guard end == position || isComment else { break }
            if isComment {
                sawComment = true
                guard let text = String(validating: bytes[(position + 1)..<end], as: UTF8.self) else {
                    throw malformed(line, "list line \(line): the comment is not valid UTF-8")
                }
                try metadata.read(comment: text, line: line, lineOfKey: &lineOfKey, malformed: malformed)
            }
            // Keep the line break only.
            var next = end
            if next < bytes.count {
                next += bytes[next] == cr && next + 1 < bytes.count && bytes[next + 1] == lf ? 2 : 1
            }
            csv += bytes[end..<next]
            position = next
            line += 1
        }
        // No comments: hand back the text untouched (no copy of the rest).
        guard sawComment else { return (metadata, bytes) }
        csv += bytes[position...]
        return (metadata, csv)
    }

    private mutating func read(
        comment: String, line: Int, lineOfKey: inout [String: Int], malformed: (Int, String) -> DeclauditError
    ) throws(DeclauditError) {
        guard let colon = comment.firstIndex(of: ":") else { return }
        let key = comment[..<colon].trimmedForList.lowercased()
        guard Self.keys.contains(key) else { return }
        let value = comment[comment.index(after: colon)...].trimmedForList
        if let earlier = lineOfKey[key] {
            throw malformed(line, "list line \(line): \"# \(key):\" repeats line \(earlier)")
        }
        lineOfKey[key] = line
        guard !value.isEmpty else {
            throw malformed(line, "list line \(line): \"# \(key):\" has no value")
        }
        switch key {
        case "name": name = value
        case "basis": basis = value
        default:
            // Only the ISO form: DateText would also turn 30/11/2018 into a date.
            guard value.utf8.count == 10, DateText.normalize(value) == value else {
                throw malformed(line, "list line \(line): effective date \"\(value)\" is not a date in the form YYYY-MM-DD")
            }
            effectiveDate = value
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace (including no-break spaces and line breaks).
    var trimmedForList: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
            let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return String(self[first...last])
    }
}
