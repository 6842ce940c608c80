import CapuyCore
import Testing

@Suite("Responsibility commitments: percent achieved")
struct CommitmentMathTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let value: Double, target: Double, direction: IndicatorDirection, percent: Double
        var testDescription: String { "\(direction) \(value)/\(target) → \(percent)%" }
    }

    static let rows: [Row] = [
        // Higher is better: value / target, capped at 100.
        Row(value: 45, target: 50, direction: .higherIsBetter, percent: 90),
        Row(value: 50, target: 50, direction: .higherIsBetter, percent: 100),
        Row(value: 62, target: 50, direction: .higherIsBetter, percent: 100),
        Row(value: 0, target: 4, direction: .higherIsBetter, percent: 0),
        Row(value: 1, target: 3, direction: .higherIsBetter, percent: 33.33),
        Row(value: 2, target: 3, direction: .higherIsBetter, percent: 66.67),
        Row(value: 87.5, target: 95, direction: .higherIsBetter, percent: 92.11),
        // Lower is better: 100 at or under the ceiling, else target / value.
        Row(value: 0, target: 2, direction: .lowerIsBetter, percent: 100),
        Row(value: 2, target: 2, direction: .lowerIsBetter, percent: 100),
        Row(value: 4, target: 2, direction: .lowerIsBetter, percent: 50),
        Row(value: 3, target: 1, direction: .lowerIsBetter, percent: 33.33),
        // A ceiling of zero ("no case of violation"): kept or not, nothing between.
        Row(value: 0, target: 0, direction: .lowerIsBetter, percent: 100),
        Row(value: 1, target: 0, direction: .lowerIsBetter, percent: 0),
    ]

    @Test("R-EVAL-4: percent achieved per indicator, both directions", arguments: rows)
    func percent(_ row: Row) {
        #expect(CommitmentMath.percentAchieved(value: row.value, target: row.target, direction: row.direction) == row.percent)
    }

    @Test("R-EVAL-4: the overall percent is the plain average of the indicators' percents")
    func overall() {
        #expect(CommitmentMath.overall([100, 75, 50]) == 75)
        #expect(CommitmentMath.overall([33.33, 66.67]) == 50)
        #expect(CommitmentMath.overall([100]) == 100)
        #expect(CommitmentMath.overall([]) == nil)
        // Under 50% of targets met is what forces "not fulfilled".
        let weak = CommitmentMath.overall([40, 55, 30].map { CommitmentMath.percentAchieved(value: $0, target: 100, direction: .higherIsBetter) })
        #expect(weak == 41.67)
        #expect(weak! < 50)
    }

    @Test("A goal to reach must be above zero; a ceiling may be zero; never negative or not a number")
    func targets() {
        #expect(IndicatorDirection.higherIsBetter.accepts(target: 0.5))
        #expect(!IndicatorDirection.higherIsBetter.accepts(target: 0))
        #expect(!IndicatorDirection.higherIsBetter.accepts(target: -5))
        #expect(IndicatorDirection.lowerIsBetter.accepts(target: 0))
        #expect(!IndicatorDirection.lowerIsBetter.accepts(target: -1))
        #expect(!IndicatorDirection.higherIsBetter.accepts(target: .nan))
        #expect(!IndicatorDirection.lowerIsBetter.accepts(target: .infinity))
    }

    @Test("Bad numbers never give more than 100% or less than 0%")
    func bounds() {
        #expect(CommitmentMath.percentAchieved(value: -3, target: 10, direction: .higherIsBetter) == 0)
        #expect(CommitmentMath.percentAchieved(value: .nan, target: 10, direction: .higherIsBetter) == 0)
        #expect(CommitmentMath.percentAchieved(value: 5, target: .infinity, direction: .lowerIsBetter) == 0)
    }

    @Test("A member's action program: percent of items done; an empty program leaves no target unmet")
    func pledgePercent() {
        #expect(PledgeMath.percentDone(done: 3, items: 4) == 75)
        #expect(PledgeMath.percentDone(done: 1, items: 3) == 33.33)
        #expect(PledgeMath.percentDone(done: 0, items: 5) == 0)
        #expect(PledgeMath.percentDone(done: 0, items: 0) == 100)
    }

    @Test("The default checklist is data: a handful of distinct “I will not…” pledges")
    func checklist() {
        #expect((6...12).contains(PledgeChecklist.standard.count))
        #expect(Set(PledgeChecklist.standard).count == PledgeChecklist.standard.count)
        #expect(PledgeChecklist.standard.allSatisfy { $0.hasPrefix("Không") })
        #expect(PledgeChecklist.standard.contains { $0.contains("tham nhũng") })
    }
}
