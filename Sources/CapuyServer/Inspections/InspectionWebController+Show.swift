import CapuyCore
import Fluent
import Foundation
import Vapor

/// One inspection's page: steps, findings, conclusion, and the discipline
/// that came of it, with its decision and complaints.
extension InspectionWebController {
    struct ShowPage: Encodable {
        struct Decision: Encodable {
            let id: String
            let subject: String
            let form: String
            let status: String
            let proposed: Bool
            let decided: Bool
            let appeals: [String]
            let pendingAppeal: String?
        }
        let title: String
        let kind: String
        let status: String
        let subject: String
        let team: String
        let period: String
        let caseURL: String?
        let steps: [String]
        let findings: String?
        let conclusion: String?
        let open: Bool
        let canConclude: Bool
        let decisions: [Decision]
        let forms: [SelectOption]
        let bodies: [SelectOption]
        let errors: [String]
        let base: String
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, errors: [])
    }

    func renderShow(_ req: Request, errors: [String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let service = try req.inspections
        let i = try await service.find(try req.id())
        let lang = req.language
        var subject = ""
        if let mid = i.subjectMemberId, let m = try await Member.find(mid, on: req.db) {
            subject = m.fullName
        } else if let oid = i.subjectOrganizationId, let o = try await Organization.find(oid, on: req.db) {
            subject = o.name
        }
        let discipline = try req.discipline
        let decisions = try await discipline.decisions(ofInspection: i.id!)
        let appealsOf = try await discipline.appeals(of: decisions.compactMap(\.id))
        var rows: [ShowPage.Decision] = []
        let deciders = Dictionary(uniqueKeysWithValues: try await Organization.many(ids: decisions.compactMap(\.decidingOrganizationId), on: req.db)
            .map { ($0.id!, $0.name) })
        for d in decisions {
            let appeals = appealsOf[d.id!] ?? []
            let state: String = switch d.status {
            case "proposed": lang.pick("Đề nghị", "Proposed")
            case "decided": lang.pick("Đã quyết định", "Decided") + " " + DisplayFormat.date(d.decidedOn)
                + (d.decidingOrganizationId.flatMap { deciders[$0] }.map { " · \($0)" } ?? "")
            default: lang.pick("Đã xóa bỏ", "Annulled")
            }
            rows.append(.init(id: d.id!.uuidString, subject: d.subject == "leadership" ? lang.pick("Tập thể lãnh đạo", "Leadership") + " · " + subject : subject, form: lang.pick(d.sanction.label, d.sanction.labelEn),
                              status: state, proposed: d.status == "proposed", decided: d.status == "decided",
                              appeals: appeals.map { "\(lang.pick("Lần", "Level")) \($0.level) · \(DisplayFormat.date($0.filedOn)) · \(lang.pick($0.state.label, $0.state.labelEn))" },
                              pendingAppeal: appeals.last.flatMap { $0.state == .pending ? $0.id!.uuidString : nil }))
        }
        // The bodies that could decide: the subject's unit and every unit above it in scope.
        let subjectPath = decisions.first?.organizationPath ?? ""
        let bodies = try await Organization.many(paths: Rollups.pathAndAncestors(subjectPath.isEmpty ? i.organizationPath : subjectPath), on: req.db)
            .filter { service.scope.contains(path: $0.path) }.sorted { $0.path > $1.path }
        let model = ShowPage(
            title: i.title, kind: lang.pick(i.kind.label, i.kind.labelEn), status: lang.pick(i.state.label, i.state.labelEn), subject: subject,
            team: i.team ?? "", period: DisplayFormat.date(i.openedOn) + " – " + DisplayFormat.date(i.endsOn),
            caseURL: i.caseId.map { SiteURL.caseShow($0).path },
            steps: try await service.steps(of: i.id!).map { DisplayFormat.date($0.doneOn) + " · " + $0.text },
            findings: i.findings, conclusion: i.conclusion, open: i.state != .concluded, canConclude: i.state == .findings,
            decisions: rows,
            forms: SanctionForm.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: false) },
            bodies: bodies.map { SelectOption(value: $0.id!.uuidString, label: $0.name, selected: false) },
            errors: errors, base: SiteURL.inspection(i.id!).path)
        return try await req.page("inspection", title: i.title, model, status: status)
    }

    /// The inspection's steps: a step, the findings, the conclusion, a proposal.
    func act(req: Request) async throws -> Response {
        let id = try req.id()
        let service = try req.inspections
        let text = TextInput(text: req.field("text") ?? "", on: req.field("on"))
        do {
            switch req.parameters.get("step") ?? "" {
            case "buoc": _ = try await service.addStep(id, text)
            case "ket-qua": _ = try await service.recordFindings(id, text)
            case "ket-luan": _ = try await service.conclude(id, text)
            case "de-nghi":
                let inspection = try await service.find(id)
                _ = try await req.discipline.propose(DisciplineProposalInput(
                    subject: "unit", memberId: nil, organizationId: nil, form: req.field("form") ?? "", offenceOn: req.field("offenceOn") ?? "",
                    reason: req.field("reason") ?? "", selfRemedied: req.field("selfRemedied") == "on").about(inspection), inspection: id)
            default: throw Refusal.notFound
            }
            return req.redirect(to: SiteURL.inspection(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderShow(req, errors: failure.issues.map { req.language.pick($0.message, $0.messageEn) }, status: .unprocessableEntity)
        }
    }

    /// A proposal's decision, a complaint against it, or the complaint's result.
    func discipline(req: Request) async throws -> Response {
        let id = try req.id()
        let decisionId = try req.id("decisionId")
        let service = try req.discipline
        do {
            switch req.parameters.get("step") ?? "" {
            case "quyet-dinh":
                _ = try await service.decide(decisionId, DisciplineDecisionInput(
                    decidingOrganizationId: UUID(uuidString: req.field("decidingOrganizationId") ?? "") ?? UUID(), decidedOn: req.field("decidedOn") ?? "",
                    votesFor: Int(req.field("votesFor") ?? ""), grassrootsAgreed: req.field("grassrootsAgreed") == "on",
                    ratifiedByOrganizationId: UUID(uuidString: req.field("ratifiedByOrganizationId") ?? "")))
            case "khieu-nai":
                _ = try await service.appeal(decisionId, AppealInput(filedOn: req.field("filedOn") ?? "", text: req.field("text") ?? ""))
            case "giai-quyet":
                _ = try await service.settle(UUID(uuidString: req.field("appealId") ?? "") ?? UUID(),
                                             AppealResultInput(status: req.field("status") ?? "", note: req.field("note") ?? "", form: req.field("form")))
            default: throw Refusal.notFound
            }
            return req.redirect(to: SiteURL.inspection(id).path + "?ok=saved")
        } catch let failure as ValidationFailure {
            return try await renderShow(req, errors: failure.issues.map { req.language.pick($0.message, $0.messageEn) }, status: .unprocessableEntity)
        }
    }
}
