import CapuyCore
import Foundation
import Vapor

/// The organization board's page for reorganization plans (issue 15): upload
/// a CSV or XLSX, read every problem or the preview, apply; stored plans
/// with their state, and a pending one cancelled before its date.
struct ReorganizationWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("to-chuc-lai", use: index)
        routes.get("to-chuc-lai", "mau.csv", use: template)
        routes.on(.POST, "to-chuc-lai", "xem-truoc", body: .collect(maxSize: ReorganizationAPIController.maxBody), use: preview)
        routes.on(.POST, "to-chuc-lai", "ap-dung", body: .collect(maxSize: ReorganizationAPIController.maxBody), use: apply)
        routes.get("to-chuc-lai", ":id", use: show)
        routes.post("to-chuc-lai", ":id", "huy", use: cancel)
    }

    func index(req: Request) async throws -> Response {
        try await renderIndex(req, errors: [], status: .ok)
    }

    private func renderIndex(_ req: Request, errors: [String], status: HTTPResponseStatus) async throws -> Response {
        let p = try req.principal
        let plans = try await req.reorganizations.list(in: p.scope(.viewOrganizations))
        let lang = req.language
        let model = ReorganizationIndexPage(
            canPlan: p.may(.manageOrganizations), previewURL: SiteURL.reorganizationPreview.path, templateURL: SiteURL.reorganizationTemplate.path,
            effectiveOn: req.field("effectiveOn") ?? "", title: req.field("title") ?? "", errors: errors,
            plans: plans.map { .init($0, lang) }, words: .init(lang))
        return try await req.page("reorganizations", title: lang.pick("Tổ chức lại theo kế hoạch", "Reorganization plans"), model, status: status)
    }

    func template(req: Request) async throws -> Response {
        DownloadResponse.file(Data(("\u{FEFF}" + PlanFile.templateCSV).utf8), name: "ke-hoach-to-chuc-lai.csv", type: "text/csv; charset=utf-8")
    }

    struct Upload: Content {
        var file: File?
        var effectiveOn: String?
        var title: String?
    }

    /// Checks the uploaded plan and shows the preview, or every problem.
    func preview(req: Request) async throws -> Response {
        let manage = try req.principal.scope(.manageOrganizations)
        guard !manage.isEmpty else { throw Refusal.forbidden }
        let lang = req.language
        guard let upload = try? req.content.decode(Upload.self), let file = upload.file, file.data.readableBytes > 0 else {
            return try await renderIndex(req, errors: [lang.pick("Chọn tệp kế hoạch (CSV hoặc XLSX).", "Choose the plan file (CSV or XLSX).")],
                                         status: .unprocessableEntity)
        }
        let parsed: PlanFile.Parsed
        do { parsed = try PlanFile.read(Data(buffer: file.data)) } catch let problem as MemberImport.FileProblem {
            return try await renderIndex(req, errors: [problem.description], status: .unprocessableEntity)
        }
        let plan = ReorganizationService.Submission(title: upload.title ?? parsed.title ?? "", effectiveOn: upload.effectiveOn ?? parsed.effectiveOn ?? "",
                                                    rows: parsed.rows, shapeIssues: parsed.issues)
        do {
            let result = try await req.reorganizations.submit(plan, dryRun: true, manage: manage)
            let rowsJSON = String(decoding: try JSONEncoder().encode(parsed.rows), as: UTF8.self)
            let model = ReorganizationPreviewPage(result.preview, lang, applyURL: SiteURL.reorganizationApply.path, rowsJSON: rowsJSON,
                                                  effectiveOn: plan.effectiveOn, title: plan.title, fileName: file.filename,
                                                  pending: (LocalDate(parsing: plan.effectiveOn) ?? req.capuy.today()) > req.capuy.today())
            return try await req.page("reorganization-preview", title: lang.pick("Xem trước kế hoạch tổ chức lại", "Plan preview"), model)
        } catch let failure as ValidationFailure {
            return try await renderIndex(req, errors: failure.issues.map { lang.pick($0.message, $0.messageEn) }, status: .unprocessableEntity)
        }
    }

    /// Applies (or stores as pending) the plan the preview showed; it is
    /// checked again, inside the apply's own transaction.
    func apply(req: Request) async throws -> Response {
        let manage = try req.principal.scope(.manageOrganizations)
        guard !manage.isEmpty else { throw Refusal.forbidden }
        let lang = req.language
        guard let rows = req.field("rows").flatMap({ try? JSONDecoder().decode([PlanRow].self, from: Data($0.utf8)) }) else {
            return try await renderIndex(req, errors: [lang.pick("Không đọc được kế hoạch; hãy tải tệp lên lại.", "The plan could not be read; upload it again.")],
                                         status: .unprocessableEntity)
        }
        let plan = ReorganizationService.Submission(title: req.field("title") ?? "", effectiveOn: req.field("effectiveOn") ?? "",
                                                    rows: rows, shapeIssues: rows.flatMap(PlanTable.shapeIssues))
        do {
            let result = try await req.reorganizations.submit(plan, dryRun: false, manage: manage)
            guard let id = result.planId else { return req.redirect(to: SiteURL.reorganizations.path) }
            return req.redirect(to: SiteURL.reorganization(id).path + "?ok=" + (result.status == "pending" ? "plan_pending" : "plan_applied"))
        } catch let failure as ValidationFailure {
            return try await renderIndex(req, errors: failure.issues.map { lang.pick($0.message, $0.messageEn) }, status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let p = try req.principal
        let plan = try await req.reorganizations.find(try req.id(), in: p.scope(.viewOrganizations))
        let lang = req.language
        let model = ReorganizationPlanPage(plan, lang, cancelURL: plan.status == .pending && p.may(.manageOrganizations)
                                            ? SiteURL.reorganizationCancel(plan.id!).path : nil, backURL: SiteURL.reorganizations.path)
        return try await req.page("reorganization", title: plan.title, model)
    }

    func cancel(req: Request) async throws -> Response {
        let p = try req.principal
        let id = try req.id()
        _ = try await req.reorganizations.cancel(id, reason: req.field("reason"), view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations))
        return req.redirect(to: SiteURL.reorganization(id).path + "?ok=plan_cancelled")
    }
}
