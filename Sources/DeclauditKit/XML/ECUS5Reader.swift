import Foundation

/// Reads an ECUS5 export (`Root`): header rows (`DToKhaiMD/Data`), licence extras
/// (`DTOKHAIMD_VNACCS2/Data`) and goods rows (`DHangMDDK/Data`), joined by `_DToKhaiMDID`.
/// The sections come one after another, so a file's declarations are complete only at its end;
/// ECUS writes one (rarely a few) per file, and each is bounded by `maximumItemsPerDeclaration`.
/// Every other section, the base64 blobs included, passes by without being copied.
final class ECUS5Reader {
    private enum Section { case header, extras, goods }

    /// One `Data` row: the columns the auditor needs, indexed by symbol.
    private struct Row {
        var columns = [String?](repeating: nil, count: XMLSymbol.allCases.count)
        let line: Int

        subscript(_ symbol: XMLSymbol) -> String? {
            get { columns[Int(symbol.rawValue)] }
            set { columns[Int(symbol.rawValue)] = newValue }
        }
    }

    private static let headerColumns: Set<XMLSymbol> = [
        .ecusDeclarationID, .ecusDeclarationIDUpper, .SOTK, .SOTK_DAU_TIEN, .MA_LH, .MA_HQ, .NGAY_DK, .MA_DV, .Ten_DV_L1, .DV_DT,
        .NUOC_XK, .NUOC_NK, .MA_GP, .SO_GP, .SO_HD, .NGAY_HD, .NGAY_HHHD, .TTTK, .MA_NT,
    ]
    private static let extrasColumns: Set<XMLSymbol> = [
        .ecusDeclarationID, .ecusDeclarationIDUpper, .MA_GP2, .SO_GP2, .MA_GP3, .SO_GP3, .MA_GP4, .SO_GP4,
        .MA_GP5, .SO_GP5,
    ]
    private static let goodsColumns: Set<XMLSymbol> = [
        .ecusDeclarationID, .ecusDeclarationIDUpper, .STTHANG, .MA_HANGKB, .MA_NPL_SP, .TEN_HANG, .LUONG, .MA_DVT, .NUOC_XX,
        .TRIGIA_KB, .TRIGIA_TT, .MIENTHUE_MA,
    ]

    private var text = TextCapture()
    private var section: Section?
    private var row: Row?
    private var column: XMLSymbol?
    private var headers: [Row] = []
    private var extrasByID: [String: Row] = [:]
    private var goodsByID: [String: [Row]] = [:]
    private var goodsOrder: [String] = []
    /// Declarations over `maximumItemsPerDeclaration` lines: reported once, then ignored.
    private var oversized: Set<String> = []
    private var rows = 0
    /// The text kept from the columns read, bounded by `maximumECUSTextBytes`.
    private var keptBytes = 0

    func startElement(_ tag: XMLStartTag, output: inout DocumentOutput) throws(DeclauditError) {
        // Root is depth 1, section wrappers 2, a section element 3, Data 4, columns 5.
        switch tag.depth {
        case 3:
            switch tag.symbol {
            case .ecusHeaderSection?: section = .header
            case .ecusExtrasSection?: section = .extras
            case .ecusGoodsSection?: section = .goods
            default: section = nil
            }
        case 4:
            if section != nil, tag.symbol == .ecusData { row = Row(line: tag.line) }
        case 5:
            guard row != nil, let symbol = tag.symbol, let section, Self.columns(of: section).contains(symbol) else { return }
            column = symbol
            text.begin()
        default:
            break
        }
    }

    var capturesText: Bool { text.isCapturing }

    func characters(_ bytes: UnsafeRawBufferPointer) {
        text.append(bytes)
    }

    func endElement(_ symbol: XMLSymbol?, output: inout DocumentOutput) throws(DeclauditError) {
        if let current = column {
            let value = text.finish()
            row?[current] = value
            column = nil
            if text.overflowed {
                throw DeclauditError(
                    .declarationTooLarge, "\(current.xmlName) is longer than \(maximumFieldBytes) bytes; refused",
                    at: output.location(row?.line))
            }
            keptBytes += value?.utf8.count ?? 0
            if keptBytes > maximumECUSTextBytes {
                throw DeclauditError(
                    .declarationTooLarge,
                    "the export holds more than \(maximumECUSTextBytes >> 20) MiB of text in the columns read; an ECUS5 export is joined in memory, so one this large is refused",
                    at: output.location(row?.line))
            }
            return
        }
        guard symbol == .ecusData, let finished = row, let section else { return }
        row = nil
        try store(finished, in: section, output: &output)
    }

    private static func columns(of section: Section) -> Set<XMLSymbol> {
        switch section {
        case .header: headerColumns
        case .extras: extrasColumns
        case .goods: goodsColumns
        }
    }

    private func store(_ row: Row, in section: Section, output: inout DocumentOutput) throws(DeclauditError) {
        rows += 1
        if rows > maximumRowsPerECUSFile {
            throw DeclauditError(
                .declarationTooLarge,
                "the export has more than \(maximumRowsPerECUSFile) rows; an ECUS5 export is joined in memory, so one this large is refused (export fewer declarations per file)",
                at: output.location(row.line))
        }
        let id = row[.ecusDeclarationID] ?? row[.ecusDeclarationIDUpper]
        switch section {
        case .header:
            headers.append(row)
        case .extras:
            if let id { extrasByID[id] = row }
        case .goods:
            guard let id else {
                output.record(
                    DeclauditError(.xmlMalformed, "goods row without _DToKhaiMDID; skipped", at: output.location(row.line)))
                return
            }
            guard !oversized.contains(id) else { return }
            if goodsByID[id] == nil { goodsOrder.append(id) }
            goodsByID[id, default: []].append(row)
            if goodsByID[id]!.count > maximumItemsPerDeclaration {
                // Skipped, not fatal: the file's other declarations are still audited.
                oversized.insert(id)
                goodsByID[id] = nil
                output.record(
                    DeclauditError(
                        .declarationTooLarge,
                        "declaration _DToKhaiMDID \(id) has more than \(maximumItemsPerDeclaration) goods lines; skipped",
                        at: output.location(row.line)))
            }
        }
    }

