/// What a user may do within the subtree of the unit a grant names.
public enum Role: String, CaseIterable, Sendable, Codable {
    case admin
    case office
    case organizationBoard
    case inspection
    case massMobilization
    case secretary
    case member
    case viewer

    public var label: String {
        switch self {
        case .admin: "Quản trị hệ thống"
        case .office: "Văn phòng cấp ủy"
        case .organizationBoard: "Ban Tổ chức"
        case .inspection: "Ủy ban Kiểm tra"
        case .massMobilization: "Ban Dân vận"
        case .secretary: "Bí thư chi bộ"
        case .member: "Đảng viên"
        case .viewer: "Chỉ xem"
        }
    }

    public var labelEn: String {
        switch self {
        case .admin: "Administrator"
        case .office: "Committee office"
        case .organizationBoard: "Organization board"
        case .inspection: "Inspection committee"
        case .massMobilization: "Mass mobilization board"
        case .secretary: "Cell secretary"
        case .member: "Member"
        case .viewer: "Viewer"
        }
    }
}

/// Actions that are authorized against a subtree.
public enum Permission: String, CaseIterable, Sendable, Codable {
    case viewOrganizations
    case manageOrganizations
    case viewMembers
    case manageMembers
    case viewAudit
    case manageUsers
    case viewDocuments
    /// Draft, issue and number documents, assign tasks, keep terms and programs.
    case manageDocuments
    /// Acknowledge and report on the tasks a unit received.
    case reportTasks
    /// Receive, route and settle citizens' cases; keep reception sessions.
    /// Opening a sealed identity also needs assignment to the case (R-CASE-4).
    case handleCases
    /// Open and close review rounds, decide members' and units' ratings
    /// (R-EVAL-6), and keep the responsibility commitments a unit signs
    /// with the level above.
    case manageReviews
    /// A unit's own steps: the cell's review of its members, the unit's
    /// self-assessment, progress on its commitments.
    case reviewUnits
    /// Schedule and record cell meetings, attendance and scoring; keep follow
    /// assignments and meeting-quality surveys.
    case manageMeetings
    /// Inspection and supervision programmes, their findings and conclusions,
    /// discipline proposals and decisions (the inspection committee's work).
    case inspect
}

/// Which role carries which permissions. One table, tested exhaustively.
public enum AccessPolicy {
    public static func permissions(of role: Role) -> Set<Permission> {
        switch role {
        case .admin: Set(Permission.allCases)
        case .organizationBoard: [.viewOrganizations, .manageOrganizations, .viewMembers, .manageMembers, .viewAudit,
                                  .viewDocuments, .reportTasks, .manageReviews, .reviewUnits, .manageMeetings]
        case .office: [.viewOrganizations, .viewMembers, .viewAudit, .viewDocuments, .manageDocuments, .reportTasks, .handleCases,
                       .reviewUnits, .manageMeetings]
        case .inspection: [.viewOrganizations, .viewMembers, .viewAudit, .viewDocuments, .reportTasks, .handleCases, .inspect]
        case .secretary: [.viewOrganizations, .viewMembers, .manageMembers, .viewDocuments, .manageDocuments, .reportTasks,
                          .reviewUnits, .manageMeetings]
        case .massMobilization: [.viewOrganizations, .viewMembers, .viewDocuments, .reportTasks, .handleCases]
        case .member, .viewer: [.viewOrganizations, .viewMembers, .viewDocuments]
        }
    }

    public static func allows(_ role: Role, _ permission: Permission) -> Bool {
        permissions(of: role).contains(permission)
    }
}
