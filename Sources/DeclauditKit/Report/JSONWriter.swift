/// A small JSON emitter with a fixed layout (two-space indent, keys in the order written).
/// Written by hand so that report.json is byte-identical across runs and Foundation versions,
/// which JSONEncoder's key order and float formatting do not promise.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var indent = 0
    /// Whether the current container already has a member (a comma goes first).
    private var hasMember: [Bool] = []
    /// Where the bytes go once 64 KiB have gathered; nil keeps everything in `bytes`.
    private let file: OutputFile?

    init(file: OutputFile? = nil) {
        self.file = file
    }

    /// A writer for members of an array that another writer has opened `depth` containers deep
    /// (see `appendMembers`): same indentation, same commas.
    init(membersAtDepth depth: Int, file: OutputFile?) {
        self.file = file
        indent = depth
        hasMember = Array(repeating: false, count: depth)
    }

    enum Value {
        case string(String?)
        case int(Int?)
        case bool(Bool)
    }

    mutating func beginObject(_ key: String? = nil) { open(key, 0x7B) }
    mutating func endObject() { close(0x7D) }
    mutating func beginArray(_ key: String? = nil) { open(key, 0x5B) }
    mutating func endArray() { close(0x5D) }

    mutating func field(_ key: String?, _ value: Value) {
        member(key)
        switch value {
        case .string(let text?): quote(text)
        case .int(let number?): bytes.append(contentsOf: String(number).utf8)
        case .bool(let flag): bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case .string(nil), .int(nil): bytes.append(contentsOf: "null".utf8)
        }
    }

    mutating func field(_ key: String?, _ text: String?) { field(key, .string(text)) }
    mutating func field(_ key: String?, _ number: Int?) { field(key, .int(number)) }

    /// Inserts members rendered by a `JSONWriter(membersAtDepth:)` into the open array.
    mutating func appendMembers(_ section: RenderedSection) {
        guard section.memberCount > 0 else { return }
        hasMember[hasMember.count - 1] = true
        flush()
        if let file {
            section.forEachChunk {
                file.write($0)
            } failed: {
                file.fail($0)
            }
        } else {
            section.forEachChunk {
                bytes += $0
            } failed: { _ in
            }
        }
    }

    /// Closes the document with a final line break.
    mutating func finish() -> [UInt8] {
        bytes.append(0x0A)
        flush()
        return bytes
    }

    /// Hands the gathered bytes to the file, if there is one.
    mutating func flush() {
        guard let file, !bytes.isEmpty else { return }
        file.write(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        member(key)
        bytes.append(bracket)
        hasMember.append(false)
        indent += 1
    }

    private mutating func close(_ bracket: UInt8) {
        indent -= 1
        if hasMember.removeLast() { newline() }
        bytes.append(bracket)
    }

    private mutating func member(_ key: String?) {
        if file != nil, bytes.count >= ioChunkBytes { flush() }
        if let last = hasMember.last {
            if last { bytes.append(0x2C) }
            hasMember[hasMember.count - 1] = true
            newline()
        }
        if let key {
            quote(key)
            bytes.append(0x3A)
            bytes.append(0x20)
        }
    }

    private mutating func newline() {
        bytes.append(0x0A)
        // In place: a temporary array per line was a heap allocation per member.
        bytes.append(contentsOf: repeatElement(0x20, count: indent * 2))
    }

    /// Copies the runs between escapes whole; most values have no byte to escape at all.
    private mutating func quote(_ text: String) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            var start = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index]))
                escape(byte)
                start = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...]))
        }
        bytes.append(0x22)
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes += [0x5C, 0x22]
        case 0x5C: bytes += [0x5C, 0x5C]
        case 0x0A: bytes += [0x5C, 0x6E]
        case 0x0D: bytes += [0x5C, 0x72]
        case 0x09: bytes += [0x5C, 0x74]
        default:
            let hex = Array("0123456789abcdef".utf8)
            bytes += [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
    }
}
