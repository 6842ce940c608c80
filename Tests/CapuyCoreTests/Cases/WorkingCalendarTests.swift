import CapuyCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }

// Working days underlie the party limit of R-CASE-2 (90 working days).
@Suite("Working calendar")
struct WorkingCalendarTests {
    @Test("Weekdays are real ones: 0 is Monday, 6 is Sunday, also before 1970")
    func weekdays() {
        #expect(WorkingCalendar.weekday(d("01/01/1970")) == 3)  // Thursday
        #expect(WorkingCalendar.weekday(d("28/12/1969")) == 6)  // Sunday, negative epoch days
        #expect(WorkingCalendar.weekday(d("29/02/2024")) == 3)  // Thursday
        #expect(WorkingCalendar.weekday(d("23/11/2026")) == 0)  // Monday
        #expect(WorkingCalendar.weekday(d("27/11/2026")) == 4)  // Friday
        #expect(WorkingCalendar.weekday(d("28/11/2026")) == 5)  // Saturday
        #expect(WorkingCalendar.weekday(d("29/11/2026")) == 6)  // Sunday
        #expect(WorkingCalendar.weekday(d("02/09/2026")) == 2)  // Wednesday
    }

    @Test("Monday to Friday are working days, weekends and listed holidays are not")
    func workingDays() {
        let plain = WorkingCalendar()
        #expect(plain.isWorkingDay(d("23/11/2026")))
        #expect(plain.isWorkingDay(d("27/11/2026")))
        #expect(!plain.isWorkingDay(d("28/11/2026")))
        #expect(!plain.isWorkingDay(d("29/11/2026")))
        let office = WorkingCalendar(holidays: [d("23/11/2026")])
        #expect(!office.isWorkingDay(d("23/11/2026")))
        #expect(office.isWorkingDay(d("24/11/2026")))
    }

    @Test("Adding working days skips the start day, weekends and holidays")
    func adding() {
        let plain = WorkingCalendar()
        #expect(plain.adding(workingDays: 0, to: d("28/11/2026")) == d("28/11/2026"))
        #expect(plain.adding(workingDays: 1, to: d("20/11/2026")) == d("23/11/2026"))  // Friday → Monday
        #expect(plain.adding(workingDays: 1, to: d("21/11/2026")) == d("23/11/2026"))  // Saturday → Monday
        #expect(plain.adding(workingDays: 1, to: d("23/11/2026")) == d("24/11/2026"))
        #expect(plain.adding(workingDays: 5, to: d("23/11/2026")) == d("30/11/2026"))
        // 30 Apr (Thu) and 1 May (Fri) 2026 are holidays, then the weekend.
        let vn2026 = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026))
        #expect(plain.adding(workingDays: 1, to: d("29/04/2026")) == d("30/04/2026"))
        #expect(vn2026.adding(workingDays: 1, to: d("29/04/2026")) == d("04/05/2026"))
    }

    @Test("R-CASE-2: 90 working days from 02/03/2026 end on 06/07, or 08/07 with the 30/4 and 1/5 holidays")
    func ninetyWorkingDays() {
        let start = d("02/03/2026")
        #expect(WorkingCalendar().adding(workingDays: 90, to: start) == d("06/07/2026"))
        let vn2026 = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026))
        #expect(vn2026.adding(workingDays: 90, to: start) == d("08/07/2026"))
        #expect(vn2026.workingDays(from: start, through: d("08/07/2026")) == 90)
        #expect(vn2026.workingDays(from: start, through: d("07/07/2026")) == 89)
    }

    @Test("Counting working days: after the start, through the end, zero when the end is not later")
    func counting() {
        let plain = WorkingCalendar()
        #expect(plain.workingDays(from: d("20/11/2026"), through: d("23/11/2026")) == 1)
        #expect(plain.workingDays(from: d("21/11/2026"), through: d("22/11/2026")) == 0)
        #expect(plain.workingDays(from: d("23/11/2026"), through: d("23/11/2026")) == 0)
        #expect(plain.workingDays(from: d("30/11/2026"), through: d("23/11/2026")) == 0)
        #expect(plain.workingDays(from: d("22/11/2026"), through: d("29/11/2026")) == 5)
        let withHoliday = WorkingCalendar(holidays: [d("25/11/2026")])
        #expect(withHoliday.workingDays(from: d("22/11/2026"), through: d("29/11/2026")) == 4)
    }

    @Test("Counting undoes adding, from every day of a fortnight")
    func countingUndoesAdding() {
        let vn2026 = WorkingCalendar(holidays: WorkingCalendar.fixedHolidays(year: 2026))
        for offset in 0..<14 {
            let start = d("20/04/2026").adding(days: offset)
            for n in [1, 2, 5, 10, 30] {
                let end = vn2026.adding(workingDays: n, to: start)
                #expect(vn2026.isWorkingDay(end), "\(start) + \(n)")
                #expect(vn2026.workingDays(from: start, through: end) == n, "\(start) + \(n)")
            }
        }
    }

    @Test("The fixed public holidays: 1/1, 30/4, 1/5, 2/9 and the day next to it")
    func fixedHolidays() {
        let days = WorkingCalendar.fixedHolidays(year: 2027)
        #expect(days == [d("01/01/2027"), d("30/04/2027"), d("01/05/2027"), d("01/09/2027"), d("02/09/2027")])
    }

    @Test("A span ends after calendar or working days, and reads as the rule says it")
    func spans() {
        let calendar = WorkingCalendar()
        #expect(Span(30).end(from: d("23/11/2026"), calendar: calendar) == d("23/12/2026"))
        #expect(Span(5, .working).end(from: d("23/11/2026"), calendar: calendar) == d("30/11/2026"))
        #expect(Span(90, .working).label == "90 ngày làm việc")
        #expect(Span(30).label == "30 ngày")
        #expect(Span(30, .working).labelEn == "30 working days")
    }
}
