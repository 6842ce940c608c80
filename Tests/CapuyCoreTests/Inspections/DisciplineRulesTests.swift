import CapuyCore
import Testing

@Suite("Discipline rules")
struct DisciplineRulesTests {
    static let today = LocalDate(year: 2026, month: 11, day: 23)!

    static func decision(_ subject: DisciplineSubject, _ form: SanctionForm, _ level: DecidingLevel = .above,
                         offence: LocalDate = LocalDate(year: 2026, month: 3, day: 1)!, votes: Int = 0, full: Int = 0,
                         agreed: Bool = false, ratified: Bool = false) -> [String] {
        DisciplineRules.check(DisciplineCase(subject: subject, form: form, level: level, offenceOn: offence, decidedOn: today,
                                             votesFor: votes, fullMembers: full, grassrootsAgreed: agreed, ratified: ratified)).map(\.field)
    }

    @Test("R-DISC-1: the forms open to organizations, full members (removal only with a post) and probationary members")
    func forms() {
        #expect(DisciplineRules.forms(for: .organization) == [.reprimand, .warning, .dissolution])
        #expect(DisciplineRules.forms(for: .fullMember(holdsPost: true)) == [.reprimand, .warning, .removal, .expulsion])
        #expect(DisciplineRules.forms(for: .fullMember(holdsPost: false)) == [.reprimand, .warning, .expulsion])
        #expect(DisciplineRules.forms(for: .probationaryMember) == [.reprimand, .warning])
        #expect(Self.decision(.probationaryMember, .expulsion) == ["form"])
        #expect(Self.decision(.fullMember(holdsPost: false), .removal) == ["form"])
        #expect(Self.decision(.organization, .expulsion) == ["form"])
        #expect(Self.decision(.fullMember(holdsPost: true), .removal).isEmpty)
    }

    @Test("R-DISC-2: a cell decides reprimand and warning; removal is above it; an organization is disciplined from above; nobody outside")
    func authority() {
        #expect(Self.decision(.fullMember(holdsPost: false), .warning, .ownCell).isEmpty)
        #expect(Self.decision(.fullMember(holdsPost: true), .removal, .ownCell) == ["decidingOrganizationId"])
        #expect(Self.decision(.organization, .reprimand, .ownCell) == ["decidingOrganizationId"])
        #expect(Self.decision(.fullMember(holdsPost: false), .reprimand, .outside) == ["decidingOrganizationId"])
    }

    @Test("R-DISC-2: expulsion by a cell needs two thirds of its full members, the grassroots committee's agreement and ratification")
    func expulsion() {
        #expect(Self.decision(.fullMember(holdsPost: false), .expulsion, .ownCell, votes: 8, full: 12, agreed: true, ratified: true).isEmpty)
        #expect(Self.decision(.fullMember(holdsPost: false), .expulsion, .ownCell, votes: 7, full: 12, agreed: true, ratified: true) == ["votesFor"])
        #expect(Self.decision(.fullMember(holdsPost: false), .expulsion, .ownCell, votes: 12, full: 12) == ["grassrootsAgreed", "ratifiedBy"])
        #expect(Self.decision(.fullMember(holdsPost: false), .expulsion, .above).isEmpty)
    }

    @Test("R-DISC-3: 5 years for reprimand, 10 for warning or removal, none for expulsion; configurable",
          arguments: [(SanctionForm.reprimand, 2021, 11, 23, true), (.reprimand, 2021, 11, 22, false), (.warning, 2016, 11, 24, true),
                      (.warning, 2015, 1, 1, false), (.expulsion, 1990, 1, 1, true)])
    func limitation(_ form: SanctionForm, _ y: Int, _ m: Int, _ d: Int, _ inTime: Bool) {
        let fields = Self.decision(.fullMember(holdsPost: true), form, offence: LocalDate(year: y, month: m, day: d)!)
        #expect(fields.contains("offenceOn") == !inTime)
        let strict = DisciplinePolicy(reprimandYears: 1, warningOrRemovalYears: 2)
        let late = DisciplineRules.check(DisciplineCase(subject: .organization, form: .reprimand, level: .above,
                                                        offenceOn: LocalDate(year: 2025, month: 1, day: 1)!, decidedOn: Self.today), policy: strict)
        #expect(late.map(\.field) == ["offenceOn"])
    }
}
