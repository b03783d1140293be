/// A legal instrument a finding can rest on, with the period it is in force (inclusive; nil
/// is open). Citations are written as the contract writes them: reports and scripts match them.
public struct Instrument: Sendable, Hashable {
    public enum Role: String, Sendable, CaseIterable {
        /// The List of used IT products prohibited from import.
        case list
        /// Permits to import listed goods: the ministry, the cases.
        case permits
        /// Customs rules for processing contracts (disposal of surplus goods).
        case processing
    }

    /// What a permit instrument covers (Decision 18/2016: special cases; Decision 31/2019:
    /// research and processing; Circular 26/2025: all three).
    public enum PermitPurpose: String, Sendable, CaseIterable {
        case special, research, processing
    }

    public let citation: String
    /// The citation as Vietnamese reasons write it ("Quyết định 18/2016/QĐ-TTg").
    public let citationVI: String
    public let role: Role
    public let purposes: [PermitPurpose]
    /// The ministry that issues permits under it, in English and Vietnamese.
    public let authority: (en: String, vi: String)?
    public let validFrom: String?
    public let validTo: String?

    init(
        citation: String, vi citationVI: String, role: Role, purposes: [PermitPurpose], authority: (en: String, vi: String)?,
        validFrom: String?, validTo: String?
    ) {
        self.citation = citation
        self.citationVI = citationVI
        self.role = role
        self.purposes = purposes
        self.authority = authority
        self.validFrom = validFrom
        self.validTo = validTo
    }

    public func isInForce(on date: String) -> Bool {
        // YYYY-MM-DD compares as text.
        (validFrom.map { $0 <= date } ?? true) && (validTo.map { date <= $0 } ?? true)
    }

    public static func == (lhs: Instrument, rhs: Instrument) -> Bool { lhs.citation == rhs.citation }
    public func hash(into hasher: inout Hasher) { hasher.combine(citation) }
}

/// The instruments by date, held here as data and nowhere else: rules and reports ask which
/// are in force on a declaration's registration date instead of testing dates themselves.
public enum LegalRegime {
    static let ministryOfInformation = (en: "Ministry of Information and Communications", vi: "Bộ Thông tin và Truyền thông")
    static let ministryOfScience = (en: "Ministry of Science and Technology", vi: "Bộ Khoa học và Công nghệ")

    /// The day the IT portfolio, and with it the permits, moved to the Ministry of Science and
    /// Technology (Circular 26/2025/TT-BKHCN in force).
    public static let scienceMinistryFrom = "2025-10-31"

    public static let instruments: [Instrument] = [
        Instrument(
            citation: "Circular 11/2018/TT-BTTTT", vi: "Thông tư 11/2018/TT-BTTTT", role: .list, purposes: [], authority: nil,
            validFrom: "2018-11-30", validTo: nil),
        Instrument(
            citation: "Decision 18/2016/QD-TTg", vi: "Quyết định 18/2016/QĐ-TTg", role: .permits, purposes: [.special],
            authority: ministryOfInformation,
            validFrom: "2016-07-01", validTo: "2025-10-30"),
        Instrument(
            citation: "Decision 31/2019/QD-TTg", vi: "Quyết định 31/2019/QĐ-TTg", role: .permits,
            purposes: [.research, .processing],
            authority: ministryOfInformation, validFrom: "2019-10-09", validTo: "2025-10-30"),
        Instrument(
            citation: "Circular 26/2025/TT-BKHCN", vi: "Thông tư 26/2025/TT-BKHCN", role: .permits,
            purposes: [.special, .research, .processing],
            authority: ministryOfScience, validFrom: scienceMinistryFrom, validTo: nil),
        // Undated: its entry into force is not needed for any declaration the list applies to.
        Instrument(
            citation: "Circular 38/2015/TT-BTC Art. 64", vi: "Thông tư 38/2015/TT-BTC Điều 64", role: .processing, purposes: [],
            authority: nil,
            validFrom: nil, validTo: nil),
    ]

    /// The date whose instruments judge a declaration: its registration date, else (none, or not
    /// a date) the audit date. The same day the list rows are chosen by (`ListDay.of(declared:)`).
    public static func day(registeredOn: String?, asOf: String) -> String {
        registeredOn.flatMap(DateText.normalize) ?? asOf
    }

    /// The instruments of `role` in force on `date`, in table order.
    public static func inForce(_ role: Instrument.Role, on date: String) -> [Instrument] {
        instruments.filter { $0.role == role && $0.isInForce(on: date) }
    }

    /// The permit instruments in force on `date` that cover `purpose` (all purposes when nil).
    public static func permitInstruments(on date: String, for purpose: Instrument.PermitPurpose? = nil) -> [Instrument] {
        inForce(.permits, on: date).filter { purpose.map($0.purposes.contains) ?? true }
    }

    /// The ministry that issued permits on `date`; nil before any permit instrument.
    public static func permitAuthority(on date: String) -> (en: String, vi: String)? {
        inForce(.permits, on: date).first?.authority
    }

    /// The `legal_basis` column: the instruments in force on `date` that a finding of `rule`
    /// rests on, `; `-joined. Processing findings cite the permit instrument for processing
    /// only when listed used IT goods are involved.
    public static func basis(of rule: RuleID, on date: String, listedUsedGoods: Bool = false) -> String {
        let cited: [Instrument]
        switch rule {
        case .usedITNoPermit, .usedITPermitInvalid, .usedITPermitUnverified, .usedITUnlistedHeading:
            cited = inForce(.list, on: date) + permitInstruments(on: date)
        case .processingNotReexported, .processingBalanceOutstanding:
            cited = inForce(.processing, on: date) + (listedUsedGoods ? permitInstruments(on: date, for: .processing) : [])
        case .inputInvalidHSCode:
            cited = []
        }
        return cited.map(\.citation).joined(separator: "; ")
    }

    /// A stretch of days with one set of permit instruments in force (`validTo` nil: still open).
    public struct PermitPeriod: Sendable {
        public let validFrom: String
        public let validTo: String?
        public let instruments: [Instrument]
        public var authority: (en: String, vi: String)? { instruments.first?.authority }
    }

    /// The permit regime as periods, oldest first: where an instrument starts or ends, a period does.
    public static var permitPeriods: [PermitPeriod] {
        let permits = instruments.filter { $0.role == .permits }
        let starts = Set(
            permits.compactMap(\.validFrom)
                + permits.compactMap { $0.validTo.flatMap(DateText.dayNumber).map { DateText.isoDate(dayNumber: $0 + 1) } }
        ).sorted()
        var periods: [PermitPeriod] = []
        for (index, start) in starts.enumerated() {
            let inForce = permits.filter { $0.isInForce(on: start) }
            guard !inForce.isEmpty else { continue }
            let end =
                index + 1 < starts.count ? DateText.dayNumber(starts[index + 1]).map { DateText.isoDate(dayNumber: $0 - 1) } : nil
            periods.append(PermitPeriod(validFrom: start, validTo: end, instruments: inForce))
        }
        return periods
    }
}
