import CapuyCore
import Vapor

/// Reorganization plans in the API (issue 15): the same checks, preview and
/// apply as the page and `capuy reorganize`, with the rows as JSON.
struct ReorganizationAPIController: RouteCollection {
    /// A national plan is some 14,000 rows.
    static let maxBody: ByteCount = "32mb"

    func boot(routes: any RoutesBuilder) throws {
        let plans = routes.grouped("reorganizations")
        plans.get(use: list)
        plans.on(.POST, body: .collect(maxSize: Self.maxBody), use: submit)
        plans.get(":id", use: show)
        plans.post(":id", "cancel", use: cancel)
    }

    func submit(req: Request) async throws -> ReorganizationResultDTO {
        let manage = try req.principal.scope(.manageOrganizations)
        guard !manage.isEmpty else { throw Refusal.forbidden }
        let input = try req.input(ReorganizationInput.self)
        let (rows, issues) = input.planRows()
        let plan = ReorganizationService.Submission(title: input.title ?? "", effectiveOn: input.effectiveOn, rows: rows, shapeIssues: issues)
        return try await req.reorganizations.submit(plan, dryRun: input.dryRun ?? false, manage: manage)
    }

    func list(req: Request) async throws -> [ReorganizationPlanDTO] {
        try await req.reorganizations.list(in: try req.principal.scope(.viewOrganizations)).map(ReorganizationPlanDTO.init)
    }

    struct Detail: Content {
        var plan: ReorganizationPlanDTO
        var rows: [PlanRow]
    }

    func show(req: Request) async throws -> Detail {
        let plan = try await req.reorganizations.find(try req.id(), in: try req.principal.scope(.viewOrganizations))
        return Detail(plan: ReorganizationPlanDTO(plan), rows: plan.rows)
    }

    struct CancelInput: Content { var reason: String? }

    func cancel(req: Request) async throws -> ReorganizationPlanDTO {
        let p = try req.principal
        let input = try req.input(CancelInput.self)
        return ReorganizationPlanDTO(try await req.reorganizations.cancel(try req.id(), reason: input.reason,
                                                                          view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations)))
    }
}

extension ReorganizationPlanRecord {
    var rows: [PlanRow] { (try? JSONDecoder().decode([PlanRow].self, from: Data(rowsJSON.utf8))) ?? [] }
}

extension Request {
    var reorganizations: ReorganizationService {
        ReorganizationService(db: db, actor: actor, today: capuy.today(), now: capuy.now())
    }
}
