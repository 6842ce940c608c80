import CapuyCore
import Fluent
import Foundation

extension UserService {
    /// What a reset records: never the password or its hash.
    struct PasswordReset: Encodable {
        let username: String
        let sessionsClosed: Int
        let unlocked: Bool
    }

    /// Sets a new password from the server's console (`capuy users
    /// reset-password`), for the administrator who lost hers or an account
    /// locked by guessing (issue 14, item 7). Every session of the account is
    /// closed, its sign-in locks are lifted, and the reset is audited.
    func resetPassword(username typed: String, to password: String) async throws -> PasswordReset {
        let username = typed.trimmingCharacters(in: .whitespaces).lowercased()
        if let problem = PasswordHasher.problems(with: password) {
            throw ValidationFailure(field: "password", problem, en: "The password must be 10 to 72 characters long.")
        }
        guard let user = try await User.query(on: db).filter(\.$username == username).with(\.$grants).first() else {
            throw ValidationFailure(field: "username", "Không có tài khoản “\(username.prefix(40))”.", en: "No account “\(username.prefix(40))”.")
        }
        let hash = try await hasher.hash(password)
        return try await db.write(as: actor) { tx, trail in
            user.passwordHash = hash
            try await user.save(on: tx)
            let sessions = try await UserSession.query(on: tx).filter(\.$user.$id == user.id!).count()
            try await UserSession.query(on: tx).filter(\.$user.$id == user.id!).delete()
            // LIKE finds the candidates ("_" in a username is a wildcard there); the prefix decides.
            let pairPrefix = "uc:" + username + "|"
            let locks = try await LoginThrottle.query(on: tx).group(.or) {
                $0.filter(\.$key == "u:" + username).filter(\.$key, .custom("LIKE"), pairPrefix + "%")
            }.all().filter { $0.key == "u:" + username || $0.key.hasPrefix(pairPrefix) }
            for lock in locks { try await lock.delete(on: tx) }
            let unlocked = locks.contains { ($0.lockedUntil ?? .distantPast) > Date() }
            let reset = PasswordReset(username: username, sessionsClosed: sessions, unlocked: unlocked)
            trail.record("user.resetPassword", entity: "user", id: user.id!, path: user.grants.first?.organizationPath ?? "", after: reset)
            return reset
        }
    }
}
