import Fluent
import Foundation
import SQLKit

/// A named lease in the database (DESIGN.md, Jobs): a job runs only while
/// its instance holds the lease, so with several instances it runs once.
enum JobLease {
    private struct Row: Decodable { let name: String }

    /// Takes the lease when it is free or expired; false when another holder
    /// has it. Both statements are single atomic writes on either backend.
    static func acquire(_ name: String, holder: String, for seconds: Int, on db: any Database, now: Date = Date()) async throws -> Bool {
        try await acquire(name, holder: holder, forMilliseconds: seconds * 1000, on: db, now: now)
    }

    static func acquire(_ name: String, holder: String, forMilliseconds ms: Int, on db: any Database, now: Date = Date()) async throws -> Bool {
        let nowMs = Int64(now.timeIntervalSince1970 * 1000)
        let until = nowMs + Int64(ms)
        let inserted = try await db.sql.raw("""
            INSERT INTO job_leases (name, holder, expires_at_ms) VALUES (\(bind: name), \(bind: holder), \(bind: until))
            ON CONFLICT (name) DO NOTHING RETURNING name
            """).all(decoding: Row.self)
        if !inserted.isEmpty { return true }
        let taken = try await db.sql.raw("""
            UPDATE job_leases SET holder = \(bind: holder), expires_at_ms = \(bind: until)
            WHERE name = \(bind: name) AND (expires_at_ms < \(bind: nowMs) OR holder = \(bind: holder)) RETURNING name
            """).all(decoding: Row.self)
        return !taken.isEmpty
    }

    static func release(_ name: String, holder: String, on db: any Database) async throws {
        try await db.sql.delete(from: "job_leases").where("name", .equal, name).where("holder", .equal, holder).run()
    }

    /// Runs `body` while holding the lease, releasing it however the body
    /// ends; nil when another holder has it.
    static func run<T>(_ name: String, holder: String, for seconds: Int, on db: any Database, now: Date = Date(),
                       _ body: () async throws -> T) async throws -> T? {
        guard try await acquire(name, holder: holder, for: seconds, on: db, now: now) else { return nil }
        do {
            let result = try await body()
            try? await release(name, holder: holder, on: db)
            return result
        } catch {
            try? await release(name, holder: holder, on: db)
            throw error
        }
    }
}

/// What a reminder job did in one run; `ran` is false when another holder had its lease.
struct ReminderOutcome: Sendable, Equatable, Encodable {
    var reminded = 0
    var escalated = 0
    var ran = true
}
