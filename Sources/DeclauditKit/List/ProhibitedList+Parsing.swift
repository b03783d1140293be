import Foundation

extension ProhibitedList {
    /// The columns a list source must start with (README, "The prohibited list"); further columns
    /// are notes.
    public static let requiredColumns = ["code", "role", "description_vi", "description_en", "basis"]

    /// Reads a list source CSV: optional `# key: value` comment lines (`ListMetadata`), then the
    /// header row and the rows. Refuses, with the line of the row: a bad code, an unknown role, a
    /// duplicate code (or overlapping periods of one code, naming both rows), a bad `valid_from`
    /// or `valid_to`, a wrong number of fields, a missing header, an empty list, a bad comment.
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
        let extra = Array(columns.dropFirst(requiredColumns.count))
        // valid_from and valid_to are the row's period; other extra columns are notes.
        let fromColumn = extra.firstIndex { $0.lowercased() == "valid_from" }.map { $0 + requiredColumns.count }
        let toColumn = extra.firstIndex { $0.lowercased() == "valid_to" }.map { $0 + requiredColumns.count }
        let noteColumns = extra.indices.map { $0 + requiredColumns.count }.filter { $0 != fromColumn && $0 != toColumn }

        var entries: [ListEntry] = []
        // Per code, the rows seen so far as entry-or-header and as review: a code may have several
        // of each whose periods do not overlap.
        var seen: [String: (main: [ListEntry], review: [ListEntry])] = [:]
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

            func date(_ column: Int?, _ name: String) throws(DeclauditError) -> String? {
                guard let column, !fields[column].isEmpty else { return nil }
                let value = fields[column]
                // Only the ISO form: DateText would also turn 30/11/2018 into a date.
                guard value.utf8.count == 10, DateText.normalize(value) == value else {
                    throw malformed(line, "list row \(line): \(name) \"\(value)\" is not a date in the form YYYY-MM-DD")
                }
                return value
            }
            let entry = ListEntry(
                code: code, written: written, role: role, descriptionVI: fields[2],
                descriptionEN: fields[3], basis: fields[4],
                notes: noteColumns.map { ListNote(name: columns[$0], value: fields[$0]) },
                line: line, validFrom: try date(fromColumn, "valid_from"), validTo: try date(toColumn, "valid_to"))
            if let from = entry.validFrom, let to = entry.validTo, to < from {
                throw malformed(line, "list row \(line): valid_to \(to) is before valid_from \(from)")
            }

            var rows = seen[code] ?? ([], [])
            let earlier = role == .review ? rows.review : rows.main
            if let clash = earlier.first(where: { $0.overlaps(entry) }) {
                let undated = clash.validFrom == nil && clash.validTo == nil && entry.validFrom == nil && entry.validTo == nil
                throw malformed(
                    line,
                    undated
                        ? "list row \(line): code \"\(written)\" repeats row \(clash.line) (a code may have one entry or header row and one review row, or several with periods that do not overlap)"
                        : "list row \(line): code \"\(written)\" (\(entry.period)) overlaps row \(clash.line) (\(clash.period)); rows of one code need periods that do not overlap"
                )
            }
            if role == .review { rows.review.append(entry) } else { rows.main.append(entry) }
            seen[code] = rows
            entries.append(entry)
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
