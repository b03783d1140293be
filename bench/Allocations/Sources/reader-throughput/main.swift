import DeclauditKit

// `make bench`'s reader-only contender: reads a file as `declaudit audit` does (same opener,
// same libxml2 parse, lines selected the way the auditor selects them) and hands each
// declaration to a closure that only counts, so the bench can tell the reader's cost from the
// rules', the ledger's and the reports'.
//
//   reader-throughput FILE...

let list = ProhibitedList.builtIn
// As ReadStage.filter(list:) builds it.
let selection = ItemFilter(keepAllTypeCodes: TypeCodes.processing, importPrefixes: list.coveredPrefixes, keepsInvalidCodes: true)

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
