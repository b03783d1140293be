/// The dump schema, compiled once per process from the copy embedded in the program
/// (`DumpSchema+Text.swift`, generated from `Schemas/declaration-dump.xsd` by `make embed`).
enum DumpSchema {
    private static let compiledResult: Result<CompiledXMLSchema, DeclauditError> = {
        do throws(DeclauditError) {
            return .success(try CompiledXMLSchema(text: text, label: "declaration-dump.xsd"))
        } catch {
            return .failure(error)
        }
    }()

    static func compiled() throws(DeclauditError) -> CompiledXMLSchema {
        try compiledResult.get()
    }
}
