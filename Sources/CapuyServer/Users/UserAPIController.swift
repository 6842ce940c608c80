import Foundation
import CapuyCore
import Fluent
import Vapor

struct UserAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", use: me)
        let users = routes.grouped("users")
        users.get(use: list)
        users.post(use: create)
        users.get(":id", use: show)
        users.post(":id", "grants", use: grant)
        users.delete(":id", "grants", ":grantId", use: revoke)
    }

    struct Me: Content {
        let id: UUID
        let username: String
        let displayName: String
        let grants: [GrantDTO]
    }

    func me(req: Request) async throws -> Me {
        let p = try req.principal
        let grants = try await Grant.query(on: req.db).filter(\Grant.$user.$id == p.userId).all()
        return Me(id: p.userId, username: p.username, displayName: p.displayName, grants: grants.map(GrantDTO.init))
    }

    func list(req: Request) async throws -> [UserDTO] {
        let scope = try req.principal.scope(.manageUsers)
        guard !scope.isEmpty else { throw Refusal.forbidden }
        return try await req.users.list(in: scope).map(UserDTO.init)
    }

    func create(req: Request) async throws -> Response {
        let scope = try req.principal.scope(.manageUsers)
        guard !scope.isEmpty else { throw Refusal.forbidden }
        let user = try await req.users.create(try req.input(UserCreateInput.self), scope: scope)
        let loaded = try await req.users.find(user.id!, in: scope)
        return try await UserDTO(loaded).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> UserDTO {
        UserDTO(try await req.users.find(try req.id(), in: try req.principal.scope(.manageUsers)))
    }

    func grant(req: Request) async throws -> Response {
        let g = try await req.users.grant(try req.id(), try req.input(GrantInput.self), scope: try req.principal.scope(.manageUsers))
        return try await GrantDTO(g).encodeResponse(status: .created, for: req)
    }

    func revoke(req: Request) async throws -> HTTPStatus {
        try await req.users.revoke(try req.id(), grantID: try req.id("grantId"), scope: try req.principal.scope(.manageUsers))
        return .noContent
    }
}
