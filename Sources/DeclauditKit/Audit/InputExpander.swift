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
                let before = files.count
                walk(directory: argument, label: argument, visited: &visited, into: &files)
                if files.count == before {
                    // A night's export that produced nothing must not look like a clean night.
                    files.append(InputFile(
                        path: argument, label: argument,
                        problem: DeclauditError(.noInputFiles, "the directory holds no *.xml or *.xml.gz file", at: SourceLocation(file: argument))))
                }
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
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                // Listed but not there when followed (a dangling link, a link loop): named like an
                // input, it fails visibly instead of vanishing.
                if isAuditable(name) { files.append(InputFile(path: path, label: childLabel, problem: unfollowable(path, label: childLabel))) }
                continue
            }
            if isDirectory.boolValue {
                walk(directory: path, label: childLabel, visited: &visited, into: &files)
            } else if isAuditable(name) {
                files.append(InputFile(path: path, label: childLabel, problem: notRegularFile(path, label: childLabel)))
            }
        }
    }

    private static func unfollowable(_ path: String, label: String) -> DeclauditError {
        var status = stat()
        let isLink = lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
        let code = stat(path, &status) == 0 ? 0 : errno
        let message: String
        switch code {
        case ENOENT where isLink: message = "dangling symbolic link: its target does not exist"
        case ENOENT: message = "no such file"
        case ELOOP: message = "symbolic link loop: the link cannot be followed"
        default: message = "cannot open: \(String(cString: strerror(code)))"
        }
        return DeclauditError(code == ENOENT ? .inputNotFound : .inputUnreadable, message, at: SourceLocation(file: label))
    }

    /// A named pipe, socket or device met in a directory is not read: a pipe without a writer
    /// would block the run for ever. (Named on the command line, a pipe is read: `<(zcat ...)`.)
    private static func notRegularFile(_ path: String, label: String) -> DeclauditError? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG else { return nil }
        return DeclauditError(
            .inputUnreadable, "not a regular file (a named pipe, socket or device); not read, so that the run cannot block on it",
            at: SourceLocation(file: label))
    }
}
