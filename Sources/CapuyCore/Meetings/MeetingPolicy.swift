/// One line of a meeting scoring sheet: automatic (R-MEET-2's measurable
/// criteria) or judged by the person scoring.
public struct MeetingCriterion: Sendable, Codable, Equatable {
    public var code: String
    public var title: String
    public var titleEn: String
    public var points: Double
    public var automatic: AutomaticCriterion?

    public init(_ code: String, _ title: String, en: String, _ points: Double, automatic: AutomaticCriterion? = nil) {
        self.code = code
        self.title = title
        self.titleEn = en
        self.points = points
        self.automatic = automatic
    }
}

/// Everything meetings are ruled by, as data with today's values as defaults
/// (R-MEET-1 cadence, R-MEET-2 thresholds and a scoring sheet of 100 points;
/// provinces replace the sheet with their own).
public struct MeetingPolicy: Sendable, Codable, Equatable {
    /// R-MEET-1: a regular meeting every this many months, a thematic one every this many.
    public var regularEveryMonths: Int
    public var thematicEveryMonths: Int
    /// R-MEET-2 thresholds.
    public var attendanceAbove: Double
    public var excusedRunLimit: Int
    public var minimumMinutes: Int
    /// Lowest score of each level; below `average` is weak.
    public var goodFrom: Double
    public var fairFrom: Double
    public var averageFrom: Double
    public var sheet: [MeetingCriterion]
    /// Follow assignments: at least `followRequired` meetings attended every
    /// `followEveryMonths` months of the term.
    public var followRequired: Int
    public var followEveryMonths: Int

    public func level(for score: Double) -> MeetingLevel {
        if score >= goodFrom { return .good }
        if score >= fairFrom { return .fair }
        if score >= averageFrom { return .average }
        return .weak
    }

    public var maxScore: Double { sheet.reduce(0) { $0 + $1.points } }

    /// Why a loaded policy cannot be used; empty when it can.
    public var problems: [String] {
        var out: [String] = []
        if !(averageFrom < fairFrom && fairFrom < goodFrom) { out.append("levels out of order") }
        if Set(sheet.map(\.code)).count != sheet.count { out.append("duplicate criterion codes") }
        if regularEveryMonths < 1 || thematicEveryMonths < 1 || followEveryMonths < 1 { out.append("period below one month") }
        return out
    }

    public static let standard = MeetingPolicy(
        regularEveryMonths: 1, thematicEveryMonths: 3,
        attendanceAbove: 0.85, excusedRunLimit: 3, minimumMinutes: 90,
        goodFrom: 85, fairFrom: 70, averageFrom: 50,
        sheet: [
            MeetingCriterion("A1", "Tỷ lệ đảng viên dự họp trên 85%", en: "Attendance over 85%", 15, automatic: .attendance),
            MeetingCriterion("A2", "Không có đảng viên vắng không lý do", en: "No absence without reason", 10, automatic: .noUnexcused),
            MeetingCriterion("A3", "Không có đảng viên vắng có lý do quá 3 lần liên tiếp trong năm",
                             en: "Nobody absent with reason more than 3 times in a row this year", 5, automatic: .noLongExcusedRun),
            MeetingCriterion("A4", "Thời gian sinh hoạt ít nhất 90 phút", en: "At least 90 minutes", 10, automatic: .duration),
            MeetingCriterion("A5", "Biên bản ghi đầy đủ", en: "Complete minutes", 10, automatic: .minutesComplete),
            MeetingCriterion("J1", "Nội dung được chuẩn bị, thống nhất trước", en: "Content prepared and agreed in advance", 15),
            MeetingCriterion("J2", "Đúng giờ, đúng trình tự", en: "On time and in order", 10),
            MeetingCriterion("J3", "Nhiều đảng viên phát biểu", en: "Many members speak", 10),
            MeetingCriterion("J4", "Nghị quyết kỳ trước được thực hiện", en: "Past resolutions carried out", 15),
        ],
        followRequired: 1, followEveryMonths: 3)
}
