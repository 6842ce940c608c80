import Fluent
import Foundation
import Vapor

/// Signs users in, with throttling per username and per client address so
/// that passwords cannot be guessed at speed.
enum LoginService {
    static let maxFailuresPerUser = 5
    static let maxFailuresPerClient = 30
    static let window: TimeInterval = 15 * 60
    static let lockout: TimeInterval = 15 * 60

    enum Failure: Error, Equatable {
        case invalidCredentials
        case locked(minutes: Int)

        var message: String {
            switch self {
            case .invalidCredentials: "Tên đăng nhập hoặc mật khẩu không đúng."
            case .locked(let m): "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau \(m) phút."
            }
        }

        var messageEn: String {
            switch self {
            case .invalidCredentials: "Wrong username or password."
            case .locked(let m): "Too many failed sign-ins. Try again in \(m) minutes."
            }
        }
    }

    static func signIn(username: String, password: String, kind: String, client: String,
                       context: CapuyContext, db: any Database) async throws -> (token: String, expiresAt: Date, user: User) {
        let now = context.now()
        let userKey = "u:" + username.lowercased().prefix(100)
        let clientKey = "c:" + client.prefix(100)
        for key in [userKey, clientKey] {
            if let t = try await LoginThrottle.query(on: db).filter(\.$key == key).first(),
               let until = t.lockedUntil, until > now {
                throw Failure.locked(minutes: max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))))
            }
        }
        let user = try await User.query(on: db).filter(\.$username == username.lowercased()).first()
        // Verify against a dummy hash when the user is unknown, so the answer
        // takes as long for a wrong name as for a wrong password.
        let hash = user?.passwordHash ?? dummyHash
        let ok = try await context.hasher.verify(password, against: hash)
        guard ok, let user, user.active, let userID = user.id else {
            try await recordFailure(userKey, limit: maxFailuresPerUser, now: now, db: db)
            try await recordFailure(clientKey, limit: maxFailuresPerClient, now: now, db: db)
            throw Failure.invalidCredentials
        }
        try await LoginThrottle.query(on: db).filter(\.$key == userKey).delete()
        // Expired sessions are useless; clearing the user's own keeps the table small.
        try await UserSession.query(on: db).filter(\.$user.$id == userID).filter(\.$expiresAt < now).delete()
        let session = try await SessionStore.open(for: userID, kind: kind, on: db, now: now)
        return (session.token, session.expiresAt, user)
    }

    private static func recordFailure(_ key: String, limit: Int, now: Date, db: any Database) async throws {
        let t = try await LoginThrottle.counter(key, window: window, now: now, on: db)
        t.failures += 1
        if t.failures >= limit { t.lockedUntil = now.addingTimeInterval(lockout) }
        try await t.save(on: db)
    }

    /// bcrypt of a random string at cost 12; never matches a real password.
    private static let dummyHash = "$2b$12$C6UzMDM.H6dfI/f/IKxGhu8Ub0QWxWl3v9H9ZyWRm6x6ih7ZDU2tW"
}
