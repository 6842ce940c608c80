import CapuyCore
import Fluent
import Foundation
import Vapor

/// Sessions live in the database so that any instance can serve any request.
enum SessionStore {
    static let webLifetime: TimeInterval = 12 * 3600
    static let apiLifetime: TimeInterval = 24 * 3600

    /// Creates a session and returns its token; only the token's hash is kept.
    static func open(for userID: UUID, kind: String, on db: any Database, now: Date = Date()) async throws -> (token: String, expiresAt: Date) {
        let token = Digest.randomToken()
        let session = UserSession()
        session.tokenHash = Digest.sha256Hex(Data(token.utf8))
        session.$user.id = userID
        session.kind = kind
        session.expiresAt = now.addingTimeInterval(kind == "api" ? apiLifetime : webLifetime)
        try await session.create(on: db)
        return (token, session.expiresAt)
    }

    static func close(token: String, on db: any Database) async throws {
        try await UserSession.query(on: db).filter(\.$tokenHash == Digest.sha256Hex(Data(token.utf8))).delete()
    }

    /// Resolves a token to its principal, or nil if unknown, expired or the
    /// user was deactivated.
    static func principal(for token: String, on db: any Database, now: Date = Date()) async throws -> Principal? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        guard let session = try await UserSession.query(on: db)
            .filter(\.$tokenHash == Digest.sha256Hex(Data(token.utf8)))
            .filter(\.$expiresAt > now)
            .with(\.$user)
            .first(),
            session.user.active, let sessionID = session.id, let userID = session.user.id
        else { return nil }
        let grants = try await Grant.query(on: db).filter(\.$user.$id == userID).all()
        return Principal(userId: userID, username: session.user.username, displayName: session.user.displayName,
                         sessionId: sessionID, grants: grants.compactMap(grantInfo), memberId: session.user.memberId)
    }

    static func grantInfo(_ g: Grant) -> GrantInfo? {
        guard let role = g.role, let path = TreePath(g.organizationPath) else { return nil }
        return GrantInfo(role: role, organizationId: g.$organization.id, path: path)
    }
}

/// Reads the bearer token on API routes and the session cookie on pages,
/// never the other way round: the API is exempt from CSRF checks, so a
/// browser's cookie must not be able to drive it.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "capuy_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let token = request.url.path.hasPrefix("/api/")
            ? request.headers.bearerAuthorization?.token
            : request.cookies[Self.cookieName]?.string
        if let token, let principal = try await SessionStore.principal(for: token, on: request.db) {
            request.auth.login(principal)
        }
        return try await next.respond(to: request)
    }
}
