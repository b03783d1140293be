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
    /// `arguments` as `RawPath` Strings (see `RawPath.recoverArgument`); labels show them escaped.
    public static func expand(_ arguments: [String]) -> [InputFile] {
        var files: [InputFile] = []
        for argument in arguments {
            let label = RawPath.display(argument)
            if argument != "-", FileSystem.kind(atPath: argument, followingLinks: true) == .directory {
                var visited: Set<[UInt8]> = []
                let before = files.count
                walk(directory: argument, label: label, visited: &visited, into: &files)
                if files.count == before {
                    // A night's export that produced nothing must not look like a clean night.
                    files.append(
                        InputFile(
                            path: argument, label: label,
                            problem: DeclauditError(
                                .noInputFiles, "the directory holds no *.xml or *.xml.gz file", at: SourceLocation(file: label))))
                }
            } else {
                files.append(InputFile(path: argument, label: label))
            }
        }
        return files
    }

    static func isAuditable(_ name: String) -> Bool {
        isAuditable(Array(name.utf8))
    }

    /// `*.xml` or `*.xml.gz`, in any case, on the name's bytes (whether or not they are UTF-8).
    static func isAuditable(_ name: [UInt8]) -> Bool {
        let lower = name.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        return lower.ends(with: Array(".xml".utf8)) || lower.ends(with: Array(".xml.gz".utf8))
    }

    /// Walks a directory by the bytes of its names, so a name that is not UTF-8 is opened as it
    /// is and accounted for, shown with its odd bytes escaped.
    private static func walk(directory: String, label: String, visited: inout Set<[UInt8]>, into files: inout [InputFile]) {
        let real = FileSystem.realPath(directory) ?? RawPath.bytes(directory)
        guard visited.insert(real).inserted else {
            files.append(
                InputFile(
                    path: directory, label: label,
                    problem: DeclauditError(
                        .inputUnreadable, "directory symlink loop: this directory is already being searched",
                        at: SourceLocation(file: label))))
            return
        }
        defer { visited.remove(real) }
        guard let names = FileSystem.entries(ofDirectory: directory) else {
            files.append(
                InputFile(
                    path: directory, label: label,
                    problem: DeclauditError(.inputUnreadable, "cannot list the directory", at: SourceLocation(file: label))))
            return
        }
        let directoryBytes = RawPath.bytes(directory)
        for name in names.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let path = RawPath.string(directoryBytes.last == 0x2F ? directoryBytes + name : directoryBytes + [0x2F] + name)
            let shownName = RawPath.display(bytes: name)
            let childLabel = label.hasSuffix("/") ? label + shownName : label + "/" + shownName
            guard let kind = FileSystem.kind(atPath: path, followingLinks: true) else {
                // Listed but not there when followed (a dangling link, a link loop): named like an
                // input, it fails visibly instead of vanishing.
                if isAuditable(name) {
                    files.append(InputFile(path: path, label: childLabel, problem: unfollowable(path, label: childLabel)))
                }
                continue
            }
            if kind == .directory {
                walk(directory: path, label: childLabel, visited: &visited, into: &files)
            } else if isAuditable(name) {
                files.append(InputFile(path: path, label: childLabel, problem: notRegularFile(kind, label: childLabel)))
            }
        }
    }

    private static func unfollowable(_ path: String, label: String) -> DeclauditError {
        let isLink = FileSystem.kind(atPath: path) == .symbolicLink
        let failure: SystemError
        do {
            _ = try FileSystem.size(ofFileAt: path)
            failure = SystemError("stat", code: 0)
        } catch {
            failure = error
        }
        let message: String
        if failure.isNoSuchFile {
            message = isLink ? "dangling symbolic link: its target does not exist" : "no such file"
        } else if failure.isLinkLoop {
            message = "symbolic link loop: the link cannot be followed"
        } else {
            message = "cannot open: \(failure.reason)"
        }
        return DeclauditError(failure.isNoSuchFile ? .inputNotFound : .inputUnreadable, message, at: SourceLocation(file: label))
    }

    /// A named pipe, socket or device met in a directory is not read: a pipe without a writer
    /// would block the run for ever. (Named on the command line, a pipe is read: `<(zcat ...)`.)
    private static func notRegularFile(_ kind: FileKind, label: String) -> DeclauditError? {
        guard kind == .other else { return nil }
        return DeclauditError(
            .inputUnreadable, "not a regular file (a named pipe, socket or device); not read, so that the run cannot block on it",
            at: SourceLocation(file: label))
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix)
    }
}
