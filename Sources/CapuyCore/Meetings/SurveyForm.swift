/// The level a surveyed cell meeting is given (HCMC Kế hoạch 156: tốt, khá,
/// trung bình, yếu).
public enum SurveyLevel: String, CaseIterable, Sendable, Codable {
    case good
    case fair
    case average
    case weak

    public var label: String {
        switch self {
        case .good: "Tốt"
        case .fair: "Khá"
        case .average: "Trung bình"
        case .weak: "Yếu"
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

/// One scored line of the survey form, e.g. "order of business" out of 15.
public struct SurveyCriterion: Sendable, Codable, Equatable {
    public let code: String
    public let title: String
    public let titleEn: String
    public let maxPoints: Double

    public init(_ code: String, _ title: String, en: String, _ maxPoints: Double) {
        self.code = code
        self.title = title
        self.titleEn = en
        self.maxPoints = maxPoints
    }
}

/// The evaluation form of a survey round (R-MEET-2: provinces add scoring
/// sheets with points), held as data: a round keeps the copy it was opened
/// with, so a later change of the default never re-scores a past survey.
public struct SurveyForm: Sendable, Codable, Equatable {
    /// The lowest total of each level; below `average` a meeting is weak.
    public struct Thresholds: Sendable, Codable, Equatable {
        public var good: Double
        public var fair: Double
        public var average: Double

        public init(good: Double, fair: Double, average: Double) {
            self.good = good
            self.fair = fair
            self.average = average
        }
    }

    public var criteria: [SurveyCriterion]
    public var thresholds: Thresholds

    public init(criteria: [SurveyCriterion], thresholds: Thresholds) {
        self.criteria = criteria
        self.thresholds = thresholds
    }

    public var maxPoints: Double { criteria.reduce(0) { $0 + $1.maxPoints } }

    /// Why a loaded form cannot be used; empty when it can.
    public var problems: [String] {
        var out: [String] = []
        if criteria.isEmpty { out.append("no criteria") }
        // Finite and office-sized: a total of infinity cannot be stored or sent as JSON.
        for c in criteria where !(c.maxPoints > 0 && c.maxPoints <= 1000) || c.code.isEmpty { out.append("\(c.code): max outside 0–1000 or empty code") }
        let codes = criteria.map(\.code)
        if Set(codes).count != codes.count { out.append("repeated criterion codes") }
        let t = thresholds
        if !(0 < t.average && t.average < t.fair && t.fair < t.good && t.good <= maxPoints) {
            out.append("thresholds must rise: 0 < average < fair < good ≤ \(maxPoints)")
        }
        return out
    }

    /// Checks a filled form: every criterion scored once, within 0…max.
    /// Returns the total, or each criterion at fault.
    public func total(of scores: [String: Double]) -> Result<Double, SurveyScoreError> {
        var wrong: [SurveyScoreError.Entry] = []
        for code in scores.keys where !criteria.contains(where: { $0.code == code }) {
            wrong.append(.init(code: code, max: 0, problem: .unknown))
        }
        var total = 0.0
        for c in criteria {
            guard let v = scores[c.code] else { wrong.append(.init(code: c.code, max: c.maxPoints, problem: .missing)); continue }
            guard v.isFinite, v >= 0, v <= c.maxPoints else { wrong.append(.init(code: c.code, max: c.maxPoints, problem: .outOfRange)); continue }
            total += v
        }
        guard wrong.isEmpty else { return .failure(SurveyScoreError(entries: wrong.sorted { $0.code < $1.code })) }
        // Half points are common; keep totals free of binary noise.
        return .success((total * 100).rounded() / 100)
    }

    public func level(for total: Double) -> SurveyLevel {
        if total >= thresholds.good { return .good }
        if total >= thresholds.fair { return .fair }
        if total >= thresholds.average { return .average }
        return .weak
    }

    /// The default form, out of 100, following R-MEET-2 and R-MEET-3.
    public static let standard = SurveyForm(
        criteria: [
            SurveyCriterion("CB", "Chuẩn bị nội dung, thống nhất trước trong cấp ủy", en: "Content prepared and agreed in advance", 15),
            SurveyCriterion("TG", "Đúng giờ, đủ thời lượng (ít nhất 90 phút)", en: "On time, at least 90 minutes", 10),
            SurveyCriterion("TT", "Đúng trình tự sinh hoạt (R-MEET-3)", en: "The usual order of business (R-MEET-3)", 15),
            SurveyCriterion("DH", "Tỷ lệ đảng viên dự họp (trên 85%)", en: "Attendance (over 85%)", 15),
            SurveyCriterion("PB", "Nhiều đảng viên phát biểu, thảo luận", en: "Many members speak and discuss", 15),
            SurveyCriterion("KL", "Chất lượng kết luận, nghị quyết", en: "Quality of the conclusion or resolution", 15),
            SurveyCriterion("BB", "Biên bản đầy đủ", en: "Complete minutes", 10),
            SurveyCriterion("TH", "Thực hiện nghị quyết kỳ trước", en: "Last resolution carried out", 5),
        ],
        thresholds: Thresholds(good: 80, fair: 65, average: 50))
}

public struct SurveyScoreError: Error, Equatable, Sendable {
    public enum Problem: Sendable, Equatable { case missing, outOfRange, unknown }
    public struct Entry: Sendable, Equatable {
        public let code: String
        public let max: Double
        public let problem: Problem

        public init(code: String, max: Double, problem: Problem) {
            self.code = code
            self.max = max
            self.problem = problem
        }
    }
    public let entries: [Entry]
}
