import CapuyCore
import Foundation
import Vapor

/// Tasks of documents, the recipients' inbox and reports, roll-ups, notices.
struct TaskAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let docs = routes.grouped("documents", ":id")
        docs.get("tasks", use: documentTasks)
        docs.post("tasks", use: assignFromDocument)
        docs.get("rollup", use: rollup)
        docs.get("rollup.xlsx", use: rollupXLSX)
        routes.post("tasks", ":id", "deadline", use: setDeadline)
        let assignments = routes.grouped("assignments")
        assignments.get(use: inbox)
        assignments.get(":id", use: showAssignment)
        assignments.post(":id", "acknowledge", use: acknowledge)
        assignments.post(":id", "progress", use: progress)
        assignments.get(":id", "reports", use: reports)
        routes.get("notices", use: notices)
        routes.post("notices", ":id", "read", use: markRead)
    }

    func documentTasks(req: Request) async throws -> [TaskDTO] {
        let doc = try await req.documents.find(try req.id(), in: try req.principal.scope(.viewDocuments))
        return try await req.tasks.tasks(of: .document(doc.id!)).map(TaskDTO.init)
    }

    func assignFromDocument(req: Request) async throws -> Response {
        let p = try req.principal
        let task = try await req.tasks.assign(.document(try req.id()), try req.input(TaskInput.self),
                                              view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments))
        return try await TaskDTO(task).encodeResponse(status: .created, for: req)
    }

    func setDeadline(req: Request) async throws -> TaskDTO {
        let p = try req.principal
        return TaskDTO(try await req.tasks.setDeadline(try req.id(), try req.input(DeadlineInput.self),
                                                       view: p.scope(.viewDocuments), manage: p.scope(.manageDocuments)))
    }

    struct RollupQuery: Content {
        var under: UUID?
        var cascade: Bool?
    }

    /// The roll-up of a document, or of its whole cascade, drilled into a unit.
    func rollup(req: Request) async throws -> RollupDTO {
        let q = try req.query.decode(RollupQuery.self)
        let view = try req.principal.scope(.viewDocuments)
        let doc = try await req.documents.find(try req.id(), in: view)
        return try await TaskRollup(db: req.db, today: req.capuy.today())
            .document(doc, under: q.under, cascade: q.cascade ?? false, view: view, organizations: req.organizations).rollup
    }

    func rollupXLSX(req: Request) async throws -> Response {
        let q = try req.query.decode(RollupQuery.self)
        let view = try req.principal.scope(.viewDocuments)
        let doc = try await req.documents.find(try req.id(), in: view)
        return try await DocumentExports.rollupResponse(req, doc: doc, under: q.under, cascade: q.cascade ?? false, view: view)
    }

    struct InboxQuery: Content {
        var organizationId: UUID?
        var open: Bool?
    }

    func inbox(req: Request) async throws -> [AssignmentDTO] {
        let q = try req.query.decode(InboxQuery.self)
        let today = req.capuy.today()
        return try await req.tasks.inbox(in: try req.principal.scope(.viewDocuments), organizationId: q.organizationId,
                                         openOnly: q.open ?? true).map { AssignmentDTO($0, today: today) }
    }

    func showAssignment(req: Request) async throws -> AssignmentDTO {
        AssignmentDTO(try await req.tasks.findAssignment(try req.id(), in: try req.principal.scope(.viewDocuments)), today: req.capuy.today())
    }

    func acknowledge(req: Request) async throws -> AssignmentDTO {
        AssignmentDTO(try await req.tasks.acknowledge(try req.id(), report: try req.principal.scope(.reportTasks)), today: req.capuy.today())
    }

    func progress(req: Request) async throws -> AssignmentDTO {
        let p = try req.principal
        let a = try await req.tasks.report(try req.id(), try req.input(ProgressInput.self), view: p.scope(.viewDocuments),
                                           report: p.scope(.reportTasks))
        return AssignmentDTO(a, today: req.capuy.today())
    }

    struct ReportDTO: Content {
        let percent: Int
        let note: String
        let actorName: String
        let at: Date?
    }

    func reports(req: Request) async throws -> [ReportDTO] {
        try await req.tasks.reports(of: try req.id(), in: try req.principal.scope(.viewDocuments))
            .map { ReportDTO(percent: $0.percent, note: $0.note, actorName: $0.actorName, at: $0.createdAt) }
    }

    func notices(req: Request) async throws -> [NoticeDTO] {
        try await NoticeService(db: req.db, actor: req.actor).list(in: try req.principal.scope(.viewDocuments)).map(NoticeDTO.init)
    }

    func markRead(req: Request) async throws -> NoticeDTO {
        NoticeDTO(try await NoticeService(db: req.db, actor: req.actor).markRead(try req.id(), in: try req.principal.scope(.reportTasks)))
    }
}
