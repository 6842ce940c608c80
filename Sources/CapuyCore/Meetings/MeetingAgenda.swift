/// The usual order of a cell meeting (R-MEET-3), as data: the default agenda
/// a new meeting starts with, and the yardstick an edited agenda is checked by.
public enum AgendaItem: String, CaseIterable, Sendable, Codable {
    case attendance
    case dues
    case agenda
    case minuteTaker
    case pastMonthReview
    case nextMonthTasks
    case discussion
    case conclusionVote

    public var label: String {
        switch self {
        case .attendance: "Điểm danh, báo cáo số đảng viên có mặt, vắng mặt"
        case .dues: "Thu đảng phí"
        case .agenda: "Thông qua chương trình sinh hoạt"
        case .minuteTaker: "Cử thư ký ghi biên bản"
        case .pastMonthReview: "Đánh giá kết quả thực hiện nhiệm vụ tháng trước"
        case .nextMonthTasks: "Triển khai nhiệm vụ tháng tới"
        case .discussion: "Thảo luận"
        case .conclusionVote: "Biểu quyết thông qua kết luận, nghị quyết"
        }
    }

    public var labelEn: String {
        switch self {
        case .attendance: "Roll call"
        case .dues: "Party dues"
        case .agenda: "Adopt the agenda"
        case .minuteTaker: "Appoint the minute-taker"
        case .pastMonthReview: "Review of the past month"
        case .nextMonthTasks: "Tasks for the next month"
        case .discussion: "Discussion"
        case .conclusionVote: "Vote on the conclusion"
        }
    }
}

public enum MeetingAgenda {
    /// R-MEET-3's order; a thematic meeting keeps it too, with its topic
    /// discussed under `discussion`.
    public static let standard: [AgendaItem] = AgendaItem.allCases

    /// Warnings (not refusals: a cell may have reasons) when an agenda leaves
    /// out or reorders the usual items. Free-text items are allowed anywhere.
    public static func warnings(_ items: [String]) -> [FieldIssue] {
        let known = items.compactMap(AgendaItem.init(rawValue:))
        var out: [FieldIssue] = []
        let missing = standard.filter { !known.contains($0) }
        if !missing.isEmpty {
            out.append(FieldIssue(field: "agenda",
                "Chương trình thiếu nội dung theo trình tự thông thường (R-MEET-3): " + missing.map(\.label).joined(separator: "; "),
                en: "The agenda leaves out usual items (R-MEET-3): " + missing.map(\.labelEn).joined(separator: "; ")))
        }
        let ranks = known.compactMap { standard.firstIndex(of: $0) }
        if zip(ranks, ranks.dropFirst()).contains(where: { $0 >= $1 }) {
            out.append(FieldIssue(field: "agenda",
                "Chương trình không theo trình tự thông thường (R-MEET-3)",
                en: "The agenda is not in the usual order (R-MEET-3)"))
        }
        return out
    }
}
