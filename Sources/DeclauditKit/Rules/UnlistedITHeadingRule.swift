/// `used-it.unlisted-it-heading`: used or refurbished goods in an IT-type heading that no list
/// entry covers. The list is known to be incomplete, so such a line needs review, never clears.
struct UnlistedITHeadingRule: ItemRule {
    static let rule = RuleID.usedITUnlistedHeading

    func evaluate(_ assessment: ItemAssessment, context: RuleContext) -> Finding? {
        guard assessment.condition.condition.isUsedOrRefurbished, let hsCode = assessment.hsCode,
              let match = assessment.match, match.entry == nil, let review = match.review
        else { return nil }
        return assessment.finding(
            Self.rule, .review, listCode: review.written,
            reason: "Goods \(assessment.conditionPhrase); HS \(hsCode.dotted) is in IT-type heading \(review.written), which the verified list does not cover line by line; the official Appendix of Circular 11/2018/TT-BTTTT may list it, so an inspector should check.")
    }
}
