import CapuyCore
import Fluent
import Foundation
import Vapor

/// One commitment: its indicators with target, latest value and percent,
/// and the forms of whoever may act on it now.
extension CommitmentWebController {
    struct ShowPage: Encodable {
        struct Entry: Encodable { let day: String; let value: String; let note: String?; let by: String }
        struct Indicator: Encodable {
            let id: String; let name: String; let unit: String; let target: String; let lower: Bool; let due: String
            let latest: String?; let latestOn: String?; let percent: String?
            let history: [Entry]
            let reportValue: String; let reportNote: String; let assessValue: String
        }
        struct Forms: Encodable { let progress: [String]; let assessment: [String]; let reopen: [String] }
        let title: String; let unit: String; let superior: String; let head: String?; let year: Int; let signedOn: String
        let assessed: Bool; let overall: String?; let overallSoFar: String?; let assessedOn: String?; let assessedBy: String?
        let assessmentNote: String?; let reopenReason: String?
        let indicators: [Indicator]
        let canReport: Bool; let canAssess: Bool; let canReopen: Bool
        let today: String
        let v: [String: String]
        let errors: Forms
        let progressURL: String; let assessURL: String; let reopenURL: String; let listURL: String
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, id: try req.id(), values: [:], errors: .init(progress: [], assessment: [], reopen: []))
    }

    private func renderShow(_ req: Request, id: UUID, values: [String: String], errors: ShowPage.Forms,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.commitments
        let lang = req.language
        let record = try await service.record(id)
        let dto = try await service.dto(record)
        let c = record.commitment
        func number(_ x: Double?) -> String? { x.map { DecimalInput.format($0, decimalComma: lang == .vi) } }
        let model = ShowPage(
            title: c.title, unit: dto.organizationName, superior: dto.superiorName, head: dto.headMemberName, year: c.year,
            signedOn: DisplayFormat.date(c.signedOn), assessed: c.isAssessed, overall: DisplayFormat.achieved(c.overallPercent, lang),
            overallSoFar: DisplayFormat.achieved(dto.overallSoFar, lang), assessedOn: c.assessedOn.map { DisplayFormat.date($0) }, assessedBy: c.assessedBy,
            assessmentNote: c.assessmentNote, reopenReason: c.reopenReason,
            indicators: dto.indicators.map { i in
                let key = i.id.uuidString
                return ShowPage.Indicator(
                    id: key, name: i.name, unit: i.unit, target: number(i.target) ?? "", lower: i.direction == IndicatorDirection.lowerIsBetter.rawValue,
                    due: DisplayFormat.date(i.dueOn), latest: number(i.assessedValue ?? i.latestValue),
                    latestOn: i.latestReportedOn.map { DisplayFormat.date($0) }, percent: DisplayFormat.achieved(i.percent ?? i.percentSoFar, lang),
                    history: i.history.map { .init(day: DisplayFormat.date($0.reportedOn), value: number($0.value) ?? "", note: $0.note.isEmpty ? nil : $0.note, by: $0.reportedBy) },
                    reportValue: values["value-" + key] ?? "", reportNote: values["note-" + key] ?? "",
                    assessValue: values["final-" + key] ?? number(i.latestValue) ?? "")
            },
            canReport: !c.isAssessed && service.canReport(c), canAssess: !c.isAssessed && service.canAssess(c),
            canReopen: c.isAssessed && service.canAssess(c), today: service.today.display, v: values, errors: errors,
            progressURL: SiteURL.commitments(.progress(id)).path, assessURL: SiteURL.commitments(.assessment(id)).path,
            reopenURL: SiteURL.commitments(.reopen(id)).path, listURL: SiteURL.commitments(.year(c.year)).path)
        return try await req.page("commitment", title: c.title, model, status: status)
    }

    /// The form's numbers: each indicator's field, blank ones left out; a
    /// value that is not a number is reported with the indicator's name.
    private func values(_ req: Request, prefix: String, of id: UUID) async throws -> [(id: UUID, value: Double, note: String)] {
        let record = try await req.commitments.record(id)
        var parsed: [(id: UUID, value: Double, note: String)] = []
        var c = IssueCollector()
        for i in record.indicators {
            let key = i.id!.uuidString
            let text = req.field(prefix + key) ?? ""
            guard !text.isEmpty else { continue }
            guard let value = DecimalInput.parse(text, decimalComma: req.language == .vi) else {
                c.add(prefix + key, "Kết quả của “\(i.name)” phải là một số.", en: "The value of “\(i.name)” must be a number.")
                continue
            }
            parsed.append((i.id!, value, req.field("note-" + key) ?? ""))
        }
        try c.throwIfAny()
        return parsed
    }

    private func messages(_ failure: ValidationFailure, _ lang: Language) -> [String] {
        failure.issues.map { lang.pick($0.message, $0.messageEn) }
    }

    func progress(req: Request) async throws -> Response {
        let id = try req.id()
        var v = ["reportedOn": req.field("reportedOn") ?? ""]
        do {
            let parsed = try await values(req, prefix: "value-", of: id)
            try await req.commitments.reportProgress(id, CommitmentProgressInput(reportedOn: v["reportedOn"], entries: parsed.map {
                .init(indicatorId: $0.id, value: $0.value, note: $0.note)
            }))
            return req.redirect(to: SiteURL.commitments(.show(id)).path + "?ok=commitment_progress")
        } catch let failure as ValidationFailure {
            for k in ["value-", "note-"] { for (key, value) in req.formFields(prefix: k) { v[key] = value } }
            return try await renderShow(req, id: id, values: v, errors: .init(progress: messages(failure, req.language), assessment: [], reopen: []),
                                        status: .unprocessableEntity)
        }
    }

    func assess(req: Request) async throws -> Response {
        let id = try req.id()
        var v = ["assessedOn": req.field("assessedOn") ?? "", "note": req.field("note") ?? ""]
        do {
            let parsed = try await values(req, prefix: "final-", of: id)
            try await req.commitments.assess(id, AssessmentInput(values: parsed.map { .init(indicatorId: $0.id, value: $0.value) },
                                                                 assessedOn: v["assessedOn"], note: v["note"]))
            return req.redirect(to: SiteURL.commitments(.show(id)).path + "?ok=commitment_assessed")
        } catch let failure as ValidationFailure {
            for (key, value) in req.formFields(prefix: "final-") { v[key] = value }
            return try await renderShow(req, id: id, values: v, errors: .init(progress: [], assessment: messages(failure, req.language), reopen: []),
                                        status: .unprocessableEntity)
        }
    }

    func reopen(req: Request) async throws -> Response {
        let id = try req.id()
        do {
            try await req.commitments.reopen(id, ReopenInput(reason: req.field("reason") ?? ""))
            return req.redirect(to: SiteURL.commitments(.show(id)).path + "?ok=commitment_reopened")
        } catch let failure as ValidationFailure {
            return try await renderShow(req, id: id, values: ["reason": req.field("reason") ?? ""],
                                        errors: .init(progress: [], assessment: [], reopen: messages(failure, req.language)),
                                        status: .unprocessableEntity)
        }
    }
}

extension Request {
    /// The posted form fields whose names start with `prefix`.
    func formFields(prefix: String) -> [String: String] {
        guard let all = try? content.decode([String: String].self) else { return [:] }
        return all.filter { $0.key.hasPrefix(prefix) }
    }
}
