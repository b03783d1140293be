/// What a row of a prohibited list does (README, "The prohibited list").
public enum ListRole: String, Sendable, Codable, CaseIterable {
    /// Prohibited when used; a 4- or 6-digit entry with longer entries under it acts as a header.
    case entry
    /// A heading that prohibits nothing by itself.
    case header
    /// A heading the list may not fully cover: used goods under it that no entry covers
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
    /// First and last day the row applies (YYYY-MM-DD, inclusive); nil: open on that side.
    public var validFrom: String?
    public var validTo: String?

    public init(
        code: String, written: String, role: ListRole, descriptionVI: String = "",
        descriptionEN: String = "", basis: String = "", notes: [ListNote] = [], line: Int,
        validFrom: String? = nil, validTo: String? = nil
    ) {
        self.code = code
        self.written = written
        self.role = role
        self.descriptionVI = descriptionVI
        self.descriptionEN = descriptionEN
        self.basis = basis
        self.notes = notes
        self.line = line
        self.validFrom = validFrom
        self.validTo = validTo
    }

    /// The period as day numbers (`ListDay`), open sides as the extremes.
    public var firstDay: Int32 { validFrom.flatMap(ListDay.of) ?? ListDay.earliest }
    public var lastDay: Int32 { validTo.flatMap(ListDay.of) ?? ListDay.latest }

    /// True when the row applies on `day`.
    public func isInForce(on day: Int32) -> Bool { firstDay <= day && day <= lastDay }

    /// True when some day is in both rows' periods.
    public func overlaps(_ other: ListEntry) -> Bool { firstDay <= other.lastDay && other.firstDay <= lastDay }

    /// "from 2018-11-30", "until 2026-06-30", "2026-01-01 to 2026-06-30", or "no dates".
    public var period: String {
        switch (validFrom, validTo) {
        case (let from?, let to?): "\(from) to \(to)"
        case (let from?, nil): "from \(from)"
        case (nil, let to?): "until \(to)"
        case (nil, nil): "no dates"
        }
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

/// Days as the list's periods and lookups count them: `DateText` day numbers in an Int32, so a
/// lookup compares integers, never strings.
public enum ListDay {
    /// Before and after every date: the open sides of a period.
    public static let earliest = Int32.min
    public static let latest = Int32.max

    /// The day of a YYYY-MM-DD date, or nil.
    public static func of(_ isoDate: String) -> Int32? {
        DateText.dayNumber(isoDate).map { Int32(clamping: $0) }
    }

    /// The day of a date as a declaration may write it (`DateText.normalize`), or nil.
    public static func of(declared text: String?) -> Int32? {
        text.flatMap(DateText.normalize).flatMap(of)
    }
}
