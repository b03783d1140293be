extension Finding {
    /// The triage statuses that keep a finding in every report but out of the exit status and
    /// out of the counts that alert (contract: "Finding identity, state and triage").
    public static let suppressingTriage: Set<String> = ["false-positive", "accepted"]

    /// Whether an inspector's decision suppresses the finding.
    public var isSuppressed: Bool { triage.map(Self.suppressingTriage.contains) ?? false }
}
