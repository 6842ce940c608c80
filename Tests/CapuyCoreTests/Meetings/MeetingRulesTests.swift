import CapuyCore
import PropertyBased
import Testing

@Suite("Meeting rules")
struct MeetingRulesTests {
    let policy = MeetingPolicy.standard
    func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }

    // MARK: R-MEET-3

    @Test("R-MEET-3: the default agenda is the usual order and draws no warning")
    func defaultAgenda() {
        #expect(MeetingAgenda.standard == [.attendance, .dues, .agenda, .minuteTaker, .pastMonthReview, .nextMonthTasks, .discussion, .conclusionVote])
        #expect(MeetingAgenda.warnings(MeetingAgenda.standard.map(\.rawValue)).isEmpty)
    }

    @Test("R-MEET-3: leaving out or reordering the usual items warns; free text anywhere is fine",
          arguments: [
            (["attendance", "dues", "agenda", "minuteTaker", "pastMonthReview", "Chuyên đề học tập", "nextMonthTasks", "discussion", "conclusionVote"], 0),
            (["attendance", "agenda", "minuteTaker", "pastMonthReview", "nextMonthTasks", "discussion", "conclusionVote"], 1),
            (["dues", "attendance", "agenda", "minuteTaker", "pastMonthReview", "nextMonthTasks", "discussion", "conclusionVote"], 1),
            (["conclusionVote", "attendance"], 2),
          ])
    func agendaWarnings(_ items: [String], _ count: Int) {
        let w = MeetingAgenda.warnings(items)
        #expect(w.count == count)
        #expect(w.allSatisfy { $0.message.contains("R-MEET-3") && $0.messageEn.contains("R-MEET-3") })
    }

    // MARK: marking held

    @Test("A meeting in the future or of zero or negative minutes cannot be marked held",
          arguments: [("2025-03-10", 120, 0), ("2025-03-11", 120, 1), ("2025-03-10", 0, 1), ("2025-03-10", -5, 1), ("2025-04-01", -5, 2),
                      ("2025-03-10", 1440, 0), ("2025-03-10", 1441, 1), ("2025-03-10", Int.max, 1), ("2025-03-10", Int.min, 1)])
    func held(_ on: String, _ minutes: Int, _ issues: Int) {
        do {
            try MeetingRules.checkHeld(heldOn: d(on), today: d("2025-03-10"), durationMinutes: minutes)
            #expect(issues == 0)
        } catch let f as ValidationFailure {
            #expect(f.issues.count == issues)
            #expect(f.issues.allSatisfy { $0.message.contains("R-MEET") })
        } catch { Issue.record(error) }
    }

    @Test("Start times are HH:mm", arguments: [("19:30", true), ("07:05", true), ("24:00", false), ("7:30", false), ("19h30", false)])
    func clock(_ text: String, _ ok: Bool) { #expect(MeetingRules.isClockTime(text) == ok) }

    // MARK: R-MEET-2

    @Test("R-MEET-2: the longest run of excused absences counts consecutive meetings only",
          arguments: [([AttendanceStatus](), 0), ([.excused, .present, .excused, .excused], 2),
                      ([.excused, .excused, .excused, .excused], 4), ([.unexcused, .excused, .excused, .excused], 3)])
    func excusedRun(_ h: [AttendanceStatus], _ n: Int) { #expect(MeetingRules.longestExcusedRun(h) == n) }

    static let good = MeetingFacts(expected: 20, present: 18, unexcused: 0, longestExcusedRun: 1, durationMinutes: 95, minutesComplete: true)

    @Test("R-MEET-2: each automatic criterion, at its edge",
          arguments: [
            (AutomaticCriterion.attendance, MeetingFacts(expected: 20, present: 17, unexcused: 0, longestExcusedRun: 0, durationMinutes: 90, minutesComplete: true), false),
            (.attendance, MeetingFacts(expected: 20, present: 18, unexcused: 0, longestExcusedRun: 0, durationMinutes: 90, minutesComplete: true), true),
            (.noUnexcused, MeetingFacts(expected: 20, present: 19, unexcused: 1, longestExcusedRun: 0, durationMinutes: 90, minutesComplete: true), false),
            (.noLongExcusedRun, MeetingFacts(expected: 20, present: 19, unexcused: 0, longestExcusedRun: 3, durationMinutes: 90, minutesComplete: true), true),
            (.noLongExcusedRun, MeetingFacts(expected: 20, present: 19, unexcused: 0, longestExcusedRun: 4, durationMinutes: 90, minutesComplete: true), false),
            (.duration, MeetingFacts(expected: 20, present: 19, unexcused: 0, longestExcusedRun: 0, durationMinutes: 89, minutesComplete: true), false),
            (.duration, MeetingFacts(expected: 20, present: 19, unexcused: 0, longestExcusedRun: 0, durationMinutes: 90, minutesComplete: true), true),
            (.minutesComplete, MeetingFacts(expected: 20, present: 19, unexcused: 0, longestExcusedRun: 0, durationMinutes: 90, minutesComplete: false), false),
          ])
    func automatic(_ c: AutomaticCriterion, _ f: MeetingFacts, _ met: Bool) {
        #expect(c.isMet(f, policy: policy) == met)
    }

    @Test("R-MEET-2: the standard sheet totals 100 points and covers every automatic criterion")
    func sheet() {
        #expect(policy.maxScore == 100)
        #expect(Set(policy.sheet.compactMap(\.automatic)) == Set(AutomaticCriterion.allCases))
        #expect(policy.problems.isEmpty)
    }

    @Test("R-MEET-2: score and level from the sheet",
          arguments: [(Set(["J1", "J2", "J3", "J4"]), 100.0, MeetingLevel.good), (Set(["J1"]), 65, .average),
                      (Set(["J1", "J4"]), 80, .fair), (Set<String>(), 50, .average)])
    func scoring(_ judged: Set<String>, _ score: Double, _ level: MeetingLevel) {
        var f = Self.good
        f.judgedMet = judged
        let q = MeetingQuality.score(f, policy: policy)
        #expect(q.score == score)
        #expect(q.level == level)
    }

    @Test("R-MEET-2: a meeting failing an automatic criterion is at most fair, whatever its points")
    func automaticFloor() {
        var p = policy
        p.goodFrom = 80
        var f = Self.good
        f.durationMinutes = 60
        f.judgedMet = ["J1", "J2", "J3", "J4"]
        let q = MeetingQuality.score(f, policy: p)
        #expect(q.score == 90)
        #expect(q.level == .fair)
    }

    // MARK: R-MEET-1

    @Test("R-MEET-1: months without a regular meeting and quarters without a thematic one, completed periods only")
    func cadence() {
        let today = d("2025-07-15")
        var held: [(kind: MeetingKind, on: LocalDate)] = []
        for m in 1...6 where m != 4 { held.append((.regular, LocalDate(year: 2025, month: m, day: 10)!)) }
        for m in 7...12 { held.append((.regular, LocalDate(year: 2024, month: m, day: 10)!)) }
        held.append((.thematic, d("2025-02-20")))
        held.append((.thematic, d("2024-08-20")))
        held.append((.thematic, d("2024-11-20")))
        let gaps = MeetingCadence.gaps(held: held, today: today)
        #expect(gaps.filter { $0.kind == .regular }.map(\.label) == ["Tháng 04/2025"])
        // Quarters from 07/2024: Q3, Q4 2024 and Q1 2025 met; Q2 2025 missed; Q3 2025 still open.
        #expect(gaps.filter { $0.kind == .thematic }.map(\.label) == ["04/2025 – 06/2025"])
    }

    @Test("R-MEET-1: the cadence is configurable")
    func cadenceConfigurable() {
        var p = policy
        p.thematicEveryMonths = 6
        let gaps = MeetingCadence.gaps(held: [(.thematic, d("2025-02-01"))], today: d("2025-07-15"), lookbackMonths: 6, policy: p)
        #expect(gaps.filter { $0.kind == .thematic }.isEmpty)
        #expect(gaps.filter { $0.kind == .regular }.count == 6)
    }

    @Test("Follow assignments owe one attended meeting per whole quarter elapsed",
          arguments: [("2025-01-01", "2025-12-31", "2025-02-15", 0), ("2025-01-01", "2025-12-31", "2025-03-31", 1),
                      ("2025-01-01", "2025-12-31", "2025-12-31", 4), ("2025-01-01", "2025-06-30", "2025-12-31", 2),
                      ("2025-05-01", "2025-04-30", "2025-12-31", 0)])
    func followRequired(_ from: String, _ to: String, _ until: String, _ n: Int) {
        #expect(MeetingCadence.followRequired(from: d(from), to: d(to), until: d(until)) == n)
    }
}

/// Issue 14, item 1: a month's first day never traps, even for a year the
/// calendar does not hold.
@Suite("YearMonth.first never traps")
struct YearMonthFirstPropertyTests {
    @Test("Any year and month 1–12: a date in 0001–9999, the month's own first day when the year is in range")
    func anyYear() async {
        await propertyCheck(count: 500, input: Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 1...12)) { year, month in
            let first = YearMonth(year: year, month: month).first
            #expect((1...9999).contains(first.year))
            if (1...9999).contains(year) { #expect(first.year == year && first.month == month && first.day == 1) }
        }
    }
}
