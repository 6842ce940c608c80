import CapuyCore
import Testing

// Member records: required fields and the order of dates (born → admitted at
// 18 or older, Party Charter Art. 1 → official; none in the future).
@Suite("Member record rules")
struct MemberRulesTests {
    let today = LocalDate(year: 2026, month: 11, day: 23)!

    func facts(name: String = "Nguyễn Văn Nên", birth: String? = "15/03/1980", ethnicity: String = "Kinh",
               card: String? = "44123456", admitted: String? = "03/02/2005", official: String? = "03/02/2006") -> MemberFacts {
        MemberFacts(fullName: name, birthDate: birth.flatMap(LocalDate.init(parsing:)), ethnicity: ethnicity, partyCardNumber: card,
                    admissionDate: admitted.flatMap(LocalDate.init(parsing:)), officialDate: official.flatMap(LocalDate.init(parsing:)))
    }

    @Test("A complete, consistent record passes")
    func valid() {
        #expect(MemberRules.check(facts(), today: today).isEmpty)
        #expect(MemberRules.check(facts(card: nil, official: nil), today: today).isEmpty)
    }

    @Test("Each broken field is reported under its own name")
    func fields() {
        func fieldsOf(_ f: MemberFacts) -> [String] { MemberRules.check(f, today: today).map(\.field) }
        #expect(fieldsOf(facts(name: "  ")) == ["fullName"])
        #expect(fieldsOf(facts(name: "Nguyễn <b>Văn</b>")) == ["fullName"])
        #expect(fieldsOf(facts(ethnicity: "")) == ["ethnicity"])
        // Issue 14, item 7: bounded, and no control character (a NUL cut names short in exports).
        #expect(fieldsOf(facts(ethnicity: String(repeating: "Kinh", count: 13))) == ["ethnicity"])
        #expect(fieldsOf(facts(ethnicity: String(repeating: "Ê", count: 50))).isEmpty)
        #expect(fieldsOf(facts(ethnicity: "Kinh\u{0}")) == ["ethnicity"])
        #expect(fieldsOf(facts(name: "Nguyễn\u{0}Văn")) == ["fullName"])
        #expect(fieldsOf(facts(name: "Nguyễn\tVăn")) == ["fullName"])
        #expect(fieldsOf(facts(card: "12ab")) == ["partyCardNumber"])
        #expect(fieldsOf(facts(birth: nil)) == ["birthDate"])
        #expect(fieldsOf(facts(admitted: nil)) == ["admissionDate"])
    }

    @Test("Dates out of order are refused")
    func order() {
        func fieldsOf(_ f: MemberFacts) -> [String] { MemberRules.check(f, today: today).map(\.field) }
        #expect(fieldsOf(facts(official: "01/01/2005")) == ["officialDate"])         // official before admission
        #expect(fieldsOf(facts(admitted: "01/01/1997", official: nil)) == ["admissionDate"]) // admitted at 16
        #expect(fieldsOf(facts(birth: "01/01/2030", admitted: nil)).contains("birthDate"))
        #expect(fieldsOf(facts(admitted: "01/01/2027", official: nil)) == ["admissionDate"])
        #expect(fieldsOf(facts(official: "01/01/2027")) == ["officialDate"])
    }

    @Test("Admission on the 18th birthday is allowed, the day before is not")
    func eighteen() {
        #expect(MemberRules.check(facts(birth: "10/05/1990", admitted: "10/05/2008", official: nil), today: today).isEmpty)
        #expect(!MemberRules.check(facts(birth: "10/05/1990", admitted: "09/05/2008", official: nil), today: today).isEmpty)
    }

    @Test("Status follows the official date")
    func status() {
        #expect(MemberRules.status(officialDate: nil) == .probationary)
        #expect(MemberRules.status(officialDate: today) == .full)
    }

    @Test("Gender words from office lists", arguments: [("Nam", Gender.male), ("nữ", .female), ("Nu", .female), ("F", .female), ("male", .male)])
    func gender(_ word: String, _ expected: Gender) {
        #expect(Gender(loose: word) == expected)
    }
}
