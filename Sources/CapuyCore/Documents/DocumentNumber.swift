/// The number and symbol of an issued document (DOMAIN.md R-DOC-1):
/// `number-TYPE/ISSUER`, e.g. `08-NQ/TU`.
public struct DocumentNumber: Sendable, Hashable, Codable, CustomStringConvertible {
    public var number: Int
    public var typeAbbreviation: String
    public var issuerAbbreviation: String

    public init(number: Int, typeAbbreviation: String, issuerAbbreviation: String) {
        self.number = number
        self.typeAbbreviation = typeAbbreviation
        self.issuerAbbreviation = issuerAbbreviation
    }

    /// Numbers below 10 are written with a leading zero, as on real documents
    /// ("08-NQ/TU"); larger ones as they are ("1374-QĐ/TU").
    public var description: String {
        let digits = number < 10 ? "0\(number)" : "\(number)"
        return "\(digits)-\(typeAbbreviation)/\(issuerAbbreviation)"
    }
}

/// How numbers are given within one series (R-DOC-1): from 01 in each term,
/// one after another, never reused and never skipped.
public enum NumberingRule {
    /// The series key. Types that share an abbreviation (quyết định and quy
    /// định both write "QĐ") share one series, so that one identifier can
    /// never name two documents of the same issuer and term.
    public static func seriesKey(issuer: String, abbreviation: String, term: String) -> String {
        "\(issuer)|\(abbreviation)|\(term)"
    }

    /// Checks a number the user typed (registering a paper document) against
    /// the next free one: anything else would leave a gap or reuse a number.
    public static func check(requested: Int?, next: Int, identifierOfLast last: String?) -> FieldIssue? {
        guard let requested, requested != next else { return nil }
        if requested < next {
            let used = last.map { " (số cuối đã cấp: \($0))" } ?? ""
            let usedEn = last.map { " (last issued: \($0))" } ?? ""
            return FieldIssue(field: "number",
                              "Số \(requested) đã được cấp trong nhiệm kỳ này\(used); số tiếp theo là \(next).",
                              en: "Number \(requested) is already used in this term\(usedEn); the next is \(next).")
        }
        return FieldIssue(field: "number",
                          "Không được bỏ số: số tiếp theo của loại văn bản này là \(next), không phải \(requested).",
                          en: "Numbers may not be skipped: the next number of this type is \(next), not \(requested).")
    }

    /// A paper dated before the last one numbered in its series would take a
    /// number out of date order: the number is asked for, to be confirmed
    /// from the paper register, rather than given silently.
    public static func backdated(issuedOn: LocalDate, next: Int, last: String, lastIssuedOn: LocalDate) -> FieldIssue? {
        guard issuedOn < lastIssuedOn else { return nil }
        return FieldIssue(field: "number",
                          "Văn bản ngày \(issuedOn.display) được vào sổ sau văn bản \(last) ngày \(lastIssuedOn.display): số tiếp theo (\(next)) "
                            + "sẽ không theo thứ tự ngày. Đối chiếu sổ đăng ký văn bản giấy và nhập số \(next) để xác nhận.",
                          en: "A paper dated \(issuedOn.display) is registered after \(last) of \(lastIssuedOn.display): the next number (\(next)) "
                            + "would not follow the dates. Check the paper register and enter \(next) to confirm.")
    }
}
