/// Sanctions (Điều lệ Đảng, Điều 35–36; R-DISC-1).
public enum SanctionForm: String, CaseIterable, Sendable, Codable {
    case reprimand, warning, removal, expulsion, dissolution

    public var label: String {
        switch self {
        case .reprimand: "Khiển trách"
        case .warning: "Cảnh cáo"
        case .removal: "Cách chức"
        case .expulsion: "Khai trừ"
        case .dissolution: "Giải tán"
        }
    }

    public var labelEn: String {
        switch self {
        case .reprimand: "Reprimand"
        case .warning: "Warning"
        case .removal: "Removal from post"
        case .expulsion: "Expulsion"
        case .dissolution: "Dissolution"
        }
    }
}

/// Who or what is disciplined.
public enum DisciplineSubject: Sendable, Equatable {
    case organization
    case fullMember(holdsPost: Bool)
    case probationaryMember
}

/// Where the deciding body stands relative to the subject (R-DISC-2).
public enum DecidingLevel: Sendable, Equatable {
    /// The member's own cell (or grassroots cell).
    case ownCell
    /// A committee above the member's cell, or above the disciplined organization.
    case above
    /// Not above the subject at all (a sibling, the organization itself, a unit below).
    case outside
}

/// The limitation periods of R-DISC-3, as data.
public struct DisciplinePolicy: Sendable, Codable, Equatable {
    public var reprimandYears: Int
    public var warningOrRemovalYears: Int

    public init(reprimandYears: Int, warningOrRemovalYears: Int) {
        self.reprimandYears = reprimandYears
        self.warningOrRemovalYears = warningOrRemovalYears
    }

    public static let standard = DisciplinePolicy(reprimandYears: 5, warningOrRemovalYears: 10)

    /// Nil: no limitation (expulsion-level offences, and dissolution).
    public func limitYears(_ form: SanctionForm) -> Int? {
        switch form {
        case .reprimand: reprimandYears
        case .warning, .removal: warningOrRemovalYears
        case .expulsion, .dissolution: nil
        }
    }
}

/// A proposed decision, as the rules see it.
public struct DisciplineCase: Sendable, Equatable {
    public var subject: DisciplineSubject
    public var form: SanctionForm
    public var level: DecidingLevel
    public var offenceOn: LocalDate
    public var decidedOn: LocalDate
    /// For expulsion decided by a cell: votes for, and the cell's full members.
    public var votesFor: Int
    public var fullMembers: Int
    public var grassrootsAgreed: Bool
    public var ratified: Bool

    public init(subject: DisciplineSubject, form: SanctionForm, level: DecidingLevel, offenceOn: LocalDate, decidedOn: LocalDate,
                votesFor: Int = 0, fullMembers: Int = 0, grassrootsAgreed: Bool = false, ratified: Bool = false) {
        self.subject = subject
        self.form = form
        self.level = level
        self.offenceOn = offenceOn
        self.decidedOn = decidedOn
        self.votesFor = votesFor
        self.fullMembers = fullMembers
        self.grassrootsAgreed = grassrootsAgreed
        self.ratified = ratified
    }
}

public enum DisciplineRules {
    /// R-DISC-1: the forms open to each subject.
    public static func forms(for subject: DisciplineSubject) -> [SanctionForm] {
        switch subject {
        case .organization: [.reprimand, .warning, .dissolution]
        case .fullMember(let holdsPost): holdsPost ? [.reprimand, .warning, .removal, .expulsion] : [.reprimand, .warning, .expulsion]
        case .probationaryMember: [.reprimand, .warning]
        }
    }

    /// R-DISC-1 alone, for a proposal: nil when the form is open to the subject.
    public static func formIssue(_ form: SanctionForm, for subject: DisciplineSubject) -> FieldIssue? {
        forms(for: subject).contains(form) ? nil
            : FieldIssue(field: "form", "Hình thức \(form.label.lowercased()) không áp dụng cho đối tượng này (R-DISC-1).",
                         en: "\(form.labelEn) does not apply to this subject (R-DISC-1).")
    }

