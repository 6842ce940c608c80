import Foundation
import Testing
import CapuyCore

// Rule: tones are a secondary difference, compared only when the letters of
// a word are equal, in dictionary order: ngang, huyền, hỏi, ngã, sắc, nặng.
@Suite("Rule: Vietnamese tone order in names")
struct CollationToneTests {
    private func key(_ name: String) -> String { VietnameseCollation.sortKey(fullName: name) }

    @Test("Rule collation tones: Ma < Mà < Mả < Mã < Má < Mạ")
    func toneOrder() {
        let expected = ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"]
        #expect(expected.reversed().sorted(by: VietnameseCollation.compare) == expected)
        for (lower, higher) in zip(expected, expected.dropFirst()) {
            #expect(key(lower) < key(higher), "\(lower) should sort before \(higher)")
        }
    }

    @Test("Rule collation tones: letters decide before tones", arguments: [
        ("Án", "Anh"),  // the heavier tone does not outweigh the missing letter
        ("Mạ", "Mai"),
        ("Hà", "Hai"),
        ("Bách", "Bạch"),
    ])
    func lettersBeforeTones(first: String, second: String) {
        #expect(key(first) < key(second))
    }

    @Test("Rule collation tones: same letters, tone of the given name decides before the family name")
    func toneWithinGivenName() {
        // All people named "An" stay together before those named "Án".
        let names = ["Nguyễn Án", "Trần An", "Lê An"]
        #expect(names.sorted(by: VietnameseCollation.compare) == ["Lê An", "Trần An", "Nguyễn Án"])
    }

    @Test("Rule collation tones: old and new tone placement are equal (hoà = hòa, thuý = thúy)")
    func tonePlacement() {
        #expect(key("Lê Thị Hoà") == key("Lê Thị Hòa"))
        #expect(key("Lê Thị Thuý") == key("Lê Thị Thúy"))
    }

    @Test("Rule collation tones: vowel marks are letters, not tones", arguments: [
        ("Ân", "Ăn"), ("Ơn", "Ôn"), ("Ưng", "Ung"),
    ])
    func vowelMarksArePrimary(a: String, b: String) {
        // Differ at primary level: keys differ before the tone digit.
        let keyA = key(a), keyB = key(b)
        #expect(keyA != keyB)
        #expect(keyA.prefix(2) != keyB.prefix(2))
    }
}
