import CapuyCore
import Testing

// DOMAIN.md R-DOC-1 (numbering) and R-DOC-2 (type abbreviations).
@Suite("Document numbers")
struct DocumentNumberTests {
    @Test("R-DOC-1: identifiers read number-TYPE/ISSUER, small numbers with a leading zero")
    func rendering() {
        #expect(DocumentNumber(number: 8, typeAbbreviation: "NQ", issuerAbbreviation: "TU").description == "08-NQ/TU")
        #expect(DocumentNumber(number: 1, typeAbbreviation: "CTr", issuerAbbreviation: "ĐU").description == "01-CTr/ĐU")
        #expect(DocumentNumber(number: 10, typeAbbreviation: "KH", issuerAbbreviation: "CB").description == "10-KH/CB")
        #expect(DocumentNumber(number: 1374, typeAbbreviation: "QĐ", issuerAbbreviation: "TU").description == "1374-QĐ/TU")
    }

    @Test("R-DOC-1: a typed number must be the next one: no reuse, no silent gap")
    func noGapsNoReuse() throws {
        #expect(NumberingRule.check(requested: nil, next: 5, identifierOfLast: "04-NQ/TU") == nil)
        #expect(NumberingRule.check(requested: 5, next: 5, identifierOfLast: "04-NQ/TU") == nil)
        let reuse = try #require(NumberingRule.check(requested: 3, next: 5, identifierOfLast: "04-NQ/TU"))
        #expect(reuse.field == "number")
        #expect(reuse.message.contains("đã được cấp") && reuse.message.contains("04-NQ/TU"))
        let gap = try #require(NumberingRule.check(requested: 7, next: 5, identifierOfLast: nil))
        #expect(gap.message.contains("Không được bỏ số") && gap.message.contains("5"))
    }

    @Test("R-DOC-1: a paper dated before the latest of its series asks for its number; one dated on or after does not")
    func backdated() throws {
        let latest = LocalDate(year: 2019, month: 6, day: 1)!
        #expect(NumberingRule.backdated(issuedOn: latest, next: 6, last: "05-NQ/TU", lastIssuedOn: latest) == nil)
        #expect(NumberingRule.backdated(issuedOn: latest.adding(days: 1), next: 6, last: "05-NQ/TU", lastIssuedOn: latest) == nil)
        let old = try #require(NumberingRule.backdated(issuedOn: LocalDate(year: 2016, month: 1, day: 1)!, next: 6, last: "05-NQ/TU", lastIssuedOn: latest))
        #expect(old.field == "number")
        #expect(old.message.contains("01/01/2016") && old.message.contains("05-NQ/TU ngày 01/06/2019") && old.message.contains("nhập số 6"))
    }

    @Test("R-DOC-1: types sharing an abbreviation share one series")
    func sharedSeries() {
        let decision = DocumentTypeCatalog.defaults.first { $0.code == "decision" }!
        let regulation = DocumentTypeCatalog.defaults.first { $0.code == "regulation" }!
        #expect(NumberingRule.seriesKey(issuer: "u", abbreviation: decision.abbreviation, term: "t")
            == NumberingRule.seriesKey(issuer: "u", abbreviation: regulation.abbreviation, term: "t"))
        #expect(NumberingRule.seriesKey(issuer: "u", abbreviation: "NQ", term: "t1")
            != NumberingRule.seriesKey(issuer: "u", abbreviation: "NQ", term: "t2"))
    }

    @Test("R-DOC-2: the default catalogue has the fourteen types with their abbreviations")
    func catalogue() {
        let byCode = Dictionary(uniqueKeysWithValues: DocumentTypeCatalog.defaults.map { ($0.code, $0.abbreviation) })
        #expect(byCode.count == 14)
        #expect(byCode["resolution"] == "NQ" && byCode["directive"] == "CT" && byCode["conclusion"] == "KL")
        #expect(byCode["program"] == "CTr" && byCode["project"] == "ĐA" && byCode["submission"] == "TTr")
        #expect(DocumentTypeCatalog.defaults.allSatisfy { DocumentTypeCatalog.isValidAbbreviation($0.abbreviation) })
    }

    @Test("R-DOC-2: abbreviations may not contain the separators of an identifier")
    func abbreviationShape() {
        for bad in ["", "N-Q", "N/Q", "N Q", "1NQ", "QUÁDÀIQUÁ"] {
            #expect(!DocumentTypeCatalog.isValidAbbreviation(bad), "\(bad)")
        }
        for good in ["QĐi", "CTHĐ", "UBKT"] { #expect(DocumentTypeCatalog.isValidAbbreviation(good)) }
    }

    @Test("R-DOC-2: issuer abbreviations by level")
    func issuers() {
        #expect(OrganizationKind.provincialCommittee.issuerAbbreviation == "TU")
        #expect(OrganizationKind.communeCommittee.issuerAbbreviation == "ĐU")
        #expect(OrganizationKind.cell.issuerAbbreviation == "CB")
    }

    @Test("R-DOC-2: a district-level committee signs as Huyện ủy, Quận ủy or Thị ủy and Thành ủy, as its name says (issue 15)")
    func districtIssuers() {
        let district = OrganizationKind.districtCommittee
        #expect(district.issuerAbbreviation(named: "Đảng bộ huyện Lệ Thủy") == "HU")
        #expect(district.issuerAbbreviation(named: "Đảng bộ huyện Quan Hóa") == "HU")
        #expect(district.issuerAbbreviation(named: "Đảng bộ quận Ba Đình") == "QU")
        #expect(district.issuerAbbreviation(named: "Đảng bộ thị xã Ba Đồn") == "TU")
        #expect(district.issuerAbbreviation(named: "Đảng bộ thành phố Đồng Hới") == "TU")
        #expect(OrganizationKind.districtBody(named: "Đảng bộ quận Ba Đình") == "QUẬN ỦY")
        #expect(OrganizationKind.districtBody(named: "Đảng bộ thị xã Ba Đồn") == "THỊ ỦY")
        #expect(OrganizationKind.districtBody(named: "Đảng bộ huyện Lệ Thủy") == "HUYỆN ỦY")
        // Other kinds sign by their kind whatever their name.
        #expect(OrganizationKind.communeCommittee.issuerAbbreviation(named: "Đảng bộ phường Quận Một") == "ĐU")
    }
}
