/// findings.csv: RFC 4180, UTF-8, LF (or, for spreadsheets, BOM + CRLF + inert formulas).
/// Written by hand: yaslab/CSV.swift's writer goes one scalar at a time through Foundation's
/// OutputStream, ends the file without a final line break and cannot neutralise formulas.
public enum CSVReport {
    /// Streams the file into `file`, 64 KiB at a time.
    static func write(_ findings: some Sequence<Finding>, excel: Bool, to file: OutputFile) {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 17)
        appendHeader(excel: excel, to: &out)
        for finding in findings {
            appendRow(finding, excel: excel, to: &out)
            if out.count >= ioChunkBytes {
                file.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        file.write(out)
    }

    static func appendHeader(excel: Bool, to out: inout [UInt8]) {
        if excel { out += [0xEF, 0xBB, 0xBF] }
        out += Array(ReportColumns.names.joined(separator: ",").utf8)
        appendNewline(excel: excel, to: &out)
    }

    static func appendRow(_ finding: Finding, excel: Bool, to out: inout [UInt8]) {
        for (index, cell) in ReportColumns.cells(of: finding).enumerated() {
            if index > 0 { out.append(0x2C) }
            switch cell {
            case .text(let text): append(text ?? "", excel: excel, to: &out)
            case .number(let number): out += Array((number.map(String.init) ?? "").utf8)
            }
        }
        appendNewline(excel: excel, to: &out)
    }

    private static func appendNewline(excel: Bool, to out: inout [UInt8]) {
        if excel { out += [0x0D, 0x0A] } else { out.append(0x0A) }
    }

    /// `=`, `+`, `-`, `@`, tab and carriage return start a formula in common spreadsheets.
    private static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Quotes a field when it holds a comma, quote or line break; with `excel`, a field a
    /// spreadsheet would run as a formula gets a leading apostrophe.
    static func append(_ field: String, excel: Bool, to out: inout [UInt8]) {
        var text = field
        if excel, let first = text.utf8.first, formulaStarts.contains(first), !DecimalText.isPlainDecimal(text) {
            text = "'" + text
        }
        // Comma, quote, line feed, carriage return; compared, not hashed: every byte of every reason.
        let needsQuotes = text.utf8.contains { (byte: UInt8) -> Bool in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
        }
        if !needsQuotes {
            out.append(contentsOf: text.utf8)
            return
        }
        out.append(0x22)
        var rest = Substring(text).utf8[...]
        while let quote = rest.firstIndex(of: 0x22) {
            out.append(contentsOf: rest[...quote])
            out.append(0x22)
            rest = rest[rest.index(after: quote)...]
        }
        out.append(contentsOf: rest)
        out.append(0x22)
    }
}