    /// Every rule the decision breaks, each a field and a message naming the rule.
    public static func check(_ d: DisciplineCase, policy: DisciplinePolicy = .standard) -> [FieldIssue] {
        var out: [FieldIssue] = []
        if let issue = formIssue(d.form, for: d.subject) { out.append(issue) }
        switch (d.subject, d.level) {
        case (_, .outside):
            out.append(FieldIssue(field: "decidingOrganizationId", "Cấp quyết định không có thẩm quyền với đối tượng này (R-DISC-2).",
                                  en: "The deciding body has no authority over this subject (R-DISC-2)."))
        case (.organization, .ownCell):
            out.append(FieldIssue(field: "decidingOrganizationId", "Kỷ luật tổ chức đảng do cấp ủy cấp trên quyết định (R-DISC-2).",
                                  en: "An organization is disciplined by the committee above (R-DISC-2)."))
        case (_, .ownCell) where d.form == .removal:
            out.append(FieldIssue(field: "decidingOrganizationId", "Chi bộ không quyết định cách chức; thuộc cấp ủy quản lý cán bộ (R-DISC-2).",
                                  en: "A cell does not decide removal from post (R-DISC-2)."))
        case (_, .ownCell) where d.form == .expulsion:
            // Two thirds of the cell's full members, the grassroots committee's agreement, ratification above.
            // Full-width products: exact, and no count from a request can overflow them.
            if d.fullMembers <= 0 || d.votesFor.multipliedFullWidth(by: 3) < d.fullMembers.multipliedFullWidth(by: 2) {
                out.append(FieldIssue(field: "votesFor", "Khai trừ cần ít nhất hai phần ba số đảng viên chính thức của chi bộ tán thành (\(d.votesFor)/\(d.fullMembers), R-DISC-2).",
                                      en: "Expulsion needs two thirds of the cell's full members (\(d.votesFor)/\(d.fullMembers), R-DISC-2)."))
            }
            if !d.grassrootsAgreed {
                out.append(FieldIssue(field: "grassrootsAgreed", "Khai trừ cần đảng ủy cơ sở đồng ý (R-DISC-2).", en: "Expulsion needs the grassroots committee's agreement (R-DISC-2)."))
            }
            if !d.ratified {
                out.append(FieldIssue(field: "ratifiedBy", "Khai trừ phải được cấp trên chuẩn y (R-DISC-2).", en: "Expulsion must be ratified above (R-DISC-2)."))
            }
        default:
            break
        }
        if d.decidedOn < d.offenceOn {
            out.append(FieldIssue(field: "offenceOn", "Ngày vi phạm sau ngày quyết định.", en: "The offence is dated after the decision."))
        } else if let years = policy.limitYears(d.form), d.offenceOn.addingYears(years) < d.decidedOn {
            out.append(FieldIssue(field: "offenceOn", "Đã hết thời hiệu kỷ luật \(years) năm đối với hình thức \(d.form.label.lowercased()) (R-DISC-3).",
                                  en: "The \(years)-year limitation period for \(d.form.labelEn.lowercased()) has run out (R-DISC-3)."))
        }
        return out
    }
}

extension LocalDate {
    /// The same day `n` years later; 29 February becomes 28 February.
    /// Held to the years 1–9999 like `adding(days:)`: five years after an
    /// offence in 9996 used to force-unwrap a date that does not exist.
    public func addingYears(_ n: Int) -> LocalDate {
        guard let target = CheckedNumber.sum(year, n), (1...9999).contains(target) else {
            return n < 0 ? LocalDate(year: 1, month: 1, day: 1)! : LocalDate(year: 9999, month: 12, day: 31)!
        }
        // 29/02 plus a year that is not a leap year is 28/02.
        return LocalDate(year: target, month: month, day: day) ?? LocalDate(year: target, month: month, day: day - 1)!
    }
}
