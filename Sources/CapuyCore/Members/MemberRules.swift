import Foundation

/// The facts of a member record that rules check, independent of storage.
public struct MemberFacts: Sendable {
    public var fullName: String
    public var birthDate: LocalDate?
    public var ethnicity: String
    public var partyCardNumber: String?
    public var admissionDate: LocalDate?
    public var officialDate: LocalDate?

    public init(fullName: String, birthDate: LocalDate?, ethnicity: String, partyCardNumber: String?,
                admissionDate: LocalDate?, officialDate: LocalDate?) {
        self.fullName = fullName
        self.birthDate = birthDate
        self.ethnicity = ethnicity
        self.partyCardNumber = partyCardNumber
        self.admissionDate = admissionDate
        self.officialDate = officialDate
    }
}

/// Checks a member record: required fields, the shape of the card number and
/// the order of the dates (born → admitted → official, none in the future).
public enum MemberRules {
    /// Party Charter, Art. 1: a citizen may be admitted from the age of 18.
    public static let minimumAdmissionAge = 18
    public static let maximumEthnicityLength = 50

    /// Control characters (NUL, tab, escape…) cut a name short in exports
    /// and cannot be typed: a file with them is broken, not a real name.
    static func hasControl(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    public static func check(_ m: MemberFacts, today: LocalDate) -> [FieldIssue] {
        var c = IssueCollector()
        let name = m.fullName.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty {
            c.add("fullName", "Họ và tên không được để trống.", en: "Full name is required.")
        } else if name.count > 100 {
            c.add("fullName", "Họ và tên dài quá 100 ký tự.", en: "Full name is longer than 100 characters.")
        } else if name.contains(where: { $0.isNumber || "<>{}@#$%^*=|\\/".contains($0) }) || hasControl(name) {
            c.add("fullName", "Họ và tên chứa ký tự không hợp lệ.", en: "Full name contains characters a name cannot have.")
        }
        // Bounded like a name (issue 14, item 7): the longest of the 54 peoples'
        // names is 10 characters; 50 leaves room for a local variant.
        let ethnicity = m.ethnicity.trimmingCharacters(in: .whitespacesAndNewlines)
        if ethnicity.isEmpty {
            c.add("ethnicity", "Dân tộc không được để trống.", en: "Ethnicity is required.")
        } else if ethnicity.count > maximumEthnicityLength {
            c.add("ethnicity", "Dân tộc dài quá \(maximumEthnicityLength) ký tự.", en: "Ethnicity is longer than \(maximumEthnicityLength) characters.")
        } else if ethnicity.contains(where: \.isNumber) || hasControl(ethnicity) {
            c.add("ethnicity", "Dân tộc chứa ký tự không hợp lệ.", en: "Ethnicity contains characters it cannot have.")
        }
        if let card = m.partyCardNumber, !card.isEmpty, !isValidCardNumber(card) {
            c.add("partyCardNumber", "Số thẻ đảng chỉ gồm chữ số (có thể có dấu chấm hoặc gạch ngang), từ 4 đến 20 ký tự.",
                  en: "A party card number is 4 to 20 digits, possibly with dots or dashes.")
        }
        guard let birth = m.birthDate else {
            c.add("birthDate", "Ngày sinh không được để trống và phải có dạng ngày/tháng/năm.",
                  en: "Birth date is required, as day/month/year.")
            return c.issues + admissionIssues(m, today: today, birth: nil)
        }
        if birth > today {
            c.add("birthDate", "Ngày sinh không thể ở tương lai.", en: "Birth date cannot be in the future.")
        }
        return c.issues + admissionIssues(m, today: today, birth: birth)
    }

    private static func admissionIssues(_ m: MemberFacts, today: LocalDate, birth: LocalDate?) -> [FieldIssue] {
        var c = IssueCollector()
        guard let admitted = m.admissionDate else {
            c.add("admissionDate", "Ngày vào Đảng không được để trống và phải có dạng ngày/tháng/năm.",
                  en: "Admission date is required, as day/month/year.")
            return c.issues
        }
        if admitted > today {
            c.add("admissionDate", "Ngày vào Đảng không thể ở tương lai.", en: "Admission date cannot be in the future.")
        }
        if let birth, birth.years(until: admitted) < minimumAdmissionAge {
            c.add("admissionDate", "Ngày vào Đảng phải sau ngày đủ \(minimumAdmissionAge) tuổi.",
                  en: "Admission must come after the member's \(minimumAdmissionAge)th birthday.")
        }
        if let official = m.officialDate {
            if official < admitted {
                c.add("officialDate", "Ngày chính thức không thể trước ngày vào Đảng.",
                      en: "The official date cannot precede the admission date.")
            }
            if official > today {
                c.add("officialDate", "Ngày chính thức không thể ở tương lai.", en: "The official date cannot be in the future.")
            }
        }
        return c.issues
    }

    public static func isValidCardNumber(_ s: String) -> Bool {
        (4...20).contains(s.count) && s.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "." || $0 == "-" }
            && s.contains(where: { $0.isNumber })
    }

    /// A member with an official date is a full member; before it, probationary.
    public static func status(officialDate: LocalDate?) -> MemberStatus {
        officialDate == nil ? .probationary : .full
    }
}
