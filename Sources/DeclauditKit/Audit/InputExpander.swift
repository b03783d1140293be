import Foundation

/// One input to read: its path and the label reports show (the path as the user gave it, or
/// the directory as given joined with the file's path inside it).
public struct InputFile: Sendable, Hashable {
    public var path: String
    public var label: String
    /// Set when the input is known to fail before it is opened (a directory loop, say).
    public var problem: DeclauditError?

    public init(path: String, label: String, problem: DeclauditError? = nil) {
        self.path = path
        self.label = label
        self.problem = problem
    }
}

/// Turns command-line inputs into the files to read, in order: each argument in turn, a
/// directory's `*.xml` and `*.xml.gz` files recursively in sorted path order. A symlink loop
/// or an unreadable directory becomes an input that fails, so nothing goes unaccounted.
public enum InputExpander {
    public static func expand(_ arguments: [String]) -> [InputFile] {
        var files: [InputFile] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            if argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory), isDirectory.boolValue {
                var visited: Set<String> = []
                walk(directory: argument, label: argument, visited: &visited, into: &files)
            } else {
                files.append(InputFile(path: argument, label: argument))
            }
        }
        return files
    }

    static func isAuditable(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".xml") || lower.hasSuffix(".xml.gz")
    }

    private static func walk(directory: String, label: String, visited: inout Set<String>, into files: inout [InputFile]) {
        let real = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        guard visited.insert(real).inserted else {
            files.append(InputFile(
                path: directory, label: label,
                problem: DeclauditError(.inputUnreadable, "directory symlink loop: this directory is already being searched", at: SourceLocation(file: label))))
            return
        }
        defer { visited.remove(real) }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            files.append(InputFile(
                path: directory, label: label,
                problem: DeclauditError(.inputUnreadable, "cannot list the directory", at: SourceLocation(file: label))))
            return
        }
        for name in names.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }) {
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let childLabel = label.hasSuffix("/") ? label + name : label + "/" + name
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                walk(directory: path, label: childLabel, visited: &visited, into: &files)
            } else if isAuditable(name) {
                files.append(InputFile(path: path, label: childLabel))
            }
        }
    }
}
