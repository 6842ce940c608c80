/// What kind of inspection or supervision (Điều lệ Đảng, Chương VII; Quy định 22-QĐ/TW).
public enum InspectionKind: String, CaseIterable, Sendable, Codable {
    /// Giám sát thường xuyên.
    case regularSupervision
    /// Giám sát chuyên đề.
    case thematicSupervision
    /// Kiểm tra khi có dấu hiệu vi phạm.
    case signsOfViolation
    /// Kiểm tra việc thực hiện nhiệm vụ kiểm tra, giám sát, thi hành kỷ luật.
    case taskInspection

    public var label: String {
        switch self {
        case .regularSupervision: "Giám sát thường xuyên"
        case .thematicSupervision: "Giám sát chuyên đề"
        case .signsOfViolation: "Kiểm tra khi có dấu hiệu vi phạm"
        case .taskInspection: "Kiểm tra thực hiện nhiệm vụ"
        }
    }

    public var labelEn: String {
        switch self {
        case .regularSupervision: "Regular supervision"
        case .thematicSupervision: "Thematic supervision"
        case .signsOfViolation: "Inspection on signs of violation"
        case .taskInspection: "Inspection of tasks"
        }
    }
}

/// Where an inspection stands: open, findings recorded, concluded.
public enum InspectionStatus: String, CaseIterable, Sendable, Codable {
    case open, findings, concluded

    public var label: String {
        switch self {
        case .open: "Đang tiến hành"
        case .findings: "Đã có kết quả thẩm tra"
        case .concluded: "Đã kết luận"
        }
    }

    public var labelEn: String {
        switch self {
        case .open: "Under way"
        case .findings: "Findings recorded"
        case .concluded: "Concluded"
        }
    }
}

/// Where a complaint about a discipline decision stands (Điều lệ Đảng, Điều 36).
public enum AppealStatus: String, CaseIterable, Sendable, Codable {
    case pending, upheld, changed, annulled

    public var label: String {
        switch self {
        case .pending: "Đang giải quyết"
        case .upheld: "Giữ nguyên quyết định"
        case .changed: "Thay đổi hình thức"
        case .annulled: "Xóa bỏ quyết định"
        }
    }

    public var labelEn: String {
        switch self {
        case .pending: "Pending"
        case .upheld: "Decision upheld"
        case .changed: "Sanction changed"
        case .annulled: "Decision annulled"
        }
    }
}
