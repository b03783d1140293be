/// The language of the `reason` sentences, report.html and findings.xlsx: `--lang`. In Model/
/// because the rules write reasons in it. Rule ids, column names, JSON keys and enum values stay
/// English in every language.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case vi, en
}
