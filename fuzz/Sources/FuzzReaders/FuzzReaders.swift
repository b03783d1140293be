import DeclauditKit

// libFuzzer entry point (the toolchain's libFuzzer supplies `main`). Every input goes through
// the document reader (format from the root element, gzip from the magic number, as for files
// and standard input) and through the two CSV parsers (prohibited list, permit registry).
// Besides crashes and sanitizer reports, the harness traps when an outcome breaks what the
// reports promise: counts that add up, 1-based line and column numbers, non-empty messages.
// Build and run: `make fuzz FUZZ_SECONDS=600` (see the Makefile).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    fuzzDocumentReader(bytes)
    fuzzListParser(bytes)
    fuzzPermitRegistryParser(bytes)
    return 0
}

private func fuzzDocumentReader(_ bytes: [UInt8]) {
    var declarations = 0
    var items = 0
    var lastLine = 0
    let outcome = DocumentReader.read(bytes: bytes, label: "fuzz") { declaration in
        declarations += 1
        items += declaration.itemCount
        check(declaration.sourceLine >= 1, "declaration source line \(declaration.sourceLine)")
        check(declaration.sourceLine >= lastLine, "declarations out of order: \(declaration.sourceLine) after \(lastLine)")
        lastLine = declaration.sourceLine
        check(declaration.itemCount <= 10_000, "a declaration of \(declaration.itemCount) items passed the bound")
        for item in declaration.items {
            check(item.sourceLine >= 1, "item source line \(item.sourceLine)")
        }
    }
    check(outcome.declarations == declarations, "outcome counts \(outcome.declarations) declarations, \(declarations) emitted")
    check(outcome.items == items, "outcome counts \(outcome.items) items, \(items) emitted")
    check(outcome.lastDeclarationLine == (declarations == 0 ? nil : lastLine), "last declaration line \(String(describing: outcome.lastDeclarationLine)), expected \(lastLine)")
    for problem in [outcome.error].compactMap({ $0 }) + outcome.problems {
        checkLocated(problem)
    }
    if bytes.isEmpty { check(outcome.error?.code == .emptyInput, "empty input gave \(String(describing: outcome.error))") }
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
