/// Full or probationary membership (đảng viên chính thức / dự bị).
public enum MemberStatus: String, CaseIterable, Sendable, Codable {
    case full
    case probationary

    public var label: String { self == .full ? "Chính thức" : "Dự bị" }
    public var labelEn: String { self == .full ? "Full" : "Probationary" }
}

public enum Gender: String, CaseIterable, Sendable, Codable {
    case male
    case female

    public var label: String { self == .male ? "Nam" : "Nữ" }
    public var labelEn: String { self == .male ? "Male" : "Female" }

    /// Reads the words an office list uses ("Nam", "Nữ", "nu", "F"…).
    public init?(loose text: String) {
        switch text.lowercased().trimmingCharacters(in: .whitespaces) {
        case "nam", "male", "m": self = .male
        case "nữ", "nu", "nư", "female", "f": self = .female
        default: return nil
        }
    }
}

/// A post held by a member: in a party committee, or a concurrent state post.
public enum PositionTitle: String, CaseIterable, Sendable, Codable {
    case secretary
    case deputySecretary
    case standingMember
    case committeeMember
    case inspectionChair
    case statePost

    public var label: String {
        switch self {
        case .secretary: "Bí thư"
        case .deputySecretary: "Phó Bí thư"
        case .standingMember: "Ủy viên Ban Thường vụ"
        case .committeeMember: "Cấp ủy viên"
        case .inspectionChair: "Chủ nhiệm Ủy ban Kiểm tra"
        case .statePost: "Chức vụ chính quyền, đoàn thể (kiêm nhiệm)"
        }
    }

    public var labelEn: String {
        switch self {
        case .secretary: "Secretary"
        case .deputySecretary: "Deputy secretary"
        case .standingMember: "Standing committee member"
        case .committeeMember: "Committee member"
        case .inspectionChair: "Inspection committee chair"
        case .statePost: "State or mass-organization post (concurrent)"
        }
    }

    /// Committee posts make up the unit's committee (cấp ủy); state posts are
    /// concurrent duties shown on the member but not in the committee list.
    public var isCommitteePost: Bool { self != .statePost }

    /// Order in which a committee is listed: secretary first.
    public var rank: Int { Self.allCases.firstIndex(of: self) ?? 99 }
}
