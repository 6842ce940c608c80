import CapuyCore
import Foundation
import Vapor

/// Terms, term dashboards and work programs.
struct TermAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("terms", use: terms)
        routes.post("terms", use: createTerm)
        routes.get("terms", ":id", "dashboard", use: dashboard)
        let programs = routes.grouped("work-programs")
        programs.get(use: listPrograms)
        programs.post(use: createProgram)
        programs.get(":id", use: showProgram)
        programs.get(":id", "tasks", use: programTasks)
        programs.post(":id", "tasks", use: assignFromProgram)
        programs.get(":id", "rollup", use: programRollup)
    }

    struct OrgQuery: Content {
        var organizationId: UUID?
    }

    func terms(req: Request) async throws -> [TermDTO] {
        guard let org = try req.query.decode(OrgQuery.self).organizationId else {
            throw ValidationFailure(field: "organizationId", "Cần chọn đơn vị.", en: "Choose a unit.")
        }
        return try await req.terms.list(organizationId: org, in: try req.principal.scope(.viewDocuments)).map(TermDTO.init)
    }

    func createTerm(req: Request) async throws -> Response {
        let t = try await req.terms.create(try req.input(TermInput.self), manage: try req.principal.scope(.manageDocuments))
        return try await TermDTO(t).encodeResponse(status: .created, for: req)
    }

    func dashboard(req: Request) async throws -> TermDashboardDTO {
        let term = try await req.terms.find(try req.id(), in: try req.principal.scope(.viewDocuments))
        return try await TermDashboard(db: req.db, today: req.capuy.today()).build(term: term)
    }

    func listPrograms(req: Request) async throws -> [WorkProgramDTO] {
        let q = try req.query.decode(OrgQuery.self)
        return try await req.programs.list(organizationId: q.organizationId, in: try req.principal.scope(.viewDocuments)).map(WorkProgramDTO.init)
    }

    func createProgram(req: Request) async throws -> Response {
        let p = try await req.programs.create(try req.input(WorkProgramInput.self), manage: try req.principal.scope(.manageDocuments))
        return try await WorkProgramDTO(p).encodeResponse(status: .created, for: req)
    }

    func showProgram(req: Request) async throws -> WorkProgramDTO {
        WorkProgramDTO(try await req.programs.find(try req.id(), in: try req.principal.scope(.viewDocuments)))
    }

    func programTasks(req: Request) async throws -> [TaskDTO] {
        let program = try await req.programs.find(try req.id(), in: try req.principal.scope(.viewDocuments))
        return try await req.tasks.tasks(of: .program(program.id!)).map(TaskDTO.init)
    }

    func assignFromProgram(req: Request) async throws -> Response {
        let p = try req.principal
        let task = try await req.tasks.assign(.program(try req.id()), try req.input(TaskInput.self),
                                              view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
        return try await TaskDTO(task).encodeResponse(status: .created, for: req)
    }

    func programRollup(req: Request) async throws -> RollupDTO {
        let view = try req.principal.scope(.viewDocuments)
        let program = try await req.programs.find(try req.id(), in: view)
        guard let org = try await Organization.find(program.$organization.id, on: req.db) else { throw Refusal.notFound }
        return try await TaskRollup(db: req.db, today: req.capuy.today()).rollup(.program(program.id!), under: org)
    }
}
