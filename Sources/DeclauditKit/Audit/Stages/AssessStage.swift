/// Stage 2, assess lines: of an import declaration, each goods line some rule can judge is
/// assessed once (code, list match, condition) into the `ItemAssessment` that the rules, the
/// permit draw-down and a processing import's ledger record share.
enum AssessStage {
    /// Whether the item rules look at `declaration`'s lines at all.
    static func isJudged(_ declaration: Declaration) -> Bool {
        declaration.status != .cancelled
            && TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
    }

    /// Whether a processing import's ledger record needs its lines assessed (whether listed used
    /// IT goods came in under the contract), cancelled or not.
    static func isRecorded(_ declaration: Declaration) -> Bool {
        TypeCodes.kind(of: declaration.typeCode).contains(.processingImport)
    }

    /// Hands `body` the assessment of each of `declaration`'s candidate lines with its position
    /// in `items`, in line order (one at a time: an array of them would copy every assessment), for
    /// a declaration the rules judge or a processing import. `listDay` is asked only when there is
    /// a line to assess (reading the date costs).
    static func assess(
        _ declaration: Declaration, source: String, list: ProhibitedList, listDay: () -> Int32,
        _ body: (_ position: Int, ItemAssessment) -> Void
    ) {
        guard isJudged(declaration) || isRecorded(declaration) else { return }
        // Through the buffer: a line is copied (each of its Strings retained) only when assessed.
        declaration.items.withUnsafeBufferPointer { items in
            for position in items.indices {
                let code = items[position].hsCode.flatMap { HSCode(normalizing: $0) }
                guard ItemAssessment.isCandidate(hsCode: code, list: list) else { continue }
                body(
                    position,
                    ItemAssessment(
                        declaration: declaration, item: items[position], hsCode: code, source: source, list: list,
                        listDay: listDay()))
            }
        }
    }
}
