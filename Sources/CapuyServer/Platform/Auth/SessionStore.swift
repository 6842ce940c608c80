import CapuyCore
import Fluent
import SQLKit
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
    /// `kind` is the interface asking ("web" for the cookie, "api" for the
    /// bearer): a token opened for one is not a credential for the other
    /// (issue 14, item 7: an API token used to work as the web cookie).
    static func principal(for token: String, kind: String, on db: any Database, inherited cache: InheritedRecords.Cache? = nil,
                          now: Date = Date()) async throws -> Principal? {
        guard !token.isEmpty, token.count < 200 else { return nil }
        // Plain rows, not Fluent models: this runs on every request, and
        // decoding models by reflection cost more than the queries themselves.
        struct SessionRow: Decodable {
            let session_id: UUID, user_id: UUID, username: String, display_name: String, active: Bool, member_id: UUID?
            let role: String?, organization_id: UUID?, organization_path: String?
        }
        // One row per grant (one with no grant columns for a user without
        // grants): the session and the grants in one round trip.
        let rows = try await db.sql.raw("""
            SELECT s.id AS session_id, u.id AS user_id, u.username, u.display_name, u.active, u.member_id,
                   g.role, g.organization_id, g.organization_path
            FROM \(unsafeRaw: UserSession.schema) s JOIN \(unsafeRaw: User.schema) u ON u.id = s.user_id
            LEFT JOIN \(unsafeRaw: Grant.schema) g ON g.user_id = u.id
            WHERE s.token_hash = \(bind: Digest.sha256Hex(Data(token.utf8))) AND s.kind = \(bind: kind) AND s.expires_at > \(bind: now)
            """).all(decoding: SessionRow.self)
        guard let s = rows.first, s.active else { return nil }
        let infos = rows.compactMap { g -> GrantInfo? in
            guard let role = g.role, let id = g.organization_id, let path = g.organization_path else { return nil }
            return GrantInfo(roleRaw: role, organizationId: id, path: path)
        }
        return Principal(userId: s.user_id, username: s.username, displayName: s.display_name, sessionId: s.session_id,
                         grants: infos, memberId: s.member_id, inherited: try await InheritedRecords.grants(for: infos, on: db, cache: cache, now: now))
    }

    static func grantInfo(_ g: Grant) -> GrantInfo? {
        GrantInfo(roleRaw: g.roleRaw, organizationId: g.$organization.id, path: g.organizationPath)
    }
}

/// Reads the bearer token on API routes and the session cookie on pages,
/// never the other way round: the API is exempt from CSRF checks, so a
/// browser's cookie must not be able to drive it.
struct SessionAuthenticator: AsyncMiddleware {
    static let cookieName = "capuy_session"

    /// Over TLS (CAPUY_SECURE_COOKIES) the cookie is `__Host-` prefixed: the
    /// browser then accepts it only Secure, for this host and path "/", so a
    /// neighbouring subdomain cannot plant or shadow it (issue 14, item 7).
    static func cookieName(secure: Bool) -> String { secure ? "__Host-" + cookieName : cookieName }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let isAPI = request.url.path.hasPrefix("/api/")
        let token = isAPI ? request.headers.bearerAuthorization?.token : request.cookies[Self.cookieName(secure: request.capuy.settings.secureCookies)]?.string
        if let token, let principal = try await SessionStore.principal(for: token, kind: isAPI ? "api" : "web", on: request.db,
                                                                                  inherited: request.capuy.inheritedRecords) {
            request.auth.login(principal)
        }
        return try await next.respond(to: request)
    }
}
