import ArgumentParser
import Vapor

/// bcrypt off the event loop: a hash takes a quarter of a second at cost 12.
struct PasswordHasher: Sendable {
    let cost: Int
    let threadPool: NIOThreadPool

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }

    /// A password a person must choose: long enough to resist guessing.
    static func problems(with password: String) -> String? {
        if password.count < 10 { return "Mật khẩu phải có ít nhất 10 ký tự." }
        if password.count > 72 { return "Mật khẩu không được dài quá 72 ký tự." }
        return nil
    }
}

/// The first administrator's password for the demo and generated datasets:
/// CAPUY_ADMIN_PASSWORD when set (checked like any password, the variable
/// named on refusal), otherwise made up and shown once on the terminal.
enum AdminPassword {
    static func fromEnvironment() throws -> (password: String, given: Bool) {
        guard let given = ProcessInfo.processInfo.environment["CAPUY_ADMIN_PASSWORD"] else {
            return (Digest.randomToken().prefix(16).description, false)
        }
        if let problem = PasswordHasher.problems(with: given) {
            throw CleanExit.message("CAPUY_ADMIN_PASSWORD: \(problem) It must be 10 to 72 characters long.")
        }
        return (given, true)
    }
}
