import Foundation
import Testing
import CapuyCore

// Rule: sort keys consist only of ASCII digits 0-9, so byte-wise comparison in
// Swift, SQLite and PostgreSQL (under any collation) gives the same order.
@Suite("Rule: collation key is ASCII digits only")
struct CollationKeyFormatTests {
    @Test("Rule collation key: only ASCII digits, whatever the input", arguments: [
        "Nguyễn Văn An", "", "   ", "Lê-Văn O'Brien", "Đỗ 3", "王小明", "Ølav Ærø", "👩‍🌾 Nông",
        "H'Hen Niê", "Ma\u{0301}\u{0323}",
    ])
    func digitsOnly(name: String) {
        let key = VietnameseCollation.sortKey(fullName: name)
        #expect(!key.isEmpty)
        #expect(key.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
    }

    @Test("Rule collation key: an empty name sorts before any name")
    func emptyFirst() {
        #expect(VietnameseCollation.sortKey(fullName: "") < VietnameseCollation.sortKey(fullName: "A"))
        #expect(VietnameseCollation.sortKey(fullName: "") < VietnameseCollation.sortKey(fullName: "0"))
    }

    @Test("Rule collation key: different names of other scripts get different keys")
    func otherScriptsDistinct() {
        let a = VietnameseCollation.sortKey(fullName: "王小明")
        let b = VietnameseCollation.sortKey(fullName: "王小红")
        #expect(a != b)
    }
}
