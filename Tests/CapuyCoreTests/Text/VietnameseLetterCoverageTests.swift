import Foundation
import Testing
import CapuyCore

// Rule: every Vietnamese vowel with every tone, in upper or lower case, NFC or
// NFD, is recognised: folding gives its plain base letter and collation
// orders its tones ngang < huyền < hỏi < ngã < sắc < nặng.
@Suite("Rule: all Vietnamese vowel and tone combinations")
struct VietnameseLetterCoverageTests {
    /// Vowels written with their vowel mark, and the plain letter they fold to.
    static let vowels: [(vowel: String, plain: String)] = [
        ("a", "a"), ("ă", "a"), ("â", "a"), ("e", "e"), ("ê", "e"), ("i", "i"),
        ("o", "o"), ("ô", "o"), ("ơ", "o"), ("u", "u"), ("ư", "u"), ("y", "y"),
    ]
    /// Combining tone marks in dictionary order (ngang has none).
    static let toneMarks = ["", "\u{0300}", "\u{0309}", "\u{0303}", "\u{0301}", "\u{0323}"]

    static func toned(_ vowel: String) -> [String] {
        toneMarks.map { (vowel + $0).precomposedStringWithCanonicalMapping }
    }

    @Test("Rule letters: every toned vowel folds to its plain letter, any case or form", arguments: vowels.map(\.vowel))
    func foldsEveryToneAndCase(vowel: String) throws {
        let plain = try #require(Self.vowels.first { $0.vowel == vowel }).plain
        for form in Self.toned(vowel) {
            #expect(form.unicodeScalars.count == 1, "\(form) should be one precomposed scalar")
            #expect(VietnameseText.fold(form) == plain)
            #expect(VietnameseText.fold(form.uppercased()) == plain)
            #expect(VietnameseText.fold(form.decomposedStringWithCanonicalMapping) == plain)
        }
    }

    @Test("Rule letters: tones of every vowel sort in dictionary order", arguments: vowels.map(\.vowel))
    func tonesOrderForEveryVowel(vowel: String) {
        let words = Self.toned(vowel).map { "Ng" + $0 + "n" }
        #expect(words.reversed().sorted(by: VietnameseCollation.compare) == words)
    }

    @Test("Rule letters: NFC, NFD and upper case give the same key for every toned vowel", arguments: vowels.map(\.vowel))
    func formsShareKey(vowel: String) {
        for form in Self.toned(vowel) {
            let key = VietnameseCollation.sortKey(fullName: "Lê " + form)
            #expect(VietnameseCollation.sortKey(fullName: "Lê " + form.decomposedStringWithCanonicalMapping) == key)
            #expect(VietnameseCollation.sortKey(fullName: "LÊ " + form.uppercased()) == key)
        }
    }

    @Test("Rule letters: vowel mark and tone typed in either order are the same letter")
    func markOrder() {
        // Canonical NFD puts the dot below before the circumflex; keyboards may not.
        let typed = "e\u{0302}\u{0323}"   // ê then nặng
        let canonical = "e\u{0323}\u{0302}"
        #expect(VietnameseCollation.sortKey(fullName: "Vi" + typed + "t")
                == VietnameseCollation.sortKey(fullName: "Việt"))
        #expect(VietnameseCollation.sortKey(fullName: "Vi" + canonical + "t")
                == VietnameseCollation.sortKey(fullName: "Việt"))
        #expect(VietnameseText.fold("Vi" + typed + "t") == "viet")
    }
}
