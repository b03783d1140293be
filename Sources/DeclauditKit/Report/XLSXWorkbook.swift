internal import CXLSXWriter

#if canImport(Glibc)
    import Glibc
#endif

/// A workbook written by libxlsxwriter in its constant-memory mode (each sheet's rows go to a
/// temporary file as they are written, so they must be written in order). The only file that
/// sees the library: the rest of the program deals in sheets, rows, columns and styles.
final class XLSXWorkbook {
    enum Style: CaseIterable {
        case plain, header, wrapped, date, title
    }

    struct Sheet {
        fileprivate let index: Int
    }

    /// Rows a sheet holds, header included (Excel's limit).
    static let maximumRows = 1_048_576
    /// Bytes a cell's text may have (Excel's limit, which the library enforces).
    private static let maximumTextBytes = 32_767

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private var sheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    private var formats: [Style: UnsafeMutablePointer<lxw_format>] = [:]
    /// The first failure, as the library words it.
    private(set) var failure: String?

    /// Writes to the open file `descriptor` when closed. The library opens by name, so it gets
    /// `/proc/self/fd/N`: that name is resolved by the kernel to the very file this process
    /// created exclusively (it is a link to the open file, not to a path), so nothing planted in
    /// the output folder between creating the file and the library opening it can redirect the
    /// write. `created` (YYYY-MM-DD, the audit date) is the document's creation date, so the
    /// bytes do not depend on the wall clock.
    init?(descriptor: Int32, created: String) {
        var options = lxw_workbook_options(constant_memory: 1, tmpdir: nil, use_zip64: 0)
        guard let workbook = workbook_new_opt("/proc/self/fd/\(descriptor)", &options) else { return nil }
        self.workbook = workbook
        var properties = lxw_doc_properties()
        properties.created = Self.midnightUTC(created)
        let status = withStrings(["declaudit"]) { pointers in
            properties.author = pointers[0]
            return workbook_set_properties(workbook, &properties)
        }
        check(status)
        // No format for plain cells (nil is the default): the library looks a format's index up
        // by hashing it for every cell written, which cost a quarter of the workbook's time.
        for style in Style.allCases where style != .plain {
            let format = workbook_add_format(workbook)!
            switch style {
            case .plain: break  // not reached
            case .header:
                format_set_bold(format)
                format_set_bg_color(format, 0xE8EDF4)
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            case .wrapped:
                format_set_text_wrap(format)
                format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
            case .date:
                format_set_num_format(format, "yyyy-mm-dd")
            case .title:
                format_set_bold(format)
                format_set_font_size(format, 14)
            }
            formats[style] = format
        }
    }

    deinit {
        // Not closed (an earlier failure): the library still frees what it holds on close.
        if let workbook { _ = workbook_close(workbook) }
    }

    func addSheet(_ name: String) -> Sheet {
        sheets.append(workbook_add_worksheet(workbook, name)!)
        return Sheet(index: sheets.count - 1)
    }

    func text(_ sheet: Sheet, _ row: Int, _ column: Int, _ value: String, _ style: Style = .plain) {
        var value = value
        if value.utf8.count > Self.maximumTextBytes {
            // Cut at a character boundary, and say that it was cut.
            var cut = ""
            for character in value {
                if cut.utf8.count + character.utf8.count > Self.maximumTextBytes - 3 { break }
                cut.append(character)
            }
            value = cut + "…"
        }
        check(worksheet_write_string(sheets[sheet.index], lxw_row_t(row), lxw_col_t(column), value, formats[style]))
    }

    func number(_ sheet: Sheet, _ row: Int, _ column: Int, _ value: Double, _ style: Style = .plain) {
        check(worksheet_write_number(sheets[sheet.index], lxw_row_t(row), lxw_col_t(column), value, formats[style]))
    }

    /// A date cell from YYYY-MM-DD (the caller checked the form).
    func date(_ sheet: Sheet, _ row: Int, _ column: Int, year: Int, month: Int, day: Int) {
        var value = lxw_datetime(year: Int32(year), month: Int32(month), day: Int32(day), hour: 0, min: 0, sec: 0)
        check(worksheet_write_datetime(sheets[sheet.index], lxw_row_t(row), lxw_col_t(column), &value, formats[.date]))
    }

    func columnWidth(_ sheet: Sheet, _ column: Int, _ width: Double) {
        check(worksheet_set_column(sheets[sheet.index], lxw_col_t(column), lxw_col_t(column), width, nil))
    }

    /// Freezes the header row and puts an autofilter over the table.
    func table(_ sheet: Sheet, lastRow: Int, lastColumn: Int) {
        worksheet_freeze_panes(sheets[sheet.index], 1, 0)
        check(worksheet_autofilter(sheets[sheet.index], 0, 0, lxw_row_t(lastRow), lxw_col_t(lastColumn)))
    }

    /// Assembles the file; nil on success, else what went wrong.
    func close() -> String? {
        guard let workbook else { return failure ?? "the workbook was already closed" }
        self.workbook = nil
        let status = workbook_close(workbook)
        if status != LXW_NO_ERROR, failure == nil { failure = String(cString: lxw_strerror(status)) }
        return failure
    }

    private func check(_ status: lxw_error) {
        if status != LXW_NO_ERROR, failure == nil { failure = String(cString: lxw_strerror(status)) }
    }

    /// Seconds from 1970 to midnight UTC of a YYYY-MM-DD date (days from civil, no time zone).
    static func midnightUTC(_ date: String) -> time_t {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return 0 }
        var (year, month, day) = (parts[0], parts[1], parts[2])
        year -= month <= 2 ? 1 : 0
        let era = (year >= 0 ? year : year - 399) / 400
        let yearOfEra = year - era * 400
        month = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * month + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return time_t((era * 146_097 + dayOfEra - 719_468) * 86_400)
    }
}

/// Lends C strings for `body`; they live only during the call.
private func withStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>]) -> Result) -> Result {
    let pointers = strings.map { strdup($0)! }
    defer {
        for pointer in pointers { free(pointer) }
    }
    return body(pointers)
}
