/// Stage 2, assess lines: of an import declaration that is not cancelled, each goods line some
/// rule can judge is assessed once (code, list match, condition) into the `ItemAssessment` the
/// rules and the permit draw-down share.
enum AssessStage {
    /// Whether the item rules look at `declaration`'s lines at all.
    static func isJudged(_ declaration: Declaration) -> Bool {
        declaration.status != .cancelled
            && TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
    }

    /// Hands `body` the assessment of each of `declaration`'s candidate lines, in line order (one
    /// at a time: an array of them would copy every assessment). `listDay` is asked only when
    /// there is a line to assess (reading the date costs).
    static func assess(
        _ declaration: Declaration, source: String, list: ProhibitedList, listDay: () -> Int32,
        _ body: (ItemAssessment) -> Void
    ) {
        guard isJudged(declaration) else { return }
        for item in declaration.items where ItemAssessment.isCandidate(item, list: list) {
            body(ItemAssessment(declaration: declaration, item: item, source: source, list: list, listDay: listDay()))
        }
    }
}
