import CapuyCore
import Testing

@Suite("Survey form (R-MEET-2 scoring sheets)")
struct SurveyFormTests {
    let form = SurveyForm.standard

    func scores(_ share: Double) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: form.criteria.map { ($0.code, ($0.maxPoints * share * 2).rounded() / 2) })
    }

    @Test("R-MEET-2: the standard form is out of 100, covers R-MEET-3's order and has no problems")
    func standard() {
        #expect(form.maxPoints == 100)
        #expect(form.problems.isEmpty)
        #expect(form.criteria.contains { $0.title.contains("R-MEET-3") })
        #expect(Set(form.criteria.map(\.code)).count == form.criteria.count)
    }

    @Test("R-MEET-2: levels good ≥ 80, fair 65–79, average 50–64, weak < 50",
          arguments: [(100.0, SurveyLevel.good), (80, .good), (79.5, .fair), (65, .fair), (64.99, .average), (50, .average),
                      (49.5, .weak), (0, .weak)])
    func levels(_ total: Double, _ level: SurveyLevel) {
        #expect(form.level(for: total) == level)
    }

    @Test("R-MEET-2: thresholds are data a province may change")
    func configurableThresholds() {
        var f = form
        f.thresholds = .init(good: 90, fair: 75, average: 60)
        #expect(f.problems.isEmpty)
        #expect(f.level(for: 85) == .fair)
        #expect(f.level(for: 59) == .weak)
    }

    @Test("A full sheet totals its points; half points stay exact")
    func total() throws {
        var s = scores(1)
        #expect(try form.total(of: s).get() == 100)
        s["CB"] = 7.5
        #expect(try form.total(of: s).get() == 92.5)
    }

    @Test("Missing, out-of-range and unknown criteria are each reported",
          arguments: [("CB", 16.0, SurveyScoreError.Problem.outOfRange), ("TG", -1, .outOfRange), ("XX", 3, .unknown)])
    func refusals(_ code: String, _ value: Double, _ problem: SurveyScoreError.Problem) {
        var s = scores(0.8)
        s[code] = value
        guard case .failure(let error) = form.total(of: s) else { Issue.record("accepted"); return }
        #expect(error.entries.contains { $0.code == code && $0.problem == problem })
    }

    @Test("A missing criterion is named")
    func missing() {
        var s = scores(0.8)
        s["BB"] = nil
        guard case .failure(let error) = form.total(of: s) else { Issue.record("accepted"); return }
        #expect(error.entries == [.init(code: "BB", max: 10, problem: .missing)])
    }

    @Test("Unusable forms are refused: thresholds out of order, repeated codes, no criteria")
    func problems() {
        var f = form
        f.thresholds = .init(good: 60, fair: 70, average: 50)
        #expect(!f.problems.isEmpty)
        f = form
        f.criteria.append(f.criteria[0])
        #expect(f.problems.contains { $0.contains("repeated") })
        #expect(!SurveyForm(criteria: [], thresholds: .init(good: 3, fair: 2, average: 1)).problems.isEmpty)
    }

    @Test("Every level has a Vietnamese and an English label")
    func labels() {
        #expect(SurveyLevel.allCases.map(\.label) == ["Tốt", "Khá", "Trung bình", "Yếu"])
        #expect(SurveyLevel.allCases.allSatisfy { !$0.labelEn.isEmpty })
    }
}
