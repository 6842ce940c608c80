import Foundation
import Testing
import CapuyCore

// Rule: search is accent- and case-insensitive. `VietnameseText.fold` lowercases,
// strips tones and vowel marks (ă â ê ô ơ ư → a a e o o u), maps đ/Đ → d,
// collapses whitespace and trims, for NFC and NFD input alike.
@Suite("Rule: accent-insensitive search folding")
struct VietnameseFoldTests {
    @Test("Rule fold: tones, vowel marks, đ and case are removed", arguments: [
        ("Nguyễn Văn Nên", "nguyen van nen"),
        ("ĐẶNG  Thị   Hương", "dang thi huong"),
        ("Trần Thị Ánh", "tran thi anh"),
        ("ă â ê ô ơ ư đ Đ", "a a e o o u d d"),
        ("Ỷ Ỹ Ỵ Ý Ỳ", "y y y y y"),
        ("Phường Bến Nghé, Quận 1", "phuong ben nghe, quan 1"),
        ("ASCII only", "ascii only"),
    ])
    func foldsVietnamese(input: String, expected: String) {
        #expect(VietnameseText.fold(input) == expected)
    }

    @Test("Rule fold: whitespace runs (tabs, newlines, no-break spaces) collapse and are trimmed")
    func collapsesWhitespace() {
        #expect(VietnameseText.fold("  Lê\t\tVăn \n Bình\u{00A0} ") == "le van binh")
        #expect(VietnameseText.fold(" \t\n ") == "")
    }

    @Test("Rule fold: decomposed (NFD) input folds like precomposed (NFC)", arguments: [
        "Nguyễn Văn Nên", "ĐẶNG THỊ HƯƠNG", "Hoàng Thị Thuỷ", "Phạm Ngọc Ẩn",
    ])
    func nfdEqualsNFC(name: String) {
        let nfd = name.decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > name.unicodeScalars.count)
        #expect(VietnameseText.fold(nfd) == VietnameseText.fold(name))
    }

    @Test("Rule fold: Ð (eth), a mis-decoded Windows-1258 Đ, folds to d")
    func legacyEthFoldsToD() {
        #expect(VietnameseText.fold("\u{00D0}ỗ Văn \u{00F0}ức") == "do van duc")
    }

    @Test("Rule fold: letters of other scripts keep their own marks")
    func otherScriptsSurvive() {
        // Hangul decomposes under NFD; fold must recompose it.
        #expect(VietnameseText.fold("한국") == "한국")
    }
}
