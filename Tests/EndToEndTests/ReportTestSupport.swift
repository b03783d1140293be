import Foundation
import Testing

/// What the tests of the reports for people need around a run: its CSV read back, external
/// programs (Chromium, Python with openpyxl) found or a failure that says how to install them.
enum ReportTestSupport {
    /// findings.csv as one dictionary per row (RFC 4180: quoted fields may hold commas, quotes
    /// and line breaks).
    static func csvRows(_ url: URL) throws -> [[String: String]] {
        let records = parseCSV(try String(contentsOf: url, encoding: .utf8))
        guard let header = records.first else { return [] }
        return records.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(text).makeIterator()
        var pending: Character? = nil
        while let character = pending ?? characters.next() {
            pending = nil
            if quoted {
                if character == "\"" {
                    if let next = characters.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            quoted = false
                            pending = next
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"": quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\n", "\r\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
            default: field.append(character)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }

    /// The first of `names` on PATH, or nil.
    static func program(_ names: [String]) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in names {
            for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Runs a program, standard output and error read in full; the exit status.
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = Box<Data>()
        let reader = Thread { errorData.value = error.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while errorData.value == nil { usleep(1_000) }
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errorData.value ?? Data(), as: UTF8.self)
        )
    }

    /// Python 3 with openpyxl, or a recorded failure that says how to install it.
    static func openpyxl() -> String? {
        guard let python = program(["python3"]),
            let check = try? run(python, ["-c", "import openpyxl"]), check.status == 0
        else {
            Issue.record(
                "Python 3 with openpyxl is needed to read findings.xlsx back: run `make deps` (pip install openpyxl, or apt-get install python3-openpyxl)"
            )
            return nil
        }
        return python
    }

    /// Reads a workbook with openpyxl: per sheet its name, frozen pane, autofilter range and
    /// cells as [value, openpyxl data type] ('s' text, 'n' number, 'd' date).
    static func readWorkbook(_ url: URL, python: String) throws -> [Sheet] {
        let script = """
            import json, sys, openpyxl
            book = openpyxl.load_workbook(sys.argv[1])
            sheets = []
            for sheet in book.worksheets:
                rows = [[["" if c.value is None else str(c.value), c.data_type] for c in row] for row in sheet.iter_rows()]
                sheets.append({"name": sheet.title, "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "rows": rows})
            print(json.dumps(sheets))
            """
        let result = try run(python, ["-c", script, url.path])
        guard result.status == 0 else {
            Issue.record("openpyxl could not read \(url.lastPathComponent): \(result.error)")
            return []
        }
        return try JSONDecoder().decode([Sheet].self, from: Data(result.output.utf8))
    }

    struct Sheet: Decodable {
        let name: String
        let freeze: String?
        let filter: String?
        let rows: [[[String]]]

        /// Row `index` as column name → (value, type), by the header row.
        func record(_ index: Int) -> [String: (value: String, type: String)] {
            var record: [String: (value: String, type: String)] = [:]
            for (header, cell) in zip(rows[0], rows[index]) { record[header[0]] = (cell[0], cell[1]) }
            return record
        }
    }
}

/// A value handed from a reader thread.
final class Box<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
