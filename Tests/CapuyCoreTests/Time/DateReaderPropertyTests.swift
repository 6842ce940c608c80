import CapuyCore
import Foundation
import PropertyBased
import Testing

/// Issue 14, item 1: the date readers (dd/MM/yyyy, d/M/yyyy, dd-MM-yyyy,
/// ISO) and the date arithmetic that input reaches never trap, whatever a
/// request carries, and the dates they accept come back unchanged.
@Suite("Dates from input: readers and arithmetic never trap (issue 14, item 1)")
struct DateReaderPropertyTests {
    @Test("LocalDate(parsing:) and VietnameseDate.parse never trap; what they accept is a real day in 1–9999")
    func parsingIsTotal() async {
        for text in ["31/12/9999", "01/01/0001", "00/01/2024", "29/02/2023", "9223372036854775807-01-01", "1/1/99999",
                     "2024-02-29\u{0}", "\u{0}", "٢٠٢٤-٠١-٠١", "-1/-1/-2024", "+1/+1/2024"] {
            checkParse(text)
        }
        await propertyCheck(count: 1000, input: InputGen.anyText) { text in checkParse(text) }
        await propertyCheck(count: 2000, input: InputGen.readerText) { text in checkParse(text) }
    }

    private func checkParse(_ text: String) {
        let date = LocalDate(parsing: text)
        let parts = VietnameseDate.parse(text)
        #expect((date == nil) == (parts == nil), "\(text.debugDescription)")
        guard let date else { return }
        #expect((1...9999).contains(date.year) && (1...12).contains(date.month) && (1...31).contains(date.day))
        #expect(parts?.year == date.year && parts?.month == date.month && parts?.day == date.day)
    }

    @Test("Accepted dates round-trip through dd/MM/yyyy and ISO, with or without leading zeros")
    func roundTrip() async {
        await propertyCheck(count: 1000, input: Gen.int(in: -10...10_010), Gen.int(in: -1...14), Gen.int(in: -1...33)) { y, m, d in
            guard let date = LocalDate(year: y, month: m, day: d) else {
                #expect(!CivilCalendar.isValid(year: y, month: m, day: d))
                return
            }
            #expect(LocalDate(parsing: date.display) == date)
            #expect(LocalDate(parsing: date.iso) == date)
            if y >= 1000 { #expect(LocalDate(parsing: "\(d)/\(m)/\(y)") == date) }
            let decoded = try? JSONDecoder().decode([LocalDate].self, from: JSONEncoder().encode([date]))
            #expect(decoded == [date])
        }
    }

    @Test("LocalDate(year:month:day:) never traps for any Ints")
    func initIsTotal() async {
        for y in InputGen.edgeInts { for m in InputGen.edgeInts + [2, 12] { _ = LocalDate(year: y, month: m, day: 1) } }
        await propertyCheck(count: 500, input: InputGen.anyInt, InputGen.anyInt, InputGen.anyInt) { y, m, d in
            let date = LocalDate(year: y, month: m, day: d)
            #expect((date != nil) == CivilCalendar.isValid(year: y, month: m, day: d))
        }
    }

    @Test("adding(days:) never traps for any Int, stays within 1–9999, and is exact while it can be")
    func addingDays() async {
        let first = LocalDate(year: 1, month: 1, day: 1)!, last = LocalDate(year: 9999, month: 12, day: 31)!
        for start in [first, last] {
            for n in InputGen.edgeInts { #expect(start.adding(days: n) >= first && start.adding(days: n) <= last) }
        }
        await propertyCheck(count: 1000, input: Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...28), InputGen.anyInt) { y, m, d, n in
            let start = LocalDate(year: y, month: m, day: d)!
            let result = start.adding(days: n)
            #expect(result >= first && result <= last)
            if let target = CheckedNumber.sum(start.daysSinceEpoch, n),
               (first.daysSinceEpoch...last.daysSinceEpoch).contains(target) {
                #expect(result.daysSinceEpoch == target)
            } else {
                #expect(result == (n < 0 ? first : last))
            }
        }
    }

    @Test("addingYears never traps for any Int and saturates at 01/01/0001 and 31/12/9999")
    func addingYears() async {
        let first = LocalDate(year: 1, month: 1, day: 1)!, last = LocalDate(year: 9999, month: 12, day: 31)!
        // The limitation period of R-DISC-3 after an offence in the last years of the calendar.
        #expect(LocalDate(year: 9996, month: 6, day: 1)!.addingYears(5) == last)
        #expect(LocalDate(year: 2024, month: 2, day: 29)!.addingYears(1) == LocalDate(year: 2025, month: 2, day: 28)!)
        await propertyCheck(count: 1000, input: Gen.int(in: 1...9999), Gen.int(in: 1...12), Gen.int(in: 1...28), InputGen.anyInt) { y, m, d, n in
            let result = LocalDate(year: y, month: m, day: d)!.addingYears(n)
            #expect(result >= first && result <= last)
            if let target = CheckedNumber.sum(y, n), (1...9999).contains(target) {
                #expect(result == LocalDate(year: target, month: m, day: d))
            }
        }
    }

    @Test("Report periods from any year and index: nil or a range inside one year, never a trap")
    func reportPeriods() async {
        await propertyCheck(count: 500, input: Gen<ReportPeriod>.case, InputGen.anyInt, InputGen.anyInt) { period, year, index in
            guard let range = period.range(year: year, index: index) else { return }
            #expect(range.from <= range.to && range.from.year == year && range.to.year == year)
        }
        for period in ReportPeriod.allCases { for y in InputGen.edgeInts { for i in InputGen.edgeInts { _ = period.range(year: y, index: i) } } }
    }

    /// Short texts of what a clock reader looks at, signs included.
    static let clockText = Gen<Character?>.element(of: Array("0123456789:+- \u{0}")).array(of: 0...6).map { String($0.compactMap { $0 }) }

    @Test("Clock times \"HH:mm\" from any text: accepted only as two digits, a colon, two digits, 00:00 to 23:59")
    func clockTimes() async {
        #expect(!MeetingRules.isClockTime("+1:30") && !MeetingRules.isClockTime("-0:00"))
        await propertyCheck(count: 2000, input: Self.clockText) { text in
            guard MeetingRules.isClockTime(text) else { return }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            #expect(parts.count == 2 && parts.allSatisfy { $0.count == 2 && $0.allSatisfy { ("0"..."9").contains($0) } }, "\(text.debugDescription)")
            #expect((0..<24).contains(Int(parts[0]) ?? -1) && (0..<60).contains(Int(parts[1]) ?? -1))
        }
        await propertyCheck(count: 300, input: InputGen.anyText) { text in _ = MeetingRules.isClockTime(text) }
    }
}
