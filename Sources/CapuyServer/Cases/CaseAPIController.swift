import CapuyCore
import Fluent
import Foundation
import Vapor

extension Request {
    /// Cases as the signed-in user may see and handle them.
    var cases: CaseService {
        get throws {
            let p = try principal
            return CaseService(db: db, actor: actor, context: capuy, scope: p.scope(.handleCases), memberId: p.memberId,
                               readScope: p.readScope(.handleCases))
        }
    }

    var caseIntake: CaseIntake { CaseIntake(db: db, actor: actor, context: capuy) }
    var casePortal: CasePortal { CasePortal(db: db, context: capuy) }

    func caseDTO(_ c: CitizenCase) -> CaseDTO {
        CaseDTO(c, today: capuy.today(), longRunningDays: capuy.settings.caseLongRunningDays)
    }
}

/// Staff API for cases: intake, routing, workflow, handlers, identity.
struct CaseAPIController: RouteCollection {
    let maxUpload: Int

    func boot(routes: any RoutesBuilder) throws {
        let cases = routes.grouped("cases")
        cases.get(use: list)
        cases.post(use: create)
        cases.get("statistics", use: statistics)
        cases.get("statistics.xlsx", use: statisticsXLSX)
        cases.get(":id", use: show)
        cases.patch(":id", use: classify)
        cases.get(":id", "events", use: events)
        cases.get(":id", "audit", use: audit)
        cases.post(":id", "actions", use: act)
        cases.post(":id", "extensions", use: extend)
        cases.get(":id", "handlers", use: handlers)
        cases.post(":id", "handlers", use: assign)
        cases.post(":id", "identity", use: identity)
        cases.post(":id", "publication", use: publish)
        cases.post(":id", "inspection", use: inspection)
        cases.get(":id", "attachments", use: attachments)
        cases.on(.POST, ":id", "attachments", body: .collect(maxSize: ByteCount(value: maxUpload + 1_048_576)), use: attach)
        cases.get(":id", "attachments", ":attachmentId", use: download)
        routes.get("holidays", use: HolidayAPI.list)
        routes.post("holidays", use: HolidayAPI.add)
    }

    static func listQuery(_ req: Request) throws -> CaseService.ListQuery {
        struct Q: Content { var q: String?; var state: String?; var kind: String?; var channel: String?; var filter: String?; var page: Int?; var per: Int? }
        let q = try req.query.decode(Q.self)
        var issues = IssueCollector()
        let state = q.state.flatMap { $0.isEmpty ? nil : $0 }.map { CaseState(rawValue: $0) }
        if state == .some(nil) { issues.add("state", "Trạng thái không hợp lệ.", en: "Unknown state.") }
        let kind = q.kind.flatMap { $0.isEmpty ? nil : $0 }.map { CaseKind(rawValue: $0) }
        if kind == .some(nil) { issues.add("kind", "Loại đơn không hợp lệ.", en: "Unknown kind.") }
        let channel = q.channel.flatMap { $0.isEmpty ? nil : $0 }.map { CaseChannel(rawValue: $0) }
        if channel == .some(nil) { issues.add("channel", "Nguồn không hợp lệ.", en: "Unknown channel.") }
        let filter = q.filter.flatMap { $0.isEmpty ? nil : $0 }
        if let filter, !CaseFilters.all.contains(filter) { issues.add("filter", "Bộ lọc không hợp lệ.", en: "Unknown filter.") }
        try issues.throwIfAny()
        return CaseService.ListQuery(text: q.q, state: state ?? nil, kind: kind ?? nil, channel: channel ?? nil, filter: filter,
                                     page: q.page ?? 1, per: q.per ?? 50)
    }

    func list(req: Request) async throws -> PageOf<CaseDTO> {
        let q = try Self.listQuery(req)
        let result = try await req.cases.list(q)
        return PageOf(items: result.items.map(req.caseDTO), page: max(q.page, 1), per: min(max(q.per, 1), 500), total: result.total)
    }

