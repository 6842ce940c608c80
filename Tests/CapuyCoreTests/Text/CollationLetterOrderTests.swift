import Foundation
import Testing
import CapuyCore

// Rule: within a word, letters follow the Vietnamese alphabet
// a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, with the foreign
// letters f (after ê), j (after i), w (after v), z (last), digits before
// letters; case is ignored; a word that is a prefix of another sorts first.
@Suite("Rule: Vietnamese letter order in names")
struct CollationLetterOrderTests {
    private func key(_ name: String) -> String { VietnameseCollation.sortKey(fullName: name) }

    @Test("Rule collation: the whole alphabet sorts in Vietnamese order")
    func alphabet() {
        let expected = ["0", "9", "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k",
                        "l", "m", "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
        let sorted = expected.reversed().sorted(by: VietnameseCollation.compare)
        #expect(sorted == expected)
    }

    @Test("Rule collation: strictly ordered pairs", arguments: [
        ("Hồ Thị A", "Hồ Thị Ă"),
        ("Hồ Thị Ă", "Hồ Thị Â"),
        ("Phạm Dũng", "Phạm Đạt"),          // d < đ
        ("Nguyễn Văn An", "Trần Thị Ánh"),  // "An" is a prefix of "Ánh"
        ("An", "Anh"),
        ("Lê Văn Ê", "Lê Văn F"),           // f right after ê
        ("Lê Văn Y", "Lê Văn Z"),            // z last
        ("Lê Văn Ơn", "Lê Văn Phú"),         // ơ before p
        ("Lê Văn Uyên", "Lê Văn Ưng"),       // u before ư
        ("Lê Văn Chín", "Lê Văn Chính"),
        ("Lê Văn Zô", "Lê Văn Ølav"),        // letters outside the table sort after z
    ])
    func ordered(first: String, second: String) {
        #expect(key(first) < key(second))
        #expect(VietnameseCollation.compare(first, second))
        #expect(!VietnameseCollation.compare(second, first))
    }

    @Test("Rule collation: letter case is ignored", arguments: [
        ("NGUYỄN VĂN AN", "nguyễn văn an"),
        ("Đặng Thị Hương", "đẶNG tHỊ hƯƠNG"),
    ])
    func caseInsensitive(a: String, b: String) {
        #expect(key(a) == key(b))
    }

    @Test("Rule collation: foreign letters with marks sort with their base letter")
    func foreignMarks() {
        // ü is u with a non-Vietnamese mark: same primary letter as u.
        #expect(key("Müller") == key("Muller"))
        #expect(key("Müller") < key("Mưa"))
    }

    @Test("Rule collation: punctuation inside a name is ignored")
    func punctuationIgnored() {
        #expect(key("Niê H'Hen") == key("Niê HHen"))
    }
}
