import Foundation

/// A Vietnamese personal name split into family name (họ), middle name
/// (tên đệm) and given name (tên).
///
/// Vietnamese names are written family first and given name last, and the
/// given name is what people are called and sorted by.
public struct PersonName: Sendable, Equatable, Hashable {
    /// Family name (họ), e.g. "Nguyễn". Empty for a one-word name.
    public var family: String
    /// Middle name (tên đệm), possibly several words ("Thị Thanh") or empty.
    public var middle: String
    /// Given name (tên), e.g. "An".
    public var given: String

    /// Creates a name from its parts as given (no normalisation).
    public init(family: String, middle: String, given: String) {
        self.family = family
        self.middle = middle
        self.given = given
    }

    /// Splits a full name: the first word is the family name, the last word
    /// the given name and everything between the middle name. A one-word name
    /// is a given name only. Whitespace is collapsed and the text converted
    /// to NFC; letter case is kept as written.
    ///
    /// Returns nil for an empty or whitespace-only string.
    public init?(fullName: String) {
        let words = VietnameseText.words(fullName.precomposedStringWithCanonicalMapping)
        guard let last = words.last else { return nil }
        given = String(last)
        if words.count == 1 {
            family = ""
            middle = ""
        } else {
            family = String(words[0])
            middle = words[1..<(words.count - 1)].joined(separator: " ")
        }
    }

    /// The full name in Vietnamese order: family, middle, given.
    public var full: String {
        [family, middle, given].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The middle name split into its words (empty when there is none).
    public var middleWords: [String] {
        VietnameseText.words(middle).map(String.init)
    }
}
