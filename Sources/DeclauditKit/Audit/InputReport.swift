/// The account of one input in report.json: read or not, and how far.
public struct InputReport: Sendable, Hashable {
    public enum Status: String, Sendable { case ok, failed }

    public var path: String
    public var format: InputFormat?
    public var status: Status
    public var declarations: Int
    public var items: Int
    /// The first problem; its line and column are nil where the problem is not in the XML.
    public var error: DeclauditError?
    /// Further problems beyond the first.
    public var problemCount: Int
    /// The line where the last declaration read in full started, for a failed input.
    public var lastDeclarationLine: Int?
}
