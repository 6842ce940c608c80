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

    /// A unit as lists show it, read as a plain row.
    struct Brief: Decodable {
        let id: UUID, code: String, name: String, kind: String, sector: String, closed_on: String?, path: String
    }

    /// Direct sub-units of a unit the caller already found in scope, open ones
    /// first. Plain rows: a province's hundred-odd communes decoded as models
    /// cost more than the rest of its page.
    func childBriefs(of id: UUID, openOnly: Bool) async throws -> [Brief] {
        var q = db.sql.select().columns("id", "code", "name", "kind", "sector", "closed_on", "path").from(Organization.schema)
            .where("parent_id", .equal, id)
        if openOnly { q = q.where("closed_on", .is, SQLLiteral.null) }
        return try await q.orderBy(SQLRaw("CASE WHEN closed_on IS NULL THEN 0 ELSE 1 END")).orderBy("path").all(decoding: Brief.self)
    }

    /// The units the caller sees at the top of the tree: the roots of the scope.
    func roots(in scope: Scope) async throws -> [Organization] {
        guard !scope.isEmpty else { return [] }
        return try await Organization.query(on: db).filter(\.$path ~~ scope.roots.map(\.value)).sort(\.$path).all()
    }

    func search(_ text: String?, kind: OrganizationKind?, in scope: Scope, limit: Int = 50) async throws -> [Organization] {
        try SearchText.check(text)
        var q = scope.filter(Organization.query(on: db), \.$path)
        if let text, !text.isEmpty {
            // By name, accents aside, or by code (issue 16: the unit search finds codes too).
            let code = VietnameseText.trimmed(text).uppercased()
            q = q.group(.or) { $0.filter(\.$nameFolded ~~ VietnameseText.fold(text)).filter(\.$code ~~ code) }
        }
        if let kind { q = q.filter(\.$kindRaw == kind.rawValue) }
        return try await q.sort(\.$depth).sort(\.$path).limit(limit).all()
    }

    /// The unit's subtree counts, read from its maintained rollup row.
    func counts(for org: Organization) async throws -> OrganizationCounts {
        OrganizationCounts(try await Rollups.tally(of: org.id!, on: db))
    }

    /// The units that took over from `org`, in the order they were named,
    /// those the reader may see: a split's other heirs may lie outside it.
    func successors(of org: Organization, in scope: Scope) async throws -> [Organization] {
        let links = try await OrganizationSuccessor.query(on: db).filter(\.$organization.$id == org.id!).sort(\.$position).all()
        let units = Dictionary(uniqueKeysWithValues: try await Organization.many(ids: links.map { $0.$successor.id }, on: db).map { ($0.id!, $0) })
        return links.compactMap { units[$0.$successor.id] }.filter { scope.contains(path: $0.path) }
    }

    /// The closed units `org` took over from, the latest closed first, those the reader may see.
    func predecessors(of org: Organization, in scope: Scope) async throws -> [Organization] {
        let links = try await OrganizationSuccessor.query(on: db).filter(\.$successor.$id == org.id!).all()
        return try await Organization.many(ids: links.map { $0.$organization.id }, on: db)
            .filter { scope.contains(path: $0.path) }
            .sorted { ($0.closedOn ?? "", $1.name) > ($1.closedOn ?? "", $0.name) }
    }
}
