import Foundation
import Vapor

struct SessionAPIController: RouteCollection {
    struct SignIn: Content {
        var username: String
        var password: String
    }

    struct Token: Content {
        let token: String
        let expiresAt: Date
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.post("sessions", use: create)
        routes.delete("sessions", "current", use: delete)
    }

    func create(req: Request) async throws -> Response {
        let input = try req.input(SignIn.self)
        do {
            let s = try await LoginService.signIn(username: input.username, password: input.password, kind: "api",
                                                  client: req.clientKey, context: req.capuy, db: req.db)
            return try await Token(token: s.token, expiresAt: s.expiresAt).encodeResponse(status: .created, for: req)
        } catch let failure as LoginService.Failure {
            switch failure {
            case .invalidCredentials: throw Refusal(.unauthorized, failure.message, en: failure.messageEn)
            case .locked: throw Refusal(.tooManyRequests, failure.message, en: failure.messageEn, retryAfter: failure.retryAfter)
            }
        }
    }

    func delete(req: Request) async throws -> HTTPStatus {
        _ = try req.principal
        if let token = req.headers.bearerAuthorization?.token {
            try await SessionStore.close(token: token, on: req.db)
        }
        return .noContent
    }
}

extension Request {
    /// The client address for throttling: the balancer's X-Forwarded-For when
    /// CAPUY_TRUST_PROXY says the app runs behind one, otherwise the peer address.
    /// The last entry is the one our balancer appended; earlier ones are
    /// whatever the client sent, so trusting them would let anyone dodge the throttles.
    var clientKey: String {
        if capuy.settings.trustProxy, let forwarded = headers[canonicalForm: "X-Forwarded-For"].last {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
