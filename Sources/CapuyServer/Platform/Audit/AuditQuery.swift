import CapuyCore
import Fluent
import Foundation
import Vapor

struct AuditEventDTO: Content, Equatable {
    let seq: Int
    let at: Date
    let actorName: String
    let action: String
    let entity: String
    let entityId: UUID
    let before: String?
    let after: String?

    init(_ e: AuditEvent) {
        seq = e.seq
        at = e.at
        actorName = e.actorName
        action = e.action
        entity = e.entity
        entityId = e.entityId
        before = e.before
        after = e.after
    }
}

/// Reads the audit trail of a unit (its whole subtree) or of one entity.
enum AuditQuery {
    /// Entities whose trail is not shown by unit: a citizen's case is seen
    /// only by those its own visibility allows (R-CASE-4, R-CASE-5), and the
    /// unit's auditors may include the person denounced. The events stay in
    /// the chain (`audit verify` walks them); the case page shows its history.
    /// Inspection and discipline material is for the inspection committee only.
    static let hiddenFromUnitTrail = ["case", "inspection", "inspection_program", "discipline"]

    static func forUnit(_ org: Organization, limit: Int = 200, on db: any Database) async throws -> [AuditEvent] {
        try await Scope([org.treePath]).filter(AuditEvent.query(on: db), \.$organizationPath)
            .filter(\.$entity !~ hiddenFromUnitTrail)
            .sort(\.$seq, .descending).limit(limit).all()
    }

    static func forEntity(_ id: UUID, limit: Int = 200, on db: any Database) async throws -> [AuditEvent] {
        try await AuditEvent.query(on: db).filter(\.$entityId == id).sort(\.$seq, .descending).limit(limit).all()
    }
}
