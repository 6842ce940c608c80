import CapuyCore
import Fluent
import Foundation
import Vapor

/// The observer's evaluation form for one cell, made for a phone at the meeting.
extension SurveyWebController {
    struct FormPage: Encodable {
        struct Line: Encodable { let code: String; let title: String; let max: String; let maxValue: Double; let value: String; let error: String? }
        let roundTitle: String
        let roundURL: String
        let cellName: String
        let lines: [Line]
        let current: String?
        let v: [String: String]
        let errors: FormErrors
        let action: String
        let editable: Bool
    }

    func form(req: Request) async throws -> Response {
        try await renderForm(req, values: [:], errors: [:])
    }

    private func renderForm(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let round = try await req.surveyRound()
        let lang = req.language
        let cellId = try req.id("cellId")
        let service = try req.surveyEvaluations(round)
        let principal = try req.principal
        // The form is the assigned observer's; anyone else is told plainly, not shown an empty form.
        let assigned = try await SurveyObserver.query(on: req.db).filter(\.$roundId == round.id!).filter(\.$organizationId == cellId)
            .filter(\.$userId == principal.userId).first()
        guard assigned != nil else { throw SurveyMessages.unassigned }
        guard let cell = try await Organization.find(cellId, on: req.db) else { throw Refusal.notFound }
        let saved = try await service.evaluation(of: cellId)
        let scores = saved?.scores ?? [:]
        let model = FormPage(
            roundTitle: round.title, roundURL: SiteURL.surveys(.show(round.id!)).path, cellName: cell.name,
            lines: round.form.criteria.map { c in
                .init(code: c.code, title: lang.pick(c.title, c.titleEn), max: DisplayFormat.points(c.maxPoints), maxValue: c.maxPoints,
                      value: values["score_\(c.code)"] ?? scores[c.code].map(DisplayFormat.points) ?? "", error: errors["scores.\(c.code)"])
            },
            current: saved.map { s in
                (SurveyLevel(rawValue: s.level).map { lang.pick($0.label, $0.labelEn) } ?? s.level) + " – " + DisplayFormat.points(s.total)
            },
            v: values.isEmpty ? ["observedOn": saved.map { DisplayFormat.date($0.observedOn) } ?? req.capuy.today().display,
                                 "meetingId": saved?.meetingId?.uuidString ?? "",
                                 "goodPractices": saved?.goodPractices ?? "", "weaknesses": saved?.weaknesses ?? ""] : values,
            errors: errors, action: SiteURL.surveys(.evaluate(round.id!, cell: cellId)).path, editable: round.isOpen)
        return try await req.page("survey-form", title: cell.name + " · " + round.title, model, status: status)
    }

    func submit(req: Request) async throws -> Response {
        let round = try await req.surveyRound()
        let cellId = try req.id("cellId")
        var values: [String: String] = [:]
        for f in ["observedOn", "meetingId", "goodPractices", "weaknesses"] { values[f] = req.field(f) ?? "" }
        var scores: [String: Double] = [:]
        var c = IssueCollector()
        for criterion in round.form.criteria {
            let raw = (req.field("score_\(criterion.code)") ?? "").replacingOccurrences(of: ",", with: ".")
            values["score_\(criterion.code)"] = raw
            if raw.isEmpty { continue }
            if let n = Double(raw) { scores[criterion.code] = n } else {
                c.add("scores.\(criterion.code)", "Điểm phải là một số.", en: "Points are a number.")
            }
        }
        let meetingRaw = values["meetingId"] ?? ""
        let meetingId = UUID(uuidString: meetingRaw)
        if !meetingRaw.isEmpty, meetingId == nil { c.add("meetingId", "Mã cuộc họp không hợp lệ.", en: "Invalid meeting id.") }
        do {
            try c.throwIfAny()
            _ = try await req.surveyEvaluations(round).evaluate(SurveyEvaluationInput(
                organizationId: cellId, meetingId: meetingId, observedOn: values["observedOn"] ?? "", scores: scores,
                goodPractices: values["goodPractices"], weaknesses: values["weaknesses"]))
            return req.redirect(to: SiteURL.surveys(.evaluate(round.id!, cell: cellId)).path + "?ok=survey_saved")
        } catch let failure as ValidationFailure {
            return try await renderForm(req, values: values, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }
}
