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
