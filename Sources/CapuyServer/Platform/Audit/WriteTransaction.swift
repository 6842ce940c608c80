import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit

/// A change waiting to be written to the audit chain at commit.
struct PendingAuditEvent: Sendable {
    let action: String
    let entity: String
    let entityId: UUID
    let organizationPath: String
    let before: String?
    let after: String?
}

/// Collects the audit events of one transaction; they are chained and
/// written just before it commits.
final class AuditTrail: Sendable {
    private let events = NIOLockedValueBox<[PendingAuditEvent]>([])

    func record<B: Encodable, A: Encodable>(_ action: String, entity: String, id: UUID, path: String,
                                            before: B?, after: A?) {
        var beforeJSON: String?
        var afterJSON: String?
        if let before { beforeJSON = AuditJSON.encode(before) }
        if let after { afterJSON = AuditJSON.encode(after) }
        let event = PendingAuditEvent(action: action, entity: entity, entityId: id, organizationPath: path,
                                      before: beforeJSON, after: afterJSON)
        events.withLockedValue { $0.append(event) }
    }

    func record<A: Encodable>(_ action: String, entity: String, id: UUID, path: String, after: A?) {
        record(action, entity: entity, id: id, path: path, before: Optional<A>.none, after: after)
    }

    var pending: [PendingAuditEvent] { events.withLockedValue { $0 } }
}

enum AuditJSON {
    /// One shared encoder: making one per event was a measurable share of a
    /// 100,000-row import. JSONEncoder's encode is safe to call concurrently.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) -> String? {
        guard let data = try? encoder.encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

extension Database {
    /// Runs one use case in one transaction and writes its audit events in
    /// that same transaction (DESIGN.md, Audit).
    ///
    /// The audit head row is taken first, before any read: on SQLite that
    /// makes the transaction a writer from its first statement (so it can
    /// never fail late on a stale snapshot), and on PostgreSQL the row lock
    /// orders concurrent writers from any instance into one hash chain.
    func write<T: Sendable>(
        as actor: Actor,
        _ body: @escaping @Sendable (any Database, AuditTrail) async throws -> T
    ) async throws -> T {
        let run = {
            try await ClosedConnectionGuard.transaction(on: self) { tx in
                let head = try await AuditHead.lock(on: tx)
                let trail = AuditTrail()
                let result = try await body(tx, trail)
                try await AuditWriter.append(trail.pending, after: head, actor: actor, on: tx)
                return result
            }
        }
        guard isSQLite else { return try await run() }
        // SQLite has one writer at a time, and SQLiteNIO's busy handler
        // retries without pause: a second connection wanting to write spun
        // on file locks and took most of the CPU (the portal flood ran at
        // ~100 submissions/s). Writers queue here instead, in order.
        await SQLiteWriteGate.shared.enter()
        do {
            let result = try await run()
            await SQLiteWriteGate.shared.leave()
            return result
        } catch {
            await SQLiteWriteGate.shared.leave()
            throw error
        }
    }
}

struct AuditHead: Decodable, Sendable {
    let seq: Int
    let last_hash: String

    static func lock(on db: any Database) async throws -> AuditHead {
        guard let head = try await db.sql.raw("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, last_hash")
            .first(decoding: AuditHead.self) else {
            throw AuditChainError.missingHead
        }
        return head
    }
}

enum AuditChainError: Error, CustomStringConvertible {
    case missingHead
    var description: String { "The audit chain head row is missing: run `capuy migrate`." }
}

enum AuditWriter {
    /// Inserts the events with consecutive sequence numbers, each hashing the
    /// one before, in batches (an import writes one event per member).
    static func append(_ events: [PendingAuditEvent], after head: AuditHead, actor: Actor,
                       on db: any Database, now: Date = Date()) async throws {
        guard !events.isEmpty else { return }
        let atMs = Int64((now.timeIntervalSince1970 * 1000).rounded())
        var seq = head.seq
        var prev = head.last_hash
        var rows: [[any SQLExpression]] = []
        rows.reserveCapacity(events.count)
        for e in events {
            seq += 1
            let hash = AuditHash.compute(seq: seq, atMs: atMs, actorId: actor.userId, actorName: actor.name,
                                         action: e.action, entity: e.entity, entityId: e.entityId,
                                         organizationPath: e.organizationPath, before: e.before, after: e.after,
                                         prevHash: prev)
            rows.append([
                SQLBind(UUID()), SQLBind(seq), SQLBind(atMs), SQLBind(actor.userId), SQLBind(actor.name),
                SQLBind(e.action), SQLBind(e.entity), SQLBind(e.entityId), SQLBind(e.organizationPath),
                SQLBind(e.before), SQLBind(e.after), SQLBind(prev), SQLBind(hash),
            ])
            prev = hash
        }
        let columns = ["id", "seq", "at_ms", "actor_id", "actor_name", "action", "entity", "entity_id",
                       "organization_path", "before", "after", "prev_hash", "hash"]
        try await BulkInsert.rows(rows, columns: columns, into: AuditEvent.schema, on: db)
        try await db.sql.update("audit_head")
            .set("seq", to: seq).set("last_hash", to: prev)
            .where("id", .equal, 1).run()
    }
}

/// A first-come, first-served lock for SQLite write transactions. One per
/// process: a process serves one database file (tests that run several at
/// once only queue their writes a little).
actor SQLiteWriteGate {
    static let shared = SQLiteWriteGate()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty {
            busy = false
        } else {
            waiting.removeFirst().resume()
        }
    }
}
