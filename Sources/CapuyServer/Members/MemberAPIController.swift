import Foundation
import CapuyCore
import Vapor

struct MemberAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let members = routes.grouped("members")
        members.get(use: list)
        members.post(use: create)
        members.get(":id", use: show)
        members.put(":id", use: update)
        members.get(":id", "transfers", use: transfers)
        members.post(":id", "transfers", use: transfer)
        members.get(":id", "positions", use: positions)
        members.post(":id", "positions", use: addPosition)
        members.post(":id", "positions", ":positionId", "end", use: endPosition)
        members.get(":id", "audit", use: audit)
    }

    struct ListQuery: Content {
        var organizationId: UUID?
        var q: String?
        var status: String?
        var page: Int?
        var per: Int?
        var after: String?
        var before: String?
    }

    func list(req: Request) async throws -> PageOf<MemberDTO> {
        let q = try req.query.decode(ListQuery.self)
        let status = try q.status.map {
            guard let s = MemberStatus(rawValue: $0) else {
                throw ValidationFailure(field: "status", "Trạng thái phải là full hoặc probationary.", en: "Status must be full or probationary.")
            }
            return s
        }
        let key = req.capuy.dataKey
        let keyset = try ListCursor.direction(after: q.after, before: q.before, key: key, fields: ("after", "before"))
        let query = MemberService.ListQuery(organizationId: q.organizationId, text: q.q, status: status,
                                            page: q.page ?? 1, per: q.per ?? 50, keyset: keyset)
        let result = try await req.members.list(query, in: try req.principal.scope(.viewMembers))
        return PageOf(items: result.items, page: min(max(query.page, 1), MemberService.maxPage),
                      per: min(max(query.per, 1), 200), total: result.total,
                      next: result.next?.encoded(key: key), previous: result.previous?.encoded(key: key),
                      capped: result.capped ? true : nil)
    }

    func create(req: Request) async throws -> Response {
        let m = try await req.members.create(try req.input(MemberInput.self), manage: try req.principal.scope(.manageMembers))
        return try await MemberDTO(m).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> MemberDTO {
        MemberDTO(try await req.members.find(try req.id(), in: try req.principal.scope(.viewMembers)))
    }

    func update(req: Request) async throws -> MemberDTO {
        let p = try req.principal
        return MemberDTO(try await req.members.update(try req.id(), try req.input(MemberInput.self),
                                                      view: p.scope(.viewMembers), manage: p.scope(.manageMembers)))
    }

    func transfers(req: Request) async throws -> [TransferDTO] {
        try await req.members.transfers(of: try req.id(), in: try req.principal.scope(.viewMembers)).map(TransferDTO.init)
    }

    func transfer(req: Request) async throws -> Response {
        let p = try req.principal
        let t = try await req.members.transfer(try req.id(), try req.input(TransferInput.self),
                                               view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
        return try await TransferDTO(t).encodeResponse(status: .created, for: req)
    }

    func positions(req: Request) async throws -> [PositionDTO] {
        try await req.members.positions(of: try req.id(), in: try req.principal.scope(.viewMembers)).map(PositionDTO.init)
    }

    func addPosition(req: Request) async throws -> Response {
        let p = try req.principal
        let pos = try await req.members.addPosition(try req.id(), try req.input(PositionInput.self),
                                                    view: p.scope(.viewMembers), manage: p.scope(.manageMembers))
        return try await PositionDTO(pos).encodeResponse(status: .created, for: req)
    }

    func endPosition(req: Request) async throws -> PositionDTO {
        let p = try req.principal
        return PositionDTO(try await req.members.endPosition(try req.id(), try req.id("positionId"), try req.input(PositionEndInput.self),
                                                             view: p.scope(.viewMembers), manage: p.scope(.manageMembers)))
    }

    func audit(req: Request) async throws -> [AuditEventDTO] {
        let m = try await req.members.find(try req.id(), in: try req.principal.scope(.viewAudit))
        return try await AuditQuery.forEntity(m.id!, on: req.db).map(AuditEventDTO.init)
    }
}
