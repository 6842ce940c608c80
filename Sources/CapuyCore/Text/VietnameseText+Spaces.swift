import Foundation

extension VietnameseText {
    /// NFC, trimmed, with runs of white space folded to one space: what is
    /// stored for a name typed into a form or read from a spreadsheet.
    public static func normalizeSpaces(_ s: String) -> String {
        s.precomposedStringWithCanonicalMapping
            .split(whereSeparator: { $0.isWhitespace })
            .joined(separator: " ")
    }
}

extension VietnameseText {
    /// The text without leading and trailing whitespace and line breaks.
    /// Most cells of a list have none, and Foundation's trimming cost a tenth
    /// of a national import (issue 16), so those are returned as they are.
    public static func trimmed(_ s: String) -> String {
        guard let first = s.utf8.first, let last = s.utf8.last else { return s }
        func plain(_ b: UInt8) -> Bool { b > 0x20 && b < 0x7F }
        if plain(first) && plain(last) { return s }
        return s.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
