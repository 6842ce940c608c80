import Fluent
import Foundation

/// Deletes expired sessions and sign-in throttle rows whose window and lock
/// are long over, so neither table grows without end.
struct SessionCleanupJob {
    static let leaseName = "session-cleanup"
    /// A throttle row is kept a day after its window, for the record of an attack.
    static let throttleRetention: TimeInterval = 24 * 3600

    let db: any Database
    let now: Date

    struct Outcome: Sendable, Equatable {
        var sessions = 0
        var throttles = 0
        var ran = true
    }

    func run(holder: String) async throws -> Outcome {
        try await JobLease.run(Self.leaseName, holder: holder, for: 600, on: db, now: now) {
            let sessions = UserSession.query(on: db).filter(\.$expiresAt < now)
            let cutoff = now.addingTimeInterval(-Self.throttleRetention)
            let throttles = LoginThrottle.query(on: db).filter(\.$windowStart < cutoff)
                .group(.or) { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil < cutoff) }
            let outcome = Outcome(sessions: try await sessions.count(), throttles: try await throttles.count())
            try await sessions.delete()
            try await throttles.delete()
            return outcome
        } ?? Outcome(ran: false)
    }
}
