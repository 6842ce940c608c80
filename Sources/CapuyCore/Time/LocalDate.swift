import Foundation

/// A calendar day with no time or time zone: a date of birth, of admission
/// to the Party, of a meeting.
///
/// Stored and encoded as ISO "yyyy-MM-dd", shown to users as "dd/MM/yyyy".
/// Years are limited to 1–9999 so both forms always have four-digit years.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Four-digit year (1–9999).
    public let year: Int
    /// Month, 1–12.
    public let month: Int
    /// Day of month, 1–31.
    public let day: Int

    /// Creates a date, or nil when the day does not exist (e.g. 29/02/2023).
    public init?(year: Int, month: Int, day: Int) {
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses any form accepted by `VietnameseDate.parse(_:)`:
    /// "dd/MM/yyyy", "d/M/yyyy", "dd-MM-yyyy" or "yyyy-MM-dd".
    public init?(parsing text: String) {
        guard let (year, month, day) = VietnameseDate.parseTriple(text) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// ISO 8601 form, e.g. "2024-02-29"; used for storage and JSON.
    public var iso: String {
        VietnameseDate.pad(year, 4) + "-" + VietnameseDate.pad(month, 2) + "-" + VietnameseDate.pad(day, 2)
    }

    /// Vietnamese display form, e.g. "29/02/2024".
    public var display: String {
        VietnameseDate.format(year: year, month: month, day: day)
    }

    public var description: String { iso }

    /// The current calendar day in `timeZone` (use Asia/Ho_Chi_Minh for
    /// Vietnamese users: around midnight UTC the day differs from the server's).
    public static func today(in timeZone: TimeZone) -> LocalDate {
        date(of: Date(), in: timeZone)
    }

    /// The calendar day on which `instant` falls in `timeZone`.
    public static func date(of instant: Date, in timeZone: TimeZone) -> LocalDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: instant)
        // Calendar always yields a valid Gregorian day for a real instant.
        return LocalDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }

    /// The date `days` days later (earlier when negative), held to the years
    /// 1–9999: a date typed near the end of the range (a query's "from"
    /// 31/12/9999 plus a quarter) must not stop the server, nor may a count
    /// of days near Int.max (issue 14).
    public func adding(days: Int) -> LocalDate {
        // The whole calendar spans about 3.65 million days, so a larger shift
        // saturates anyway; clamping first keeps the sum and the civil-date
        // arithmetic far from Int's limits.
        let shift = CheckedNumber.clamp(days, to: -Self.daySpan...Self.daySpan)
        let shifted = CivilCalendar.civilDate(daysSinceEpoch: daysSinceEpoch + shift)
        if let result = LocalDate(year: shifted.year, month: shifted.month, day: shifted.day) { return result }
        return shifted.year < 1 ? LocalDate(year: 1, month: 1, day: 1)! : LocalDate(year: 9999, month: 12, day: 31)!
    }

    /// More days than separate 01/01/0001 from 31/12/9999.
    static let daySpan = 4_000_000

    /// Whole years completed from this date until `other`: an age when this
    /// is a date of birth, Party seniority when it is a date of admission.
    /// The anniversary day itself counts as completed; someone born on 29/02
    /// completes a year on 01/03 in common years. Negative when `other` is earlier.
    public func years(until other: LocalDate) -> Int {
        if other < self { return -other.years(until: self) }
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    /// Days since 1970-01-01; handy for day differences and SQL storage.
    public var daysSinceEpoch: Int {
        CivilCalendar.daysSinceEpoch(year: year, month: month, day: day)
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes from any form `init(parsing:)` accepts (normally ISO).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = LocalDate(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "Ngày không hợp lệ: \(text)")
        }
        self = date
    }

    /// Encodes as the ISO string "yyyy-MM-dd".
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}
