import Foundation

extension ProhibitedList {
    /// The columns a list source must start with (README, "The prohibited list"); further columns
    /// are notes.
    public static let requiredColumns = ["code", "role", "description_vi", "description_en", "basis"]

    /// Reads a list source CSV: optional `# key: value` comment lines (`ListMetadata`), then the
    /// header row and the rows. Refuses, with the line of the row: a bad code, an unknown role, a
    /// duplicate code, a wrong number of fields, a missing header, an empty list, a bad comment.
    /// `name` is the list's name when no `# name:` comment gives one.
    public static func parse(csv bytes: [UInt8], name: String, source: String) throws(DeclauditError) -> ProhibitedList {
        func malformed(_ line: Int?, _ message: String, column: Int? = nil) -> DeclauditError {
            DeclauditError(.listMalformed, message, at: SourceLocation(file: source, line: line, column: column))
        }

        let (metadata, csv) = try ListMetadata.split(bytes) { line, message in malformed(line, message) }
        let records: [CSVRecord]
        do {
            records = try CSVRecordReader.records(in: csv)
        } catch {
            throw malformed(
                error.line, "list line \(error.line), column \(error.column): \(error.message)",
                column: error.column)
        }

        var rows = records.lazy.filter { !$0.isBlank }.makeIterator()
        guard let header = rows.next() else {
            throw malformed(nil, "list is empty: it has no header row")
        }
        let columns = header.fields.map { $0.trimmedForList }
        guard columns.count >= requiredColumns.count,
            zip(columns, requiredColumns).allSatisfy({ $0.lowercased() == $1 })
        else {
            throw malformed(
                header.line,
                "list row \(header.line): the header must start with \(requiredColumns.joined(separator: ",")), found \"\(header.fields.joined(separator: ","))\""
            )
        }
        let noteNames = Array(columns.dropFirst(requiredColumns.count))

        var entries: [ListEntry] = []
        // Per code, the line of its entry-or-header row and of its review row.
        var seen: [String: (main: Int?, review: Int?)] = [:]
        while let record = rows.next() {
            let line = record.line
            if record.fields[0].trimmedForList.first == "#" {
                throw malformed(line, "list row \(line): comment lines (#) may only come before the header row")
            }
            guard record.fields.count == columns.count else {
                throw malformed(
                    line, "list row \(line): \(record.fields.count) fields, but the header has \(columns.count)")
            }
            let fields = record.fields.map { $0.trimmedForList }
            let written = fields[0]
            let code = try listCode(written, line: line, malformed: malformed)

            guard let role = ListRole(rawValue: fields[1].lowercased()) else {
                throw malformed(
                    line, "list row \(line): unknown role \"\(fields[1])\" (expected entry, header or review)")
            }

            var lines = seen[code] ?? (nil, nil)
            let earlier = role == .review ? lines.review : lines.main
            if let earlier {
                throw malformed(
                    line,
                    "list row \(line): code \"\(written)\" repeats row \(earlier) (a code may have one entry or header row and one review row)"
                )
            }
            if role == .review { lines.review = line } else { lines.main = line }
            seen[code] = lines

            entries.append(
                ListEntry(
                    code: code, written: written, role: role, descriptionVI: fields[2],
                    descriptionEN: fields[3], basis: fields[4],
                    notes: zip(noteNames, fields.dropFirst(requiredColumns.count)).map {
                        ListNote(name: $0, value: $1)
                    },
                    line: line))
        }
        guard !entries.isEmpty else {
            throw malformed(header.line, "list row \(header.line): the list has a header but no rows")
        }
        return ProhibitedList(
            name: name, source: source, sha256: hexSHA256(bytes), metadata: metadata, entries: entries)
    }

    /// Reads the list at `path`: a compiled list (`list compile`) when the file starts with its
    /// magic number, else a source CSV. Without a `# name:` the name is the file name.
    public static func load(path: String) throws(DeclauditError) -> ProhibitedList {
        let location = SourceLocation(file: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DeclauditError(.inputUnreadable, "list file \(path) does not exist", at: location)
        }
        guard !isDirectory.boolValue else {
            throw DeclauditError(.inputUnreadable, "list file \(path) is a directory", at: location)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DeclauditError(.inputUnreadable, "list file \(path) cannot be read", at: location)
        }
        let bytes = [UInt8](data)
        if CompiledList.hasMagic(bytes) || path.hasSuffix(".\(CompiledList.fileExtension)") {
            return try decode(compiled: bytes, source: path)
        }
        // A NUL byte: binary, e.g. a spreadsheet workbook given instead of its CSV export.
        if bytes.prefix(4096).contains(0) {
            throw DeclauditError(
                .listMalformed,
                "list file \(path) is neither a source CSV (text) nor a compiled list (.hstrie); save a spreadsheet as CSV UTF-8 first",
                at: location)
        }
        let name = URL(fileURLWithPath: path).lastPathComponent
        return try parse(csv: bytes, name: name, source: path)
    }

    /// The digits of a list code: 4, 6 or 8 of them once dots and spaces are removed.
    private static func listCode(
        _ written: String, line: Int, malformed: (Int?, String, Int?) -> DeclauditError
    ) throws(DeclauditError) -> String {
        guard !written.isEmpty else {
            throw malformed(line, "list row \(line): code is empty", nil)
        }
        var digits: [UInt8] = []
        let clean = HSDigits.forEachDigit(in: written.utf8) { digit in
            digits.append(UInt8(ascii: "0") + digit)
            return true
        }
        guard clean else {
            throw malformed(
                line, "list row \(line): code \"\(written)\" may contain only digits, dots and spaces", nil)
        }
        guard [4, 6, 8].contains(digits.count) else {
            throw malformed(line, "list row \(line): code \"\(written)\" must have 4, 6 or 8 digits", nil)
        }
        return String(decoding: digits, as: UTF8.self)
    }
}
