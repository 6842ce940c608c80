import Foundation
import Testing
import CapuyCore

// Rule: stored names are NFC, trimmed, single-spaced and capitalised the
// Vietnamese way (first letter of each word upper case, the rest lower case).
@Suite("Rule: person name normalisation")
struct NameNormalizationTests {
    @Test("Rule normalizeName: capitalise each word, lower the rest", arguments: [
        ("nguyễn văn nên", "Nguyễn Văn Nên"),
        ("ĐẶNG THỊ HƯƠNG", "Đặng Thị Hương"),
        ("  trần   thị\tánh ", "Trần Thị Ánh"),
        ("đỗ ưng", "Đỗ Ưng"),
        ("lÊ vĂn bÌnh", "Lê Văn Bình"),
    ])
    func capitalises(input: String, expected: String) {
        #expect(VietnameseText.normalizeName(input) == expected)
    }

    @Test("Rule normalizeName: output is NFC even for NFD input")
    func outputIsNFC() {
        let nfd = "nguyễn thị hường".decomposedStringWithCanonicalMapping
        let result = VietnameseText.normalizeName(nfd)
        #expect(result == "Nguyễn Thị Hường")
        #expect(Array(result.unicodeScalars) == Array("Nguyễn Thị Hường".unicodeScalars))
    }

    @Test("Rule normalizeName: segments after hyphen or apostrophe are capitalised")
    func hyphenAndApostrophe() {
        #expect(VietnameseText.normalizeName("h'hen niê") == "H'Hen Niê")
        #expect(VietnameseText.normalizeName("y-moan ênuôl") == "Y-Moan Ênuôl")
    }

    @Test("Rule normalizeName: Ð (eth) from mis-decoded files becomes Đ")
    func legacyEthRepaired() {
        let result = VietnameseText.normalizeName("\u{00D0}ỗ văn \u{00F0}ức")
        #expect(result == "Đỗ Văn Đức")
    }

    @Test("Rule normalizeName: empty and blank input give an empty name")
    func blank() {
        #expect(VietnameseText.normalizeName("") == "")
        #expect(VietnameseText.normalizeName(" \n\t ") == "")
    }
}
