import CapuyCore
import Testing

private func d(_ s: String) -> LocalDate { LocalDate(parsing: s)! }

@Suite("Terms and task rules")
struct TermAndTaskRulesTests {
    @Test("R-DOC-1: the current term is the one whose dates hold the day")
    func currentTerm() {
        let old = TermSpan(startsOn: d("01/10/2020"), endsOn: d("30/09/2025"))
        let now = TermSpan(startsOn: d("01/10/2025"), endsOn: d("30/09/2030"))
        #expect(TermRules.index(containing: d("30/09/2025"), in: [old, now]) == 0)
        #expect(TermRules.index(containing: d("01/10/2025"), in: [old, now]) == 1)
        #expect(TermRules.index(containing: d("01/10/2030"), in: [old, now]) == nil)
        #expect(now.defaultName == "2025–2030")
    }

    @Test("Terms may not overlap nor end before they start")
    func termChecks() {
        let now = TermSpan(startsOn: d("01/10/2025"), endsOn: d("30/09/2030"))
        #expect(TermRules.check(TermSpan(startsOn: d("01/01/2030"), endsOn: d("01/01/2035")), against: [now]).map(\.field) == ["startsOn"])
        #expect(TermRules.check(TermSpan(startsOn: d("01/10/2030"), endsOn: d("01/10/2030")), against: []).map(\.field) == ["endsOn"])
        #expect(TermRules.check(TermSpan(startsOn: d("01/10/2030"), endsOn: d("30/09/2035")), against: [now]).isEmpty)
    }

    @Test("A task's standing: overdue when open after its deadline, late when finished after it")
    func standing() {
        let deadline = d("31/03/2026")
        #expect(TaskRules.standing(percent: 0, completedOn: nil, deadline: deadline, today: d("31/03/2026")) == .notStarted)
        #expect(TaskRules.standing(percent: 40, completedOn: nil, deadline: deadline, today: d("01/03/2026")) == .inProgress)
        #expect(TaskRules.standing(percent: 90, completedOn: nil, deadline: deadline, today: d("01/04/2026")) == .overdue)
        #expect(TaskRules.standing(percent: 100, completedOn: d("31/03/2026"), deadline: deadline, today: d("01/05/2026")) == .done)
        #expect(TaskRules.standing(percent: 100, completedOn: d("02/04/2026"), deadline: deadline, today: d("01/05/2026")) == .doneLate)
    }

    @Test("A deadline before the issue date is refused, with both dates in the message")
    func deadlines() throws {
        let issue = try #require(TaskRules.checkDeadline(d("01/02/2026"), notBefore: d("05/02/2026")))
        #expect(issue.message.contains("01/02/2026") && issue.message.contains("05/02/2026"))
        #expect(TaskRules.checkDeadline(nil, notBefore: d("05/02/2026"))?.field == "deadline")
        #expect(TaskRules.checkDeadline(d("05/02/2026"), notBefore: d("05/02/2026")) == nil)
        #expect(TaskRules.checkPercent(101) != nil && TaskRules.checkPercent(-1) != nil && TaskRules.checkPercent(100) == nil)
    }

    @Test("The on-time rate counts only tasks whose outcome is known")
    func tally() {
        var t = TaskTally()
        #expect(t.onTimeRate == nil)
        t.add(.done, count: 3)
        t.add(.doneLate)
        t.add(.overdue, count: 2)
        t.add(.inProgress, count: 10)
        #expect(t.total == 16)
        #expect(t.onTimeRate == 0.5)
        var sum = TaskTally()
        sum.add(t)
        sum.add(t)
        #expect(sum.count(.inProgress) == 20 && sum.onTimeRate == 0.5)
    }
}
