import CapuyCore
import Testing

@Suite("Review rules")
struct RatingRulesTests {
    let policy = ReviewPolicy.standard

    @Test("R-EVAL-1: four levels, best first, with the offices' abbreviations")
    func levels() {
        #expect(RatingLevel.allCases.map(\.short) == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"])
        #expect(RatingLevel.notFulfilled < .fulfilled && RatingLevel.good < .excellent)
        #expect(RatingLevel.allCases.max() == .excellent)
    }

    @Test("R-EVAL-2: bands excellent ≥ 90, good 70–89, fulfilled 50–69, not fulfilled < 50",
          arguments: [(100.0, RatingLevel.excellent), (90, .excellent), (89.5, .good), (70, .good), (69.99, .fulfilled),
                      (50, .fulfilled), (49.5, .notFulfilled), (0, .notFulfilled)])
    func bands(_ total: Double, _ level: RatingLevel) {
        #expect(RatingRules.band(total, policy.bands) == level)
    }

    @Test("R-EVAL-2: bands are configurable")
    func configurableBands() {
        var p = policy
        p.bands = .init(excellent: 95, good: 80, fulfilled: 60)
        #expect(RatingRules.band(92, p.bands) == .good)
        #expect(RatingRules.band(59, p.bands) == .notFulfilled)
    }

    @Test("R-EVAL-2: every standard sheet has 30 general and 70 result points, no repeated codes")
    func sheets() {
        #expect(policy.problems.isEmpty)
        for sheet in policy.sheets {
            #expect(sheet.maxPoints == 100)
            #expect(sheet.sections.map(\.maxPoints) == [30, 70])
        }
        var broken = policy
        broken.sheets[0] = CriteriaSheet(form: .leader, sections: [CriteriaSection(code: "C", title: "x", maxPoints: 30, criteria: [Criterion("C1", "x", 20)])])
        #expect(broken.problems.contains { $0.contains("2A C") })
    }

    @Test("R-EVAL-2: a filled sheet is totalled; a missing, unknown or out-of-range score is named")
    func scoring() throws {
        let sheet = try #require(policy.sheet(.staff))
        var scores = Dictionary(uniqueKeysWithValues: sheet.criteria.map { ($0.code, $0.maxPoints) })
        #expect(try sheet.total(of: scores).get() == 100)
        scores["C1"] = 7.5
        #expect(try sheet.total(of: scores).get() == 99.5)
        scores["C2"] = 9
        scores["KQ9"] = 1
        scores["KQ1"] = nil
        guard case .failure(let e) = sheet.total(of: scores) else { Issue.record("accepted"); return }
        #expect(e.entries.map(\.code) == ["C2", "KQ1", "KQ9"])
        #expect(e.entries.map(\.problem) == [.outOfRange, .missing, .unknown])
        scores = Dictionary(uniqueKeysWithValues: sheet.criteria.map { ($0.code, -1) })
        guard case .failure(let neg) = sheet.total(of: scores) else { Issue.record("accepted"); return }
        #expect(neg.entries.count == sheet.criteria.count)
    }

    @Test("R-EVAL-3: excellent needs every task on time and at least 30% beyond requirements")
    func excellentConditions() {
        func ceiling(_ tasks: Int, _ onTime: Int, _ beyond: Int) -> RatingCeiling {
            RatingRules.ceiling(total: 95, facts: RatingFacts(tasks: tasks, tasksOnTime: onTime, tasksBeyond: beyond), collective: false, policy: policy)
        }
        #expect(ceiling(10, 10, 3).level == .excellent)
        #expect(ceiling(10, 10, 2).level == .good)
        #expect(ceiling(10, 10, 2).bars == [.tooFewBeyond])
        #expect(ceiling(10, 9, 5).bars == [.tasksLate])
        #expect(ceiling(0, 0, 0).level == .good)
        // Below the excellent band the conditions do not matter.
        #expect(RatingRules.ceiling(total: 80, facts: RatingFacts(), collective: false, policy: policy) == RatingCeiling(byScore: .good, level: .good, bars: []))
    }

