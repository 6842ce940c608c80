import Foundation
import Testing
import CapuyCore

// Rule: a Vietnamese full name is family name (first word), middle name
// (the words between, possibly none or several) and given name (last word);
// a one-word name is a given name only.
@Suite("Rule: splitting a Vietnamese full name")
struct PersonNameTests {
    @Test("Rule PersonName: first word family, last word given, rest middle", arguments: [
        ("Nguyễn Văn Nên", "Nguyễn", "Văn", "Nên"),
        ("Trần Thị Thu Trang", "Trần", "Thị Thu", "Trang"),
        ("Phạm Dũng", "Phạm", "", "Dũng"),
        ("Tuấn", "", "", "Tuấn"),
        ("  Lê   Văn\tBình  ", "Lê", "Văn", "Bình"),
        ("Tôn Nữ Thị Ngọc Hân", "Tôn", "Nữ Thị Ngọc", "Hân"),
    ])
    func splits(full: String, family: String, middle: String, given: String) throws {
        let name = try #require(PersonName(fullName: full))
        #expect(name == PersonName(family: family, middle: middle, given: given))
    }

    @Test("Rule PersonName: empty or whitespace-only names are rejected", arguments: ["", " ", "\t\n", "\u{00A0}"])
    func rejectsBlank(full: String) {
        #expect(PersonName(fullName: full) == nil)
    }

    @Test("Rule PersonName: full joins the parts in Vietnamese order, single-spaced")
    func fullName() throws {
        #expect(try #require(PersonName(fullName: " Trần  Thị Thu   Trang ")).full == "Trần Thị Thu Trang")
        #expect(try #require(PersonName(fullName: "Tuấn")).full == "Tuấn")
        #expect(PersonName(family: "Phạm", middle: "", given: "Dũng").full == "Phạm Dũng")
    }

    @Test("Rule PersonName: middle words are listed in order")
    func middleWords() throws {
        #expect(try #require(PersonName(fullName: "Tôn Nữ Thị Ngọc Hân")).middleWords == ["Nữ", "Thị", "Ngọc"])
        #expect(try #require(PersonName(fullName: "Phạm Dũng")).middleWords == [])
    }

    @Test("Rule PersonName: NFD input is stored as NFC")
    func nfc() throws {
        let name = try #require(PersonName(fullName: "Nguyễn Văn Nên".decomposedStringWithCanonicalMapping))
        #expect(Array(name.family.unicodeScalars) == Array("Nguyễn".unicodeScalars))
    }
}
