import Crypto

/// `finding_id`: the first 16 lower-case hex digits of SHA-256 over `RULE + "\n" + SUBJECT`.
/// Other systems compute it from the same formula, so it must never change.
public enum FindingIdentity {
    public static func id(rule: RuleID, subject: String) -> String {
        let digest = SHA256.hash(data: Array((rule.rawValue + "\n" + subject).utf8))
        var hex = ""
        hex.reserveCapacity(16)
        for byte in digest.prefix(8) {
            hex.append(hexDigits[Int(byte >> 4)])
            hex.append(hexDigits[Int(byte & 0x0F)])
        }
        return hex
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// A line finding: the first 11 digits of the declaration number (the 12th counts
    /// amendments, so an amendment keeps the identity), `/`, the goods line number. A contract
    /// finding: the contract key.
    public static func subject(rule: RuleID, declaration: String, line: Int?, contract: String?) -> String {
        switch rule {
        case .processingNotReexported, .processingBalanceOutstanding:
            return contract ?? ""
        case .usedITNoPermit, .usedITPermitInvalid, .usedITPermitUnverified, .usedITUnlistedHeading, .inputInvalidHSCode:
            return "\(declaration.prefix(11))/\(line.map(String.init) ?? "")"
        }
    }

    /// A goods balance: contract key, goods key (product code, else 8-digit HS code) and unit.
    public static func subject(contract: String, goodsKey: String, unit: String) -> String {
        "\(contract)/\(goodsKey)/\(unit)"
    }
}