    @Test("R-EVAL-3: a collective is excellent only if no subordinate unit and no leadership member was disciplined")
    func collectiveExcellent() {
        let ok = RatingFacts(tasks: 10, tasksOnTime: 10, tasksBeyond: 4, subordinateUnits: 10)
        #expect(RatingRules.ceiling(total: 92, facts: ok, collective: true, policy: policy).level == .excellent)
        var f = ok
        f.subordinateUnitsDisciplined = 1
        #expect(RatingRules.ceiling(total: 92, facts: f, collective: true, policy: policy).bars == [.subordinateOrLeaderDisciplined])
        f = ok
        f.leadershipMemberDisciplined = true
        #expect(RatingRules.ceiling(total: 92, facts: f, collective: true, policy: policy).level == .good)
    }

    @Test("R-EVAL-4: forced not fulfilled by discipline, targets under 50%, degradation, example breach",
          arguments: [RatingFacts(disciplinedInYear: true), RatingFacts(targetsMet: 0.49), RatingFacts(degradationConcluded: true),
                      RatingFacts(exampleBreach: true)])
    func forced(_ facts: RatingFacts) {
        let c = RatingRules.ceiling(total: 98, facts: facts, collective: false, policy: policy)
        #expect(c.level == .notFulfilled)
        #expect(c.byScore == .excellent)
        #expect(c.bars.count == 1 && c.bars[0].forcesNotFulfilled && c.bars[0].rule == "R-EVAL-4")
    }

    @Test("R-EVAL-4: exactly 50% of targets is not a forced case; the floor is configurable")
    func targetsFloor() {
        #expect(RatingRules.ceiling(total: 75, facts: RatingFacts(targetsMet: 0.5), collective: false, policy: policy).level == .good)
        var p = policy
        p.targetsFloor = 0.6
        #expect(RatingRules.ceiling(total: 75, facts: RatingFacts(targetsMet: 0.55), collective: false, policy: p).level == .notFulfilled)
    }

    @Test("R-EVAL-4: a collective is forced down when its leadership was disciplined or over 20% of its units were")
    func collectiveForced() {
        #expect(RatingRules.ceiling(total: 85, facts: RatingFacts(leadershipDisciplined: true), collective: true, policy: policy).bars == [.leadershipDisciplined])
        #expect(RatingRules.ceiling(total: 85, facts: RatingFacts(subordinateUnits: 10, subordinateUnitsDisciplined: 2), collective: true, policy: policy).level == .good)
        #expect(RatingRules.ceiling(total: 85, facts: RatingFacts(subordinateUnits: 10, subordinateUnitsDisciplined: 3), collective: true, policy: policy).level == .notFulfilled)
        // The collective conditions do not apply to a member.
        #expect(RatingRules.ceiling(total: 85, facts: RatingFacts(leadershipDisciplined: true), collective: false, policy: policy).level == .good)
    }

    @Test("R-EVAL-5: excellent at most 20% of those rated good, rounded down",
          arguments: [(0, 0), (4, 0), (5, 1), (14, 2), (15, 3), (20, 4), (100, 20)])
    func quota(_ good: Int, _ allowed: Int) {
        #expect(RatingQuota.maxExcellent(good: good, share: 0.2) == allowed)
        #expect(RatingQuota.excess(excellent: allowed + 2, good: good, share: 0.2) == 2)
        #expect(RatingQuota.excess(excellent: allowed, good: good, share: 0.2) == 0)
    }

    @Test("R-EVAL-6: self-assessment, then the cell, then the decision; never skipped, a collective goes straight up")
    func sequence() {
        #expect(ReviewWorkflow.allows(.selfAssess, from: nil))
        #expect(!ReviewWorkflow.allows(.unitReview, from: nil))
        #expect(!ReviewWorkflow.allows(.decide, from: .selfAssessed))
        #expect(ReviewWorkflow.allows(.decide, from: .unitReviewed))
        #expect(ReviewWorkflow.allows(.decide, from: .decided))
        #expect(!ReviewWorkflow.allows(.selfAssess, from: .unitReviewed))
        #expect(!ReviewWorkflow.allows(.unitReview, from: .decided))
        #expect(ReviewWorkflow.allows(.decide, from: .selfAssessed, collective: true))
        #expect(!ReviewWorkflow.allows(.unitReview, from: .selfAssessed, collective: true))
        #expect(!ReviewWorkflow.allows(.decide, from: nil, collective: true))
    }
}
