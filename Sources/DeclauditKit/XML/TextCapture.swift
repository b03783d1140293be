/// Collects the text of one element, which libxml2 may deliver in several pieces, as bytes;
/// a String is made only for fields that a report can show.
struct TextCapture {
    private var bytes: [UInt8] = []
    private(set) var isCapturing = false

    init() { bytes.reserveCapacity(256) }

    /// Set when the text went past `maximumFieldBytes`; the rest was not kept.
    private(set) var overflowed = false

    mutating func begin() {
        bytes.removeAll(keepingCapacity: bytes.capacity <= 1 << 16)
        isCapturing = true
        overflowed = false
    }

    mutating func append(_ text: UnsafeRawBufferPointer) {
        guard isCapturing else { return }
        if bytes.count + text.count <= maximumFieldBytes {
            bytes.append(contentsOf: text)
        } else {
            overflowed = true
        }
    }

    /// The text trimmed of white space; nil when empty or the SQL null `NULL` that ECUS writes.
    mutating func finish() -> String? {
        isCapturing = false
        return bytes.withUnsafeBufferPointer { buffer in
            let range = Self.trimmed(buffer, from: 0)
            return range.isAbsent ? nil : String(decoding: range.bytes(in: buffer), as: UTF8.self)
        }
    }

    /// Where the text from `start` to the end of `buffer` is once trimmed of white space; absent
    /// when that leaves nothing or the SQL null `NULL`.
    static func trimmed(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> TextRange {
        var start = start
        var end = buffer.count
        while start < end, isSpace(buffer[start]) { start += 1 }
        while end > start, isSpace(buffer[end - 1]) { end -= 1 }
        if start == end { return .absent }
        if end - start == 4, buffer[start] == 0x4E, buffer[start + 1] == 0x55, buffer[start + 2] == 0x4C,
            buffer[start + 3] == 0x4C
        {
            return .absent
        }
        return TextRange(start: start, end: end)
    }

    /// `trimmed`, with the usual case (no white space at either end, not `NULL`) decided inline.
    @inline(__always)
    static func trimmedQuickly(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> TextRange {
        untrimmed(buffer, from: start) ?? trimmed(buffer, from: start)
    }

    /// The text from `start` to the end of `buffer` when trimming leaves it as it is (the usual
    /// case: no white space at either end, not `NULL`); nil when `trimmed` must decide.
    @inline(__always)
    static func untrimmed(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> TextRange? {
        let end = buffer.count
        guard end > start, !isSpace(buffer[start]), !isSpace(buffer[end - 1]), end - start != 4 || buffer[start] != 0x4E
        else { return nil }
        return TextRange(start: start, end: end)
    }

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}

/// A growable byte buffer, appended to by `memcpy` (or a few stores for short text) and reused:
/// captured text, reused from one declaration to the next (no allocation once it has grown to
/// the largest declaration), and `JSONWriter`'s output.
final class ByteArena {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private static let initialCapacity = 1 << 14

    init() {
        capacity = Self.initialCapacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    func append(_ text: UnsafeRawBufferPointer) {
        guard let source = text.baseAddress, text.count > 0 else { return }
        if count + text.count > capacity { grow(to: count + text.count) }
        (base + count).initialize(from: source.assumingMemoryBound(to: UInt8.self), count: text.count)
        count += text.count
    }

    /// Appends `text` if it fits in the memory already taken; false, and nothing appended, if not.
    @inline(__always)
    func appendWithinCapacity(_ text: UnsafeRawBufferPointer) -> Bool {
        guard let source = text.baseAddress else { return text.isEmpty }
        let end = count &+ text.count
        guard end <= capacity else { return false }
        let target = base + count
        count = end
        target.initialize(from: source.assumingMemoryBound(to: UInt8.self), count: text.count)
        return true
    }

    /// Appends up to 16 bytes (an attribute's value) by a few loads and stores, without calling
    /// `memcpy`, if they fit in the memory already taken; returns where they are, or nil (and
    /// nothing appended) for more bytes or too little room.
    @inline(__always)
    func appendShort(_ text: UnsafeBufferPointer<UInt8>) -> TextRange? {
        let start = count
        let length = text.count
        guard length <= 16, start &+ length <= capacity else { return nil }
        if let source = text.baseAddress, length > 0 {
            let from = UnsafeRawPointer(source)
            let to = UnsafeMutableRawPointer(base + start)
            // Two copies that overlap when the length is not their double.
            if length >= 8 {
                to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: length - 8, as: UInt64.self), toByteOffset: length - 8, as: UInt64.self
                )
            } else if length >= 4 {
                to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
                to.storeBytes(
                    of: from.loadUnaligned(fromByteOffset: length - 4, as: UInt32.self), toByteOffset: length - 4, as: UInt32.self
                )
            } else {
                to.storeBytes(of: source[0], as: UInt8.self)
                to.storeBytes(of: source[length >> 1], toByteOffset: length >> 1, as: UInt8.self)
                to.storeBytes(of: source[length - 1], toByteOffset: length - 1, as: UInt8.self)
            }
        }
        count = start &+ length
        return TextRange(start: start, end: count)
    }

    func append(_ text: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(text))
    }

    /// Counts `count` more bytes and returns where they go, for the caller to store them.
    @inline(__always)
    func appendUninitialized(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if self.count + count > capacity { grow(to: self.count + count) }
        let target = base + self.count
        self.count += count
        return target
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    /// Forgets the bytes from `position` on.
    @inline(__always)
    func truncate(to position: Int) {
        count = position
    }

    /// Forgets everything; gives back memory that one outsized declaration made it take.
    func removeAll() {
        count = 0
        if capacity > 1 << 22 {
            base.deallocate()
            capacity = Self.initialCapacity
            base = .allocate(capacity: capacity)
        }
    }

    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }
}
