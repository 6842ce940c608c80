import CapuyCore
import Testing

// DESIGN.md Rollups: what a dashboard counts per unit; ages are counted by
// year (the year of the count minus the year of birth), as the yearly reports do.
@Suite("Unit tallies and age bands")
struct UnitTallyTests {
    @Test("Band edges: 30 is the youngest band, 31 the next; likewise 40/41, 50/51, 60/61", arguments: [
        (30, AgeBand.upTo30), (31, .from31To40),
        (40, .from31To40), (41, .from41To50),
        (50, .from41To50), (51, .from51To60),
        (60, .from51To60), (61, .over60),
        (0, .upTo30), (18, .upTo30), (95, .over60),
    ])
    func bandEdges(_ age: Int, _ band: AgeBand) {
        #expect(AgeBand.of(birthYear: 2026 - age, in: 2026) == band)
    }

    @Test("Only the year counts: born 31 December or 1 January of the same year, same band")
    func countedByYear() {
        let late = UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: "1995-12-31", year: 2026)
        let early = UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: "1995-01-01", year: 2026)
        #expect(late[.from31To40] == 1)
        #expect(early == late)
        // The same member a year earlier was still 30.
        #expect(UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: "1995-12-31", year: 2025)[.upTo30] == 1)
    }

    @Test("The earliest birth year of each band agrees with the band of that year and the year before it")
    func earliestBirthYear() {
        for band in AgeBand.allCases {
            guard let earliest = band.earliestBirthYear(in: 2026) else {
                #expect(band == .over60)
                continue
            }
            #expect(AgeBand.of(birthYear: earliest, in: 2026) == band)
            #expect(AgeBand.of(birthYear: earliest - 1, in: 2026) != band)
        }
    }

    @Test("A full Kinh man counts once as a member and a full member, in one band")
    func fullMember() {
        let t = UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: "1980-03-15", year: 2026)
        #expect(t.members == 1 && t.fullMembers == 1 && t.probationaryMembers == 0)
        #expect(t.women == 0 && t.minority == 0 && t.openUnits == 0)
        #expect(t.ages == [0, 0, 1, 0, 0])
    }

    @Test("A probationary woman of a minority counts as probationary, woman and minority")
    func probationaryWomanMinority() {
        let t = UnitTally.member(full: false, female: true, ethnicity: "Tày", birthDate: "2000-01-01", year: 2026)
        #expect(t.members == 1 && t.fullMembers == 0 && t.probationaryMembers == 1)
        #expect(t.women == 1 && t.minority == 1)
        #expect(t[.upTo30] == 1)
    }

    @Test("Kinh is recognised whatever its case and surrounding spaces; anything else is a minority", arguments: [
        ("Kinh", false), (" kinh ", false), ("KINH", false), ("kInH", false),
        ("Tày", true), ("Khmer", true), ("H'Mông", true), ("Kinh Tày", true),
    ])
    func minority(_ ethnicity: String, _ isMinority: Bool) {
        #expect(UnitTally.isMinority(ethnicity) == isMinority)
        let t = UnitTally.member(full: true, female: false, ethnicity: ethnicity, birthDate: "1980-01-01", year: 2026)
        #expect(t.minority == (isMinority ? 1 : 0))
    }

    @Test("A member without a birth date is counted, but in no age band")
    func noBirthDate() {
        for birth in ["", "19"] {
            let t = UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: birth, year: 2026)
            #expect(t.members == 1)
            #expect(t.ages == [0, 0, 0, 0, 0], "birth date “\(birth)”")
        }
    }

    @Test("Subtracting a tally from itself gives zero; negation undoes addition")
    func subtraction() {
        let a = Self.sample
        #expect((a - a).isZero)
        #expect((a - a) == UnitTally())
        #expect(!a.isZero)
        #expect(-(-a) == a)
        #expect(a + -a == UnitTally())
        var b = a
        b += a
        #expect(b.members == 2 * a.members && b.ages == a.ages.map { $0 * 2 } && b.openUnits == 2 * a.openUnits)
    }

    @Test("Addition is associative and commutative on examples, field by field")
    func addition() {
        let a = Self.sample
        let b = UnitTally.member(full: false, female: true, ethnicity: "Tày", birthDate: "1955-05-05", year: 2026)
        let c = UnitTally.oneOpenUnit
        #expect((a + b) + c == a + (b + c))
        #expect(a + b == b + a)
        let sum = a + b + c
        #expect(sum.members == a.members + 1)
        #expect(sum.fullMembers == a.fullMembers)
        #expect(sum.women == a.women + 1)
        #expect(sum.minority == a.minority + 1)
        #expect(sum[.over60] == a[.over60] + 1)
        #expect(sum.openUnits == a.openUnits + 1)
        #expect(sum - b - c == a)
    }

    /// Three members and two open units, none of them zero in every field.
    static let sample: UnitTally = {
        var t = UnitTally.member(full: true, female: true, ethnicity: "Kinh", birthDate: "1990-02-02", year: 2026)
        t += UnitTally.member(full: false, female: false, ethnicity: "Khmer", birthDate: "1970-02-02", year: 2026)
        t += UnitTally.member(full: true, female: false, ethnicity: "Kinh", birthDate: "", year: 2026)
        t += .oneOpenUnit
        t += .oneOpenUnit
        return t
    }()
}
