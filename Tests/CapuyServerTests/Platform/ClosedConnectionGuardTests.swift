@testable import CapuyServer
import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Testing
import Vapor

/// Issue 14, fault tests: PostgreSQL closing a connection between two
/// statements of a transaction (a restart) must fail the write at once, as
/// a storage failure that answers 503, and never leave it waiting. Before
/// `ClosedConnectionGuard` PostgresNIO dropped the next statement and the
/// request waited for ever.
@Suite("PostgreSQL: a transaction whose connection closes fails at once (issue 14)",
       .enabled(if: TestApp.postgresURL != nil, "needs CAPUY_TEST_DATABASE_URL"))
struct ClosedConnectionGuardTests {
    struct Pid: Decodable { let pid: Int }

    /// The outcome of `work`, or "still waiting" once `patience` has passed:
    /// a hung write cannot be cancelled, so it is left behind, not awaited.
    static func outcome(patience: Duration, _ work: @escaping @Sendable () async throws -> Void) async -> String {
        let done = NIOLockedValueBox(false)
        return await withCheckedContinuation { (resume: CheckedContinuation<String, Never>) in
            @Sendable func finish(_ s: String) {
                if done.withLockedValue({ let was = $0; $0 = true; return !was }) { resume.resume(returning: s) }
            }
            Task {
                do { try await work(); finish("committed") } catch { finish(DatabaseUnavailable.refusal(for: error) != nil ? "unavailable" : "other: \(String(reflecting: error))") }
            }
            Task { try? await Task.sleep(for: patience); finish("still waiting") }
        }
    }

    @Test("The backend of a write is terminated between two statements: the write fails as unavailable, the next one succeeds")
    func closedBetweenStatements() async throws {
        try await TestApp.withApp { app in
            let db = app.db
            let result = await Self.outcome(patience: .seconds(30)) {
                try await db.write(as: .system) { tx, _ in
                    let own = try #require(try await tx.sql.raw("SELECT pg_backend_pid() AS pid").first(decoding: Pid.self))
                    // Another connection ends this one, as a restart does.
                    try await db.sql.raw("SELECT pg_terminate_backend(\(bind: own.pid)::int)").run()
                    // Long enough for the channel to close and its handlers to go.
                    try await Task.sleep(for: .milliseconds(300))
                    try await tx.sql.raw("SELECT 1").run()
                }
            }
            #expect(result == "unavailable")
            // The pool recovers by itself: the next write commits.
            #expect(await Self.outcome(patience: .seconds(30)) { try await db.write(as: .system) { tx, _ in try await tx.sql.raw("SELECT 1").run() } }
                    == "committed")
        }
    }
}
