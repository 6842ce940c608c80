import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Use cases on the tree. Each runs in one transaction with its audit events.
struct OrganizationService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    // MARK: reading

    /// A unit the caller may see, or the same 404 as for a unit that does not exist.
    func find(_ id: UUID, in scope: Scope) async throws -> Organization {
        guard let org = try await Organization.find(id, on: db), scope.contains(path: org.path) else {
            throw Refusal.notFound
        }
        return org
    }

    func children(of id: UUID, in scope: Scope) async throws -> [Organization] {
        let parent = try await find(id, in: scope)
        return try await Organization.query(on: db).filter(\.$parent.$id == parent.id)
            .sort(\.$closedOn).sort(\.$path).all()
    }

    /// The units the caller sees at the top of the tree: the roots of the scope.
    func roots(in scope: Scope) async throws -> [Organization] {
        guard !scope.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$path ~~ scope.roots.map(\.value)).sort(\.$path).all()
    }

    func search(_ text: String?, kind: OrganizationKind?, in scope: Scope, limit: Int = 50) async throws -> [Organization] {
        var q = scope.filter(Organization.query(on: db), \.$path)
        if let text, !text.isEmpty {
            q = q.filter(\.$nameFolded ~~ VietnameseText.fold(text))
        }
        if let kind { q = q.filter(\.$kindRaw == kind.rawValue) }
        return try await q.sort(\.$depth).sort(\.$path).limit(limit).all()
    }

    func ancestors(of org: Organization) async throws -> [Organization] {
        var paths: [String] = []
        var p = org.treePath.parent
        while let path = p { paths.append(path.value); p = path.parent }
        guard !paths.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$path ~~ paths).sort(\.$path).all()
    }

    func counts(for org: Organization) async throws -> OrganizationCounts {
        let subtree = Scope([org.treePath])
        let rows = try await db.sql.select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "total")
            .column(SQLRaw("SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END)"), as: "full_count")
            .column(SQLRaw("SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END)"), as: "women")
            .from(Member.schema)
            .where(subtree.predicate(column: "organization_path"))
            .first()
        let total = try rows?.decode(column: "total", as: Int.self) ?? 0
        let full = try rows?.decode(column: "full_count", as: Int?.self) ?? 0
        let women = try rows?.decode(column: "women", as: Int?.self) ?? 0
        let subUnits = try await Organization.query(on: db)
            .filter(\.$path >= org.path + ".").filter(\.$path < org.path + "/")
            .filter(\.$closedOn == nil).count()
        return OrganizationCounts(subUnits: subUnits, members: total, fullMembers: full,
                                  probationaryMembers: total - full, women: women)
    }

    func successors(of org: Organization) async throws -> [Organization] {
        let links = try await OrganizationSuccessor.query(on: db).filter(\.$organization.$id == org.id!).all()
        guard !links.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$id ~~ links.map { $0.$successor.id }).all()
    }
}
