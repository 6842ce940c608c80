import CapuyCore
import PropertyBased
import Testing

/// Issue 14, item 6: Tết and Giỗ Tổ computed for any year in UTC+7, so the
/// 90-working-day limit of party denunciations (R-CASE-2) skips them.
@Suite("Vietnamese lunar calendar and statutory holidays (R-CASE-2, issue 14, item 6)")
struct VietnameseLunarCalendarTests {
    private func d(_ text: String) -> LocalDate { LocalDate(parsing: text)! }

    @Test("Tết falls on the published dates, including the years Vietnam and China differ")
    func tet() {
        let published = [1985: "21/01/1985", 2007: "17/02/2007", 2020: "25/01/2020", 2021: "12/02/2021", 2022: "01/02/2022",
                         2023: "22/01/2023", 2024: "10/02/2024", 2025: "29/01/2025", 2026: "17/02/2026", 2027: "06/02/2027",
                         2030: "02/02/2030"]
        for (year, date) in published { #expect(VietnameseLunarCalendar.newYear(year) == d(date), "\(year)") }
        // In China's UTC+8 the 2007 and 2030 new moons fell a day later.
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 1, year: 2007, offsetHours: 8) == d("18/02/2007"))
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 1, year: 2030, offsetHours: 8) == d("03/02/2030"))
    }

    @Test("Giỗ Tổ Hùng Vương, 10/3 of the lunar year, and a leap month that only some years have")
    func hungKings() {
        let published = [2023: "29/04/2023", 2024: "18/04/2024", 2025: "07/04/2025", 2026: "26/04/2026"]
        for (year, date) in published {
            #expect(VietnameseLunarCalendar.solarDate(day: 10, month: 3, year: year) == d(date), "\(year)")
        }
        // 2023 had a leap second month (nhuận tháng 2), 2025 a leap sixth.
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 2, year: 2023, leap: true) == d("22/03/2023"))
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 6, year: 2025, leap: true) == d("25/07/2025"))
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 3, year: 2023, leap: true) == nil)
        #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 1, year: 2024, leap: true) == nil)
    }

    @Test("Any lunar day of any supported year: a date or nil, never a trap; months are 29 or 30 days")
    func anyInput() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1850...2250), Gen.int(in: -2...32), Gen.int(in: 0...14)) { year, day, month in
            let date = VietnameseLunarCalendar.solarDate(day: day, month: month, year: year)
            let valid = VietnameseLunarCalendar.supportedYears.contains(year) && (1...12).contains(month)
            if !valid || !(1...30).contains(day) {
                #expect(date == nil)
            } else if day <= 29 {
                #expect(date != nil, "\(day)/\(month)/\(year)")
            }
        }
        // Any offset, NaN and infinities included: a date or nil, never a trap.
        for offset in [Double.nan, .infinity, -.infinity, 1e300, -15, 15] {
            #expect(VietnameseLunarCalendar.solarDate(day: 1, month: 1, year: 2026, offsetHours: offset) == nil)
        }
        await propertyCheck(count: 200, input: Gen<UInt64>.value().map { Double(bitPattern: $0) }) { offset in
            let date = VietnameseLunarCalendar.solarDate(day: 1, month: 1, year: 2026, offsetHours: offset)
            #expect(date == nil || (offset.isFinite && abs(offset) <= 14))
        }
        for year in 2000...2100 {
            let start = VietnameseLunarCalendar.newYear(year)!, next = VietnameseLunarCalendar.newYear(year + 1)!
            let length = next.daysSinceEpoch - start.daysSinceEpoch
            #expect([353, 354, 355, 383, 384, 385].contains(length), "\(year): \(length)")
            #expect(start >= d("21/01/\(year)") && start <= d("20/02/\(year)"), "\(year)")
        }
    }

    @Test("R-CASE-2 / Labour Code Art. 112: the statutory days of 2026, Tết's five days, Giỗ Tổ and days in lieu")
    func statutory2026() {
        let days = StatutoryHolidays.days(year: 2026)
        let dates = Set(days.map(\.date))
        // Tết 2026: the last day of Ất Tỵ (16/2) through the 4th of Bính Ngọ (20/2).
        for day in 16...20 { #expect(dates.contains(d("\(day)/02/2026"))) }
        #expect(!dates.contains(d("15/02/2026")) && !dates.contains(d("21/02/2026")))
        #expect(dates.contains(d("26/04/2026")))
        // Giỗ Tổ on a Sunday, 26/4: the Monday off in lieu; 30/4 and 1/5 are Thursday and Friday.
        #expect(dates.contains(d("27/04/2026")))
        #expect(days.first { $0.date == d("27/04/2026") }?.name.hasPrefix("Nghỉ bù") == true)
        #expect(dates.isSuperset(of: [d("01/01/2026"), d("30/04/2026"), d("01/05/2026"), d("01/09/2026"), d("02/09/2026")]))
        #expect(dates.count == 12)
    }

    @Test("R-CASE-2: 90 working days from mid-January skip the whole of Tết")
    func limitsSkipTet() {
        let law = WorkingCalendar(holidays: StatutoryHolidays.dates(years: 2026...2026))
        let plain = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026))
        let start = d("12/01/2026")
        let due = law.adding(workingDays: 90, to: start)
        #expect(law.workingDays(from: start, through: due) == 90)
        // Five Tết weekdays plus Giỗ Tổ's Monday in lieu push the limit six working days later.
        #expect(plain.workingDays(from: start, through: due) == 96)
        // A Saturday worked in exchange counts as a working day.
        let swapped = WorkingCalendar(holidays: law.holidays, workedDays: [d("07/02/2026")])
        #expect(swapped.isWorkingDay(d("07/02/2026")) && !law.isWorkingDay(d("07/02/2026")))
    }
}
