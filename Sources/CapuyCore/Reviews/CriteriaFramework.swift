/// One scored line of a form, e.g. "Phẩm chất đạo đức, lối sống" out of 8.
public struct Criterion: Sendable, Codable, Equatable {
    public let code: String
    public let title: String
    public let maxPoints: Double

    public init(_ code: String, _ title: String, _ maxPoints: Double) {
        self.code = code
        self.title = title
        self.maxPoints = maxPoints
    }
}

/// A part of a form: general criteria (30 points) or results (70 points).
public struct CriteriaSection: Sendable, Codable, Equatable {
    public let code: String
    public let title: String
    public let maxPoints: Double
    public let criteria: [Criterion]

    public init(code: String, title: String, maxPoints: Double, criteria: [Criterion]) {
        self.code = code
        self.title = title
        self.maxPoints = maxPoints
        self.criteria = criteria
    }
}

/// The scoring sheet of one form (R-EVAL-2: 100 points, 30 general and 70
/// results). Held as data: a province loads its own sheet with the round.
public struct CriteriaSheet: Sendable, Codable, Equatable {
    public let form: ReviewForm
    public let sections: [CriteriaSection]

    public init(form: ReviewForm, sections: [CriteriaSection]) {
        self.form = form
        self.sections = sections
    }

    public var maxPoints: Double { sections.reduce(0) { $0 + $1.maxPoints } }
    public var criteria: [Criterion] { sections.flatMap(\.criteria) }

    /// A sheet whose lines do not add up to its sections, or whose codes
    /// repeat, would make every total wrong: it is refused when loaded.
    public var problems: [String] {
        var out: [String] = []
        for s in sections {
            let sum = s.criteria.reduce(0) { $0 + $1.maxPoints }
            if abs(sum - s.maxPoints) > 0.001 { out.append("\(form.rawValue) \(s.code): \(sum) ≠ \(s.maxPoints)") }
            if s.criteria.isEmpty { out.append("\(form.rawValue) \(s.code): empty") }
            for c in s.criteria where !(c.maxPoints > 0) { out.append("\(form.rawValue) \(c.code): max ≤ 0") }
        }
        // R-EVAL-2: every sheet is out of 100, whatever its lines.
        if abs(maxPoints - 100) > 0.001 { out.append("\(form.rawValue): \(maxPoints) ≠ 100") }
        let codes = criteria.map(\.code)
        if Set(codes).count != codes.count { out.append("\(form.rawValue): repeated criterion codes") }
        return out
    }

    /// Checks a filled sheet: every criterion scored once, within 0…max.
    /// Returns the total, or the criteria codes at fault with why.
    public func total(of scores: [String: Double]) -> Result<Double, ScoreSheetError> {
        var wrong: [ScoreSheetError.Entry] = []
        for code in scores.keys where !criteria.contains(where: { $0.code == code }) {
            wrong.append(.init(code: code, max: 0, problem: .unknown))
        }
        var total = 0.0
        for c in criteria {
            guard let v = scores[c.code] else { wrong.append(.init(code: c.code, max: c.maxPoints, problem: .missing)); continue }
            guard v.isFinite, v >= 0, v <= c.maxPoints else { wrong.append(.init(code: c.code, max: c.maxPoints, problem: .outOfRange)); continue }
            total += v
        }
        guard wrong.isEmpty else { return .failure(ScoreSheetError(entries: wrong.sorted { $0.code < $1.code })) }
        // Half points are common; keep totals free of binary noise.
        return .success((total * 100).rounded() / 100)
    }
}

public struct ScoreSheetError: Error, Equatable, Sendable {
    public enum Problem: Sendable, Equatable { case missing, outOfRange, unknown }
    public struct Entry: Sendable, Equatable {
        public let code: String
        public let max: Double
        public let problem: Problem
    }

    public let entries: [Entry]
}
