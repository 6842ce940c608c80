/// What the review knows about one member or unit beyond the score, each
/// fed from real records where the system has them.
public struct RatingFacts: Sendable, Codable, Equatable {
    /// R-EVAL-3: tasks of the year, done on time, done beyond requirements.
    public var tasks: Int
    public var tasksOnTime: Int
    public var tasksBeyond: Int
    /// R-EVAL-4: sanctions decided in the year that were not self-detected and remedied.
    public var disciplinedInYear: Bool
    /// R-EVAL-4: share of commitment targets met (0…1), nil when none was set.
    public var targetsMet: Double?
    /// R-EVAL-4: concluded by the competent body to show degradation.
    public var degradationConcluded: Bool
    /// R-EVAL-4: breach of the rules on setting an example.
    public var exampleBreach: Bool
    /// Collective only (R-EVAL-3, R-EVAL-4).
    public var leadershipDisciplined: Bool
    public var leadershipMemberDisciplined: Bool
    public var subordinateUnits: Int
    public var subordinateUnitsDisciplined: Int

    public init(tasks: Int = 0, tasksOnTime: Int = 0, tasksBeyond: Int = 0, disciplinedInYear: Bool = false,
                targetsMet: Double? = nil, degradationConcluded: Bool = false, exampleBreach: Bool = false,
                leadershipDisciplined: Bool = false, leadershipMemberDisciplined: Bool = false,
                subordinateUnits: Int = 0, subordinateUnitsDisciplined: Int = 0) {
        self.tasks = tasks
        self.tasksOnTime = tasksOnTime
        self.tasksBeyond = tasksBeyond
        self.disciplinedInYear = disciplinedInYear
        self.targetsMet = targetsMet
        self.degradationConcluded = degradationConcluded
        self.exampleBreach = exampleBreach
        self.leadershipDisciplined = leadershipDisciplined
        self.leadershipMemberDisciplined = leadershipMemberDisciplined
        self.subordinateUnits = subordinateUnits
        self.subordinateUnitsDisciplined = subordinateUnitsDisciplined
    }
}

/// Why a level is out of reach. Each names its rule.
public enum RatingBar: String, Sendable, Codable, Equatable, CaseIterable {
    // R-EVAL-3: excellent needs…
    case tasksLate
    case tooFewBeyond
    case subordinateOrLeaderDisciplined
    // R-EVAL-4: forced "not fulfilled"
    case disciplined
    case targetsUnmet
    case degradation
    case exampleBreach
    case leadershipDisciplined
    case manyUnitsDisciplined

    public var forcesNotFulfilled: Bool {
        switch self {
        case .tasksLate, .tooFewBeyond, .subordinateOrLeaderDisciplined: false
        default: true
        }
    }

    public var rule: String { forcesNotFulfilled ? "R-EVAL-4" : "R-EVAL-3" }

    public var message: String {
        switch self {
        case .tasksLate: "Chưa hoàn thành đúng hạn mọi nhiệm vụ (R-EVAL-3)"
        case .tooFewBeyond: "Dưới 30% nhiệm vụ vượt yêu cầu (R-EVAL-3)"
        case .subordinateOrLeaderDisciplined: "Có tổ chức đảng trực thuộc hoặc thành viên lãnh đạo bị kỷ luật trong năm (R-EVAL-3)"
        case .disciplined: "Bị kỷ luật trong năm (R-EVAL-4)"
        case .targetsUnmet: "Đạt dưới 50% chỉ tiêu, cam kết (R-EVAL-4)"
        case .degradation: "Có kết luận suy thoái về tư tưởng chính trị, đạo đức, lối sống (R-EVAL-4)"
        case .exampleBreach: "Vi phạm quy định về nêu gương (R-EVAL-4)"
        case .leadershipDisciplined: "Tập thể lãnh đạo bị kỷ luật trong năm (R-EVAL-4)"
        case .manyUnitsDisciplined: "Trên 20% tổ chức đảng trực thuộc bị kỷ luật (R-EVAL-4)"
        }
    }

