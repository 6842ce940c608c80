import Foundation
import Testing
import CapuyCore

// Rule: day arithmetic follows the Gregorian calendar; ages and Party seniority
// are completed years (the anniversary counts; a 29/02 birthday completes on
// 01/03 in common years); "today" is the calendar day in the user's time zone.
@Suite("Rule: LocalDate arithmetic, ages and today")
struct LocalDateArithmeticTests {
    private func date(_ iso: String) throws -> LocalDate { try #require(LocalDate(parsing: iso)) }

    @Test("Rule LocalDate adding days: crosses months, years and leap days", arguments: [
        ("2024-02-28", 1, "2024-02-29"),
        ("2024-02-28", 2, "2024-03-01"),
        ("2023-02-28", 1, "2023-03-01"),
        ("2023-12-31", 1, "2024-01-01"),
        ("2024-03-01", -1, "2024-02-29"),
        ("2024-01-01", 366, "2025-01-01"),
        ("1970-01-01", -1, "1969-12-31"),
        ("2000-01-01", 0, "2000-01-01"),
        ("1945-09-02", 29_000, "2025-01-25"),
    ])
    func addingDays(start: String, days: Int, expected: String) throws {
        #expect(try date(start).adding(days: days).iso == expected)
    }

    @Test("Rule LocalDate: days since epoch match known values")
    func epochDays() throws {
        #expect(try date("1970-01-01").daysSinceEpoch == 0)
        #expect(try date("2000-01-01").daysSinceEpoch == 10_957)
        #expect(try date("1969-12-31").daysSinceEpoch == -1)
    }

    @Test("Rule LocalDate: every day of 1899-2101 round-trips through day numbers")
    func roundTripDays() throws {
        var day = try date("1899-12-31")
        let end = try date("2101-01-01")
        var expectedNumber = day.daysSinceEpoch
        var mismatches: [String] = []  // one #expect at the end keeps the test fast
        while day < end {
            let next = day.adding(days: 1)
            expectedNumber += 1
            if next.daysSinceEpoch != expectedNumber || !(next > day) { mismatches.append(next.iso) }
            day = next
        }
        #expect(mismatches.isEmpty)
        #expect(day == end)
    }

    @Test("Rule LocalDate years(until:): completed years", arguments: [
        ("1990-05-19", "2024-05-18", 33),
        ("1990-05-19", "2024-05-19", 34),
        ("1990-05-19", "2024-12-31", 34),
        ("2000-02-29", "2001-02-28", 0),
        ("2000-02-29", "2001-03-01", 1),
        ("2000-02-29", "2004-02-29", 4),
        ("2024-06-01", "2024-06-01", 0),
        ("2024-06-01", "2023-06-01", -1),
        ("2024-06-01", "2023-06-02", 0),
    ])
    func completedYears(from: String, to: String, years: Int) throws {
        #expect(try date(from).years(until: date(to)) == years)
    }

    @Test("Rule LocalDate today: the calendar day depends on the time zone")
    func todayDependsOnZone() throws {
        let earliest = try #require(TimeZone(secondsFromGMT: -12 * 3600))
        let latest = try #require(TimeZone(secondsFromGMT: 14 * 3600))
        let behind = LocalDate.today(in: earliest)
        let ahead = LocalDate.today(in: latest)
        // 26 hours apart: always one or two calendar days.
        #expect((1...2).contains(ahead.daysSinceEpoch - behind.daysSinceEpoch))
    }

    @Test("Rule LocalDate: an instant maps to the Vietnamese calendar day in UTC+7")
    func instantInVietnam() throws {
        let instant = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14 22:13:20 UTC
        let vietnam = try #require(TimeZone(secondsFromGMT: 7 * 3600))
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        #expect(LocalDate.date(of: instant, in: vietnam).iso == "2023-11-15")
        #expect(LocalDate.date(of: instant, in: utc).iso == "2023-11-14")
    }
}
