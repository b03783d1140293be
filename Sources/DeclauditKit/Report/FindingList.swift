import Foundation
import Synchronization

/// The findings of a run in report order. A year's dump can give tens of thousands, each with
/// long texts, so a run keeps them in an anonymous temporary file (`FindingFile`) and holds only
/// a small entry per finding; each is decoded when the reports read it. Tests and small callers
/// make one from an array.
public struct FindingList: RandomAccessCollection, Sendable, Equatable {
    private enum Storage: Sendable {
        case memory([Finding])
        case file(FindingFile, [FindingFile.Entry])
    }

    private let storage: Storage

    public init(_ findings: [Finding] = []) {
        storage = .memory(findings)
    }

    init(file: FindingFile, entries: [FindingFile.Entry]) {
        storage = .file(file, entries)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int {
        switch storage {
        case .memory(let findings): findings.count
        case .file(_, let entries): entries.count
        }
    }

    /// The finding at `position`. A collection cannot throw here: if the run's temporary file
    /// cannot be read back, a stand-in with the entry's severity, rule and source is returned and
    /// the error is kept in `readFailure`, which whoever writes a report checks before keeping it.
    public subscript(position: Int) -> Finding {
        switch storage {
        case .memory(let findings): findings[position]
        case .file(let file, let entries): file.findingOrStandIn(at: entries[position])
        }
    }

    /// The finding at `position`, or the error that kept it from being read back.
    public func finding(at position: Int) throws(DeclauditError) -> Finding {
        switch storage {
        case .memory(let findings): findings[position]
        case .file(let file, let entries): try file.finding(at: entries[position])
        }
    }

    /// The first error met reading a finding back (the reports made since are incomplete).
    public var readFailure: DeclauditError? {
        switch storage {
        case .memory: nil
        case .file(let file, _): file.readFailure.withLock { $0 }
        }
    }

    /// How many findings have `severity`, without decoding any.
    public func count(of severity: Severity) -> Int {
        switch storage {
        case .memory(let findings): findings.count { $0.severity == severity }
        case .file(_, let entries): entries.count { $0.severity == severity }
        }
    }

    /// How many findings come from `rule`, without decoding any.
    public func count(of rule: RuleID) -> Int {
        switch storage {
        case .memory(let findings): findings.count { $0.rule == rule }
        case .file(_, let entries): entries.count { $0.rule == rule }
        }
    }

    /// How many findings are in `state`, without decoding any.
    public func count(of state: FindingState) -> Int {
        switch storage {
        case .memory(let findings): findings.count { $0.state == state }
        case .file(_, let entries): entries.count { $0.state == state }
        }
    }

    /// How many findings a triage decision suppresses, without decoding any.
    public var suppressedCount: Int {
        switch storage {
        case .memory(let findings): findings.count(where: \.suppressed)
        case .file(_, let entries): entries.count(where: \.suppressed)
        }
    }

    /// How many findings of `severity` are new and not suppressed: those that alert.
    public func alertingCount(of severity: Severity) -> Int {
        switch storage {
        case .memory(let findings): findings.count { $0.severity == severity && $0.state == .new && !$0.suppressed }
        case .file(_, let entries): entries.count { $0.severity == severity && $0.state == .new && !$0.suppressed }
        }
    }

    /// The findings of `severity` in report order, decoding only those (report.html writes the
    /// most severe first, one pass per severity).
    func findings(of severity: Severity) -> some Sequence<Finding> {
        Findings(list: self, severity: severity)
    }

    public func makeIterator() -> Iterator { Iterator(list: self, severity: nil) }

    /// Each finding in report order (of one severity, if given). A file's findings are read through
    /// a window of the file (`FindingFile.ReadWindow`): report order mostly follows the file's,
    /// and one read per finding cost a system call each, four reports over.
    public struct Iterator: IteratorProtocol {
        private let list: FindingList
        private let severity: Severity?
        private var position = 0
        private var window = FindingFile.ReadWindow()

        fileprivate init(list: FindingList, severity: Severity?) {
            self.list = list
            self.severity = severity
        }

        public mutating func next() -> Finding? {
            switch list.storage {
            case .memory(let findings):
                while position < findings.count {
                    defer { position += 1 }
                    if severity == nil || findings[position].severity == severity { return findings[position] }
                }
            case .file(let file, let entries):
                while position < entries.count {
                    defer { position += 1 }
                    if severity == nil || entries[position].severity == severity {
                        return file.findingOrStandIn(at: entries[position], through: &window)
                    }
                }
            }
            return nil
        }
    }

    private struct Findings: Sequence {
        let list: FindingList
        let severity: Severity

        func makeIterator() -> Iterator { Iterator(list: list, severity: severity) }
    }

    public static func == (lhs: FindingList, rhs: FindingList) -> Bool {
        lhs.elementsEqual(rhs)
    }
}

/// An anonymous temporary file of encoded findings, appended to by one thread during a run, then
/// read (by offset, any thread) once it is complete.
/// Unchecked: the buffer changes only while the run's database thread appends; once `finish`
/// returns, the file is only read, with `pread`, which is safe from any thread.
final class FindingFile: @unchecked Sendable {
    /// Where one finding is, with what ordering and counting need; about 60 bytes.
    struct Entry: Sendable {
        let offset: Int
        let length: Int
        let severity: Severity
        let rule: RuleID
        let source: String
        let sourceLine: Int
        let state: FindingState
        let suppressed: Bool
    }