    public var messageEn: String {
        switch self {
        case .tasksLate: "Not every task was done on time (R-EVAL-3)"
        case .tooFewBeyond: "Under 30% of tasks beyond requirements (R-EVAL-3)"
        case .subordinateOrLeaderDisciplined: "A subordinate unit or a leadership member was disciplined this year (R-EVAL-3)"
        case .disciplined: "Disciplined this year (R-EVAL-4)"
        case .targetsUnmet: "Under 50% of targets met (R-EVAL-4)"
        case .degradation: "Concluded to show degradation (R-EVAL-4)"
        case .exampleBreach: "Breach of the rules on setting an example (R-EVAL-4)"
        case .leadershipDisciplined: "The leadership collective was disciplined this year (R-EVAL-4)"
        case .manyUnitsDisciplined: "Over 20% of subordinate units disciplined (R-EVAL-4)"
        }
    }
}

/// The highest level a score and the facts allow, and why not higher.
public struct RatingCeiling: Sendable, Equatable {
    public let byScore: RatingLevel
    public let level: RatingLevel
    public let bars: [RatingBar]

    public init(byScore: RatingLevel, level: RatingLevel, bars: [RatingBar]) {
        self.byScore = byScore
        self.level = level
        self.bars = bars
    }
}

public enum RatingRules {
    /// R-EVAL-2: the band a total falls in.
    public static func band(_ total: Double, _ bands: ReviewPolicy.Bands) -> RatingLevel {
        if total >= bands.excellent { return .excellent }
        if total >= bands.good { return .good }
        if total >= bands.fulfilled { return .fulfilled }
        return .notFulfilled
    }

    /// The highest level allowed: the score's band, lowered to "good" when
    /// an excellent condition fails (R-EVAL-3) and to "not fulfilled" by any
    /// forced case (R-EVAL-4).
    public static func ceiling(total: Double, facts f: RatingFacts, collective: Bool, policy: ReviewPolicy) -> RatingCeiling {
        let byScore = band(total, policy.bands)
        var bars: [RatingBar] = []
        if f.disciplinedInYear { bars.append(.disciplined) }
        if let met = f.targetsMet, met < policy.targetsFloor { bars.append(.targetsUnmet) }
        if f.degradationConcluded { bars.append(.degradation) }
        if f.exampleBreach { bars.append(.exampleBreach) }
        if collective {
            if f.leadershipDisciplined { bars.append(.leadershipDisciplined) }
            if f.subordinateUnits > 0,
               Double(f.subordinateUnitsDisciplined) > Double(f.subordinateUnits) * policy.disciplinedUnitsCeiling {
                bars.append(.manyUnitsDisciplined)
            }
        }
        if bars.contains(where: \.forcesNotFulfilled) {
            return RatingCeiling(byScore: byScore, level: .notFulfilled, bars: bars)
        }
        guard byScore == .excellent else { return RatingCeiling(byScore: byScore, level: byScore, bars: []) }
        if f.tasksOnTime < f.tasks { bars.append(.tasksLate) }
        // Integer arithmetic on the share keeps 30% of 10 exactly 3.
        if f.tasks == 0 || Double(f.tasksBeyond) < (Double(f.tasks) * policy.excellentBeyondShare - 1e-9) { bars.append(.tooFewBeyond) }
        if collective, f.subordinateUnitsDisciplined > 0 || f.leadershipMemberDisciplined { bars.append(.subordinateOrLeaderDisciplined) }
        return RatingCeiling(byScore: byScore, level: bars.isEmpty ? .excellent : .good, bars: bars)
    }
}

/// R-EVAL-5: within one grassroots organization, members rated excellent
/// may not exceed a share (20%) of those rated good.
public enum RatingQuota {
    public static func maxExcellent(good: Int, share: Double) -> Int {
        // The small epsilon keeps 20% of 15 at 3, not 2.9999….
        Int((Double(good) * share + 1e-9).rounded(.down))
    }

    /// How many excellent ratings are over the quota (0 when within it).
    public static func excess(excellent: Int, good: Int, share: Double) -> Int {
        max(0, excellent - maxExcellent(good: good, share: share))
    }
}
