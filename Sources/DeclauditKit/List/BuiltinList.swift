// The built-in list is used-it-list.csv (beside this file), shipped compiled: the program never
// parses CSV for it. BuiltinList+Compiled.swift holds the compiled bytes; BuiltinListTests fails
// when they are not what compiling the .csv gives today. Regenerate them with the command at the
// top of that file.

extension ProhibitedList {
    /// The list built into the program: the Appendix of Circular 11/2018/TT-BTTTT (entry and
    /// header rows in force from 2018-11-30) plus `review` rows for parts and accessories of
    /// listed products and unlisted lines of partly listed headings.
    public static let builtIn: ProhibitedList = {
        do {
            return try decode(compiled: builtInCompiledList, source: "built-in")
        } catch {
            // Only a bad regeneration gets here, and BuiltinListTests catches it.
            fatalError("the built-in list is unreadable: \(error)")
        }
    }()
}
