import Crypto
import Foundation

/// The compiled form of a prohibited list (`declaudit list compile`, `.hstrie`): the rows and the
/// trie's flat arrays, so loading is a checked read with no CSV parse and no trie build.
///
/// Layout, version 2. Integers are little-endian; a string is a UInt32 byte count then that many
/// bytes of UTF-8; an optional string uses the count 0xFFFF_FFFF for "absent". No timestamps: the
/// same source always compiles to the same bytes. Version 1 (still read) had no validity periods:
/// no `valid_from`/`valid_to` per row, a row index as each payload, no period table.
///
///     magic             8 bytes   89 48 53 54 52 49 45 0A ("\x89HSTRIE\n")
///     format version    UInt32    2
///     file length       UInt64    of the whole file, digest included
///     source SHA-256    32 bytes  of the source CSV
///     fallback name     string    the source CSV's file name
///     name, basis, effective date: optional strings (`ListMetadata`)
///     row count         UInt32
///     per row           code, written: string; role: UInt8 (0 entry, 1 header, 2 review);
///                       flags: UInt8 (bit 0: an entry acting as a header); line: UInt32;
///                       description_vi, description_en, basis: string;
///                       note count: UInt32, then name and value strings per note;
///                       valid_from, valid_to: optional strings
///     node count        UInt32
///     children          Int32 x node count x 10
///     entry payloads    Int32 x node count    first period of the node's chain, or -1
///     review payloads   Int32 x node count
///     period count      UInt32
///     periods           Int32 x 4 x period count: first day, last day, row, next period or -1
///     digest            32 bytes  SHA-256 of every byte before it
public enum CompiledList {
    /// A first byte that is not UTF-8 text, so a CSV never starts with it.
    public static let magic: [UInt8] = [0x89, 0x48, 0x53, 0x54, 0x52, 0x49, 0x45, 0x0A]
    public static let formatVersion: UInt32 = 2
    /// The versions `decode` reads.
    static let readableVersions: ClosedRange<UInt32> = 1...2
    public static let fileExtension = "hstrie"

    static let headerSize = 8 + 4 + 8
    static let digestSize = 32
    static let absent = UInt32.max
    static let actingHeaderFlag: UInt8 = 1
    static let roles: [ListRole] = [.entry, .header, .review]

    /// The trailing digest of a compiled list whose other bytes are `body`.
    static func digest(of body: ArraySlice<UInt8>) -> [UInt8] { Array(SHA256.hash(data: body)) }

    /// True when `bytes` start with the magic number (or are a cut-off start of it).
    public static func hasMagic(_ bytes: [UInt8]) -> Bool {
        !bytes.isEmpty && bytes.prefix(magic.count).elementsEqual(magic.prefix(bytes.count))
    }
}

extension ProhibitedList {
    /// This list in the compiled form; `decode(compiled:source:)` reads it back.
    public func compiled() -> [UInt8] {
        var out = CompiledWriter()
        out.bytes += CompiledList.magic
        out.uint32(CompiledList.formatVersion)
        out.uint64(0)  // file length, set below
        out.bytes += Self.bytes(ofHex: sha256)
        out.string(fallbackName)
        out.optionalString(metadata.name)
        out.optionalString(metadata.basis)
        out.optionalString(metadata.effectiveDate)
        out.uint32(UInt32(entries.count))
        for entry in entries {
            out.string(entry.code)
            out.string(entry.written)
            out.bytes.append(UInt8(CompiledList.roles.firstIndex(of: entry.role)!))
            out.bytes.append(isActingAsHeader(entry) ? CompiledList.actingHeaderFlag : 0)
            out.uint32(UInt32(entry.line))
            out.string(entry.descriptionVI)
            out.string(entry.descriptionEN)
            out.string(entry.basis)
            out.uint32(UInt32(entry.notes.count))
            for note in entry.notes {
                out.string(note.name)
                out.string(note.value)
            }
            out.optionalString(entry.validFrom)
            out.optionalString(entry.validTo)
        }
        out.uint32(UInt32(trie.nodeCount))
        for value in trie.children { out.int32(value) }
        for value in trie.entryPayload { out.int32(value) }
        for value in trie.reviewPayload { out.int32(value) }
        out.uint32(UInt32(trie.periodCount))
        for value in trie.periods { out.int32(value) }
        let length = UInt64(out.bytes.count + CompiledList.digestSize)
        for index in 0..<8 { out.bytes[12 + index] = UInt8(truncatingIfNeeded: length >> (8 * index)) }
        out.bytes += CompiledList.digest(of: out.bytes[...])
        return out.bytes
    }

