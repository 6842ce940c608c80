import CapuyCore
import Fluent
import Foundation
import Vapor

/// The collective form and decisions on sub-units, and the results pages.
extension ReviewWebController {
    struct CollectivePage: Encodable {
        struct Line: Encodable { let code: String; let title: String; let max: String; let maxValue: Double; let value: String }
        struct Child: Encodable { let id: String; let name: String; let selfLevel: String; let selfTotal: String; let decided: String; let levels: [SelectOption]? }
        let roundTitle: String
        let roundURL: String
        let unitName: String
        let facts: [String]
        let members: [String]
        let subUnits: [String]
        let lines: [Line]
        let levels: [SelectOption]
        let stage: String?
        let decided: String
        let editable: Bool
        let children: [Child]
        let canDecideChildren: Bool
        let v: [String: String]
        let errors: FormErrors
        let action: String
        let decideAction: String
    }

    func collective(req: Request) async throws -> Response {
        try await renderCollective(req, values: [:], errors: [:])
    }

    private func renderCollective(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let round = try await req.reviewRound()
        let lang = req.language
        let principal = try req.principal
        let unitId = try req.id("unitId")
        let service = try req.unitReviews(round)
        let ctx = try await service.context(for: unitId)
        let org = try await service.unit(unitId, scope: principal.scope(.viewOrganizations))
        let f = ctx.facts
        let facts = [
            lang.pick("Nhiệm vụ được giao trong năm: \(f.tasks), hoàn thành đúng hạn: \(f.tasksOnTime)", "Tasks due this year: \(f.tasks), on time: \(f.tasksOnTime)"),
            f.targetsMet.map { lang.pick("Cam kết trách nhiệm: đạt \(Int(($0 * 100).rounded()))% chỉ tiêu", "Commitments: \(Int(($0 * 100).rounded()))% of targets") }
                ?? lang.pick("Chưa có kết quả cam kết trách nhiệm", "No commitment assessed"),
            lang.pick("Tổ chức đảng trực thuộc bị kỷ luật: \(f.subordinateUnitsDisciplined)/\(f.subordinateUnits)", "Subordinate units disciplined: \(f.subordinateUnitsDisciplined)/\(f.subordinateUnits)"),
        ] + (f.leadershipDisciplined ? [lang.pick("Tập thể lãnh đạo bị kỷ luật trong năm", "Leadership disciplined this year")] : [])
          + (f.leadershipMemberDisciplined ? [lang.pick("Có cấp ủy viên bị kỷ luật trong năm", "A committee member was disciplined this year")] : [])
        func counts(_ c: [Int]) -> [String] { zip(RatingLevel.allCases, c).map { "\($0.short): \($1)" } }
        let children = try await req.organizations.childBriefs(of: unitId, openOnly: true)
        var childRows: [CollectivePage.Child] = []
        let canDecideChildren = round.isOpen && service.decidesBelow(org)
        let shown = Array(children.prefix(300))
        let reviews = try await service.reviews(of: shown.map(\.id))
        for c in shown {
            let r = reviews[c.id]
            childRows.append(.init(id: c.id.uuidString, name: c.name, selfLevel: Self.levelLabel(r?.selfLevel, lang),
                                   selfTotal: r.map { DisplayFormat.points($0.selfTotal) } ?? "", decided: Self.levelLabel(r?.decidedLevel, lang),
                                   levels: canDecideChildren && r != nil ? Self.levelOptions(lang, selected: r?.decidedLevel ?? r?.selfLevel, blank: true) : nil))
        }
        let saved = ctx.review?.selfScores ?? [:]
        let stage = ctx.review.flatMap { ReviewStage(rawValue: $0.stage) }
        let model = CollectivePage(
            roundTitle: round.title, roundURL: SiteURL.reviewRound(round.id!).path, unitName: ctx.organizationName, facts: facts,
            members: counts(ctx.members), subUnits: counts(ctx.subUnits),
            lines: ctx.sheet.criteria.map { c in
                .init(code: c.code, title: c.title, max: DisplayFormat.points(c.maxPoints), maxValue: c.maxPoints,
                      value: values["score_\(c.code)"] ?? saved[c.code].map { String($0) } ?? "")
            },
            levels: Self.levelOptions(lang, selected: values["level"] ?? ctx.review?.selfLevel, blank: true),
            stage: stage.map { lang.pick($0.label, $0.labelEn) }, decided: Self.levelLabel(ctx.review?.decidedLevel, lang),
            editable: round.isOpen && principal.scope(.reviewUnits).contains(path: org.path) && ReviewWorkflow.allows(.selfAssess, from: stage, collective: true),
            children: childRows, canDecideChildren: childRows.contains { $0.levels != nil },
            v: values.isEmpty ? ["note": ctx.review?.selfNote ?? "", "tasksBeyond": ctx.review.map { String($0.tasksBeyond) } ?? ""] : values,
            errors: errors, action: SiteURL.reviewCollective(round.id!, unit: unitId).path,
            decideAction: SiteURL.reviewCollectiveDecide(round.id!, unit: unitId).path)
        return try await req.page("review-collective", title: ctx.organizationName + " · " + round.title, model, status: status)
    }

