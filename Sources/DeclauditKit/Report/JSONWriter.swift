/// A small JSON emitter with a fixed layout (two-space indent, keys in the order written).
/// Written by hand so that report.json is byte-identical across runs and Foundation versions,
/// which JSONEncoder's key order and float formatting do not promise.
///
/// Not copyable: its bytes live in a buffer of its own that a copy would share.
struct JSONWriter: ~Copyable {
    /// What was written (since the last `flush`).
    var bytes: [UInt8] { Array(storage.bytes) }
    /// Grown by hand and written through a pointer: an Array's uniqueness and bounds checks, on
    /// every byte, cost more than the few bytes of a member, and a report has hundreds of
    /// thousands of them.
    private let storage = ByteArena()
    /// How many containers are open: the indentation too.
    private var depth = 0
    /// Bit n: whether the container open n + 1 deep already has a member (a comma goes first);
    /// `deeperHasMember` for containers deeper than its 64 bits.
    private var hasMember: UInt64 = 0
    private var deeperHasMember: [Bool] = []
    /// Where the bytes go once 64 KiB have gathered; nil keeps everything in `bytes`.
    private let file: OutputFile?

    init(file: OutputFile? = nil) {
        self.file = file
    }

    /// A writer for members of an array that another writer has opened `depth` containers deep
    /// (see `appendMembers`): same indentation, same commas.
    init(membersAtDepth depth: Int, file: OutputFile?) {
        self.file = file
        self.depth = depth
        if depth > 64 { deeperHasMember = Array(repeating: false, count: depth - 64) }
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
        write(value)
    }

    mutating func field(_ key: String?, _ text: String?) { field(key, .string(text)) }
    mutating func field(_ key: String?, _ number: Int?) { field(key, .int(number)) }

    /// A member's key as written: quotes, colon and space included, rendered once. The
    /// processing section writes the same dozen keys for every contract and goods line.
    struct Key: Sendable {
        fileprivate let bytes: [UInt8]

        /// `name` must need no escaping (a plain identifier).
        init(_ name: StaticString) {
            let utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
            precondition(!JSONWriter.needsEscaping(utf8), "a key written as is needs no escaping")
            bytes = [0x22] + Array(utf8) + [0x22, 0x3A, 0x20]
        }
    }

    mutating func field(_ key: Key, _ value: Value) {
        member(key)
        write(value)
    }

    mutating func field(_ key: Key, _ text: String?) { field(key, .string(text)) }
    mutating func field(_ key: Key, _ flag: Bool) { field(key, .bool(flag)) }

    /// A quantity, as a string of its `description`.
    mutating func field(_ key: Key, _ quantity: Quantity) {
        member(key)
        write(0x22)
        quantity.withDescriptionBytes { write($0) }
        write(0x22)
    }

    mutating func beginArray(_ key: Key) {
        member(key)
        openContainer(0x5B)
    }

    /// A member's value, after its key.
    private mutating func write(_ value: Value) {
        switch value {
        case .string(let text?): quote(text)
        case .int(let number?): write(String(number))
        case .bool(let flag): write(flag ? Self.true : Self.false)
        case .string(nil), .int(nil): write(Self.null)
        }
    }

    private static let null = Array("null".utf8)
    private static let `true` = Array("true".utf8)
    private static let `false` = Array("false".utf8)

    /// Inserts members rendered by a `JSONWriter(membersAtDepth:)` into the open array.
    mutating func appendMembers(_ section: RenderedSection) {
        guard section.memberCount > 0 else { return }
        setHasMember(true, at: depth - 1)
        flush()
        if let file {
            section.forEachChunk {
                file.write($0)
            } failed: {
                file.fail($0)
            }
        } else {
            section.forEachChunk {
                write($0)
            } failed: { _ in
            }
        }
    }

    /// Closes the document with a final line break.
    mutating func finish() -> [UInt8] {
        write(0x0A)
        flush()
        return bytes
    }

    /// Hands the gathered bytes to the file, if there is one.
    mutating func flush() {
        guard let file, storage.count > 0 else { return }
        file.write(bytes)
        storage.truncate(to: 0)
    }

    private mutating func open(_ key: String?, _ bracket: UInt8) {
        member(key)
        openContainer(bracket)
    }

