/// What a row of a prohibited list does (README, "The prohibited list").
public enum ListRole: String, Sendable, Codable, CaseIterable {
    /// Prohibited when used; a 4- or 6-digit entry with longer entries under it acts as a header.
    case entry
    /// A heading that prohibits nothing by itself.
    case header
    /// An IT-type heading the list may not fully cover: used goods under it that no entry covers
    /// need review.
    case review
}

/// An extra column of a list row, kept as a note: the header's name and the row's value.
public struct ListNote: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One row of a prohibited list.
public struct ListEntry: Sendable, Hashable {
    /// Normalised digits: 4, 6 or 8 of them.
    public var code: String
    /// The code exactly as the list writes it (trimmed), e.g. "8471" or "8443.99.20"; this is what
    /// reports show as `list_code`.
    public var written: String
    public var role: ListRole
    public var descriptionVI: String
    public var descriptionEN: String
    public var basis: String
    /// Extra columns in file order, e.g. `confidence`.
    public var notes: [ListNote]
    /// Line in the source CSV where the row starts.
    public var line: Int

    public init(
        code: String, written: String, role: ListRole, descriptionVI: String = "",
        descriptionEN: String = "", basis: String = "", notes: [ListNote] = [], line: Int
    ) {
        self.code = code
        self.written = written
        self.role = role
        self.descriptionVI = descriptionVI
        self.descriptionEN = descriptionEN
        self.basis = basis
        self.notes = notes
        self.line = line
    }

    /// The value of a `confidence` note column (name compared case-insensitively), if any.
    public var confidence: String? { note(named: "confidence") }

    /// The value of the first note column with this name (case-insensitive), if any.
    public func note(named name: String) -> String? {
        let wanted = name.lowercased()
        return notes.first { $0.name.lowercased() == wanted }?.value
    }

    /// The code in the dotted form reasons use: "8443.31.19", "8504.40", "8471".
    public var dotted: String { ListQuery.dotted(code) }

    /// True when `hsCode` lies under this row's code (by digits only; roles are not considered).
    public func covers(_ hsCode: HSCode) -> Bool { hsCode.hasPrefix(code) }
}

/// What the list says about one 8-digit code.
public struct ListMatch: Sendable, Hashable {
    /// The most specific covering effective entry (header rule applied); nil when not listed.
    public var entry: ListEntry?
    /// The most specific covering review heading, reported whatever `entry` is.
    public var review: ListEntry?

    public init(entry: ListEntry? = nil, review: ListEntry? = nil) {
        self.entry = entry
        self.review = review
    }
}
