import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The member path in pages: the self-assessment form, and the unit's table
/// where the cell proposes and the committee decides, all rows in one post.
extension ReviewWebController {
    struct SelfPage: Encodable {
        struct Line: Encodable { let code: String; let title: String; let max: String; let maxValue: Double; let value: String; let error: String? }
        struct Section: Encodable { let title: String; let max: String; let lines: [Line] }
        let roundTitle: String
        let roundURL: String
        let memberName: String
        let forms: [SelectOption]
        let sections: [Section]
        let levels: [SelectOption]
        let disciplined: Bool
        let pledge: String?
        let pledgeURL: String
        let stage: String?
        let editable: Bool
        let v: [String: String]
        let errors: FormErrors
        let action: String
    }

    func selfForm(req: Request) async throws -> Response {
        try await renderSelf(req, values: [:], errors: [:])
    }

    private func renderSelf(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let round = try await req.reviewRound()
        let memberId = try req.id("memberId")
        let service = try req.memberReviews(round)
        let ctx = try await service.context(for: memberId)
        let lang = req.language
        let chosen = ReviewForm(rawValue: values["form"] ?? req.query[String.self, at: "mau"] ?? "") ?? ReviewForm(rawValue: ctx.form) ?? .staff
        let sheet = service.policy.sheet(chosen) ?? ctx.sheet
        let saved = ctx.review?.selfScores ?? [:]
        var v = values
        if values.isEmpty, let r = ctx.review {
            v = ["note": r.selfNote, "tasks": String(r.tasks), "tasksOnTime": String(r.tasksOnTime), "tasksBeyond": String(r.tasksBeyond)]
        }
        let model = SelfPage(
            roundTitle: round.title, roundURL: SiteURL.reviewRound(round.id!).path, memberName: ctx.memberName,
            forms: ReviewForm.individual.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == chosen) },
            sections: sheet.sections.map { s in
                SelfPage.Section(title: s.title, max: DisplayFormat.points(s.maxPoints), lines: s.criteria.map { c in
                    SelfPage.Line(code: c.code, title: c.title, max: DisplayFormat.points(c.maxPoints), maxValue: c.maxPoints,
                                  value: values["score_\(c.code)"] ?? saved[c.code].map { String($0) } ?? "", error: errors["scores.\(c.code)"])
                })
            },
            levels: Self.levelOptions(lang, selected: values["level"] ?? ctx.review?.selfLevel, blank: true),
            disciplined: ctx.disciplined,
            pledge: ctx.pledge.map { p in
                lang.pick("Chương trình hành động: \(p.done)/\(p.items) việc hoàn thành (\(Int(p.percent.rounded()))%)",
                          "Action programme: \(p.done) of \(p.items) items done (\(Int(p.percent.rounded()))%)")
                    + (p.breachedPledges.isEmpty ? "" : lang.pick(" · Chưa giữ cam kết: ", " · Pledges not kept: ") + p.breachedPledges.joined(separator: "; "))
            },
            pledgeURL: SiteURL.commitments(.pledge(member: memberId, year: round.year)).path,
            stage: ctx.review.flatMap { ReviewStage(rawValue: $0.stage) }.map { lang.pick($0.label, $0.labelEn) },
            editable: round.isOpen && ReviewWorkflow.allows(.selfAssess, from: ctx.review.flatMap { ReviewStage(rawValue: $0.stage) }),
            v: v, errors: errors, action: SiteURL.reviewSelf(round.id!, member: memberId).path)
        return try await req.page("review-self", title: lang.pick("Tự đánh giá", "Self-assessment") + " · " + ctx.memberName, model, status: status)
    }

    func selfSubmit(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let memberId = try req.id("memberId")
        let form = ReviewForm(rawValue: req.field("form") ?? "") ?? .staff
        var values: [String: String] = [:]
        for f in ["form", "level", "note", "tasks", "tasksOnTime", "tasksBeyond"] { values[f] = req.field(f) ?? "" }
        let service = try req.memberReviews(round)
        let (scores, bad) = Self.postedScores(req, sheet: service.policy.sheet(form) ?? ReviewPolicy.standard.sheet(.staff)!, into: &values)
        do {
            try bad.throwIfAny()
            _ = try await service.selfAssess(memberId, SelfAssessmentInput(
                form: form.rawValue, scores: scores, note: values["note"], tasks: Int(values["tasks"] ?? "") ?? 0,
                tasksOnTime: Int(values["tasksOnTime"] ?? "") ?? 0, tasksBeyond: Int(values["tasksBeyond"] ?? "") ?? 0, level: values["level"] ?? ""))
            return req.redirect(to: SiteURL.reviewSelf(round.id!, member: memberId).path + "?ok=review_saved")
        } catch let failure as ValidationFailure {
            return try await renderSelf(req, values: values, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    // MARK: the unit's table

    struct UnitPage: Encodable {
        struct Row: Encodable {
            let id: String
            let name: String
            let selfURL: String
            let form: String
            let selfTotal: String
            let selfLevel: String
            let stage: String
            let unitLevel: String
            let votes: String
            let decided: String
            let bars: String
            let cellLevels: [SelectOption]?
            let decideLevels: [SelectOption]?
        }
        let roundTitle: String
        let roundURL: String
        let unitName: String
        let rows: [Row]
        let canCell: Bool
        let canDecide: Bool
        let quota: QuotaStatusDTO?
        let cellAction: String
        let decideAction: String
        let errors: [String]
    }

    func unitTable(req: Request) async throws -> Response {
        try await renderUnit(req, errors: [])
    }

    private func renderUnit(_ req: Request, errors: [String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let round = try await req.reviewRound()
        let lang = req.language
        let principal = try req.principal
        guard let org = try await Organization.find(try req.id("unitId"), on: req.db),
              round.covers(org.path),
              principal.scope(.reviewUnits).contains(path: org.path) || principal.scope(.manageReviews).contains(path: org.path) else {
            throw Refusal.notFound
        }
        struct M: Decodable { let id: UUID; let full_name: String }
        let members = try await req.db.sql.select().columns("id", "full_name").from(Member.schema)
            .where("organization_id", .equal, org.id!).orderBy("sort_key").limit(1000).all(decoding: M.self)
        let service = try req.memberReviews(round)
        let reviews = try await service.loadReviews(members.map(\.id))
        let grassroots = try await ReviewFacts.grassroots(of: org, on: req.db)
        let canCell = round.isOpen && principal.scope(.reviewUnits).contains(path: org.path)
        let canDecide = round.isOpen && principal.scope(.manageReviews).contains(path: grassroots.path)
        let rows = members.map { m -> UnitPage.Row in
            let r = reviews[m.id]
            let stage = r?.stage
            return UnitPage.Row(
                id: m.id.uuidString, name: m.full_name, selfURL: SiteURL.reviewSelf(round.id!, member: m.id).path,
                form: r?.formRaw ?? "", selfTotal: r.map { DisplayFormat.points($0.selfTotal) } ?? "",
                selfLevel: Self.levelLabel(r?.selfLevel, lang),
                stage: stage.map { lang.pick($0.label, $0.labelEn) } ?? lang.pick("Chưa tự đánh giá", "Not self-assessed"),
                unitLevel: Self.levelLabel(r?.unitLevel, lang),
                votes: r?.votesPresent.map { "\(r?.votesAgree ?? 0)/\($0)" } ?? "",
                decided: Self.levelLabel(r?.decidedLevel, lang),
                bars: StoredBars.decode(r?.bars).map { lang.pick($0.message, $0.messageEn) }.joined(separator: "; "),
                cellLevels: canCell && ReviewWorkflow.allows(.unitReview, from: stage) ? Self.levelOptions(lang, selected: r?.unitLevel ?? r?.selfLevel, blank: true) : nil,
                decideLevels: canDecide && ReviewWorkflow.allows(.decide, from: stage) ? Self.levelOptions(lang, selected: r?.decidedLevel ?? r?.unitLevel, blank: true) : nil)
        }
        let model = UnitPage(roundTitle: round.title, roundURL: SiteURL.reviewRound(round.id!).path, unitName: org.name, rows: rows,
                             canCell: rows.contains { $0.cellLevels != nil }, canDecide: rows.contains { $0.decideLevels != nil },
                             quota: try await service.quotaStatus(of: grassroots),
                             cellAction: SiteURL.reviewCell(round.id!, unit: org.id!).path,
                             decideAction: SiteURL.reviewDecide(round.id!, unit: org.id!).path, errors: errors)
        return try await req.page("review-unit", title: org.name + " · " + round.title, model, status: status)
    }

    /// Rows of the posted table that carry a level, by member id.
    private func postedRows(_ req: Request) -> [(UUID, String)] {
        guard let body = req.body.string else { return [] }
        return body.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            guard parts.count == 2, parts[0].hasPrefix("level_"), !parts[1].isEmpty,
                  let id = UUID(uuidString: String(parts[0].dropFirst(6))) else { return nil }
            return (id, parts[1])
        }
    }

    private func messages(_ failure: ValidationFailure, _ lang: Language) -> [String] {
        failure.issues.map { lang.pick($0.message, $0.messageEn) }
    }

    func cellSubmit(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let present = Int(req.field("present") ?? "") ?? 0
        let entries = postedRows(req).map { id, level in
            CellReviewInput.Entry(memberId: id, level: level, total: nil, discussion: req.field("discussion_\(id)"),
                                  present: present, agree: Int(req.field("agree_\(id)") ?? "") ?? present)
        }
        do {
            _ = try await req.memberReviews(round).cellReview(CellReviewInput(entries: entries))
            return req.redirect(to: SiteURL.reviewUnit(round.id!, unit: try req.id("unitId")).path + "?ok=review_saved")
        } catch let failure as ValidationFailure {
            return try await renderUnit(req, errors: messages(failure, req.language), status: .unprocessableEntity)
        }
    }

    func decideSubmit(req: Request) async throws -> Response {
        let round = try await req.reviewRound()
        let decisions = postedRows(req).map { id, level in
            DecisionInput.Entry(memberId: id, level: level, note: req.field("note_\(id)"),
                                degradation: req.field("degradation_\(id)") == "on", exampleBreach: req.field("example_\(id)") == "on")
        }
        do {
            _ = try await req.memberReviews(round).decide(DecisionInput(decisions: decisions))
            return req.redirect(to: SiteURL.reviewUnit(round.id!, unit: try req.id("unitId")).path + "?ok=review_decided")
        } catch let failure as ValidationFailure {
            return try await renderUnit(req, errors: messages(failure, req.language), status: .unprocessableEntity)
        }
    }

    /// The scores typed in a form, the way offices write them ("7,5"); a
    /// non-number is an error on its criterion, an empty box a missing score.
    static func postedScores(_ req: Request, sheet: CriteriaSheet, into values: inout [String: String]) -> ([String: Double], IssueCollector) {
        var scores: [String: Double] = [:]
        var bad = IssueCollector()
        for c in sheet.criteria {
            let raw = req.field("score_\(c.code)") ?? ""
            values["score_\(c.code)"] = raw
            if let n = DecimalInput.parse(raw) { scores[c.code] = n } else if !raw.isEmpty {
                bad.add("scores.\(c.code)", "Điểm phải là một số.", en: "A score is a number.")
            }
        }
        return (scores, bad)
    }
}
