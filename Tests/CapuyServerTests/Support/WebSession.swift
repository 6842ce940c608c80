@testable import CapuyServer
import Fluent
import Foundation
import Vapor
import VaporTesting

/// Signed-in page requests for tests: a real session row and its cookie.
enum WebSession {
    static let csrf = "test-csrf-token"

    static func cookie(_ app: Application, _ username: String) async throws -> String {
        guard let user = try await User.query(on: app.db).filter(\.$username == username).first() else { throw Abort(.notFound) }
        let session = try await SessionStore.open(for: user.id!, kind: "web", on: app.db)
        return "\(SessionAuthenticator.cookieName)=\(session.token); \(CSRFProtection.cookieName)=\(csrf)"
    }

    static func get(_ app: Application, _ path: String, cookie: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        return try await app.testing().sendRequest(.GET, path, headers: headers)
    }

    /// The form token of the session in `cookie`, as a signed-in page would
    /// carry it (issue 14, item 7: bound to the session), or nil when signed out.
    static func signedInToken(_ app: Application, cookie: String?) async throws -> String? {
        let prefix = SessionAuthenticator.cookieName + "="
        guard let token = cookie?.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
            .first(where: { $0.hasPrefix(prefix) })?.dropFirst(prefix.count),
            let session = try await UserSession.query(on: app.db).filter(\.$tokenHash == Digest.sha256Hex(Data(String(token).utf8))).first()
        else { return nil }
        return CSRFProtection.token(forSession: session.id!, key: app.capuy.dataKey)
    }

    /// A form POST carrying the CSRF token unless `csrf` is nil.
    static func post(_ app: Application, _ path: String, cookie: String?, form: [String: String],
                     csrf: String? = WebSession.csrf) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let cookie { headers.replaceOrAdd(name: .cookie, value: cookie) }
        headers.contentType = .urlEncodedForm
        var fields = form
        if let csrf { fields["_csrf"] = try await csrf == Self.csrf ? signedInToken(app, cookie: cookie) ?? csrf : csrf }
        var c = URLComponents()
        c.queryItems = fields.map { URLQueryItem(name: $0.key, value: $0.value) }
        let body = (c.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }
}