    func create(req: Request) async throws -> Response {
        let receipt = try await req.caseIntake.intake(try req.input(CaseIntakeInput.self), files: [],
                                                      staff: try req.principal.scope(.handleCases))
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> CaseDTO {
        req.caseDTO(try await req.cases.read(try req.id()))
    }

    func classify(req: Request) async throws -> CaseDTO {
        req.caseDTO(try await req.cases.classify(try req.id(), try req.input(CaseClassifyInput.self)))
    }

    func events(req: Request) async throws -> [CaseEventDTO] {
        try await req.cases.events(of: try req.id()).map(CaseEventDTO.init)
    }

    /// The case's own audit trail (issue 14, item 4): who classified,
    /// re-routed, assigned, opened the identity (with the reason) and when,
    /// for those who may see the case, as its visibility allows (R-CASE-4, R-CASE-5).
    func audit(req: Request) async throws -> [AuditEventDTO] {
        let c = try await req.cases.read(try req.id())
        return try await AuditQuery.forEntity(c.id!, on: req.db).filter { $0.entity == "case" }.map(AuditEventDTO.init)
    }

    func act(req: Request) async throws -> CaseDTO {
        req.caseDTO(try await req.cases.act(try req.id(), try req.input(CaseActionInput.self)))
    }

    func extend(req: Request) async throws -> CaseDTO {
        req.caseDTO(try await req.cases.extend(try req.id(), reason: try req.input(CaseReasonInput.self).reason))
    }

    func handlers(req: Request) async throws -> [CaseHandlerDTO] {
        try await req.cases.handlers(of: try req.id()).map(CaseHandlerDTO.init)
    }

    func assign(req: Request) async throws -> [CaseHandlerDTO] {
        try await req.cases.assign(try req.id(), userId: try req.input(CaseHandlerInput.self).userId).map(CaseHandlerDTO.init)
    }

    func identity(req: Request) async throws -> SubmitterIdentity {
        try await req.cases.revealIdentity(try req.id(), reason: try req.input(CaseReasonInput.self).reason, userId: try req.principal.userId)
    }

    func publish(req: Request) async throws -> CaseDTO {
        req.caseDTO(try await req.cases.publish(try req.id(), days: try req.input(CasePublicationInput.self).days))
    }

    func inspection(req: Request) async throws -> Response {
        let i = try await req.cases.openInspection(try req.id(), title: try req.input(CaseInspectionInput.self).title)
        return try await InspectionDTO(i).encodeResponse(status: .created, for: req)
    }

    func attachments(req: Request) async throws -> [AttachmentDTO] {
        try await req.cases.attachments(of: try req.id()).map(AttachmentDTO.init)
    }

    /// The body is the file itself; its name comes in `?fileName=`.
    func attach(req: Request) async throws -> Response {
        let name = (try? req.query.get(String.self, at: "fileName")) ?? ""
        let bytes = req.body.data.map { Data(buffer: $0) } ?? Data()
        let a = try await req.cases.attach(try req.id(), fileName: name, bytes: bytes)
        return try await AttachmentDTO(a).encodeResponse(status: .created, for: req)
    }

    func download(req: Request) async throws -> Response {
        let a = try await req.cases.attachment(try req.id("attachmentId"), of: try req.id())
        return DownloadResponse.file(a.data, name: a.fileName, type: a.contentType)
    }

    func statistics(req: Request) async throws -> CaseStatisticsDTO {
        try await req.caseStatistics()
    }

    func statisticsXLSX(req: Request) async throws -> Response {
        try await CaseStatisticsExport.response(req)
    }
}

enum CaseFilters {
    static let all = ["open", "overdue", "dueSoon", "longRunning", "escalated"]
}

struct CaseHandlerDTO: Content {
    let id: UUID
    let username: String
    let displayName: String

    init(_ u: User) {
        id = u.id!
        username = u.username
        displayName = u.displayName
    }
}

struct InspectionDTO: Content {
    let id: UUID
    let organizationId: UUID
    let caseId: UUID?
    let title: String
    let openedOn: String
    let status: String

    init(_ i: Inspection) {
        id = i.id!
        organizationId = i.$organization.id
        caseId = i.caseId
        title = i.title
        openedOn = i.openedOn
        status = i.status
    }
}
