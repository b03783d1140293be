/// `declaudit ledger show` (text) and `ledger export` (CSV) of contract balances.
public enum LedgerReport {
    public static let exportColumns = [
        "contract", "contract_number", "expires_on", "deadline", "status", "goods_key", "unit", "hs_code",
        "imported", "returned", "outstanding", "listed_used_it", "checkable", "import_declarations", "return_declarations",
    ]

    public static func text(_ contracts: [ContractBalance]) -> String {
        guard !contracts.isEmpty else { return "No processing contracts in the ledger.\n" }
        var out = ""
        for contract in contracts {
            out +=
                "\(contract.key)  contract \(contract.contractNumber ?? "?")  expires \(contract.expiresOn ?? "unknown")  deadline \(contract.deadline ?? "none")  \(contract.status.rawValue)\n"
            out += "  imports: \(contract.imports.map(\.number).joined(separator: ", "))\n"
            out += "  returns: \(contract.returns.isEmpty ? "none" : contract.returns.map(\.number).joined(separator: ", "))\n"
            if !contract.unreadableExpiries.isEmpty {
                out += "  expiry not a date: \(contract.unreadableExpiries.joined(separator: ", "))\n"
            }
            for balance in contract.goods {
                let note = balance.listedUsed ? "  listed used IT" : balance.isCheckable ? "" : "  (not checkable: one side only)"
                out +=
                    "    \(balance.goodsKey) [\(balance.unit)]  imported \(balance.imported)  returned \(balance.returned)  outstanding \(balance.outstanding)\(note)\n"
            }
        }
        return out
    }

    /// One row per contract and goods key (a contract with no goods gets one row).
    public static func csv(_ contracts: [ContractBalance]) -> [UInt8] {
        var out = Array((exportColumns.joined(separator: ",") + "\n").utf8)
        for contract in contracts {
            let head: [String?] = [
                contract.key, contract.contractNumber, contract.expiresOn, contract.deadline, contract.status.rawValue,
            ]
            let rows: [[String?]] =
                contract.goods.isEmpty
                ? [head + Array(repeating: nil, count: exportColumns.count - head.count)]
                : contract.goods.map { balance in
                    head + [
                        balance.goodsKey, balance.unit, balance.hsCode, "\(balance.imported)", "\(balance.returned)",
                        "\(balance.outstanding)", balance.listedUsed ? "yes" : "no", balance.isCheckable ? "yes" : "no",
                        balance.importDeclarations.joined(separator: ";"), balance.returnDeclarations.joined(separator: ";"),
                    ]
                }
            for row in rows {
                for (index, field) in row.enumerated() {
                    if index > 0 { out.append(0x2C) }
                    CSVReport.append(field ?? "", excel: false, to: &out)
                }
                out.append(0x0A)
            }
        }
        return out
    }
}