    func endDocument(output: inout DocumentOutput) throws(DeclauditError) {
        var joined: Set<String> = []
        for header in headers {
            guard let number = header[.SOTK], let typeCode = header[.MA_LH] else {
                output.record(
                    DeclauditError(
                        .xmlMalformed, "declaration header without SOTK or MA_LH; skipped", at: output.location(header.line)))
                continue
            }
            let id = header[.ecusDeclarationID] ?? header[.ecusDeclarationIDUpper]
            if let id { joined.insert(id) }
            if let id, oversized.contains(id) { continue }
            let goods = id.flatMap { goodsByID[$0] } ?? []
            let extras = id.flatMap { extrasByID[$0] }
            output.accept(
                Self.select(
                    declaration(number: number, typeCode: typeCode, header: header, extras: extras, goods: goods),
                    output.filter))
        }
        for id in goodsOrder where !joined.contains(id) && !oversized.contains(id) {
            let rows = goodsByID[id] ?? []
            output.record(
                DeclauditError(
                    .xmlMalformed,
                    "\(rows.count) goods line(s) refer to _DToKhaiMDID \(id), which has no declaration header; not audited",
                    at: output.location(rows.first?.line)))
        }
    }

    private func declaration(number: String, typeCode: String, header: Row, extras: Row?, goods: [Row]) -> Declaration {
        var licences: [Licence] = []
        let licenceColumns: [(XMLSymbol, XMLSymbol, Row?)] = [
            (.MA_GP, .SO_GP, header), (.MA_GP2, .SO_GP2, extras), (.MA_GP3, .SO_GP3, extras),
            (.MA_GP4, .SO_GP4, extras), (.MA_GP5, .SO_GP5, extras),
        ]
        for (typeColumn, numberColumn, row) in licenceColumns {
            if let row, let licenceNumber = row[numberColumn] {
                licences.append(Licence(type: row[typeColumn] ?? "", number: licenceNumber))
            }
        }
        let direction = TypeCodes.direction(typeCode: typeCode, number: number)
        let currency = header[.MA_NT]
        let items = goods.map { row in
            let description = row[.TEN_HANG]
            return DeclarationItem(
                line: row[.STTHANG].flatMap { Int($0) } ?? 0,
                hsCode: row[.MA_HANGKB],
                productCode: row[.MA_NPL_SP] ?? description.flatMap(Self.productCodePrefix),
                description: description,
                origin: row[.NUOC_XX],
                quantity: row[.LUONG].map(DecimalText.tidy),
                unit: row[.MA_DVT],
                value: row[.TRIGIA_KB].map(DecimalText.tidy),
                currency: currency,
                valueVND: row[.TRIGIA_TT].map(DecimalText.tidy),
                exemptionCode: row[.MIENTHUE_MA],
                sourceLine: row.line)
        }
        return Declaration(
            number: number,
            firstNumber: header[.SOTK_DAU_TIEN],
            typeCode: typeCode,
            customsOffice: header[.MA_HQ],
            registeredOn: header[.NGAY_DK].map { DateText.normalize($0) ?? $0 },
            // TTTK's values are undocumented (only `T` seen), so no ECUS declaration is taken as cancelled.
            status: .cleared,
            declarantTaxCode: header[.MA_DV],
            declarantName: header[.Ten_DV_L1],
            partnerName: header[.DV_DT],
            partnerCountry: direction == .export ? header[.NUOC_NK] : header[.NUOC_XK],
            contractNumber: header[.SO_HD],
            contractSignedOn: header[.NGAY_HD].map { DateText.normalize($0) ?? $0 },
            contractExpiresOn: header[.NGAY_HHHD].map { DateText.normalize($0) ?? $0 },
            licences: licences,
            items: items,
            sourceLine: header.line)
    }

    /// Applies the caller's filter to a declaration read with all its lines (ECUS files are
    /// small: their Strings are made as the rows are read).
    private static func select(_ declaration: Declaration, _ filter: ItemFilter) -> Declaration {
        guard !declaration.items.isEmpty else { return declaration }
        var selected = declaration
        switch filter.scope(
            of: Declaration(
                number: declaration.number, firstNumber: declaration.firstNumber, typeCode: declaration.typeCode,
                customsOffice: declaration.customsOffice, registeredOn: declaration.registeredOn, status: declaration.status,
                declarantTaxCode: declaration.declarantTaxCode, declarantName: declaration.declarantName,
                partnerName: declaration.partnerName, partnerCountry: declaration.partnerCountry,
                contractNumber: declaration.contractNumber, contractSignedOn: declaration.contractSignedOn,
                contractExpiresOn: declaration.contractExpiresOn, licences: declaration.licences,
                sourceLine: declaration.sourceLine))
        {
        case .all:
            break
        case .none:
            selected.items = []
            selected.omittedItemCount = declaration.items.count
        case .matching(let prefixes):
            selected.items = declaration.items.filter { filter.keeps($0.hsCode.flatMap { HSCode(normalizing: $0) }, prefixes) }
            selected.omittedItemCount = declaration.items.count - selected.items.count
        }
        return selected
    }

    /// ECUS writes the product code before `#&` at the start of the description.
    static func productCodePrefix(_ description: String) -> String? {
        guard let range = description.range(of: "#&") else { return nil }
        let code = description[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
        return code.isEmpty ? nil : code
    }
}
