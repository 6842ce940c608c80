/// The public holidays the law itself fixes for any year (Bộ luật Lao động
/// 2019, Art. 112), so that time limits counted in working days skip Tết
/// without anyone typing it in (issue 14, item 6):
/// - 1/1; 30/4 and 1/5; 2/9 and the day before it;
/// - Tết Nguyên đán, 5 days: the last day of the lunar year (the 30th, or the
///   29th in a short twelfth month) through the 4th of the first month;
/// - Giỗ Tổ Hùng Vương, the 10th of the third lunar month;
/// - a holiday falling on a Saturday or Sunday gives the next working day off
///   (Art. 112(3)).
/// The government's yearly arrangement (days swapped with a worked Saturday,
/// 3/9 instead of 1/9) is data an office keeps beside these.
public enum StatutoryHolidays {
    public struct Day: Sendable, Equatable {
        public let date: LocalDate
        public let name: String
        public let nameEn: String
    }

    /// The holidays of a solar year, in date order; empty outside the years
    /// the lunar calendar is reckoned for.
    public static func days(year: Int) -> [Day] {
        guard VietnameseLunarCalendar.supportedYears.contains(year),
              let tet = VietnameseLunarCalendar.newYear(year) else { return [] }
        var days: [Day] = []
        func add(_ date: LocalDate?, _ name: String, _ nameEn: String) {
            if let date { days.append(Day(date: date, name: name, nameEn: nameEn)) }
        }
        add(LocalDate(year: year, month: 1, day: 1), "Tết Dương lịch", "New Year's Day")
        add(tet.adding(days: -1), "Tết Nguyên đán (ngày cuối năm âm lịch)", "Lunar New Year (last day of the lunar year)")
        for i in 0..<4 { add(tet.adding(days: i), "Tết Nguyên đán (mùng \(i + 1))", "Lunar New Year (day \(i + 1))") }
        add(VietnameseLunarCalendar.solarDate(day: 10, month: 3, year: year), "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
            "Hùng Kings' Commemoration (10th day of the 3rd lunar month)")
        add(LocalDate(year: year, month: 4, day: 30), "Ngày Chiến thắng", "Reunification Day")
        add(LocalDate(year: year, month: 5, day: 1), "Ngày Quốc tế Lao động", "International Labour Day")
        add(LocalDate(year: year, month: 9, day: 1), "Quốc khánh (ngày liền kề)", "National Day (adjacent day)")
        add(LocalDate(year: year, month: 9, day: 2), "Quốc khánh", "National Day")
        return withSubstitutes(days)
    }

    /// The dates only, for a range of years.
    public static func dates(years: ClosedRange<Int>) -> Set<LocalDate> {
        Set(years.flatMap { days(year: $0).map(\.date) })
    }

    /// Adds, for each holiday on a weekend, the next weekday that is neither
    /// a holiday nor already given in substitution.
    static func withSubstitutes(_ days: [Day]) -> [Day] {
        var taken = Set(days.map(\.date))
        var all = days
        for day in days.sorted(by: { $0.date < $1.date }) where WorkingCalendar.weekday(day.date) >= 5 {
            var next = day.date.adding(days: 1)
            while WorkingCalendar.weekday(next) >= 5 || taken.contains(next) { next = next.adding(days: 1) }
            taken.insert(next)
            all.append(Day(date: next, name: "Nghỉ bù \(day.name)", nameEn: "In lieu of \(day.nameEn)"))
        }
        return all.sorted { $0.date < $1.date }
    }
}
