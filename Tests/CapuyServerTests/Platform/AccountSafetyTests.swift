@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 7: the accounts cannot be left without an administrator,
/// and the console can always set a new password.
@Suite("Accounts: the last administrator grant stays; a password reset from the console (issue 14, item 7)")
struct AccountSafetyTests {
    static func adminGrant(_ app: Application, _ username: String) async throws -> (user: UUID, grant: UUID) {
        let user = try #require(try await User.query(on: app.db).filter(\.$username == username).first())
        let grant = try #require(try await Grant.query(on: app.db).filter(\.$user.$id == user.id!).first())
        return (user.id!, grant.id!)
    }

    @Test("The only administrator of the province cannot revoke her own grant; once another holds it, she can")
    func lastAdministrator() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "quan-tri", .admin, at: f.p)
            let own = try await Self.adminGrant(app, "quan-tri")
            // when
            let refused = try await API.call(app, .DELETE, "/api/v1/users/\(own.user)/grants/\(own.grant)", token: token)
            // then
            #expect(refused.status == .conflict)
            #expect(try refused.content.get(String.self, at: "detail").contains("quản trị cuối cùng"))
            #expect(try await Grant.find(own.grant, on: app.db) != nil)
            // An administrator of commune A only does not cover the province.
            _ = try await f.user(app, "quan-tri-xa", .admin, at: f.a)
            #expect(try await API.call(app, .DELETE, "/api/v1/users/\(own.user)/grants/\(own.grant)", token: token).status == .conflict)
            // A second administrator of the province does.
            _ = try await f.user(app, "quan-tri-2", .admin, at: f.p)
            #expect(try await API.call(app, .DELETE, "/api/v1/users/\(own.user)/grants/\(own.grant)", token: token).status == .noContent)
        }
    }

    @Test("A reset sets the new password, closes every session, lifts the lock, and is audited without the password")
    func resetPassword() async throws {
        try await TestApp.withApp { app in
            // given: an administrator with a session, locked out by wrong passwords
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "quan-tri", .admin, at: f.p)
            for _ in 0..<LoginService.maxFailuresPerUserAndClient {
                _ = try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "quan-tri", "password": "sai-mat-khau-1"])
            }
            #expect(try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "quan-tri", "password": Fixture.password]).status
                == .tooManyRequests)
            let service = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
            // when
            await #expect(throws: ValidationFailure.self) { try await service.resetPassword(username: "quan-tri", to: "ngan") }
            await #expect(throws: ValidationFailure.self) { try await service.resetPassword(username: "khong-co", to: "mat-khau-moi-dai") }
            let reset = try await service.resetPassword(username: "Quan-Tri", to: "mat-khau-moi-dai")
            // then
            #expect(reset.sessionsClosed == 1 && reset.unlocked)
            #expect(try await API.call(app, .GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "quan-tri", "password": Fixture.password]).status
                == .unauthorized)
            #expect(try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "quan-tri", "password": "mat-khau-moi-dai"]).status
                == .created)
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "user.resetPassword").all()
            #expect(events.count == 1)
            #expect(events.allSatisfy { !($0.after ?? "").contains("mat-khau") && !($0.after ?? "").contains("$2") })
        }
    }
}
