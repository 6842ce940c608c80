import CapuyCore
import Fluent
import Foundation

final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    @Field(key: "username") var username: String
    @Field(key: "display_name") var displayName: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "active") var active: Bool
    /// The member this account belongs to, if any: cases that exclude the
    /// member (R-CASE-5) are hidden from the account.
    @OptionalField(key: "member_id") var memberId: UUID?
    @Children(for: \.$user) var grants: [Grant]
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A role over one unit's whole subtree.
final class Grant: Model, @unchecked Sendable {
    static let schema = "grants"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "role") var roleRaw: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var role: Role? { Role(rawValue: roleRaw) }
}

/// A signed-in session, kept in the database so every instance shares it.
/// Only the SHA-256 of the token is stored: a copy of the table opens nothing.
final class UserSession: Model, @unchecked Sendable {
    static let schema = "sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    @Field(key: "kind") var kind: String
    @Field(key: "expires_at") var expiresAt: Date
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Failed sign-ins per key (a username or a client address) in a window.
final class LoginThrottle: Model, @unchecked Sendable {
    static let schema = "login_throttles"

    @ID(key: .id) var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "failures") var failures: Int
    @Field(key: "window_start") var windowStart: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?

    init() {}

    /// The key's row (new if none), its count restarted when the window has passed.
    static func counter(_ key: String, window: TimeInterval, now: Date, on db: any Database) async throws -> LoginThrottle {
        let t = try await LoginThrottle.query(on: db).filter(\.$key == key).first() ?? {
            let t = LoginThrottle()
            t.key = key
            t.failures = 0
            t.windowStart = now
            return t
        }()
        if now.timeIntervalSince(t.windowStart) > window {
            t.failures = 0
            t.windowStart = now
            t.lockedUntil = nil
        }
        return t
    }
}
