import CapuyCore
import Vapor

struct OrganizationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orgs = routes.grouped("organizations")
        orgs.get(use: search)
        orgs.post(use: create)
        orgs.get(":id", use: show)
        orgs.patch(":id", use: update)
        orgs.get(":id", "children", use: children)
        orgs.get(":id", "counts", use: counts)
        orgs.get(":id", "dashboard", use: dashboard)
        orgs.post(":id", "move", use: move)
        orgs.post(":id", "close", use: close)
        orgs.get(":id", "audit", use: audit)
        orgs.get(":id", "lineage", use: lineage)
    }

    struct SearchQuery: Content {
        var q: String?
        var kind: String?
    }

    func search(req: Request) async throws -> [OrganizationDTO] {
        let query = try req.query.decode(SearchQuery.self)
        let kind = try query.kind.map {
            guard let k = OrganizationKind(rawValue: $0) else {
                throw ValidationFailure(field: "kind", "Loại đơn vị không hợp lệ.", en: "Unknown kind of unit.")
            }
            return k
        }
        let scope = try req.principal.scope(.viewOrganizations)
        return try await req.organizations.search(query.q, kind: kind, in: scope).map(OrganizationDTO.init)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.input(OrganizationCreateInput.self)
        let org = try await req.organizations.create(input, scope: try req.principal.scope(.manageOrganizations))
        return try await OrganizationDTO(org).encodeResponse(status: .created, for: req)
    }

    func show(req: Request) async throws -> OrganizationDTO {
        OrganizationDTO(try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewOrganizations)))
    }

    func update(req: Request) async throws -> OrganizationDTO {
        let p = try req.principal
        let org = try await req.organizations.update(try req.id(), try req.input(OrganizationUpdateInput.self),
                                                     view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations))
        return OrganizationDTO(org)
    }

    func children(req: Request) async throws -> [OrganizationDTO] {
        try await req.organizations.children(of: try req.id(), in: try req.principal.scope(.viewOrganizations))
            .map(OrganizationDTO.init)
    }

    func counts(req: Request) async throws -> OrganizationCounts {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewMembers))
        return try await req.organizations.counts(for: org)
    }

    func move(req: Request) async throws -> OrganizationDTO {
        let p = try req.principal
        let input = try req.input(OrganizationMoveInput.self)
        return OrganizationDTO(try await req.organizations.move(try req.id(), to: input.parentId, kind: input.kind,
                                                               view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations)))
    }

    func close(req: Request) async throws -> OrganizationDTO {
        let p = try req.principal
        return OrganizationDTO(try await req.organizations.close(try req.id(), try req.input(OrganizationCloseInput.self),
                                                                view: p.scope(.viewOrganizations), manage: p.scope(.manageOrganizations)))
    }

    /// Issue 15: history both ways. The units a merger, split or dissolution
    /// linked to this one: those it took over from and those that took over from it.
    func lineage(req: Request) async throws -> OrganizationLineageDTO {
        let service = req.organizations
        let scope = try req.principal.scope(.viewOrganizations)
        let org = try await service.find(try req.id(), in: scope)
        return OrganizationLineageDTO(predecessors: try await service.predecessors(of: org, in: scope).map(OrganizationDTO.init),
                                      successors: try await service.successors(of: org, in: scope).map(OrganizationDTO.init))
    }

    func audit(req: Request) async throws -> [AuditEventDTO] {
        let org = try await req.organizations.find(try req.id(), in: try req.principal.scope(.viewAudit))
        return try await AuditQuery.forUnit(org, on: req.db).map(AuditEventDTO.init)
    }
}
