import CapuyCore
import Foundation

/// Converts between calendar dates and spreadsheet serial day numbers.
///
/// Pure integer arithmetic (proleptic Gregorian) instead of `Calendar`, because
/// it runs for every date cell of 100,000-row sheets and must not depend on the
/// server's time zone.
enum XLSXDateSerial {
    /// A calendar day; months and days are 1-based.
    struct Day: Equatable, Sendable {
        var year: Int
        var month: Int
        var day: Int

        /// "dd/MM/yyyy", the form used throughout the Vietnamese UI.
        var ddMMyyyy: String {
            let d = day < 10 ? "0\(day)" : "\(day)"
            let m = month < 10 ? "0\(month)" : "\(month)"
            var y = "\(year)"
            while y.count < 4 { y = "0" + y }
            return "\(d)/\(m)/\(y)"
        }
    }

    /// Largest serial Excel accepts (31/12/9999).
    static let maxSerial = 2_958_465

    /// Whether the components name a real day of the Gregorian calendar.
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        CivilCalendar.isValid(year: year, month: month, day: day)
    }

    /// The 1900-system serial for a date, or nil when Excel cannot show it
    /// (before 1 January 1900, after 9999, or not a real date).
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard year >= 1900, isValid(year: year, month: month, day: day) else { return nil }
        let days = daysFromCivil(year, month, day)
        // Excel keeps Lotus 1-2-3's phantom 29/02/1900 (serial 60), so dates
        // before March 1900 are counted from one day later.
        if days < daysFromCivil(1900, 3, 1) {
            return days - daysFromCivil(1899, 12, 31)
        }
        return days - daysFromCivil(1899, 12, 30)
    }

    /// The calendar day of a serial, or nil when out of Excel's range.
    /// - Parameter date1904: the workbook uses the Mac 1904 date system.
    static func day(fromSerial serial: Double, date1904: Bool) -> Day? {
        guard serial.isFinite, serial >= 1, serial < Double(maxSerial + 1) else { return nil }
        // Times of day are dropped: a date cell may carry hours. The guard
        // above keeps the serial small, so the checked conversion cannot fail.
        guard let whole = CheckedNumber.int(serial.rounded(.down)) else { return nil }
        if date1904 {
            // The 1904 system is 1,462 days behind: its top serials would
            // name years past 9999, which no date field can hold.
            let day = civilFromDays(daysFromCivil(1904, 1, 1) + whole)
            return day.year <= 9999 ? day : nil
        }
        if whole < 60 {
            return civilFromDays(daysFromCivil(1899, 12, 31) + whole)
        }
        if whole == 60 {
            // The phantom 29/02/1900 does not exist; the closest real day.
            return Day(year: 1900, month: 2, day: 28)
        }
        return civilFromDays(daysFromCivil(1899, 12, 30) + whole)
    }

    /// Days since 1970-01-01; the calendar arithmetic lives in CapuyCore.
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
    }

    static func civilFromDays(_ days: Int) -> Day {
        let c = CivilCalendar.civilDate(daysSinceEpoch: days)
        return Day(year: c.year, month: c.month, day: c.day)
    }
}
