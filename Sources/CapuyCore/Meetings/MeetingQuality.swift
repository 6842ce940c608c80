/// What a held meeting's quality is judged on (R-MEET-2): counts from its
/// roll, its length and minutes, and the criteria only a person can judge.
public struct MeetingFacts: Sendable, Equatable {
    /// Members on the cell's roll that the meeting was for.
    public var expected: Int
    public var present: Int
    public var unexcused: Int
    /// The longest run of consecutive excused absences of any member this
    /// year, this meeting included.
    public var longestExcusedRun: Int
    public var durationMinutes: Int
    public var minutesComplete: Bool
    /// Codes of the sheet's judged criteria the scorer marked as met.
    public var judgedMet: Set<String>

    public init(expected: Int, present: Int, unexcused: Int, longestExcusedRun: Int, durationMinutes: Int,
                minutesComplete: Bool, judgedMet: Set<String> = []) {
        self.expected = expected
        self.present = present
        self.unexcused = unexcused
        self.longestExcusedRun = longestExcusedRun
        self.durationMinutes = durationMinutes
        self.minutesComplete = minutesComplete
        self.judgedMet = judgedMet
    }

    /// Present over expected; 0 for an empty roll.
    public var attendanceRate: Double { expected > 0 ? Double(present) / Double(expected) : 0 }
}

/// The automatic criteria of R-MEET-2, computed from the facts alone.
public enum AutomaticCriterion: String, CaseIterable, Sendable, Codable {
    case attendance
    case noUnexcused
    case noLongExcusedRun
    case duration
    case minutesComplete

    public func isMet(_ f: MeetingFacts, policy: MeetingPolicy) -> Bool {
        switch self {
        case .attendance: f.attendanceRate > policy.attendanceAbove
        case .noUnexcused: f.unexcused == 0
        case .noLongExcusedRun: f.longestExcusedRun <= policy.excusedRunLimit
        case .duration: f.durationMinutes >= policy.minimumMinutes
        case .minutesComplete: f.minutesComplete
        }
    }
}

/// A meeting's quality level, best first.
public enum MeetingLevel: String, CaseIterable, Sendable, Codable {
    case good
    case fair
    case average
    case weak

    public var label: String {
        switch self {
        case .good: "Tốt"
        case .fair: "Khá"
        case .average: "Trung bình"
        case .weak: "Kém"
        }
    }

    public var labelEn: String {
        switch self {
        case .good: "Good"
        case .fair: "Fair"
        case .average: "Average"
        case .weak: "Weak"
        }
    }
}

/// The result stored on a held meeting: each criterion met or not with its points.
public struct MeetingQuality: Sendable, Codable, Equatable {
    public struct Line: Sendable, Codable, Equatable {
        public var code: String
        public var met: Bool
        public var points: Double
    }

    public var lines: [Line]
    public var score: Double
    public var level: MeetingLevel

    /// Scores `facts` on the policy's sheet (R-MEET-2): a criterion met earns
    /// its points; the level follows the bands, but a meeting that fails any
    /// automatic criterion is at most `fair`, since those are R-MEET-2's floor.
    public static func score(_ facts: MeetingFacts, policy: MeetingPolicy) -> MeetingQuality {
        var lines: [Line] = []
        var automaticFailed = false
        for criterion in policy.sheet {
            let met: Bool
            if let auto = criterion.automatic {
                met = auto.isMet(facts, policy: policy)
                if !met { automaticFailed = true }
            } else {
                met = facts.judgedMet.contains(criterion.code)
            }
            lines.append(Line(code: criterion.code, met: met, points: met ? criterion.points : 0))
        }
        let score = lines.reduce(0) { $0 + $1.points }
        var level = policy.level(for: score)
        if automaticFailed && level == .good { level = .fair }
        return MeetingQuality(lines: lines, score: score, level: level)
    }
}
