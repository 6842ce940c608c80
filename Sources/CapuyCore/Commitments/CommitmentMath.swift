/// Which way an indicator of a responsibility commitment counts: most
/// targets are reached by going up (a share of households, new members),
/// some by staying down (cases of violation, complaints left unsettled).
public enum IndicatorDirection: String, CaseIterable, Sendable, Codable {
    case higherIsBetter
    case lowerIsBetter

    public var label: String {
        switch self {
        case .higherIsBetter: "Càng cao càng tốt (đạt khi ≥ chỉ tiêu)"
        case .lowerIsBetter: "Càng thấp càng tốt (đạt khi ≤ chỉ tiêu)"
        }
    }

    public var labelEn: String {
        switch self {
        case .higherIsBetter: "Higher is better (met at or above target)"
        case .lowerIsBetter: "Lower is better (met at or below target)"
        }
    }

    /// A ceiling may be zero ("no case of violation"); a goal to reach must
    /// be above zero, or every value would meet it.
    public func accepts(target: Double) -> Bool {
        guard target.isFinite else { return false }
        return self == .higherIsBetter ? target > 0 : target >= 0
    }
}

/// How far a responsibility commitment was kept: the figure the annual
/// review reads (R-EVAL-4: under 50% of targets met forces "not fulfilled").
public enum CommitmentMath {
    /// Most indicators one commitment may carry; real ones have 10 to 30.
    public static let maxIndicators = 50

    /// Percent achieved of one indicator, 0–100, rounded to two decimals.
    /// Higher is better: value / target, capped at 100. Lower is better:
    /// 100 while the value stays at or under the target, else target / value.
    public static func percentAchieved(value: Double, target: Double, direction: IndicatorDirection) -> Double {
        guard value.isFinite, target.isFinite else { return 0 }
        let raw: Double
        switch direction {
        case .higherIsBetter:
            raw = target > 0 ? value / target * 100 : (value >= target ? 100 : 0)
        case .lowerIsBetter:
            raw = value <= target ? 100 : target / value * 100
        }
        return rounded(min(100, max(0, raw)))
    }

    /// The commitment's overall percent: the plain average of its
    /// indicators' percents as shown, so the figures on a page add up; nil
    /// when there is nothing to average.
    public static func overall(_ percents: [Double]) -> Double? {
        guard !percents.isEmpty else { return nil }
        return rounded(percents.reduce(0, +) / Double(percents.count))
    }

    /// Two decimals: enough for a report, and stable when stored and read back.
    public static func rounded(_ x: Double) -> Double {
        (x * 100).rounded() / 100
    }
}

/// How much of a member's personal action program is done.
public enum PledgeMath {
    /// Percent of items done, rounded to two decimals. An empty program has
    /// no target left unmet, so it counts as 100 (callers can read `items`).
    public static func percentDone(done: Int, items: Int) -> Double {
        guard items > 0 else { return 100 }
        return CommitmentMath.rounded(Double(min(done, items)) / Double(items) * 100)
    }
}
