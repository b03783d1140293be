/// Collects the text of one element, which libxml2 may deliver in several pieces, as bytes;
/// a String is made only for fields that a report can show.
struct TextCapture {
    private var bytes: [UInt8] = []
    private(set) var isCapturing = false

    init() { bytes.reserveCapacity(256) }

    mutating func begin() {
        bytes.removeAll(keepingCapacity: true)
        isCapturing = true
    }

    mutating func append(_ text: UnsafeRawBufferPointer) {
        if isCapturing { bytes.append(contentsOf: text) }
    }

    /// The text trimmed of white space; nil when empty or the SQL null `NULL` that ECUS writes.
    mutating func finish() -> String? {
        isCapturing = false
        var start = 0
        var end = bytes.count
        while start < end, Self.isSpace(bytes[start]) { start += 1 }
        while end > start, Self.isSpace(bytes[end - 1]) { end -= 1 }
        if start == end { return nil }
        if end - start == 4, bytes[start] == 0x4E, bytes[start + 1] == 0x55, bytes[start + 2] == 0x4C, bytes[start + 3] == 0x4C {
            return nil
        }
        return bytes.withUnsafeBufferPointer { String(decoding: $0[start..<end], as: UTF8.self) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
