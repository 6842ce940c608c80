import CapuyCore
import PropertyBased
import Testing

/// Issue 14, item 1: the R-DISC rules take vote counts and dates that came
/// from a request. For any counts and any dates they answer with issues,
/// never a trap (`votesFor * 3` overflowed, and five years after an offence
/// in 9996 force-unwrapped a day that does not exist).
@Suite("Discipline rules: any counts and dates are judged, never fatal (issue 14, item 1)")
struct DisciplineInputPropertyTests {
    @Test("R-DISC-2 expulsion by a cell: two thirds of full members, judged for any Ints")
    func anyVotes() async {
        let day = LocalDate(year: 2026, month: 3, day: 1)!
        func check(_ votes: Int, _ full: Int) {
            let issues = DisciplineRules.check(DisciplineCase(subject: .fullMember(holdsPost: false), form: .expulsion, level: .ownCell,
                                                              offenceOn: day, decidedOn: day, votesFor: votes, fullMembers: full,
                                                              grassrootsAgreed: true, ratified: true))
            // Exact two-thirds arithmetic, done where it cannot overflow.
            let enough = full > 0 && votes.multipliedFullWidth(by: 3) >= full.multipliedFullWidth(by: 2)
            #expect(issues.contains { $0.field == "votesFor" } == !enough, "\(votes)/\(full)")
        }
        for votes in InputGen.edgeInts { for full in InputGen.edgeInts { check(votes, full) } }
        await propertyCheck(count: 500, input: InputGen.anyInt, InputGen.anyInt) { votes, full in check(votes, full) }
        await propertyCheck(count: 500, input: Gen.int(in: 0...200), Gen.int(in: 0...200)) { votes, full in check(votes, full) }
    }

    @Test("R-DISC-3 limitation periods from offences up to 31/12/9999 are judged without a trap")
    func lateDates() async {
        await propertyCheck(count: 500, input: Gen<SanctionForm>.case, Gen.int(in: 9990...9999), Gen.int(in: 1...12), Gen.int(in: 1...28)) { form, y, m, d in
            let offence = LocalDate(year: y, month: m, day: d)!
            _ = DisciplineRules.check(DisciplineCase(subject: .organization, form: form, level: .above,
                                                     offenceOn: offence, decidedOn: LocalDate(year: 9999, month: 12, day: 31)!))
        }
    }
}