    private let file: OutputFile
    private var buffer: [UInt8] = []
    /// Bytes written to the file plus those still in `buffer`.
    private var size = 0

    init() throws(DeclauditError) {
        guard let file = OutputFile.anonymous() else {
            let folder = FileManager.default.temporaryDirectory.path
            throw DeclauditError(
                .temporaryFolderUnusable,
                "cannot create a temporary file for the findings in the temporary folder \(folder) (set TMPDIR to a writable folder): \(SystemError("mkstemp").reason)",
                at: SourceLocation(file: folder))
        }
        self.file = file
        buffer.reserveCapacity(ioChunkBytes)
    }

    deinit { file.descriptor.close() }

    /// Lets tests make the file fail under the list (a seam; nothing else touches it).
    var descriptorForTesting: Int32 { file.descriptor.rawValue }

    /// Appends `finding`; its entry says where it went.
    func append(_ finding: Finding) -> Entry {
        let start = buffer.count
        FindingCoding.encode(finding, into: &buffer)
        let entry = Entry(
            offset: size, length: buffer.count - start, severity: finding.severity, rule: finding.rule,
            source: finding.source, sourceLine: finding.sourceLine, state: finding.state, suppressed: finding.suppressed)
        size += entry.length
        if buffer.count >= ioChunkBytes { flush() }
        return entry
    }

    /// Writes what is buffered; after this (and no more appends) the file can be read.
    func finish() throws(DeclauditError) {
        flush()
        guard file.errorCode == 0 else {
            throw DeclauditError(
                .internal, "cannot write a temporary file for the findings: \(SystemError("write", code: file.errorCode).reason)")
        }
    }

