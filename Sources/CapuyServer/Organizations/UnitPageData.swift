import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Everything the unit page shows, read as plain rows in four queries (five
/// when the unit holds members itself). The page used to run a dozen Fluent
/// queries: each one hops to SQLite's thread and back, and decoding models by
/// reflection cost more than the queries (issue 16, item 8).
struct UnitPageData {
    /// A unit with what its own page shows besides the list columns.
    struct Unit: Decodable {
        let id: UUID, code: String, name: String, kind: String, sector: String, closed_on: String?, path: String
        let opened_on: String?, closure_note: String?

        var brief: OrganizationService.Brief {
            .init(id: id, code: code, name: name, kind: kind, sector: sector, closed_on: closed_on, path: path)
        }
        var treePath: TreePath? { TreePath(path) }
        var isClosed: Bool { closed_on != nil }
        var organizationKind: OrganizationKind { OrganizationKind(rawValue: kind) ?? .cell }
    }

    struct CommitteeSeat: Decodable {
        let member_id: UUID, full_name: String, title: String, term: String?
        var post: PositionTitle { PositionTitle(rawValue: title) ?? .committeeMember }
    }

    struct PendingPlan {
        let id: UUID, title: String, effectiveOn: String
        /// A plan made outside the reader's scope is announced, not opened.
        let readable: Bool
    }

    let unit: Unit
    /// From the top of the tree down to the unit's parent.
    let ancestors: [Unit]
    let tally: UnitTally
    let children: [OrganizationService.Brief]
    /// Units this one took over from, the latest closed first.
    let predecessors: [OrganizationService.Brief]
    /// Units that took over from this one, in the order they were named.
    let successors: [OrganizationService.Brief]
    /// Current committee posts, secretary first.
    let committee: [CommitteeSeat]
    /// Plans waiting for their date that will change this unit.
    let pendingPlans: [PendingPlan]

    /// A bound on the walk up the parent links: a tree is far shallower,
    /// and a damaged link that loops must not hold the query for ever.
    static let deepest = 64

    /// The unit `id` if it lies in `scope`, else `Refusal.notFound`.
    static func read(_ id: UUID, in scope: Scope, on db: any Database) async throws -> UnitPageData {
        let sql = db.sql
        // The unit and its ancestors up the parent links, with the unit's own counts.
        let chain = try await sql.raw("""
            WITH RECURSIVE chain(id, n) AS (
              SELECT id, 0 FROM \(ident: Organization.schema) WHERE id = \(bind: id)
              UNION ALL SELECT o.parent_id, c.n + 1 FROM chain c JOIN \(ident: Organization.schema) o ON o.id = c.id
              WHERE o.parent_id IS NOT NULL AND c.n < \(unsafeRaw: String(Self.deepest))
            )
            SELECT c.n, o.id, o.code, o.name, o.kind, o.sector, o.closed_on, o.path, o.opened_on, o.closure_note,
                   \(unsafeRaw: Rollups.joinedColumns("r"))
            FROM chain c JOIN \(ident: Organization.schema) o ON o.id = c.id
            LEFT JOIN \(ident: Rollups.schema) r ON r.organization_id = o.id AND c.n = 0
            ORDER BY c.n DESC
            """).all()
        guard let own = chain.last, try own.decode(column: "n", as: Int.self) == 0 else { throw Refusal.notFound }
        let unit = try own.decode(model: Unit.self)
        guard scope.contains(path: unit.path) else { throw Refusal.notFound }
        let tally = try Rollups.tally(joined: own)

        // Children, predecessors and successors: one shape, one query.
        let units = """
            o.id, o.code, o.name, o.kind, o.sector, o.closed_on, o.path
            """
        let related = try await sql.raw("""
            SELECT 'c' AS rel, 0 AS position, \(unsafeRaw: units) FROM \(ident: Organization.schema) o WHERE o.parent_id = \(bind: id)
            UNION ALL SELECT 'p', s.position, \(unsafeRaw: units) FROM \(ident: OrganizationSuccessor.schema) s
              JOIN \(ident: Organization.schema) o ON o.id = s.organization_id WHERE s.successor_id = \(bind: id)
            UNION ALL SELECT 's', s.position, \(unsafeRaw: units) FROM \(ident: OrganizationSuccessor.schema) s
              JOIN \(ident: Organization.schema) o ON o.id = s.successor_id WHERE s.organization_id = \(bind: id)
            """).all()
        var children: [OrganizationService.Brief] = [], predecessors = children, successors: [(Int, OrganizationService.Brief)] = []
        for row in related {
            let brief = try row.decode(model: OrganizationService.Brief.self)
            switch try row.decode(column: "rel", as: String.self) {
            case "c": children.append(brief)
            case "p": predecessors.append(brief)
            default: successors.append((try row.decode(column: "position", as: Int.self), brief))
            }
        }

        let committee = try await sql.raw("""
            SELECT p.member_id, m.full_name, p.title, p.term FROM \(ident: Position.schema) p
            JOIN \(ident: Member.schema) m ON m.id = p.member_id
            WHERE p.organization_id = \(bind: id) AND p.end_on IS NULL
            """).all(decoding: CommitteeSeat.self)
        struct Plan: Decodable { let id: UUID, title: String, effective_on: String, organization_path: String }
        let plans = try await sql.raw("""
            SELECT p.id, p.title, p.effective_on, p.organization_path FROM \(ident: ReorganizationPlanUnit.schema) u
            JOIN \(ident: ReorganizationPlanRecord.schema) p ON p.id = u.plan_id
            WHERE u.organization_id = \(bind: id) AND p.status = \(bind: ReorganizationPlanRecord.Status.pending.rawValue)
            ORDER BY p.effective_on
            """).all(decoding: Plan.self)

        let visible = { (b: OrganizationService.Brief) in scope.contains(path: b.path) }
        return UnitPageData(
            unit: unit, ancestors: try chain.dropLast().map { try $0.decode(model: Unit.self) }, tally: tally,
            // Open units first, then in tree order.
            children: children.sorted { ($0.closed_on != nil ? 1 : 0, $0.path) < ($1.closed_on != nil ? 1 : 0, $1.path) },
            predecessors: predecessors.filter(visible).sorted { ($0.closed_on ?? "", $1.name) > ($1.closed_on ?? "", $0.name) },
            successors: successors.filter { visible($0.1) }.sorted { $0.0 < $1.0 }.map(\.1),
            committee: committee.filter { $0.post.isCommitteePost }.sorted { $0.post.rank < $1.post.rank },
            pendingPlans: plans.map { plan in
                // A plan's path is empty when it spans the whole tree.
                let readable = plan.organization_path.isEmpty ? scope.roots.contains { $0.parent == nil } : scope.contains(path: plan.organization_path)
                return PendingPlan(id: plan.id, title: plan.title, effectiveOn: plan.effective_on, readable: readable)
            })
    }
}
