import Foundation
import Testing

/// Compares a produced report with its golden copy under Fixtures/golden/CASE/, byte for byte.
/// `make golden` (DECLAUDIT_UPDATE_GOLDEN=1) rewrites the golden copies instead.
enum Golden {
    static var updating: Bool { ProcessInfo.processInfo.environment["DECLAUDIT_UPDATE_GOLDEN"] == "1" }

    static func check(
        _ produced: URL, against name: String, case caseName: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let golden = BinaryRunner.packageRoot.appendingPathComponent("Fixtures/golden/\(caseName)/\(name)")
        let actual = try Data(contentsOf: produced)
        if updating {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try actual.write(to: golden)
            return
        }
        let expected = try #require(
            FileManager.default.contents(atPath: golden.path),
            "no golden file \(golden.path); run `make golden` and review it", sourceLocation: sourceLocation)
        #expect(
            actual == expected,
            "\(caseName)/\(name) differs from its golden copy; diff \(produced.path) \(golden.path)",
            sourceLocation: sourceLocation)
    }
}

/// Validates a report.json against Schemas/report.schema.json with Python's jsonschema
/// (installed by `make deps`).
enum ReportSchema {
    static func violations(of report: URL) throws -> String? {
        let schema = BinaryRunner.packageRoot.appendingPathComponent("Schemas/report.schema.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import json,sys,jsonschema; jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])), cls=jsonschema.Draft202012Validator)",
            schema.path, report.path,
        ]
        let error = Pipe()
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return process.terminationStatus == 0 ? nil : message
    }
}
