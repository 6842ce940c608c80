import Foundation

/// Parsing and formatting of dates as Vietnamese users write them.
public enum VietnameseDate {
    /// Parses a calendar date written as "dd/MM/yyyy", "d/M/yyyy",
    /// "dd-MM-yyyy" (day first, as in Vietnam) or ISO "yyyy-MM-dd".
    ///
    /// Returns year, month and day components, or nil when the text does not
    /// match or names a day that does not exist (31/02/2020, 29/02/2023).
    /// Surrounding whitespace is ignored; the year must have four digits so
    /// that "1/2/24" is rejected rather than read as year 24.
    public static func parse(_ s: String) -> DateComponents? {
        guard let (year, month, day) = parseTriple(s) else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }

    /// Formats a date as "dd/MM/yyyy", the form used on Vietnamese documents.
    public static func format(year: Int, month: Int, day: Int) -> String {
        pad(day, 2) + "/" + pad(month, 2) + "/" + pad(year, 4)
    }

    /// Shared by `parse` and `LocalDate(parsing:)`; validates the calendar day.
    static func parseTriple(_ s: String) -> (year: Int, month: Int, day: Int)? {
        let text = s.trimmingCharacters(in: .whitespacesAndNewlines)
        let separator: Character
        if text.contains("/") {
            separator = "/"
        } else if text.contains("-") {
            separator = "-"
        } else {
            return nil
        }
        let parts = text.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy(isAsciiNumber) else { return nil }
        let year: Int, month: Int, day: Int
        if parts[0].count == 4 && separator == "-" {
            // ISO order; insist on the two-digit fields ISO requires.
            guard parts[1].count == 2, parts[2].count == 2 else { return nil }
            (year, month, day) = (Int(parts[0])!, Int(parts[1])!, Int(parts[2])!)
        } else {
            guard parts[0].count <= 2, parts[1].count <= 2, parts[2].count == 4 else { return nil }
            (year, month, day) = (Int(parts[2])!, Int(parts[1])!, Int(parts[0])!)
        }
        guard CivilCalendar.isValid(year: year, month: month, day: day) else { return nil }
        return (year, month, day)
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    private static func isAsciiNumber(_ part: Substring) -> Bool {
        !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
