/// Sorting of people's names the Vietnamese way.
///
/// Vietnamese lists (party members, class rolls) are ordered by given name,
/// then middle name words, then family name. Letters follow the Vietnamese
/// alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), and
/// tones only matter when the letters of a word are equal, in dictionary
/// order: ngang, huyền, hỏi, ngã, sắc, nặng.
///
/// The key is made of ASCII digits only so that it sorts identically with a
/// plain byte comparison in Swift, SQLite and PostgreSQL whatever collation
/// the database uses.
public enum VietnameseCollation {
    /// A sort key for a full name (family first, as written in Vietnamese).
    /// Comparing keys as plain strings orders the names the Vietnamese way.
    ///
    /// Layout, for the given name, then the middle name, then the family name:
    /// each word is its letter codes (two digits, 10–52, or "99" followed by a
    /// seven-digit code point for letters outside the table), then the word
    /// terminator "01", then one tone digit 0–5; each of the three parts ends
    /// with "00". Terminators being lower than any letter makes a prefix
    /// ("An") sort before its extensions ("Anh"), and a missing part before a
    /// present one. Placing the tone right after the word keeps people with
    /// the same given name together: all "An" come before all "Án".
    /// Case is ignored; NFC and NFD spellings give the same key.
    public static func sortKey(fullName: String) -> String {
        // Same split as `PersonName(fullName:)`, without its NFC conversion:
        // letters are analysed per scalar, so normalisation is not needed.
        let words = VietnameseText.words(fullName)
        var key: [UInt8] = []
        key.reserveCapacity(fullName.utf8.count * 3 + 8)
        if let given = words.last {
            appendPart([given], to: &key)
            appendPart(words.count > 2 ? Array(words[1..<(words.count - 1)]) : [], to: &key)
            appendPart(words.count > 1 ? [words[0]] : [], to: &key)
        } else {
            appendPart([], to: &key)  // three empty parts: sorts before every name
            appendPart([], to: &key)
            appendPart([], to: &key)
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// `areInIncreasingOrder` for full names, suitable for `sorted(by:)`.
    /// Defined through `sortKey(fullName:)` so that in-memory sorting and
    /// database `ORDER BY sort_key` always agree.
    public static func compare(_ a: String, _ b: String) -> Bool {
        sortKey(fullName: a) < sortKey(fullName: b)
    }

    private static func appendPart(_ words: [Substring], to key: inout [UInt8]) {
        for word in words {
            var tone = VietnameseTone.level
            for letter in VietnameseLetter.letters(of: word) {
                guard appendCode(of: letter.letter, to: &key) else { continue }
                // A syllable carries one tone; taking the first found makes
                // "hoà" and "hòa" (old and new tone placement) sort as equal.
                if tone == .level { tone = letter.tone }
            }
            appendDigits(1, width: 2, to: &key)  // word terminator "01"
            appendDigits(tone.rawValue, width: 1, to: &key)
        }
        appendDigits(0, width: 2, to: &key)  // part terminator "00"
    }

    /// Appends the two-digit code of a letter or digit, or "99" + seven-digit
    /// code point for letters not in the table. Returns false, appending
    /// nothing, for punctuation and symbols: they are ignored when sorting,
    /// like the apostrophe in "H'Hen".
    private static func appendCode(of scalar: Unicode.Scalar, to key: inout [UInt8]) -> Bool {
        if let code = table[scalar] {
            appendDigits(code, width: 2, to: &key)
            return true
        }
        let properties = scalar.properties
        guard properties.isAlphabetic || properties.generalCategory == .decimalNumber else {
            return false
        }
        appendDigits(99, width: 2, to: &key)
        appendDigits(Int(scalar.value), width: 7, to: &key)
        return true
    }

    private static func appendDigits(_ value: Int, width: Int, to key: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<max(width, 1) { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            key.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// Digits first, then the Vietnamese alphabet with the foreign letters
    /// f, j, w, z slotted where Vietnamese dictionaries put them.
    private static let alphabet: [Unicode.Scalar] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
        "a", "\u{0103}", "\u{00E2}", "b", "c", "d", "\u{0111}",
        "e", "\u{00EA}", "f", "g", "h", "i", "j", "k", "l", "m", "n",
        "o", "\u{00F4}", "\u{01A1}", "p", "q", "r", "s", "t",
        "u", "\u{01B0}", "v", "w", "x", "y", "z",
    ]

    private static let table: [Unicode.Scalar: Int] = {
        var table: [Unicode.Scalar: Int] = [:]
        for (index, scalar) in alphabet.enumerated() {
            table[scalar] = 10 + index
        }
        return table
    }()
}
