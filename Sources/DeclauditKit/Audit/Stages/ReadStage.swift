import Foundation

/// Stage 1, read: one input's bytes to declarations, keeping as `DeclarationItem`s only the
/// goods lines a later stage uses. The filter is plain data, so the readers know nothing of the
/// rules.
enum ReadStage {
    /// Every line of a processing declaration (the ledger keeps them all), none of a cancelled or
    /// export declaration, and of an import the lines `AssessStage.isCandidate` accepts: a code
    /// the list covers or watches on some day, or no valid code.
    static func filter(list: ProhibitedList) -> ItemFilter {
        ItemFilter(
            keepAllTypeCodes: TypeCodes.processing,
            importPrefixes: list.coveredPrefixes, keepsInvalidCodes: true)
    }

    /// Reads `file`, handing its declarations on in batches as they are complete; a batch's
    /// declarations are made (Strings and all) where it is used.
    static func read(_ file: InputFile, filter: ItemFilter, batches: @escaping (DeclarationBatch) -> Void) -> ReadOutcome {
        DocumentReader.readInBatches(path: file.path, label: file.label, items: filter, batches: batches)
    }

    /// Reading and judging overlap only where there is much to read: for a small file the
    /// hand-over between threads would cost more than it saves.
    static func isLarge(_ file: InputFile) -> Bool {
        guard file.path != "-" else { return true }
        guard let size = try? FileSystem.size(ofFileAt: file.path) else { return true }
        if size >= largeInputBytes { return true }
        // Gzip is read for what it inflates to: declarations compress more than tenfold.
        return size >= largeInputBytes / 10 && isGzip(file)
    }

    static let largeInputBytes = 4 << 20

    private static func isGzip(_ file: InputFile) -> Bool {
        guard let source = try? FileByteSource(path: file.path, label: file.label) else { return false }
        return (try? source.peek(2)) == [0x1f, 0x8b]
    }
}