    /// Reads a compiled list. Refuses with `.listMalformed` (located at `source`) a foreign file,
    /// another format version, a truncated or lengthened file, a checksum mismatch, and any
    /// index or count that does not fit, so that no file, however corrupt, can make a lookup
    /// fail. The trie is taken as stored, once it is found to match a trie built from its rows.
    public static func decode(compiled bytes: [UInt8], source: String) throws(DeclauditError) -> ProhibitedList {
        func refuse(_ message: String) -> DeclauditError {
            DeclauditError(.listMalformed, "compiled list: \(message)", at: SourceLocation(file: source))
        }
        let recompile = "compile it again with `declaudit list compile`"
        guard bytes.starts(with: CompiledList.magic) else {
            if CompiledList.hasMagic(bytes) { throw refuse("truncated: \(bytes.count) bytes; \(recompile)") }
            throw refuse("not a compiled declaudit list (no magic number \\x89HSTRIE at the start)")
        }
        var header = CompiledReader(bytes: bytes, end: bytes.count, offset: CompiledList.magic.count)
        guard let version = try? header.uint32(), let declared = try? header.uint64() else {
            throw refuse("truncated: \(bytes.count) bytes, not even a whole header; \(recompile)")
        }
        guard CompiledList.readableVersions.contains(version) else {
            throw refuse(
                "format version \(version), but this declaudit reads versions \(CompiledList.readableVersions.lowerBound) to \(CompiledList.formatVersion); compile the source CSV again with this declaudit's `list compile`"
            )
        }
        let minimum = UInt64(CompiledList.headerSize + CompiledList.digestSize)
        guard declared >= minimum else { throw refuse("corrupted: its length field says \(declared) bytes") }
        guard UInt64(bytes.count) >= declared else {
            throw refuse("truncated: \(bytes.count) of \(declared) bytes; \(recompile)")
        }
        guard UInt64(bytes.count) == declared else {
            throw refuse("corrupted: \(UInt64(bytes.count) - declared) bytes after its end (\(declared) bytes)")
        }
        let bodyEnd = bytes.count - CompiledList.digestSize
        guard CompiledList.digest(of: bytes[..<bodyEnd]).elementsEqual(bytes[bodyEnd...]) else {
            throw refuse("corrupted: its SHA-256 checksum does not match its contents; \(recompile)")
        }
        do throws(CompiledReader.Problem) {
            var reader = CompiledReader(bytes: bytes, end: bodyEnd, offset: CompiledList.headerSize)
            let list = try reader.list(source: source, version: version)
            guard reader.offset == bodyEnd else {
                throw CompiledReader.Problem("\(bodyEnd - reader.offset) unexpected bytes after the trie")
            }
            return list
        } catch {
            throw refuse("corrupted: \(error.message)")
        }
    }

    /// Writes the compiled form to `path`, atomically (a reader never sees half a file).
    public func writeCompiled(to path: String) throws(DeclauditError) {
        try SafeOutput.write(compiled(), to: path)
    }

    /// 64 hex digits to 32 bytes; `sha256` always has that form.
    static func bytes(ofHex hex: String) -> [UInt8] {
        let digits = hex.utf8.map { byte -> UInt8 in
            byte <= UInt8(ascii: "9") ? byte &- UInt8(ascii: "0") : (byte | 0x20) &- UInt8(ascii: "a") &+ 10
        }
        return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}

private struct CompiledWriter {
    var bytes: [UInt8] = []

