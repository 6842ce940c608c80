import Fluent
import Foundation

/// Deletes expired sessions, sign-in throttle rows whose window and lock are
/// long over, month-old job runs and day-old portal submission keys, so no
/// table grows without end.
struct SessionCleanupJob {
    static let leaseName = "session-cleanup"
    /// A throttle row is kept a day after its window, for the record of an attack.
    static let throttleRetention: TimeInterval = 24 * 3600

    let db: any Database
    let now: Date

    struct Outcome: Sendable, Equatable {
        var sessions = 0
        var throttles = 0
        var jobRuns = 0
        var submissionKeys = 0
        var ran = true
    }

    func run(holder: String) async throws -> Outcome {
        try await JobLease.run(Self.leaseName, holder: holder, for: 600, on: db, now: now) {
            let sessions = UserSession.query(on: db).filter(\.$expiresAt < now)
            let cutoff = now.addingTimeInterval(-Self.throttleRetention)
            let throttles = LoginThrottle.query(on: db).filter(\.$windowStart < cutoff)
                .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < cutoff) }
            var outcome = Outcome(sessions: try await sessions.count(), throttles: try await throttles.count())
            try await sessions.delete()
            try await throttles.delete()
            outcome.jobRuns = try await JobRun.deleteOlder(than: now.addingTimeInterval(-JobRun.retention), on: db)
            let keys = PortalSubmissionKey.query(on: db).filter(\.$createdAt < now.addingTimeInterval(-PortalSubmissionKey.retention))
            outcome.submissionKeys = try await keys.count()
            try await keys.delete()
            return outcome
        } ?? Outcome(ran: false)
    }
}
