import CapuyCore
import Fluent
import Foundation
import Vapor

/// Signs users in, with throttling so that passwords cannot be guessed at
/// speed, yet no stranger can lock someone else out (issue 14, item 7):
/// - 5 failures for one account from one client address lock that pair;
/// - 30 failures from one address lock the address;
/// - 100 failures for one account from anywhere lock the account, so a
///   guess spread over many addresses still stops, and locking an account
///   takes at least four addresses working at it.
enum LoginService {
    static let maxFailuresPerUserAndClient = 5
    static let maxFailuresPerClient = 30
    static let maxFailuresPerUser = 100
    static let window: TimeInterval = 15 * 60
    static let lockout: TimeInterval = 15 * 60

    enum Failure: Error, Equatable {
        case invalidCredentials
        case locked(seconds: Int)

        var minutes: Int {
            if case .locked(let seconds) = self { return max(1, (seconds + 59) / 60) }
            return 0
        }

        var retryAfter: Int? {
            if case .locked(let seconds) = self { return seconds }
            return nil
        }

        var message: String {
            switch self {
            case .invalidCredentials: "Tên đăng nhập hoặc mật khẩu không đúng."
            case .locked: "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau \(minutes) phút."
            }
        }

        var messageEn: String {
            switch self {
            case .invalidCredentials: "Wrong username or password."
            case .locked: "Too many failed sign-ins. Try again in \(minutes) minutes."
            }
        }
    }

    static func signIn(username: String, password: String, kind: String, client: String,
                       context: CapuyContext, db: any Database) async throws -> (token: String, expiresAt: Date, user: User) {
        let now = context.now()
        let name = username.lowercased().prefix(100)
        let userKey = "u:" + name
        let pairKey = "uc:" + name + "|" + client.prefix(100)
        let clientKey = "c:" + client.prefix(100)
        for key in [pairKey, clientKey, userKey] {
            if let t = try await LoginThrottle.query(on: db).filter(\.$key == key).first(),
               let until = t.lockedUntil, until > now {
                throw Failure.locked(seconds: CheckedNumber.int(min(lockout, until.timeIntervalSince(now)).rounded(.up)) ?? Int(lockout))
            }
        }
        let user = try await User.query(on: db).filter(\.$username == username.lowercased()).first()
        // Verify against a dummy hash when the user is unknown, so the answer
        // takes as long for a wrong name as for a wrong password.
        let hash = user?.passwordHash ?? dummyHash
        let ok = try await context.hasher.verify(password, against: hash)
        guard ok, let user, user.active, let userID = user.id else {
            try await recordFailure(pairKey, limit: maxFailuresPerUserAndClient, now: now, db: db)
            try await recordFailure(clientKey, limit: maxFailuresPerClient, now: now, db: db)
            try await recordFailure(userKey, limit: maxFailuresPerUser, now: now, db: db)
            throw Failure.invalidCredentials
        }
        try await LoginThrottle.query(on: db).filter(\.$key == pairKey).delete()
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
