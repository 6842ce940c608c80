import CapuyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// Issue 15, "History both ways": staff of a unit that took over from closed
/// ones read those units' records (documents, tasks, members' history, the
/// audit) as they read their own. Each grant reaches, for reading only, the
/// closed units that its subtree succeeded, and theirs in turn. Authority
/// does not grow: only the read-only permissions take these roots.
enum InheritedRecords {
    /// Permissions that only read: the ones a predecessor's subtree is added to.
    static let readOnly: Set<Permission> = [.viewOrganizations, .viewMembers, .viewAudit, .viewDocuments]

    /// The lookup runs on every request, so each app keeps its answers per
    /// grant set (per app: tests run many databases in one process) while
    /// the links stay as they were: this process says when it adds links
    /// (`linksChanged`, after the commit), and another process's (`capuy
    /// reorganize`) show within a minute.
    final class Cache: Sendable {
        let entries = NIOLockedValueBox<[String: (at: Date, grants: [GrantInfo])]>([:])
        init() {}
    }

    static let keep: TimeInterval = 60

    /// Bumped after every commit that adds successor links. An answer worked
    /// out before the bump is filed under the old number and never served again.
    private static let generation = NIOLockedValueBox(0)

    static func linksChanged() { generation.withLockedValue { $0 += 1 } }

    /// The read-only grants a user's grants inherit.
    static func grants(for grants: [GrantInfo], on db: any Database, cache: Cache? = nil, now: Date = Date()) async throws -> [GrantInfo] {
        guard !grants.isEmpty else { return [] }
        let key = "\(generation.withLockedValue { $0 }) " + grants.map { "\($0.role.rawValue)@\($0.path.value)" }.sorted().joined(separator: " ")
        if let hit = cache?.entries.withLockedValue({ $0[key] }), now.timeIntervalSince(hit.at) < keep { return hit.grants }
        var found: [GrantInfo] = []
        var frontier = grants
        // A chain of reorganizations is short; four rounds cover any real one.
        for _ in 0..<4 where !frontier.isEmpty {
            let known = Scope((grants + found).map(\.path))
            let reach = Scope(frontier.map(\.path))
            struct Row: Decodable { let heir_path: String; let path: String; let id: UUID }
            let rows = try await db.sql.select()
                .column(SQLAlias(SQLColumn("path", table: "h"), as: SQLIdentifier("heir_path")))
                .column(SQLColumn("path", table: "o")).column(SQLColumn("id", table: "o"))
                .from(SQLAlias(SQLIdentifier(OrganizationSuccessor.schema), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("h")), on: SQLColumn("id", table: "h"), .equal, SQLColumn("successor_id", table: "s"))
                .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")), on: SQLColumn("id", table: "o"), .equal, SQLColumn("organization_id", table: "s"))
                .where(reach.predicate(SQLColumn("path", table: "h")))
                .all(decoding: Row.self)
            var next: [GrantInfo] = []
            for row in rows {
                guard let path = TreePath(row.path), !known.contains(path), let heir = TreePath(row.heir_path) else { continue }
                for g in frontier where heir.isWithin(g.path) {
                    next.append(GrantInfo(role: g.role, organizationId: row.id, path: path))
                }
            }
            found += next
            frontier = next
        }
        cache?.entries.withLockedValue { c in
            if c.count > 10_000 { c.removeAll() }
            c[key] = (now, found)
        }
        return found
    }
}
