/// findings.csv: RFC 4180, UTF-8, LF (or, for spreadsheets, BOM + CRLF + inert formulas).
/// Written by hand: yaslab/CSV.swift's writer goes one scalar at a time through Foundation's
/// OutputStream, ends the file without a final line break and cannot neutralise formulas.
public enum CSVReport {
    public static func render(_ findings: [Finding], excel: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + findings.count * 512)
        if excel { out += [0xEF, 0xBB, 0xBF] }
        let newline: [UInt8] = excel ? [0x0D, 0x0A] : [0x0A]
        out += Array(ReportColumns.names.joined(separator: ",").utf8)
        out += newline
        for finding in findings {
            for (index, cell) in ReportColumns.cells(of: finding).enumerated() {
                if index > 0 { out.append(0x2C) }
                switch cell {
                case .text(let text): append(text ?? "", excel: excel, to: &out)
                case .number(let number): out += Array((number.map(String.init) ?? "").utf8)
                }
            }
            out += newline
        }
        return out
    }

    /// `=`, `+`, `-`, `@`, tab and carriage return start a formula in common spreadsheets.
    private static let formulaStarts: Set<UInt8> = [0x3D, 0x2B, 0x2D, 0x40, 0x09, 0x0D]

    /// Comma, quote, line feed and carriage return make a field quoted.
    private static let quotedBytes: Set<UInt8> = [0x2C, 0x22, 0x0A, 0x0D]

    /// Quotes a field when it holds a comma, quote or line break; with `excel`, a field a
    /// spreadsheet would run as a formula gets a leading apostrophe.
    static func append(_ field: String, excel: Bool, to out: inout [UInt8]) {
        var text = field
        if excel, let first = text.utf8.first, formulaStarts.contains(first), !DecimalText.isPlainDecimal(text) {
            text = "'" + text
        }
        let needsQuotes = text.utf8.contains { byte in quotedBytes.contains(byte) }
        if !needsQuotes {
            out += Array(text.utf8)
            return
        }
        out.append(0x22)
        for byte in text.utf8 {
            if byte == 0x22 { out.append(0x22) }
            out.append(byte)
        }
        out.append(0x22)
    }
}
