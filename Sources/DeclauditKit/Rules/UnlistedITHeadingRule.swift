/// `used-it.unlisted-it-heading`: used or refurbished goods in a watched heading that no list
/// entry covers: parts and accessories of listed products (Circular 11/2018 Art. 2.2.b) and
/// unlisted lines of a partly listed heading cannot be cleared by the HS code alone.
struct UnlistedITHeadingRule: ItemRule {
    static let rule = RuleID.usedITUnlistedHeading

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        guard assessment.condition.condition.isUsedOrRefurbished, let hsCode = assessment.hsCode,
              let match = assessment.match, match.entry == nil, let review = match.review
        else { return nil }
        return assessment.finding(
            Self.rule, .review, listCode: review.written,
            reason: "Goods \(assessment.conditionPhrase); HS \(hsCode.dotted) is not on the list, but it is under review heading \(review.dotted)\(Self.why(review)); used parts and accessories of listed products are prohibited too (Circular 11/2018/TT-BTTTT Art. 2.2.b), which the HS code alone cannot decide, so an inspector should check.")
    }

    /// The review row's basis, as the list gives it: " (watched: only 18 lines of the heading are listed)".
    private static func why(_ review: ListEntry) -> String {
        review.basis.isEmpty ? "" : " (\(review.basis))"
    }
}
