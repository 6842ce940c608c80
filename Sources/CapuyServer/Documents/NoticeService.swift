import CapuyCore
import Fluent
import Foundation

/// The in-app inbox of notices for the units in scope.
struct NoticeService {
    let db: any Database

    func list(in scope: Scope, limit: Int = 200) async throws -> [Notice] {
        try await scope.filter(Notice.query(on: db), \.$organizationPath).sort(\.$createdAt, .descending).limit(limit).all()
    }

    func markRead(_ id: UUID, in scope: Scope) async throws -> Notice {
        guard let n = try await Notice.find(id, on: db), scope.contains(path: n.organizationPath) else { throw Refusal.notFound }
        if n.readAt == nil {
            n.readAt = Date()
            try await n.save(on: db)
        }
        return n
    }
}
