/// `used-it.unlisted-it-heading`: used or refurbished goods in a watched heading that no list
/// entry covers: parts and accessories of listed products (Circular 11/2018 Art. 2.2.b) and
/// unlisted lines of a partly listed heading cannot be cleared by the HS code alone.
struct UnlistedITHeadingRule: LineRule {
    static let id = RuleID.usedITUnlistedHeading

    func evaluate(_ line: ItemAssessment, context: RuleContext) -> Verdict? {
        guard line.condition.condition.isUsedOrRefurbished, let hsCode = line.hsCode,
            let match = line.match, match.entry == nil, let review = match.review
        else { return nil }
        return Verdict(
            severity: .review, listCode: review.written,
            reason: Reason(parts: [
                ReasonPhrases.goods(line.conditionPhrase), ReasonPhrases.underReviewHeading(hsCode: hsCode, review: review),
                ReasonPhrases.partsAndAccessories,
            ]))
    }
}