    private mutating func openContainer(_ bracket: UInt8) {
        write(bracket)
        depth += 1
        setHasMember(false, at: depth - 1)
    }

    private mutating func close(_ bracket: UInt8) {
        let had = hasMember(at: depth - 1)
        depth -= 1
        if had { newline() }
        write(bracket)
    }

    /// Whether the container `level` + 1 deep already has a member.
    @inline(__always)
    private func hasMember(at level: Int) -> Bool {
        level < 64 ? hasMember & (1 << level) != 0 : deeperHasMember[level - 64]
    }

    @inline(__always)
    private mutating func setHasMember(_ value: Bool, at level: Int) {
        if level < 64 {
            hasMember = value ? hasMember | (1 << level) : hasMember & ~(1 << level)
        } else {
            if deeperHasMember.count <= level - 64 { deeperHasMember.append(false) }
            deeperHasMember[level - 64] = value
        }
    }

    private mutating func member(_ key: Key) {
        separate()
        write(key.bytes)
    }

    private mutating func member(_ key: String?) {
        separate()
        if let key {
            quote(key)
            write(0x3A)
            write(0x20)
        }
    }

    /// What comes before a member: the comma after the one before it, a line break, the indentation.
    private mutating func separate() {
        if file != nil, storage.count >= ioChunkBytes { flush() }
        if depth > 0 {
            let last = hasMember(at: depth - 1)
            if !last { setHasMember(true, at: depth - 1) }
            newline(comma: last)
        }
    }

    /// A member's comma, line break and indentation, stored straight into the buffer.
    private mutating func newline(comma: Bool = false) {
        let width = depth * 2
        let target = storage.appendUninitialized((comma ? 2 : 1) + width)
        var at = 0
        if comma {
            target[0] = 0x2C
            at = 1
        }
        target[at] = 0x0A
        (target + at + 1).initialize(repeating: 0x20, count: width)
    }

    /// Copies the text whole when it has no byte to escape (nearly always), else the runs
    /// between escapes.
    private mutating func quote(_ text: String) {
        write(0x22)
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ quoted($0) }) {
            done
        } else {
            var text = text
            text.withUTF8 { quoted($0) }
        }
        write(0x22)
    }

    private mutating func quoted(_ utf8: UnsafeBufferPointer<UInt8>) {
        guard Self.needsEscaping(utf8) else {
            write(utf8)
            return
        }
        var start = 0
        for index in utf8.indices {
            let byte = utf8[index]
            guard byte < 0x20 || byte == 0x22 || byte == 0x5C else { continue }
            write(UnsafeBufferPointer(rebasing: utf8[start..<index]))
            escape(byte)
            start = index + 1
        }
        write(UnsafeBufferPointer(rebasing: utf8[start...]))
    }

    /// Whether a byte of `utf8` is a control character, a quote or a backslash. Eight bytes at
    /// a time: in each test below, a byte that matches sets its high bit (and only a match can).
    fileprivate static func needsEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        if let base = utf8.baseAddress {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= utf8.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                let below = (word &- ones &* 0x20) & ~word
                if (below | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)) & highs != 0 { return true }
                index += 8
            }
        }
        while index < utf8.count {
            let byte = utf8[index]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C { return true }
            index += 1
        }
        return false
    }

    /// The text as it is, unquoted (numbers, literals).
    private mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { write($0) }
    }

    @inline(__always)
    private mutating func write(_ source: UnsafeBufferPointer<UInt8>) {
        // Most values and keys are short: a few loads and stores instead of a call to memcpy.
        if storage.appendShort(source) == nil { storage.append(UnsafeRawBufferPointer(source)) }
    }

    private mutating func write(_ source: [UInt8]) {
        source.withUnsafeBufferPointer { write($0) }
    }

    @inline(__always)
    private mutating func write(_ byte: UInt8) {
        storage.append(byte)
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x22: write([0x5C, 0x22])
        case 0x5C: write([0x5C, 0x5C])
        case 0x0A: write([0x5C, 0x6E])
        case 0x0D: write([0x5C, 0x72])
        case 0x09: write([0x5C, 0x74])
        default:
            let hex = Array("0123456789abcdef".utf8)
            write([0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}
