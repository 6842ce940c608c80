import CapuyCore
import Testing

/// R-CASE-5 (issue 14, item 3): a leader named in a case's text is found
/// whatever the accents, case and punctuation, as whole words only.
@Suite("Case routing: leaders named in the text (R-CASE-5)")
struct CaseRoutingNamesTests {
    static let leaders = [1: "Vũ Văn Chủ", 2: "Lê Thị Hoa", 3: "Minh"]

    @Test("R-CASE-5: names typed without accents, in capitals or between commas are found")
    func found() {
        #expect(CaseRouting.namedLeaders(in: ["Ông Vu Van Chu, chủ tịch xã"], leaders: Self.leaders) == [1])
        #expect(CaseRouting.namedLeaders(in: ["", "BÀ LÊ THỊ HOA (bí thư)"], leaders: Self.leaders) == [2])
        #expect(CaseRouting.namedLeaders(in: ["Vũ Văn Chủ và Lê Thị Hoa"], leaders: Self.leaders) == [1, 2])
    }

    @Test("R-CASE-5: a longer name containing a leader's, a single given name, or a name split across texts is not a match")
    func notFound() {
        #expect(CaseRouting.namedLeaders(in: ["Vũ Văn Chủng"], leaders: Self.leaders).isEmpty)
        #expect(CaseRouting.namedLeaders(in: ["anh Minh ở thôn 2"], leaders: Self.leaders).isEmpty)
        #expect(CaseRouting.namedLeaders(in: ["Vũ Văn", "Chủ"], leaders: Self.leaders).isEmpty)
    }
}
