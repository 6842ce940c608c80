/// Which days count as working days: Monday to Friday, less the public
/// holidays an office keeps (DESIGN.md, Time). The holiday list is data, so a
/// new decree on Tết moves no code.
public struct WorkingCalendar: Sendable, Equatable {
    public var holidays: Set<LocalDate>
    /// Days worked though they would be off: a Saturday swapped for a day
    /// next to Tết, or 1/9 when the government gives 3/9 instead. They win
    /// over `holidays` and the weekend.
    public var workedDays: Set<LocalDate>

    public init(holidays: Set<LocalDate> = [], workedDays: Set<LocalDate> = []) {
        self.holidays = holidays
        self.workedDays = workedDays
    }

    /// 1970-01-01 was a Thursday; 0 = Monday … 6 = Sunday.
    public static func weekday(_ date: LocalDate) -> Int {
        ((date.daysSinceEpoch % 7) + 7 + 3) % 7
    }

    public func isWorkingDay(_ date: LocalDate) -> Bool {
        workedDays.contains(date) || (Self.weekday(date) < 5 && !holidays.contains(date))
    }

    /// The day on which `days` working days after `start` have passed: the
    /// start day itself does not count (a limit runs from the day after).
    public func adding(workingDays days: Int, to start: LocalDate) -> LocalDate {
        precondition(days >= 0, "working days are counted forward")
        var date = start
        var left = days
        while left > 0 {
            date = date.adding(days: 1)
            if isWorkingDay(date) { left -= 1 }
        }
        return date
    }

    /// Working days after `start` up to and including `end` (0 when end ≤ start).
    public func workingDays(from start: LocalDate, through end: LocalDate) -> Int {
        guard end > start else { return 0 }
        var count = 0
        var date = start.adding(days: 1)
        while date <= end {
            if isWorkingDay(date) { count += 1 }
            date = date.adding(days: 1)
        }
        return count
    }

    /// Vietnam's fixed-date public holidays in a year (Labour Code 2019, Art.
    /// 112): 1 Jan, 30 Apr, 1 May, 2 Sep and the day before or after it.
    /// `StatutoryHolidays` adds Tết, the Hùng Kings' day and substitutes.
    public static func fixedHolidays(year: Int) -> Set<LocalDate> {
        let days = [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)]
        return Set(days.compactMap { LocalDate(year: year, month: $0.0, day: $0.1) })
    }
}

/// Calendar or working days: the law says which for each limit.
public enum DayCount: String, Sendable, Codable, CaseIterable {
    case calendar
    case working

    public var label: String { self == .calendar ? "ngày" : "ngày làm việc" }
    public var labelEn: String { self == .calendar ? "days" : "working days" }
}

/// A length of time as a rule states it: "30 ngày", "90 ngày làm việc".
public struct Span: Sendable, Equatable, Codable {
    public var days: Int
    public var count: DayCount

    public init(_ days: Int, _ count: DayCount = .calendar) {
        self.days = days
        self.count = count
    }

    public func end(from start: LocalDate, calendar: WorkingCalendar) -> LocalDate {
        switch count {
        case .calendar: start.adding(days: days)
        case .working: calendar.adding(workingDays: days, to: start)
        }
    }

    public var label: String { "\(days) \(count.label)" }
    public var labelEn: String { "\(days) \(count.labelEn)" }
}
