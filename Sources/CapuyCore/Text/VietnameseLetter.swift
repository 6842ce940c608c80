import Foundation

/// One character split into what Vietnamese collation and search care about:
/// the letter of the alphabet (ă, â, ê, ô, ơ, ư and đ are letters of their
/// own) and the tone, which is only a secondary difference.
///
/// Kept internal: it is an implementation detail shared by folding and
/// collation, not something callers should depend on.
struct VietnameseLetter: Sendable, Equatable {
    /// The lowercased letter including its vowel mark, without tone, e.g. "ơ"
    /// for "Ớ". Non-letters (digits, punctuation, spaces) pass through as is.
    let letter: Unicode.Scalar
    /// The tone mark found on this character (`.level` when none).
    let tone: VietnameseTone

    init(letter: Unicode.Scalar, tone: VietnameseTone) {
        self.letter = letter
        self.tone = tone
    }

    /// The letter without its vowel mark, as used for accent-free search:
    /// ă â → a, ê → e, ô ơ → o, ư → u, đ → d.
    var plainLetter: Unicode.Scalar {
        switch letter.value {
        case 0x0103, 0x00E2: return "a"
        case 0x00EA: return "e"
        case 0x00F4, 0x01A1: return "o"
        case 0x01B0: return "u"
        case 0x0111: return "d"
        default: return letter
        }
    }

    /// Splits text into letters, one per base character. Works on NFC, NFD
    /// and mixed input alike: a combining mark (U+0300–U+036F) is applied to
    /// the letter before it.
    ///
    /// Walks Unicode scalars with a precomputed table instead of asking
    /// Foundation to lowercase and decompose every string, which is an order
    /// of magnitude slower and matters when importing thousands of members.
    static func letters(of text: some StringProtocol) -> [VietnameseLetter] {
        var result: [VietnameseLetter] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                let lower = value >= 0x41 && value <= 0x5A ? Unicode.Scalar(UInt8(value + 0x20)) : scalar
                result.append(VietnameseLetter(letter: lower, tone: .level))
            } else if value >= 0x0300 && value <= 0x036F {
                // A mark with nothing before it has nothing to modify: dropped.
                if let last = result.popLast() { result.append(last.applying(mark: scalar)) }
            } else if let known = precomposed[scalar] {
                result.append(known)
            } else {
                result.append(contentsOf: decomposing(scalar))
            }
        }
        return result
    }

    /// This letter with a combining mark applied: the first tone mark sets the
    /// tone (a well-formed syllable has exactly one), breve/circumflex/horn
    /// turn a vowel into ă â ê ô ơ ư, other marks (the diaeresis of "ü") are
    /// not Vietnamese and are dropped so the letter sorts with its base.
    private func applying(mark: Unicode.Scalar) -> VietnameseLetter {
        if let markTone = VietnameseTone(combiningMark: mark) {
            return tone == .level ? VietnameseLetter(letter: letter, tone: markTone) : self
        }
        let composed: Unicode.Scalar?
        switch (letter, mark.value) {
        case ("a", 0x0306): composed = "\u{0103}"  // ă
        case ("a", 0x0302): composed = "\u{00E2}"  // â
        case ("e", 0x0302): composed = "\u{00EA}"  // ê
        case ("o", 0x0302): composed = "\u{00F4}"  // ô
        case ("o", 0x031B): composed = "\u{01A1}"  // ơ
        case ("u", 0x031B): composed = "\u{01B0}"  // ư
        default: composed = nil
        }
        return composed.map { VietnameseLetter(letter: $0, tone: tone) } ?? self
    }

    /// Slow path through Foundation for scalars outside the table: lowercase,
    /// decompose, then apply the marks one by one.
    private static func decomposing(_ scalar: Unicode.Scalar) -> [VietnameseLetter] {
        let nfd = String(scalar).lowercased().decomposedStringWithCanonicalMapping
        var result: [VietnameseLetter] = []
        for part in nfd.unicodeScalars {
            if part.value >= 0x0300 && part.value <= 0x036F {
                if let last = result.popLast() { result.append(last.applying(mark: part)) }
            } else {
                result.append(VietnameseLetter(letter: mapLegacyD(part), tone: .level))
            }
        }
        return result
    }

    /// Đ is sometimes stored as Ð/ð (Icelandic eth): Windows-1258 puts Đ at
    /// 0xD0, which Latin-1 decoders turn into Ð. Treat both as đ.
    private static func mapLegacyD(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0x0110, 0x0111, 0x00D0, 0x00F0: return "\u{0111}"
        default: return scalar
        }
    }

    /// Every precomposed Latin letter (Latin-1 Supplement, Latin Extended-A/B
    /// and Latin Extended Additional, where all Vietnamese letters live),
    /// analysed once through the slow path so both paths always agree.
    private static let precomposed: [Unicode.Scalar: VietnameseLetter] = {
        var table: [Unicode.Scalar: VietnameseLetter] = [:]
        let ranges: [ClosedRange<UInt32>] = [0x00C0...0x024F, 0x1E00...0x1EFF]
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let letters = decomposing(scalar)
                if letters.count == 1 { table[scalar] = letters[0] }
            }
        }
        return table
    }()
}
