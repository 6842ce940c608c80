import Foundation
import Testing
import CapuyCore

// Rule: people are listed by given name first, then middle name words in
// order (fewer words first when one is a prefix), then family name.
@Suite("Rule: Vietnamese name list order")
struct CollationNameOrderTests {
    private func key(_ name: String) -> String { VietnameseCollation.sortKey(fullName: name) }

    /// Real-looking names in the order a Vietnamese list should show them.
    static let expectedOrder = [
        "Lê An",               // An, no middle name
        "Nguyễn Văn An",       // An, middle Văn
        "Trần Thị Ánh",
        "Lê Văn Bình",
        "Đỗ Thị Chi",
        "Phạm Dũng",           // d < đ
        "Phạm Đạt",
        "Đặng Thị Hằng",       // hă < hu < hư
        "Vũ Minh Hùng",
        "Bùi Quang Huy",
        "Hoàng Thị Hương",
        "Ngô Thị Lan",
        "Trịnh Văn Long",
        "Nguyễn Thị Trang",    // middle [Thị] < [Thị, Thu]
        "Trần Thị Thu Trang",
    ]

    @Test("Rule collation: given name decides first", arguments: [
        ("Lê Văn Bình", "Đỗ Thị Chi"),
        ("Trần Văn Bình", "Âu Chi"),
        ("Nguyễn Văn An", "Trần Thị Ánh"),
    ])
    func givenNameFirst(first: String, second: String) {
        #expect(VietnameseCollation.compare(first, second))
    }

    @Test("Rule collation: same given name, middle name decides")
    func middleNameNext() {
        #expect(VietnameseCollation.compare("Trần Đức Minh", "Lê Văn Minh"))
        #expect(VietnameseCollation.compare("Vũ Minh", "Âu Văn Minh"))          // none before some
        #expect(VietnameseCollation.compare("Vũ Thị Mai", "Âu Thị Thu Mai"))   // prefix list first
    }

    @Test("Rule collation: same given and middle name, family name decides")
    func familyNameLast() {
        #expect(VietnameseCollation.compare("Nguyễn An", "Trần An"))
        #expect(VietnameseCollation.compare("Đỗ Văn Nam", "Hồ Văn Nam"))
        #expect(VietnameseCollation.compare("An", "Lê An"))  // one-word name has no family name
    }

    @Test("Rule collation: a shuffled list sorts into Vietnamese order", arguments: [1, 7, 42, 2024, 99_999])
    func shuffledList(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let shuffled = Self.expectedOrder.shuffled(using: &generator)
        #expect(shuffled.sorted(by: VietnameseCollation.compare) == Self.expectedOrder)
    }

    @Test("Rule collation: sorting by key strings equals sorting with compare")
    func keysSortLikeCompare() {
        let byKey = Self.expectedOrder.reversed()
            .map { (key: key($0), name: $0) }
            .sorted { $0.key < $1.key }
            .map(\.name)
        #expect(byKey == Self.expectedOrder)
    }

    @Test("Rule collation: NFD input gives the same key as NFC", arguments: expectedOrder)
    func nfdSameKey(name: String) {
        let nfd = name.decomposedStringWithCanonicalMapping
        #expect(key(nfd) == key(name))
    }

    @Test("Rule collation: extra whitespace does not change the key")
    func whitespace() {
        #expect(key("  Trần   Thị\tThu  Trang ") == key("Trần Thị Thu Trang"))
    }
}