    mutating func uint32(_ value: UInt32) {
        for index in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    mutating func int32(_ value: Int32) { uint32(UInt32(bitPattern: value)) }

    mutating func uint64(_ value: UInt64) {
        for index in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * index))) }
    }

    mutating func string(_ text: String) {
        uint32(UInt32(text.utf8.count))
        bytes += text.utf8
    }

    mutating func optionalString(_ text: String?) {
        if let text { string(text) } else { uint32(CompiledList.absent) }
    }
}

/// Reads the body of a compiled list; every read is bounds-checked against `end`.
private struct CompiledReader {
    struct Problem: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    let bytes: [UInt8]
    let end: Int
    var offset: Int

    init(bytes: [UInt8], end: Int, offset: Int) {
        self.bytes = bytes
        self.end = end
        self.offset = offset
    }

    var remaining: Int { end - offset }

    mutating func take(_ count: Int, _ what: String) throws(Problem) -> ArraySlice<UInt8> {
        guard count >= 0, count <= remaining else {
            throw Problem("\(what) at byte \(offset) needs \(count) bytes, only \(remaining) are left")
        }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func uint8(_ what: String = "a byte") throws(Problem) -> UInt8 {
        try take(1, what).first!
    }

    mutating func uint32(_ what: String = "a number") throws(Problem) -> UInt32 {
        try take(4, what).reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }

    mutating func int32(_ what: String = "a number") throws(Problem) -> Int32 {
        Int32(bitPattern: try uint32(what))
    }

    mutating func uint64(_ what: String = "a number") throws(Problem) -> UInt64 {
        try take(8, what).reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string(_ what: String) throws(Problem) -> String {
        let at = offset
        let count = Int(try uint32(what))
        guard let text = String(validating: try take(count, what), as: UTF8.self) else {
            throw Problem("\(what) at byte \(at) is not valid UTF-8")
        }
        return text
    }

    mutating func optionalString(_ what: String) throws(Problem) -> String? {
        let at = offset
        guard try uint32(what) != CompiledList.absent else { return nil }
        offset = at
        return try string(what)
    }

    mutating func int32s(_ count: Int, _ what: String) throws(Problem) -> [Int32] {
        let slice = try take(count * 4, what)
        var values = [Int32](repeating: 0, count: count)
        var index = slice.startIndex
        for position in 0..<count {
            values[position] = Int32(
                bitPattern:
                    UInt32(slice[index]) | UInt32(slice[index + 1]) << 8 | UInt32(slice[index + 2]) << 16
                    | UInt32(slice[index + 3]) << 24)
            index += 4
        }
        return values
    }

    mutating func list(source: String, version: UInt32) throws(Problem) -> ProhibitedList {
        let sha = try take(32, "the source SHA-256")
        let fallbackName = try string("the list's file name")
        let metadata = ListMetadata(
            name: try optionalString("the list name"), basis: try optionalString("the list basis"),
            effectiveDate: try optionalString("the effective date"))
        if let date = metadata.effectiveDate, DateText.normalize(date) != date {
            throw Problem("effective date \"\(date)\" is not a date")
        }

        let rowCount = Int(try uint32("the row count"))
        // A row takes at least 30 bytes; checked before reserving room for them.
        guard rowCount >= 1, rowCount <= remaining / 30 else {
            throw Problem("row count \(rowCount) does not fit the file")
        }
        var entries: [ListEntry] = []
        entries.reserveCapacity(rowCount)
        var acting = Set<String>()
        var slots: [String: [ListEntry]] = [:]
        for index in 0..<rowCount {
            let row = "row \(index + 1)"
            let code = try string("the code of \(row)")
            guard [4, 6, 8].contains(code.utf8.count), code.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
                throw Problem("the code \"\(code)\" of \(row) is not 4, 6 or 8 digits")
            }
            let written = try string("the written code of \(row)")
            let roleByte = try uint8()
            guard Int(roleByte) < CompiledList.roles.count else {
                throw Problem("\(row) has role \(roleByte)")
            }
            let role = CompiledList.roles[Int(roleByte)]
            let flags = try uint8()
            guard flags & ~CompiledList.actingHeaderFlag == 0, flags == 0 || role == .entry else {
                throw Problem("\(row) has flags \(flags)")
            }
            if flags != 0 { acting.insert(code) }
            let line = Int(try uint32("the line of \(row)"))
            let descriptionVI = try string("the Vietnamese description of \(row)")
            let descriptionEN = try string("the English description of \(row)")
            let basis = try string("the basis of \(row)")
            let noteCount = Int(try uint32("the note count of \(row)"))
            guard noteCount <= remaining / 8 else { throw Problem("\(row) has \(noteCount) notes") }
            var notes: [ListNote] = []
            for _ in 0..<noteCount {
                notes.append(ListNote(name: try string("a note name of \(row)"), value: try string("a note of \(row)")))
            }
            var validFrom: String?
            var validTo: String?
            if version >= 2 {
                validFrom = try optionalString("the valid_from of \(row)")
                validTo = try optionalString("the valid_to of \(row)")
                for date in [validFrom, validTo].compactMap({ $0 })
                where date.utf8.count != 10 || DateText.normalize(date) != date {
                    throw Problem("the period of \(row) has \"\(date)\", not a date")
                }
            }
            let entry = ListEntry(
                code: code, written: written, role: role, descriptionVI: descriptionVI,
                descriptionEN: descriptionEN, basis: basis, notes: notes, line: line, validFrom: validFrom,
                validTo: validTo)
            if let from = validFrom, let to = validTo, to < from { throw Problem("the period of \(row) ends before it starts") }
            // Rows of one code and slot must not overlap in time, as the parser requires.
            let slot = (role == .review ? "r" : "m") + code
            guard !(slots[slot] ?? []).contains(where: { $0.overlaps(entry) }) else {
                throw Problem("\(row) repeats the code \(code)")
            }
            slots[slot, default: []].append(entry)
            entries.append(entry)
        }
        // The flags must say what Art. 2 says, or lookups would differ from the source's.
        guard acting == ProhibitedList.actingHeaderCodes(of: entries) else {
            throw Problem("the rows marked as acting headers disagree with the header rule")
        }

        let nodeCount = Int(try uint32("the node count"))
        guard nodeCount >= 1, nodeCount <= remaining / 48 else {
            throw Problem("node count \(nodeCount) does not fit the file")
        }
        let children = try int32s(nodeCount * 10, "the trie's children")
        let entryPayload = try int32s(nodeCount, "the trie's entry payloads")
        let reviewPayload = try int32s(nodeCount, "the trie's review payloads")
        let trie: HSTrie
        if version == 1 {
            // Each payload was a row applying on every day: one open period.
            let v1 = HSTrie(children: children, entryPayload: entryPayload, reviewPayload: reviewPayload, periods: [])
            if let problem = v1.shapeProblemOfVersion1(payloadLimit: entries.count) { throw Problem(problem) }
            trie = HSTrie(children: children, rowPayloads: entryPayload, reviewPayload)
        } else {
            let periodCount = Int(try uint32("the period count"))
            guard periodCount <= remaining / 16 else { throw Problem("period count \(periodCount) does not fit the file") }
            trie = HSTrie(
                children: children, entryPayload: entryPayload, reviewPayload: reviewPayload,
                periods: try int32s(periodCount * HSTrie.periodWidth, "the trie's periods"))
        }
        if let problem = trie.shapeProblem(payloadLimit: entries.count) { throw Problem(problem) }
        // The trie must say what the rows say, day by day, or lookups would differ from the source's.
        guard trie.coversTheSame(as: ProhibitedList.trie(of: entries)) else {
            throw Problem("the trie does not match its rows")
        }

        return ProhibitedList(
            fallbackName: fallbackName, source: source, sha256: ProhibitedList.hex(Array(sha)),
            metadata: metadata, entries: entries, actingHeaderCodes: acting, trie: trie)
    }
}
