import DeclauditKit

// `make bench`'s reader-only contender: reads a file as `declaudit audit` does (same opener,
// same libxml2 parse, lines selected the way the auditor selects them) and hands each
// declaration to a closure that only counts, so the bench can tell the reader's cost from the
// rules', the ledger's and the reports'.
//
//   reader-throughput FILE...

let list = ProhibitedList.builtIn
let processing: Set<String> = ["E21", "E23", "E52", "E54"]
let selection = ItemSelection(
    scope: { declaration in
        if processing.contains(declaration.typeCode.uppercased()) { return .all }
        guard declaration.status != .cancelled,
              TypeCodes.direction(typeCode: declaration.typeCode, number: declaration.number) == .import
        else { return .none }
        return .candidates
    },
    isCandidate: { code in
        guard let code else { return true }
        return list.coversOnSomeDay(code)
    })

var declarations = 0
var lines = 0
var kept = 0
var failed = false
for path in CommandLine.arguments.dropFirst() {
    let outcome = DocumentReader.read(path: path, label: path, items: selection) { declaration in
        declarations += 1
        kept += declaration.items.count
    }
    lines += outcome.items
    if let error = outcome.firstError {
        print("\(path): \(error)")
        failed = true
    }
}
print("\(declarations) declarations, \(lines) goods lines, \(kept) kept")
if failed { fatalError("some input could not be read") }
