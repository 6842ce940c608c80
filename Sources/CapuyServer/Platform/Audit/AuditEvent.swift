import Fluent
import Foundation

/// One link of the audit chain (DESIGN.md, Audit): who changed what, when,
/// with the record before and after, hashed together with the previous link.
final class AuditEvent: Model, @unchecked Sendable {
    static let schema = "audit_events"

    @ID(key: .id) var id: UUID?
    @Field(key: "seq") var seq: Int
    /// Milliseconds since 1970, stored as an integer so the hash input is the
    /// same on every backend (no floating-point or precision drift).
    @Field(key: "at_ms") var atMs: Int64
    @OptionalField(key: "actor_id") var actorId: UUID?
    @Field(key: "actor_name") var actorName: String
    @Field(key: "action") var action: String
    @Field(key: "entity") var entity: String
    @Field(key: "entity_id") var entityId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @Field(key: "prev_hash") var prevHash: String
    @Field(key: "hash") var hash: String

    init() {}

    var at: Date { Date(timeIntervalSince1970: Double(atMs) / 1000) }
}

/// Who performs a change: a signed-in user, or the system itself (CLI, demo).
struct Actor: Sendable {
    let userId: UUID?
    let name: String

    static let system = Actor(userId: nil, name: "hệ thống")
}

/// The chain rule in one place, shared by the writer and the verifier.
enum AuditHash {
    static let genesis = String(repeating: "0", count: 64)

    static func compute(seq: Int, atMs: Int64, actorId: UUID?, actorName: String, action: String,
                        entity: String, entityId: UUID, organizationPath: String,
                        before: String?, after: String?, prevHash: String) -> String {
        // Fields are length-prefixed so that no two different events can
        // serialize to the same text.
        let fields: [String] = [
            String(seq), String(atMs), actorId?.uuidString ?? "", actorName, action, entity,
            entityId.uuidString, organizationPath, before ?? "\u{0}", after ?? "\u{0}", prevHash,
        ]
        let text = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return Digest.sha256Hex(Data(text.utf8))
    }

    static func compute(_ e: AuditEvent) -> String {
        compute(seq: e.seq, atMs: e.atMs, actorId: e.actorId, actorName: e.actorName, action: e.action,
                entity: e.entity, entityId: e.entityId, organizationPath: e.organizationPath,
                before: e.before, after: e.after, prevHash: e.prevHash)
    }
}
