@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Jobs: session clean-up")
struct SessionCleanupTests {
    @Test("Expired sessions and old throttle rows go; live ones stay; another holder's lease stops the run")
    func cleanup() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vp-tinh", .office, at: f.p)
            let live = try #require(try await UserSession.query(on: app.db).first())
            let now = Date()
            let expired = UserSession()
            expired.tokenHash = String(repeating: "a", count: 64)
            expired.$user.id = live.$user.id
            expired.kind = live.kind
            expired.expiresAt = now.addingTimeInterval(-60)
            try await expired.create(on: app.db)
            for (key, age, lockedFor) in [("old", 3.0 * 86400, nil), ("recent", 600.0, nil), ("old-locked-long", 3.0 * 86400, 4.0 * 86400 as Double?)] {
                let t = LoginThrottle()
                t.key = key
                t.failures = 5
                t.windowStart = now.addingTimeInterval(-age)
                t.lockedUntil = lockedFor.map { now.addingTimeInterval(-age + $0) }
                try await t.create(on: app.db)
            }

            #expect(try await JobLease.acquire(SessionCleanupJob.leaseName, holder: "other", for: 600, on: app.db, now: now))
            #expect(try await SessionCleanupJob(db: app.db, now: now).run(holder: "me").ran == false)
            try await JobLease.release(SessionCleanupJob.leaseName, holder: "other", on: app.db)

            let outcome = try await SessionCleanupJob(db: app.db, now: now).run(holder: "me")
            #expect(outcome == .init(sessions: 1, throttles: 1, ran: true))
            #expect(try await UserSession.query(on: app.db).count() == 1)
            #expect(Set(try await LoginThrottle.query(on: app.db).all().map(\.key)) == ["recent", "old-locked-long"])
            // The live session still works.
            #expect(try await API.call(app, .GET, "/api/v1/me", token: token).status == .ok)
        }
    }
}
