import DeclauditKit
import Foundation
import MallocInterposerSwift

// Counts the allocations of reading a generated dump of 10,000 goods lines, in three ways the
// auditor can ask for them, and compares them with a budget. Run with the interposer preloaded:
//
//   LD_PRELOAD=$BIN/libMallocInterposerSwift.so $BIN/allocation-guard
//
// Exit status 0 within budget, 1 over it, 2 when the interposer is not loaded.

/// A dump of `declarations` declarations with 1 to 12 lines each (deterministic).
func makeDump(lines wanted: Int) -> (text: String, lines: Int) {
    let goods = [
        ("8471.30.20", "Máy tính xách tay Dell Latitude, hàng mới 100%", "PCE"),
        ("3926.30.00", "Chốt định vị bằng nhựa dùng cho ô tô, hàng mới 100%", "PCE"),
        ("7320.20.19", "Lò xo cuộn bằng thép, mã 85345-2S000, mới 100%", "PCE"),
        ("8517.13.00", "Điện thoại di động đã qua sử dụng", "PCE"),
    ]
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<DeclarationDump xmlns=\"urn:declaudit:dump:1\">\n"
    var lines = 0
    var serial = 1
    while lines < wanted {
        let count = min(1 + serial % 12, wanted - lines)
        let type = ["A11", "A12", "E21", "B11", "E52"][serial % 5]
        text += """
              <Declaration>
                <Number>10\(String(format: "%09d", serial))0</Number>
                <TypeCode>\(type)</TypeCode>
                <CustomsOffice>01AB</CustomsOffice>
                <RegisteredOn>2026-11-20</RegisteredOn>
                <Declarant><TaxCode>0100000001</TaxCode><Name>Công ty TNHH Sản Xuất \(serial % 997)</Name></Declarant>
                <Partner><Name>Foreign Partner Co., Ltd</Name><Country>KR</Country></Partner>

            """
        for line in 1...count {
            let (hs, description, unit) = goods[(serial + line) % goods.count]
            text += """
                    <Item line="\(line)">
                      <HSCode>\(hs)</HSCode>
                      <ProductCode>P\(serial)-\(line)</ProductCode>
                      <Description>\(description)</Description>
                      <Origin>KR</Origin>
                      <Quantity unit="\(unit)">\(line * 37).00</Quantity>
                      <Value currency="USD">\(line * 101).5</Value>
                    </Item>

                """
        }
        text += "  </Declaration>\n"
        lines += count
        serial += 1
    }
    text += "</DeclarationDump>\n"
    return (text, lines)
}

struct Case {
    let name: String
    let selection: ItemFilter
    /// Allocations per 10,000 lines allowed.
    let budget: Int
}

// Budgets: measured (2026-11-29, Swift 6.3.1, libxml2 2.9.14) plus about a third. One String
// per element would add 10,000 per element kind and blow every one of them.
let cases = [
    // Lines only counted: Strings for the declaration headers, nothing per line.
    Case(
        name: "lines counted only",
        selection: ItemFilter(keepAllTypeCodes: [], importPrefixes: HSPrefixSet(), keepsInvalidCodes: false), budget: 4_200),
    // The auditor's usual case: a few lines made into DeclarationItems (one code's, of imports).
    Case(
        name: "one code's import lines kept",
        selection: ItemFilter(keepAllTypeCodes: [], importPrefixes: HSPrefixSet(["84713020"]), keepsInvalidCodes: false),
        budget: 10_300),
    // Every line as a DeclarationItem: its long description is the one String that allocates.
    Case(name: "every line kept", selection: .all, budget: 19_500),
]

let (text, lines) = makeDump(lines: 10_000)
let path = FileManager.default.temporaryDirectory.appendingPathComponent("declaudit-allocations-\(getpid()).xml").path
_ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
defer { try? FileManager.default.removeItem(atPath: path) }

MallocInterposerSwift.initialize()
MallocInterposerSwift.reset()
MallocInterposerSwift.hook()
_ = malloc(1).map { free($0) }
MallocInterposerSwift.unhook()
guard MallocInterposerSwift.getStatistics().mallocCount > 0 else {
    print("allocation-guard: the malloc interposer is not loaded (run with LD_PRELOAD=…/libMallocInterposerSwift.so)")
    exit(2)
}

var overBudget = false
print("| reading \(lines) goods lines | allocations | per 10,000 lines | budget | |")
print("| --- | ---: | ---: | ---: | --- |")
for testCase in cases {
    var kept = 0
    // Once to warm up (libxml2's and the runtime's one-time allocations), once counted.
    _ = DocumentReader.read(path: path, label: "guard.xml", items: testCase.selection) { _ in }
    MallocInterposerSwift.reset()
    MallocInterposerSwift.hook()
    let outcome = DocumentReader.read(path: path, label: "guard.xml", items: testCase.selection) { kept += $0.items.count }
    MallocInterposerSwift.unhook()
    let count = MallocInterposerSwift.getStatistics().mallocCount
    guard outcome.error == nil, outcome.items == lines else {
        print("allocation-guard: reading failed: \(String(describing: outcome.error))")
        exit(1)
    }
    let perTenThousand = count * 10_000 / lines
    let within = perTenThousand <= testCase.budget
    if !within { overBudget = true }
    print("| \(testCase.name) (\(kept) kept) | \(count) | \(perTenThousand) | \(testCase.budget) | \(within ? "within" : "**over budget**") |")
}
exit(overBudget ? 1 : 0)
