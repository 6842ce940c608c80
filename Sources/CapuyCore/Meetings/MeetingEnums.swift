/// A cell meeting's kind (R-MEET-1): the regular monthly one or a thematic one.
public enum MeetingKind: String, CaseIterable, Sendable, Codable {
    case regular
    case thematic

    public var label: String { self == .regular ? "Sinh hoạt thường kỳ" : "Sinh hoạt chuyên đề" }
    public var labelEn: String { self == .regular ? "Regular meeting" : "Thematic meeting" }
}

public enum MeetingStatus: String, CaseIterable, Sendable, Codable {
    case scheduled
    case held
    case cancelled

    public var label: String {
        switch self {
        case .scheduled: "Đã lên lịch"
        case .held: "Đã họp"
        case .cancelled: "Đã hủy"
        }
    }

    public var labelEn: String {
        switch self {
        case .scheduled: "Scheduled"
        case .held: "Held"
        case .cancelled: "Cancelled"
        }
    }
}

/// One line of the roll (R-MEET-2 counts all three).
public enum AttendanceStatus: String, CaseIterable, Sendable, Codable {
    case present
    case excused
    case unexcused

    public var label: String {
        switch self {
        case .present: "Có mặt"
        case .excused: "Vắng có lý do"
        case .unexcused: "Vắng không lý do"
        }
    }

    public var labelEn: String {
        switch self {
        case .present: "Present"
        case .excused: "Absent with reason"
        case .unexcused: "Absent without reason"
        }
    }
}