    func collectiveSubmit(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let unitId = try req.id("unitId")
        var values: [String: String] = [:]
        for f in ["level", "note", "tasksBeyond"] { values[f] = req.field(f) ?? "" }
        let service = try req.unitReviews(round)
        let (scores, bad) = Self.postedScores(req, sheet: service.policy.sheet(.collective)!, into: &values)
        do {
            try bad.throwIfAny()
            _ = try await service.selfAssess(unitId, UnitSelfAssessmentInput(
                scores: scores, note: values["note"], tasksBeyond: Int(values["tasksBeyond"] ?? "") ?? 0, level: values["level"] ?? ""))
            return req.redirect(to: SiteURL.reviewCollective(round.id!, unit: unitId).path + "?ok=review_saved")
        } catch let failure as ValidationFailure {
            var errors = FormErrors(failure, req.language)
            for (k, e) in errors where k.hasPrefix("scores.") { errors["scores"] = (errors["scores"].map { $0 + " " } ?? "") + e }
            return try await renderCollective(req, values: values, errors: errors, status: .unprocessableEntity)
        }
    }

    func collectiveDecide(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let unitId = try req.id("unitId")
        let children = try await req.organizations.childBriefs(of: unitId, openOnly: true)
        let decisions = children.compactMap { c -> UnitDecisionInput.Entry? in
            guard let level = req.field("level_\(c.id)"), !level.isEmpty else { return nil }
            return .init(organizationId: c.id, level: level, note: nil)
        }
        do {
            _ = try await req.unitReviews(round).decide(UnitDecisionInput(decisions: decisions))
            return req.redirect(to: SiteURL.reviewCollective(round.id!, unit: unitId).path + "?ok=review_decided")
        } catch let failure as ValidationFailure {
            return try await renderCollective(req, values: [:], errors: ["decisions": failure.issues.map { req.language.pick($0.message, $0.messageEn) }.joined(separator: " ")],
                                              status: .unprocessableEntity)
        }
    }

    // MARK: results

    struct ResultsPage: Encodable {
        struct Row: Encodable { let name: String; let url: String; let members: Int; let rated: Int; let levels: [String]; let units: [Int] }
        struct YearRow: Encodable { let year: Int; let levels: [String] }
        struct Person: Encodable { let name: String; let total: String }
        let roundTitle: String
        let roundURL: String
        let unitName: String
        let published: Bool
        let headers: [String]
        let total: Row
        let rows: [Row]
        let chart: BarChart
        let years: [YearRow]
        let listLinks: [SelectOption]
        let listTitle: String?
        let list: [Person]
        let xlsxURL: String
        let docxURL: String
        let upURL: String?
    }

    func results(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let lang = req.language
        let results = try req.reviewResults(round)
        let org = try await results.unit(req.query[UUID.self, at: "donVi"])
        let d = try await results.distribution(of: org)
        func shares(_ levels: [Int]) -> [String] {
            let rated = max(1, levels.reduce(0, +))
            return levels.map { "\($0) (\(String(format: "%.1f", Double($0) * 100 / Double(rated)).replacingOccurrences(of: ".", with: ","))%)" }
        }
        func row(_ r: DistributionRowDTO) -> ResultsPage.Row {
            .init(name: r.name, url: SiteURL.reviewResults(round.id!, unit: r.organizationId).path, members: r.members, rated: r.rated,
                  levels: shares(r.memberLevels), units: r.unitLevels)
        }
        let level = req.query[String.self, at: "muc"].flatMap(RatingLevel.init(rawValue:))
        var list: [RatedMemberDTO] = []
        if let level { list = try await results.members(of: org, level: level, limit: 2000) }
        let up = org.path == round.organizationPath ? nil : org.$parent.id.map { SiteURL.reviewResults(round.id!, unit: $0).path }
        let model = ResultsPage(
            roundTitle: round.title, roundURL: SiteURL.reviewRound(round.id!).path, unitName: org.name, published: d.published,
            headers: RatingLevel.allCases.map { lang.pick($0.label, $0.labelEn) }, total: row(d.unit), rows: d.children.map(row),
            chart: BarChart(id: "levels", title: lang.pick("Xếp loại đảng viên", "Members' levels"),
                            rows: zip(RatingLevel.allCases, d.unit.memberLevels).map { (lang.pick($0.label, $0.labelEn), $1) }),
            years: d.years.map { ResultsPage.YearRow(year: $0.year, levels: shares($0.memberLevels)) },
            listLinks: RatingLevel.allCases.map { SelectOption(value: SiteURL.reviewRated(round.id!, unit: org.id!, level: $0.rawValue).path,
                                                               label: lang.pick($0.label, $0.labelEn), selected: $0 == level) },
            listTitle: level.map { lang.pick($0.label, $0.labelEn) }, list: list.map { .init(name: $0.name, total: DisplayFormat.points($0.total)) },
            xlsxURL: SiteURL.reviewSummaryXLSX(round.id!, unit: org.id!).path, docxURL: SiteURL.reviewDecisionDOCX(round.id!, unit: org.id!).path,
            upURL: up)
        return try await req.page("review-results", title: lang.pick("Kết quả xếp loại", "Ratings") + " · " + org.name, model)
    }

    func summaryXLSX(req: Request) async throws -> Response {
        try await req.reviewDownload("xlsx", unitQuery: "donVi")
    }

    func decisionDOCX(req: Request) async throws -> Response {
        try await req.reviewDownload("docx", unitQuery: "donVi")
    }

}
