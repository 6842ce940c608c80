import Fluent
import Foundation
import SQLKit

/// One run of a scheduled job: which instance ran it, when, and what it did.
/// Operators read it to see that jobs run, and once a period with several
/// instances (scripts/multi-instance checks exactly that).
enum JobRun {
    static let schema = "job_runs"
    /// Runs are kept a month; the session clean-up job removes older ones.
    static let retention: TimeInterval = 31 * 24 * 3600

    static func record(_ name: String, holder: String, started: Date, finished: Date, summary: String, on db: any Database) async throws {
        try await db.sql.insert(into: schema)
            .columns("id", "name", "holder", "started_at_ms", "finished_at_ms", "summary")
            .values(SQLBind(UUID()), SQLBind(name), SQLBind(holder), SQLBind(Int64(started.timeIntervalSince1970 * 1000)),
                    SQLBind(Int64(finished.timeIntervalSince1970 * 1000)), SQLBind(summary))
            .run()
    }

    static func deleteOlder(than cutoff: Date, on db: any Database) async throws -> Int {
        let cutoffMs = Int64(cutoff.timeIntervalSince1970 * 1000)
        struct Row: Decodable { let n: Int }
        let n = try await db.sql.select().column(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: "n").from(schema)
            .where("started_at_ms", .lessThan, cutoffMs).first(decoding: Row.self)?.n ?? 0
        try await db.sql.delete(from: schema).where("started_at_ms", .lessThan, cutoffMs).run()
        return n
    }
}

struct CreateJobRuns: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.schema(JobRun.schema)
            .id()
            .field("name", .string, .required)
            .field("holder", .string, .required)
            .field("started_at_ms", .int64, .required)
            .field("finished_at_ms", .int64, .required)
            .field("summary", .string, .required)
            .create()
        try await db.sql.create(index: "job_runs_name_started").on(JobRun.schema).column("name").column("started_at_ms").run()
    }

    func revert(on db: any Database) async throws {
        try await db.schema(JobRun.schema).delete()
    }
}
