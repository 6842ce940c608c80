/// A calendar month, the unit R-MEET-1 counts meetings in.
public struct YearMonth: Sendable, Hashable, Comparable, Codable {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(_ date: LocalDate) { self.init(year: date.year, month: date.month) }

    public var index: Int { year * 12 + (month - 1) }
    public init(index: Int) { self.init(year: index / 12, month: index % 12 + 1) }
    public func adding(months: Int) -> YearMonth { YearMonth(index: index + months) }
    /// Its first day; a month outside the calendar's years 1–9999 answers the
    /// nearest end instead of trapping.
    public var first: LocalDate {
        LocalDate(year: year, month: month, day: 1)
            ?? (year < 1 ? LocalDate(year: 1, month: 1, day: 1)! : LocalDate(year: 9999, month: 12, day: 1)!)
    }
    public var display: String { (month < 10 ? "0" : "") + "\(month)/\(year)" }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }
}

/// A period in which a cell owed a meeting and held none (R-MEET-1).
public struct MeetingGap: Sendable, Hashable, Codable {
    public var kind: MeetingKind
    /// The period's first month and its length in months.
    public var start: YearMonth
    public var months: Int

    public var label: String {
        months == 1 ? "Tháng \(start.display)" : "\(start.display) – \(start.adding(months: months - 1).display)"
    }
}

public enum MeetingCadence {
    /// The periods of the last `lookbackMonths` completed months (the one
    /// containing `today` is still open, so it is never a gap) in which no
    /// meeting of a kind was held. Periods are aligned on the calendar year:
    /// with 3 months, quarters.
    public static func gaps(held: [(kind: MeetingKind, on: LocalDate)], today: LocalDate,
                            lookbackMonths: Int = 12, policy: MeetingPolicy = .standard) -> [MeetingGap] {
        let current = YearMonth(today)
        let earliest = current.adding(months: -lookbackMonths)
        var out: [MeetingGap] = []
        for (kind, every) in [(MeetingKind.regular, policy.regularEveryMonths), (.thematic, policy.thematicEveryMonths)] {
            let months = Set(held.filter { $0.kind == kind }.map { YearMonth($0.on).index })
            // First aligned period starting at or after `earliest`.
            var start = earliest.index + (every - (earliest.index % every)) % every
            while start + every <= current.index {
                if !(start..<(start + every)).contains(where: months.contains) {
                    out.append(MeetingGap(kind: kind, start: YearMonth(index: start), months: every))
                }
                start += every
            }
        }
        return out
    }

    /// How many meetings a follower owes over her term up to `until`
    /// (R-MEET follow rule: `followRequired` every `followEveryMonths`),
    /// counting only whole periods elapsed.
    public static func followRequired(from: LocalDate, to: LocalDate, until: LocalDate, policy: MeetingPolicy = .standard) -> Int {
        let end = min(to, until)
        guard end >= from else { return 0 }
        let months = YearMonth(end).index - YearMonth(from).index + 1
        return (months / policy.followEveryMonths) * policy.followRequired
    }
}
