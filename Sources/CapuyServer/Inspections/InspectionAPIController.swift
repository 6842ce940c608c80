import CapuyCore
import Fluent
import Foundation
import Vapor

extension Request {
    var inspections: InspectionService {
        get throws { InspectionService(db: db, actor: actor, today: capuy.today(), scope: try principal.scope(.inspect), now: capuy.now()) }
    }

    var discipline: DisciplineService {
        get throws { DisciplineService(db: db, actor: actor, today: capuy.today(), scope: try principal.scope(.inspect)) }
    }
}

/// `/api/v1/inspection-programs`, `/api/v1/inspections`, `/api/v1/discipline`:
/// the inspection committee's work, visible to inspection roles only.
struct InspectionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("inspection-programs", use: programs)
        routes.post("inspection-programs", use: createProgram)
        let i = routes.grouped("inspections")
        i.get(use: list)
        i.post(use: create)
        i.get("statistics", use: statistics)
        i.get(":id", use: show)
        i.post(":id", "steps", use: step)
        i.post(":id", "findings", use: findings)
        i.post(":id", "conclusion", use: conclude)
        i.post(":id", "discipline", use: propose)
        let d = routes.grouped("discipline")
        d.get(use: decisions)
        d.post(use: proposeAlone)
        d.post(":id", "decision", use: decide)
        d.post(":id", "appeals", use: appeal)
        routes.post("discipline-appeals", ":id", "result", use: settle)
    }

    func programs(req: Request) async throws -> [InspectionProgramDTO] {
        try await req.inspections.programs().map(InspectionProgramDTO.init)
    }

    func createProgram(req: Request) async throws -> Response {
        try await InspectionProgramDTO(try await req.inspections.createProgram(try req.input(InspectionProgramInput.self)))
            .encodeResponse(status: .created, for: req)
    }

    func list(req: Request) async throws -> [InspectionFullDTO] {
        try await req.inspections.list().map { InspectionFullDTO($0) }
    }

    func create(req: Request) async throws -> Response {
        try await InspectionFullDTO(try await req.inspections.create(try req.input(InspectionCreateInput.self))).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> InspectionFullDTO {
        let service = try req.inspections
        let i = try await service.find(try req.id())
        return InspectionFullDTO(i, steps: try await service.steps(of: i.id!))
    }

    func step(req: Request) async throws -> InspectionFullDTO {
        InspectionFullDTO(try await req.inspections.addStep(try req.id(), try req.input(TextInput.self)))
    }

    func findings(req: Request) async throws -> InspectionFullDTO {
        InspectionFullDTO(try await req.inspections.recordFindings(try req.id(), try req.input(TextInput.self)))
    }

    func conclude(req: Request) async throws -> InspectionFullDTO {
        InspectionFullDTO(try await req.inspections.conclude(try req.id(), try req.input(TextInput.self)))
    }

    func propose(req: Request) async throws -> Response {
        let inspection = try await req.inspections.find(try req.id())
        let d = try await req.discipline.propose(try req.input(DisciplineProposalInput.self).about(inspection), inspection: inspection.id)
        return try await DisciplineDecisionDTO(d).encodeResponse(status: .created, for: req)
    }

    func proposeAlone(req: Request) async throws -> Response {
        try await DisciplineDecisionDTO(try await req.discipline.propose(try req.input(DisciplineProposalInput.self), inspection: nil))
            .encodeResponse(status: .created, for: req)
    }

    func decisions(req: Request) async throws -> [DisciplineDecisionDTO] {
        try await req.discipline.list().map(DisciplineDecisionDTO.init)
    }

    func decide(req: Request) async throws -> DisciplineDecisionDTO {
        DisciplineDecisionDTO(try await req.discipline.decide(try req.id(), try req.input(DisciplineDecisionInput.self)))
    }

    func appeal(req: Request) async throws -> Response {
        try await DisciplineAppealDTO(try await req.discipline.appeal(try req.id(), try req.input(AppealInput.self))).encodeResponse(status: .created, for: req)
    }

    func settle(req: Request) async throws -> DisciplineAppealDTO {
        DisciplineAppealDTO(try await req.discipline.settle(try req.id(), try req.input(AppealResultInput.self)))
    }

    func statistics(req: Request) async throws -> InspectionStatistics {
        try await InspectionStatistics.make(year: try QueryYear.check(req.query.get(Int?.self, at: "year")) ?? req.capuy.today().year, scope: try req.principal.scope(.inspect), on: req.db)
    }
}
