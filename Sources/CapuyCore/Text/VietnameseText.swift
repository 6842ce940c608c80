import Foundation

/// Text helpers for Vietnamese names and search.
public enum VietnameseText {
    /// Folds text for accent-insensitive, case-insensitive search.
    ///
    /// Lowercases, removes every diacritic (tones and the vowel marks of
    /// ă â ê ô ơ ư), maps đ/Đ to "d", collapses whitespace runs to one space
    /// and trims. Accepts NFC and NFD input alike.
    ///
    ///     fold("Nguyễn Văn Nên") == "nguyen van nen"
    ///     fold("ĐẶNG  Thị   Hương") == "dang thi huong"
    public static func fold(_ s: String) -> String {
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        var asciiOnly = true
        for letter in VietnameseLetter.letters(of: s) {
            let scalar = letter.plainLetter
            if scalar.properties.isWhitespace {
                pendingSpace = !scalars.isEmpty  // leading whitespace is trimmed
                continue
            }
            if pendingSpace {
                scalars.append(" ")
                pendingSpace = false
            }
            scalars.append(scalar)
            asciiOnly = asciiOnly && scalar.isASCII
        }
        // Vietnamese folds to ASCII; only other scripts (e.g. Hangul, which
        // decomposes) need recomposing, so skip the costly NFC otherwise.
        return asciiOnly ? String(scalars) : String(scalars).precomposedStringWithCanonicalMapping
    }

    /// Normalises a person's name for storage and display.
    ///
    /// Converts to NFC, trims, collapses whitespace and capitalises each word
    /// the Vietnamese way (first letter upper case, the rest lower case):
    /// "nguyễn văn nên" → "Nguyễn Văn Nên", "ĐẶNG THỊ HƯƠNG" → "Đặng Thị Hương".
    /// Segments joined by "-" or an apostrophe are capitalised too, which
    /// matches names of the Central Highlands peoples such as "H'Hen Niê".
    public static func normalizeName(_ s: String) -> String {
        let nfc = repairLegacyD(s.precomposedStringWithCanonicalMapping)
        return words(nfc).map(capitalizeWord).joined(separator: " ")
    }

    /// Splits text into words at any run of whitespace (including no-break spaces).
    public static func words(_ s: String) -> [Substring] {
        // Splitting scalars avoids grapheme breaking, which is several times
        // slower and changes nothing for whitespace.
        s.unicodeScalars.split(whereSeparator: \.properties.isWhitespace).map(Substring.init)
    }

    /// Trims and collapses every whitespace run to a single ASCII space.
    public static func collapseWhitespace(_ s: String) -> String {
        words(s).joined(separator: " ")
    }

    private static func capitalizeWord(_ word: Substring) -> String {
        var result = ""
        var startOfSegment = true
        for character in word {
            if startOfSegment {
                result += character.uppercased()
            } else {
                result += character.lowercased()
            }
            startOfSegment = character == "-" || character == "'" || character == "\u{2019}"
        }
        return result
    }

    /// Windows-1258 stores Đ at 0xD0; files mis-decoded as Latin-1 show Ð/ð
    /// (Icelandic eth), which looks identical but breaks search and sorting.
    private static func repairLegacyD(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { $0.value == 0x00D0 || $0.value == 0x00F0 }) else {
            return s
        }
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x00D0: scalars.append("\u{0110}")
            case 0x00F0: scalars.append("\u{0111}")
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
