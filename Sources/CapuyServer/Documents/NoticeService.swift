import CapuyCore
import Fluent
import Foundation

/// The in-app inbox of notices for the units in scope.
struct NoticeService {
    let db: any Database
    let actor: Actor

    func list(in scope: Scope, limit: Int = 200) async throws -> [Notice] {
        try await scope.filter(Notice.query(on: db), \.$organizationPath).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// Marks a notice read for the unit, on the audit trail like every change.
    func markRead(_ id: UUID, in scope: Scope) async throws -> Notice {
        guard let found = try await Notice.find(id, on: db), scope.contains(path: found.organizationPath) else { throw Refusal.notFound }
        guard found.readAt == nil else { return found }
        return try await db.write(as: actor) { tx, trail in
            guard let n = try await Notice.find(id, on: tx) else { throw Refusal.notFound }
            n.readAt = Date()
            try await n.save(on: tx)
            trail.record("notice.read", entity: "notice", id: id, path: n.organizationPath, after: NoticeDTO(n))
            return n
        }
    }
}
