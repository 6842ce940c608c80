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
