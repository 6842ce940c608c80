import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Loads what a plan's rows name, in a few set queries, so the whole plan
/// is checked in memory (a national plan names some 14,000 units).
enum PlanSnapshotLoader {
    struct UnitRow: Decodable {
        let id: UUID, code: String, name: String, kind: String, parent_id: UUID?, path: String, closed_on: String?, opened_on: String?
    }

    static let unitColumns = ["id", "code", "name", "kind", "parent_id", "path", "closed_on", "opened_on"]

    static func load(_ rows: [PlanRow], manage: Scope?, db: any Database) async throws -> PlanSnapshot {
        var snapshot = PlanSnapshot()
        var refs = Set<String>()
        for row in rows {
            for ref in [row.unit, row.parent, row.successor] + row.cells where !ref.isEmpty { refs.insert(ref) }
        }
        let keys = Array(refs)
        var paths: [String: UnitRow] = [:]
        func keep(_ found: [UnitRow]) {
            for u in found { paths[u.path] = u }
        }
        for chunk in chunks(keys) {
            let ids = chunk.compactMap(UUID.init(uuidString:))
            var q = db.sql.select().columns(unitColumns).from(Organization.schema)
                .where("code", .in, chunk + chunk.map { $0.uppercased() }).orWhere("path", .in, chunk)
            if !ids.isEmpty { q = q.orWhere("id", .in, ids) }
            keep(try await q.all(decoding: UnitRow.self))
        }
        let named = Array(paths.values)
        // Their ancestors, for the check that nothing moves under itself.
        var above = Set<String>()
        for u in named {
            var p = TreePath(u.path)?.parent
            while let path = p, paths[path.value] == nil { above.insert(path.value); p = path.parent }
        }
        for chunk in chunks(Array(above)) {
            keep(try await db.sql.select().columns(unitColumns).from(Organization.schema).where("path", .in, chunk).all(decoding: UnitRow.self))
        }
        // Their open sub-units, which a merger carries and a split divides.
        let namedIDs = named.map(\.id)
        for chunk in chunks(namedIDs) {
            keep(try await db.sql.select().columns(unitColumns).from(Organization.schema).where("parent_id", .in, chunk)
                .where("closed_on", .is, SQLLiteral.null).all(decoding: UnitRow.self))
        }
        snapshot.childrenLoaded = Set(namedIDs)
        for u in paths.values {
            let unit = PlanUnit(id: u.id, code: u.code, name: u.name, kind: OrganizationKind(rawValue: u.kind) ?? .cell, parent: u.parent_id,
                                closed: u.closed_on != nil, openedOn: u.opened_on.flatMap(LocalDate.init(parsing:)))
            snapshot.units[u.id] = unit
            for key in [u.code, u.code.uppercased(), u.path, u.id.uuidString, u.id.uuidString.lowercased()] { snapshot.refs[key] = u.id }
            guard let path = TreePath(u.path) else { continue }
            // No scope: the console's maintenance run over the whole tree.
            if manage?.containsStrictly(path) ?? true { snapshot.manageable.insert(u.id) }
            if manage?.contains(path) ?? true { snapshot.reachable.insert(u.id) }
        }
        // Members standing directly in the named units; listed for those a plan splits.
        struct Count: Decodable { let organization_id: UUID; let n: Int }
        for chunk in chunks(namedIDs) {
            for c in try await db.sql.select().column("organization_id").column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from(Member.schema).where("organization_id", .in, chunk).groupBy("organization_id").all(decoding: Count.self) {
                snapshot.memberCounts[c.organization_id] = c.n
            }
        }
        let split = Set(rows.filter { $0.action == .split }.compactMap { snapshot.refs[$0.unit] ?? snapshot.refs[$0.unit.uppercased()] })
        struct MemberRow: Decodable { let id: UUID; let party_card_number: String?; let full_name: String; let organization_id: UUID }
        for chunk in chunks(Array(split)) {
            for m in try await db.sql.select().columns("id", "party_card_number", "full_name", "organization_id").from(Member.schema)
                .where("organization_id", .in, chunk).orderBy("sort_key").all(decoding: MemberRow.self) {
                snapshot.members[m.organization_id, default: []].append(PlanMember(id: m.id, card: m.party_card_number, name: m.full_name))
            }
        }
        snapshot.openWork = try await UnitHandover.openCount(of: namedIDs, on: db)
        let created = rows.filter { $0.action == .create && !$0.code.isEmpty }.map(\.code)
        for chunk in chunks(created) {
            struct Code: Decodable { let code: String }
            for c in try await db.sql.select().column("code").from(Organization.schema).where("code", .in, chunk + chunk.map { $0.uppercased() })
                .all(decoding: Code.self) {
                snapshot.usedCodes.insert(c.code.uppercased())
            }
        }
        snapshot.latestApplied = try await latestApplied(touching: namedIDs, on: db)
        return snapshot
    }

    /// The effective date of the latest applied plan that touched any of these units.
    static func latestApplied(touching ids: [UUID], on db: any Database) async throws -> LocalDate? {
        struct Row: Decodable { let effective_on: String? }
        var latest: LocalDate?
        for chunk in chunks(ids) {
            let row = try await db.sql.select().column(SQLAlias(SQLFunction("MAX", args: SQLColumn("effective_on", table: "p")), as: SQLIdentifier("effective_on")))
                .from(SQLAlias(SQLIdentifier(ReorganizationPlanRecord.schema), as: SQLIdentifier("p")))
                .join(SQLAlias(SQLIdentifier(ReorganizationPlanUnit.schema), as: SQLIdentifier("u")), on: SQLColumn("plan_id", table: "u"), .equal, SQLColumn("id", table: "p"))
                .where(SQLColumn("status", table: "p"), .equal, SQLBind(ReorganizationPlanRecord.Status.applied.rawValue))
                .where(SQLColumn("organization_id", table: "u"), .in, SQLGroupExpression(SQLList(chunk.map { SQLBind($0) })))
                .first(decoding: Row.self)
            if let d = row?.effective_on.flatMap(LocalDate.init(parsing:)), latest.map({ d > $0 }) ?? true { latest = d }
        }
        return latest
    }

    static func chunks<T>(_ items: [T], of size: Int = 400) -> [[T]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }
}
