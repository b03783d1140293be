import DeclauditKit

// The function libFuzzer calls with each input (main.swift hands it to the driver). Every input
// goes through the document reader (format from the root element, gzip from the magic number,
// as for files and standard input), once for every goods line and once keeping only some, and
// through the two CSV parsers (prohibited list, permit registry). Besides crashes and sanitizer
// reports, the harness traps when an outcome breaks what the reports promise: counts that add
// up, 1-based line and column numbers, non-empty messages, the same declarations whichever
// lines are kept. Build and run: `make fuzz FUZZ_SECONDS=600` (see the Makefile).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    fuzzDocumentReader(bytes)
    fuzzListParser(bytes)
    fuzzPermitRegistryParser(bytes)
    return 0
}

private func fuzzDocumentReader(_ bytes: [UInt8]) {
    var all: [Declaration] = []
    var lastLine = 0
    let outcome = DocumentReader.read(bytes: bytes, label: "fuzz") { declaration in
        check(declaration.sourceLine >= 1, "declaration source line \(declaration.sourceLine)")
        check(declaration.sourceLine >= lastLine, "declarations out of order: \(declaration.sourceLine) after \(lastLine)")
        lastLine = declaration.sourceLine
        check(declaration.itemCount <= 10_000, "a declaration of \(declaration.itemCount) items passed the bound")
        check(declaration.omittedItemCount == 0, "lines omitted although every line was asked for")
        for item in declaration.items {
            check(item.sourceLine >= 1, "item source line \(item.sourceLine)")
        }
        all.append(declaration)
    }
    check(outcome.declarations == all.count, "outcome counts \(outcome.declarations) declarations, \(all.count) emitted")
    check(outcome.items == all.reduce(0) { $0 + $1.itemCount }, "outcome counts \(outcome.items) items")
    check(
        outcome.lastDeclarationLine == all.last?.sourceLine,
        "last declaration line \(String(describing: outcome.lastDeclarationLine))")
    for problem in [outcome.error].compactMap({ $0 }) + outcome.problems {
        checkLocated(problem)
    }
    if bytes.isEmpty { check(outcome.error?.code == .emptyInput, "empty input gave \(String(describing: outcome.error))") }

    // The same document read keeping only some lines (as a caller that needs only candidates
    // does) must agree with the full reading on everything else.
    let selection = ItemFilter(keepAllTypeCodes: ["E21", "E52"], importPrefixes: HSPrefixSet(["84"]), keepsInvalidCodes: true)
    var selected: [Declaration] = []
    let selectedOutcome = DocumentReader.read(bytes: bytes, label: "fuzz", items: selection) { selected.append($0) }
    check(
        selectedOutcome.declarations == outcome.declarations && selectedOutcome.items == outcome.items,
        "with a selection: \(selectedOutcome.declarations) declarations, \(selectedOutcome.items) items; in full: \(outcome.declarations), \(outcome.items)"
    )
    check(
        selectedOutcome.error == outcome.error,
        "with a selection the error is \(String(describing: selectedOutcome.error)), in full \(String(describing: outcome.error))"
    )
    check(selectedOutcome.problems == outcome.problems, "with a selection the problems differ")
    check(selected.count == all.count, "with a selection \(selected.count) declarations emitted, in full \(all.count)")
    for (partial, full) in zip(selected, all) {
        var stripped = full
        stripped.items = []
        stripped.omittedItemCount = 0
        var partialStripped = partial
        partialStripped.items = []
        partialStripped.omittedItemCount = 0
        check(partialStripped == stripped, "declaration at line \(full.sourceLine) differs with a selection")
        check(
            partial.itemCount == full.itemCount,
            "declaration at line \(full.sourceLine): \(partial.itemCount) lines with a selection, \(full.itemCount) in full")
        check(
            partial.items.allSatisfy { full.items.contains($0) },
            "declaration at line \(full.sourceLine): a selected line differs from the full reading")
    }
}

private func fuzzListParser(_ bytes: [UInt8]) {
    do throws(DeclauditError) {
        let list = try ProhibitedList.parse(csv: bytes, name: "fuzz", source: "fuzz.csv")
        _ = list.entries.count
    } catch {
        checkLocated(error)
    }
}

private func fuzzPermitRegistryParser(_ bytes: [UInt8]) {
    do throws(DeclauditError) {
        let registry = try PermitRegistry.parse(csv: bytes, source: "fuzz.csv")
        _ = registry.lines.count
    } catch {
        checkLocated(error)
    }
}

/// A problem as report.json shows it: a message, and 1-based line and column or none.
private func checkLocated(_ problem: DeclauditError) {
    check(!problem.message.isEmpty, "empty message for \(problem.code)")
    if let line = problem.location?.line { check(line >= 1, "\(problem.code) at line \(line): \(problem.message)") }
    if let column = problem.location?.column { check(column >= 1, "\(problem.code) at column \(column): \(problem.message)") }
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("invariant broken: \(message())") }
}
