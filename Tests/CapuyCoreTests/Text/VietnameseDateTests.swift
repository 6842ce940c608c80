import Foundation
import Testing
import CapuyCore

// Rule: dates are typed day first ("dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy") or
// as ISO "yyyy-MM-dd", must name a real Gregorian day, and are shown as "dd/MM/yyyy".
@Suite("Rule: Vietnamese date input and display")
struct VietnameseDateTests {
    @Test("Rule date parse: accepted forms", arguments: [
        ("29/02/2024", 2024, 2, 29),
        ("05/06/1975", 1975, 6, 5),
        ("5/6/1975", 1975, 6, 5),
        ("1/12/2000", 2000, 12, 1),
        ("19-05-1890", 1890, 5, 19),
        ("3-2-1930", 1930, 2, 3),
        ("2024-02-29", 2024, 2, 29),
        ("1945-09-02", 1945, 9, 2),
        ("  02/09/1945 \n", 1945, 9, 2),
    ])
    func accepts(text: String, year: Int, month: Int, day: Int) throws {
        let parts = try #require(VietnameseDate.parse(text))
        #expect(parts.year == year)
        #expect(parts.month == month)
        #expect(parts.day == day)
    }

    @Test("Rule date parse: impossible calendar days are rejected", arguments: [
        "31/02/2020", "29/02/2023", "29/02/1900", "31/04/2021", "32/01/2020", "00/01/2020",
        "15/13/2020", "15/00/2020", "2023-02-29", "2021-04-31",
    ])
    func rejectsImpossibleDays(text: String) {
        #expect(VietnameseDate.parse(text) == nil)
    }

    @Test("Rule date parse: leap days of leap years are accepted", arguments: ["29/02/2000", "29/02/2024", "2096-02-29"])
    func leapDays(text: String) {
        #expect(VietnameseDate.parse(text)?.day == 29)
    }

    @Test("Rule date parse: malformed text is rejected", arguments: [
        "", "abc", "1/2/24", "01/02/20245", "2024/02/29", "2024-2-9", "01/02-2024", "01//2024",
        "01/02/2024/1", "+1/02/2024", "01/02/2024 10:00", "١/٢/٢٠٢٤",
    ])
    func rejectsMalformed(text: String) {
        #expect(VietnameseDate.parse(text) == nil)
    }

    @Test("Rule date format: dd/MM/yyyy with zero padding", arguments: [
        (2024, 2, 9, "09/02/2024"),
        (1945, 9, 2, "02/09/1945"),
        (2000, 12, 31, "31/12/2000"),
        (5, 1, 1, "01/01/0005"),
    ])
    func formats(year: Int, month: Int, day: Int, expected: String) {
        #expect(VietnameseDate.format(year: year, month: month, day: day) == expected)
    }

    @Test("Rule date: format then parse gives back the same day")
    func roundTrip() throws {
        let text = VietnameseDate.format(year: 1969, month: 9, day: 2)
        let parts = try #require(VietnameseDate.parse(text))
        #expect([parts.year, parts.month, parts.day] == [1969, 9, 2])
    }
}
