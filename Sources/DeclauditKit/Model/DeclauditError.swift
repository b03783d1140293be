/// Where a problem or an item sits: the input as the user named it, and a 1-based line and column
/// when the problem is inside the text.
public struct SourceLocation: Sendable, Hashable, Codable {
    public var file: String
    public var line: Int?
    public var column: Int?

    public init(file: String, line: Int? = nil, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }
}

extension SourceLocation: CustomStringConvertible {
    /// `file:line:column`, the form editors and terminals turn into links.
    public var description: String {
        switch (line, column) {
        case (let line?, let column?): "\(file):\(line):\(column)"
        case (let line?, nil): "\(file):\(line)"
        default: file
        }
    }
}

/// Every failure the tool reports: a stable code, a sentence for a person, and where it happened.
/// Findings about declarations are not errors; they are `Finding` values.
public struct DeclauditError: Error, Sendable, Hashable {
    public enum Code: String, Sendable, Hashable, Codable {
        case usage
        case inputNotFound = "input-not-found"
        case inputUnreadable = "input-unreadable"
        case emptyInput = "empty-input"
        case gzip
        case xmlMalformed = "xml-malformed"
        case xmlDoctype = "xml-doctype"
        case xmlEncoding = "xml-encoding"
        case unknownFormat = "unknown-format"
        case declarationTooLarge = "declaration-too-large"
        case listMalformed = "list-malformed"
        case permitsMalformed = "permits-malformed"
        case outputNotWritable = "output-not-writable"
        case schemaInvalid = "schema-invalid"
        case ledgerUnusable = "ledger-unusable"
        /// The ledger is held by another process beyond `--ledger-wait`.
        case ledgerBusy = "ledger-busy"
        /// The output folder is locked by another run beyond `--ledger-wait`.
        case outputBusy = "output-busy"
        /// An INPUT directory that holds no `*.xml` or `*.xml.gz` file.
        case noInputFiles = "no-input-files"
        /// The temporary folder (TMPDIR) cannot hold the run's scratch files.
        case temporaryFolderUnusable = "temporary-folder-unusable"
        case `internal`
    }

    public var code: Code
    public var message: String
    public var location: SourceLocation?

    public init(_ code: Code, _ message: String, at location: SourceLocation? = nil) {
        self.code = code
        self.message = message
        self.location = location
    }
}

extension DeclauditError: CustomStringConvertible {
    public var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }
}
