import Testing

@testable import DeclauditKit

/// The lists of declaration-data.md §2 (Decision 1357/QD-TCHQ).
private let importCodes = [
    "A11", "A12", "A21", "A31", "A41", "A42", "A43", "A44", "E11", "E13", "E15", "E21", "E23", "E31", "E33", "E41",
    "G11", "G12", "G13", "G14", "G51", "C11", "C21", "H11",
]
private let exportCodes = [
    "B11", "B12", "B13", "E42", "E52", "E54", "E62", "E82", "G21", "G22", "G23", "G24", "G61", "C12", "C22", "H21",
]

@Suite struct TypeCodesTests {
    @Test(arguments: importCodes)
    func importTypeCodes(code: String) {
        #expect(TypeCodes.direction(typeCode: code, number: "107000000010") == .import)
        #expect(TypeCodes.direction(typeCode: code, number: "307000000010") == .import, "the type code decides")
        #expect(TypeCodes.direction(typeCode: code, number: "") == .import)
    }

    @Test(arguments: exportCodes)
    func exportTypeCodes(code: String) {
        #expect(TypeCodes.direction(typeCode: code, number: "307000000010") == .export)
        #expect(TypeCodes.direction(typeCode: code, number: "107000000010") == .export, "the type code decides")
    }

    @Test func listsMatchTheReferenceExactly() {
        #expect(TypeCodes.imports == Set(importCodes))
        #expect(TypeCodes.exports == Set(exportCodes))
        #expect(TypeCodes.imports.isDisjoint(with: TypeCodes.exports))
    }

    @Test func lowercaseTypeCodesAreRecognised() {
        #expect(TypeCodes.direction(typeCode: "e21", number: "307000000010") == .import)
        #expect(TypeCodes.direction(typeCode: "b11", number: "107000000010") == .export)
    }

    @Test func numberPrefixDecidesOnlyForUnknownTypeCodes() {
        #expect(TypeCodes.direction(typeCode: "Z99", number: "107000000100") == .import)
        #expect(TypeCodes.direction(typeCode: "Z99", number: "307000000100") == .export)
        #expect(TypeCodes.direction(typeCode: "", number: "10") == .import)
        #expect(TypeCodes.direction(typeCode: "Z99", number: "207000000100") == nil)
        #expect(TypeCodes.direction(typeCode: "Z99", number: "") == nil)
        #expect(TypeCodes.direction(typeCode: "", number: "1") == nil)
        #expect(TypeCodes.direction(typeCode: "A11 ", number: "207000000100") == nil, "codes are not trimmed here")
    }

    @Test func processingSets() {
        #expect(TypeCodes.processingImports == ["E21", "E23"])
        #expect(TypeCodes.processingReturns == ["E52", "E54"])
        #expect(TypeCodes.processingImports.isSubset(of: TypeCodes.imports))
        #expect(TypeCodes.processingReturns.isSubset(of: TypeCodes.exports))
        #expect(!TypeCodes.processingImports.contains("E31"), "production for export is not processing")
        #expect(!TypeCodes.processingReturns.contains("E62"))
    }

    @Test func theProcessingTypeCodesAreTheImportsAndTheReturns() {
        #expect(TypeCodes.processing == ["E21", "E23", "E52", "E54"])
    }
}

@Suite struct ProcessingTypeCodeCaseTests {
    /// A declarant's software may write the type code in lower case: `e21` is still a processing
    /// import, with a contract key and a record for the ledger.
    @Test(arguments: ["E21", "e21", "E52", "e54"])
    func processingTypeCodesInAnyCase(code: String) throws {
        let declaration = DeclarationFactory.declaration(
            number: "105000000010", typeCode: code, licences: [Licence(type: "HDGC", number: "11")])
        #expect(ContractKey.of(declaration) == "0100000001/11")
        let key = DeclarationKey(declaration, input: 0, ordinal: 0)
        let record = try #require(ProcessingRecord.of(declaration, key: key, source: "in.xml", assessed: []))
        #expect(record.isImport == code.uppercased().hasPrefix("E2"))
    }
}