    private func flush() {
        file.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// The first read-back error; kept so that a report with a hole is never committed.
    let readFailure = Mutex<DeclauditError?>(nil)

    func finding(at entry: Entry) throws(DeclauditError) -> Finding {
        var bytes = [UInt8](repeating: 0, count: entry.length)
        var reason: String?
        do {
            let count = try file.descriptor.read(into: &bytes, count: entry.length, at: entry.offset)
            // The file is ours and complete: a short read means the temporary folder failed under us.
            if count < entry.length { reason = "the file ended early" }
        } catch {
            reason = error.reason
        }
        if let reason {
            let error = DeclauditError(.internal, "the findings' temporary file could not be read back: \(reason)")
            readFailure.withLock { if $0 == nil { $0 = error } }
            throw error
        }
        return FindingCoding.decode(bytes)
    }

    /// Bytes of the file read at once, from `start`; findings inside are decoded from them.
    struct ReadWindow {
        fileprivate var bytes: [UInt8] = []
        fileprivate var start = 0
    }

    /// As `findingOrStandIn(at:)`, through `window`: read again, from this finding on, only when it
    /// does not hold the finding.
    func findingOrStandIn(at entry: Entry, through window: inout ReadWindow) -> Finding {
        let end = entry.offset + entry.length
        if entry.offset < window.start || end > window.start + window.bytes.count {
            let wanted = min(max(entry.length, Self.windowBytes), size - entry.offset)
            if window.bytes.count != wanted { window.bytes = [UInt8](repeating: 0, count: wanted) }
            let count = try? file.descriptor.read(into: &window.bytes, count: wanted, at: entry.offset)
            guard let count, count >= entry.length else {
                // Read as a finding alone, which keeps and reports the failure.
                window = ReadWindow()
                return findingOrStandIn(at: entry)
            }
            if count < wanted { window.bytes.removeLast(wanted - count) }
            window.start = entry.offset
        }
        return window.bytes.withUnsafeBufferPointer { bytes in
            FindingCoding.decode(UnsafeBufferPointer(rebasing: bytes[entry.offset - window.start..<end - window.start]))
        }
    }

    /// A window's size: a few dozen findings.
    private static let windowBytes = 1 << 15

    func findingOrStandIn(at entry: Entry) -> Finding {
        do {
            return try finding(at: entry)
        } catch {
            return Finding(
                severity: entry.severity, rule: entry.rule, declaration: "", line: nil, typeCode: "", registeredOn: nil,
                customsOffice: nil, taxCode: nil, company: nil, hsCode: nil, listCode: nil, description: nil, condition: nil,
                quantity: nil, unit: nil, value: nil, currency: nil, licences: "", contract: nil, reason: "",
                source: entry.source,
                sourceLine: entry.sourceLine)
        }
    }
}

/// A compact binary form of a `Finding`: fields in declaration order, texts as a length and
/// UTF-8 bytes (length -1 for nil), integers as 8 bytes. Written by hand: Codable's encoders
/// (JSON, property lists) cost several times the space and time for a value that never leaves
/// the run.
enum FindingCoding {
    static func encode(_ finding: Finding, into out: inout [UInt8]) {
        text(finding.severity.rawValue, &out)
        text(finding.rule.rawValue, &out)
        text(finding.declaration, &out)
        integer(finding.line, &out)
        text(finding.typeCode, &out)
        text(finding.registeredOn, &out)
        text(finding.customsOffice, &out)
        text(finding.taxCode, &out)
        text(finding.company, &out)
        text(finding.hsCode, &out)
        text(finding.listCode, &out)
        text(finding.description, &out)
        text(finding.condition?.rawValue, &out)
        text(finding.quantity, &out)
        text(finding.unit, &out)
        text(finding.value, &out)
        text(finding.currency, &out)
        text(finding.licences, &out)
        text(finding.contract, &out)
        text(finding.reason, &out)
        text(finding.source, &out)
        integer(finding.sourceLine, &out)
        text(finding.findingID, &out)
        text(finding.state.rawValue, &out)
        text(finding.firstReportedOn, &out)
        text(finding.triage, &out)
        text(finding.triageNote, &out)
        text(finding.valueVND, &out)
        text(finding.legalBasis, &out)
        integer(finding.suppressed ? 1 : 0, &out)
    }

    static func decode(_ bytes: [UInt8]) -> Finding {
        bytes.withUnsafeBufferPointer { decode($0) }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Finding {
        var reader = Reader(bytes: bytes)
        var finding = Finding(
            severity: Severity(rawValue: reader.text()!)!, rule: RuleID(rawValue: reader.text()!)!,
            declaration: reader.text()!, line: reader.integer(), typeCode: reader.text()!, registeredOn: reader.text(),
            customsOffice: reader.text(), taxCode: reader.text(), company: reader.text(), hsCode: reader.text(),
            listCode: reader.text(), description: reader.text(), condition: reader.text().flatMap(GoodsCondition.init(rawValue:)),
            quantity: reader.text(), unit: reader.text(), value: reader.text(), currency: reader.text(),
            licences: reader.text()!, contract: reader.text(), reason: reader.text()!, source: reader.text()!,
            sourceLine: reader.integer()!, valueVND: nil, findingID: reader.text()!)
        finding.state = FindingState(rawValue: reader.text()!)!
        finding.firstReportedOn = reader.text()
        finding.triage = reader.text()
        finding.triageNote = reader.text()
        finding.valueVND = reader.text()
        finding.legalBasis = reader.text()!
        finding.suppressed = reader.integer() == 1
        return finding
    }

    private static func text(_ value: String?, _ out: inout [UInt8]) {
        guard let value else {
            integer(-1, &out)
            return
        }
        integer(value.utf8.count, &out)
        out.append(contentsOf: value.utf8)
    }

    private static func integer(_ value: Int?, _ out: inout [UInt8]) {
        withUnsafeBytes(of: Int64(value ?? Int(Int64.min)).littleEndian) { out.append(contentsOf: $0) }
    }

    /// Reads through the bytes in place: copying an integer out of an array slice, or a text
    /// out of one, went byte by byte.
    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        mutating func integer() -> Int? {
            precondition(position + 8 <= bytes.count, "a finding is read as it was written")
            let decoded = Int64(
                littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: position, as: Int64.self))
            position += 8
            return decoded == Int64.min ? nil : Int(decoded)
        }

        mutating func text() -> String? {
            let length = integer()!
            guard length >= 0 else { return nil }
            precondition(position + length <= bytes.count, "a finding is read as it was written")
            defer { position += length }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<position + length]), as: UTF8.self)
        }
    }
}
