import Foundation

/// Interprets number formats and numeric cell values the way a person sees
/// them, so that imports get "15/08/1975" rather than "27621".
enum XLSXNumberFormat {
    /// Built-in format ids that Excel displays as dates (14-22; 18-21 are
    /// times but are classed with them as the file format spec groups them).
    static let builtInDateIDs: ClosedRange<Int> = 14...22

    /// Whether a cell whose style uses format `id` (with custom `code`, if
    /// the file defines one) shows a date.
    static func isDate(id: Int, code: String?) -> Bool {
        if let code { return isDateCode(code) }
        return builtInDateIDs.contains(id)
    }

    /// Whether a format code shows a date: after removing literal text
    /// ("…", \x), colours/conditions/locales ([…]) and fill/padding
    /// directives (*x, _x), it uses day, month or year tokens. A lone "m"
    /// next to hours or seconds means minutes, so time-only formats are not dates.
    static func isDateCode(_ code: String) -> Bool {
        let firstSection = code.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        var tokens = ""
        var iterator = firstSection.lowercased().makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"":
                while let next = iterator.next(), next != "\"" {}
            case "[":
                while let next = iterator.next(), next != "]" {}
            case "\\", "*", "_":
                _ = iterator.next()
            default:
                tokens.append(character)
            }
        }
        if tokens == "general" { return false }
        if tokens.contains("d") || tokens.contains("y") { return true }
        return tokens.contains("m") && !tokens.contains("h") && !tokens.contains("s")
    }

    /// The number as a person reads it: whole numbers exactly (up to 2^53,
    /// beyond which doubles are not exact) without ".0", others with at most
    /// 15 significant digits like Excel (so 0.1+0.2 shows "0.3"). Text that is
    /// not a number is returned unchanged.
    static func displayText(ofNumber raw: String) -> String {
        if isPlainInteger(raw) { return raw }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite else { return raw }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return String(Int64(value)) }
        return String(format: "%.15g", value)
    }

    /// Fast path for the common case ("123456"): up to 15 digits, optional
    /// minus sign, no leading zero, so it is already in canonical form.
    private static func isPlainInteger(_ raw: String) -> Bool {
        var digits = 0
        var first: UInt8?
        for (offset, byte) in raw.utf8.enumerated() {
            if offset == 0, byte == 0x2D { continue }
            guard (0x30...0x39).contains(byte) else { return false }
            if first == nil { first = byte }
            digits += 1
        }
        guard digits > 0, digits <= 15 else { return false }
        return first != 0x30 || digits == 1 && raw.utf8.first != 0x2D
    }

    /// "dd/MM/yyyy" for a serial shown with a date format, or nil when the
    /// serial is not a usable date.
    static func dateText(ofSerial raw: String, date1904: Bool) -> String? {
        guard let serial = Double(raw.trimmingCharacters(in: .whitespaces)),
              let day = XLSXDateSerial.day(fromSerial: serial, date1904: date1904) else { return nil }
        return day.ddMMyyyy
    }

    /// "dd/MM/yyyy" for an ISO 8601 value of a `t="d"` cell ("1975-08-15T…").
    static func dateText(ofISO raw: String) -> String? {
        let parts = raw.prefix(10).split(separator: "-")
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              XLSXDateSerial.isValid(year: year, month: month, day: day) else { return nil }
        return XLSXDateSerial.Day(year: year, month: month, day: day).ddMMyyyy
    }
}
