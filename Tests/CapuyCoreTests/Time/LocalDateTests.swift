import Foundation
import Testing
import CapuyCore

@Test("Adding days stays within the years 1–9999 instead of trapping")
func addingSaturates() {
    #expect(LocalDate(year: 9999, month: 12, day: 1)!.adding(days: 92) == LocalDate(year: 9999, month: 12, day: 31)!)
    #expect(LocalDate(year: 1, month: 1, day: 10)!.adding(days: -30) == LocalDate(year: 1, month: 1, day: 1)!)
    #expect(LocalDate(year: 2026, month: 12, day: 31)!.adding(days: 1) == LocalDate(year: 2027, month: 1, day: 1)!)
}

// Rule: a LocalDate is a real Gregorian calendar day (years 1-9999), stored
// and encoded as ISO "yyyy-MM-dd" and displayed as "dd/MM/yyyy".
@Suite("Rule: LocalDate validity, forms and encoding")
struct LocalDateTests {
    @Test("Rule LocalDate: only real days can be created", arguments: [
        (2024, 2, 29, true), (2023, 2, 29, false), (2000, 2, 29, true), (1900, 2, 29, false),
        (2021, 4, 31, false), (2021, 12, 31, true), (2021, 13, 1, false), (2021, 0, 1, false),
        (2021, 1, 0, false), (0, 1, 1, false), (10000, 1, 1, false), (1, 1, 1, true),
    ])
    func validation(year: Int, month: Int, day: Int, valid: Bool) {
        #expect((LocalDate(year: year, month: month, day: day) != nil) == valid)
    }

    @Test("Rule LocalDate: parsing accepts the Vietnamese and ISO forms", arguments: [
        "29/02/2024", "29-02-2024", "2024-02-29", " 29/2/2024 ",
    ])
    func parsing(text: String) {
        #expect(LocalDate(parsing: text) == LocalDate(year: 2024, month: 2, day: 29))
    }

    @Test("Rule LocalDate: parsing rejects impossible days")
    func parsingRejects() {
        #expect(LocalDate(parsing: "31/02/2020") == nil)
        #expect(LocalDate(parsing: "hôm nay") == nil)
    }

    @Test("Rule LocalDate: iso is yyyy-MM-dd and display is dd/MM/yyyy")
    func forms() throws {
        let date = try #require(LocalDate(year: 2024, month: 2, day: 9))
        #expect(date.iso == "2024-02-09")
        #expect(date.display == "09/02/2024")
        #expect(date.description == "2024-02-09")
        #expect(try #require(LocalDate(year: 33, month: 1, day: 1)).iso == "0033-01-01")
    }

    @Test("Rule LocalDate: JSON encoding is the ISO string and round-trips")
    func codable() throws {
        let date = try #require(LocalDate(year: 1930, month: 2, day: 3))
        let data = try JSONEncoder().encode(["ngaySinh": date])
        #expect(String(decoding: data, as: UTF8.self) == #"{"ngaySinh":"1930-02-03"}"#)
        let decoded = try JSONDecoder().decode([String: LocalDate].self, from: data)
        #expect(decoded["ngaySinh"] == date)
    }

    @Test("Rule LocalDate: decoding an impossible day fails", arguments: [#""2023-02-29""#, #""ngày mai""#, "19300203"])
    func decodingRejects(json: String) {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(LocalDate.self, from: Data(json.utf8))
        }
    }

    @Test("Rule LocalDate: ordering is chronological")
    func ordering() throws {
        let dates = try ["2024-01-01", "1999-12-31", "2024-02-29", "2023-12-31", "2024-02-01"]
            .map { try #require(LocalDate(parsing: $0)) }
        #expect(dates.sorted().map(\.iso) == ["1999-12-31", "2023-12-31", "2024-01-01", "2024-02-01", "2024-02-29"])
    }

    @Test("Rule LocalDate: equal days are equal and hash alike")
    func hashing() {
        let set: Set = [LocalDate(parsing: "02/09/1945"), LocalDate(parsing: "1945-09-02")]
        #expect(set.count == 1)
    }
}
