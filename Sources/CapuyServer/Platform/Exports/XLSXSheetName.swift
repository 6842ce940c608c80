import Foundation

/// Sheet naming rules that Excel enforces when opening a file: a name that
/// breaks them makes Excel "repair" (and rename) the workbook.
enum XLSXSheetName {
    /// Excel's limit, counted in UTF-16 code units.
    static let maxLength = 31

    private static let forbidden: Set<Unicode.Scalar> = ["[", "]", ":", "*", "?", "/", "\\"]

    /// `name` made acceptable to Excel: forbidden characters and controls
    /// removed, no leading/trailing apostrophe or blank, at most 31 units.
    /// Returns `fallback` when nothing usable is left.
    static func sanitized(_ name: String, fallback: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars where !forbidden.contains(scalar) {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value >= 0xFFFE && scalar.value <= 0xFFFF {
                continue
            }
            scalars.append(scalar)
        }
        var result = trimmed(String(scalars))
        result = truncated(result, to: maxLength)
        // Truncation may expose a trailing blank or apostrophe again.
        result = trimmed(result)
        // "History" is reserved by Excel for change tracking.
        if result.lowercased() == "history" { result += "_" }
        return result.isEmpty ? fallback : result
    }

    /// `name` with " (2)", " (3)"… appended until no name in `existing` equals
    /// it case-insensitively, as Excel compares sheet names that way.
    static func unique(_ name: String, among existing: [String]) -> String {
        let taken = Set(existing.map { $0.lowercased() })
        guard taken.contains(name.lowercased()) else { return name }
        var counter = 2
        while true {
            let suffix = " (\(counter))"
            let candidate = truncated(name, to: maxLength - suffix.utf16.count) + suffix
            if !taken.contains(candidate.lowercased()) { return candidate }
            counter += 1
        }
    }

    private static func trimmed(_ name: String) -> String {
        var result = Substring(name)
        while let first = result.first, first.isWhitespace || first == "'" { result.removeFirst() }
        while let last = result.last, last.isWhitespace || last == "'" { result.removeLast() }
        return String(result)
    }

    /// Keeps whole characters so a Vietnamese letter with its diacritics is
    /// never split.
    private static func truncated(_ name: String, to limit: Int) -> String {
        guard name.utf16.count > limit else { return name }
        var result = ""
        var used = 0
        for character in name {
            let width = character.utf16.count
            if used + width > limit { break }
            result.append(character)
            used += width
        }
        return result
    }
}
