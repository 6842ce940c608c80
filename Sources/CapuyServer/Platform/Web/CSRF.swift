import CapuyCore
import Crypto
import Foundation
import Vapor

/// CSRF protection for every form. Signed in, the token is bound to the
/// session: an HMAC of the session's id under a key derived from the data key,
/// so a cookie planted by a neighbouring site cannot make one (issue 14,
/// item 7). Signed out (the sign-in form, the citizens' portal), it is a
/// double-submit token: random, in a SameSite=Strict, HttpOnly cookie and
/// repeated in a hidden field. The API is exempt: it authenticates with
/// bearer tokens that a browser never sends on its own.
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "capuy_csrf"

    /// `__Host-` prefixed over TLS, like the session cookie.
    static func cookieName(secure: Bool) -> String { secure ? "__Host-" + cookieName : cookieName }
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let isAPI = request.url.path.hasPrefix("/api/")
        if request.method == .POST, !isAPI {
            // A browser's multipart upload can arrive in several reads and
            // reach this point still streaming; collect it (the route's own
            // collection then reuses it) so the token field can be read.
            if request.body.data == nil {
                _ = try await request.body.collect(max: request.capuy.settings.attachmentMaxBytes + 1_048_576).get()
            }
            let expected = request.auth.get(Principal.self).map { Self.token(forSession: $0.sessionId, key: request.capuy.dataKey) }
                ?? request.cookies[Self.cookieName(secure: request.capuy.settings.secureCookies)]?.string ?? ""
            let field: String
            do {
                field = try request.content.get(String.self, at: Self.fieldName)
            } catch let refused as ValidationFailure {
                throw refused // a NUL in the form: say so rather than "the form has expired"
            } catch {
                field = ""
            }
            guard !expected.isEmpty, constantTimeEqual(expected, field) else {
                throw Abort(.forbidden, reason: "csrf")
            }
        }
        let response = try await next.respond(to: request)
        let name = Self.cookieName(secure: request.capuy.settings.secureCookies)
        if !isAPI, request.cookies[name] == nil {
            response.cookies[name] = Self.cookie(request.anonymousCSRFToken, secure: request.capuy.settings.secureCookies)
        }
        return response
    }

    /// The form token of a signed-in session.
    static func token(forSession id: UUID, key: DataKey) -> String {
        let formKey = SymmetricKey(data: HMAC<SHA256>.authenticationCode(for: Data("capuy-csrf-v1".utf8), using: key.key))
        let mac = HMAC<SHA256>.authenticationCode(for: Data(id.uuidString.utf8), using: formKey)
        return Data(mac).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func cookie(_ token: String, secure: Bool) -> HTTPCookies.Value {
        HTTPCookies.Value(string: token, maxAge: 12 * 3600, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .strict)
    }

    private func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }

    /// The token forms must carry: bound to the session when signed in,
    /// else the visitor's double-submit token.
    var csrfToken: String {
        if let principal = auth.get(Principal.self) { return CSRFProtection.token(forSession: principal.sessionId, key: capuy.dataKey) }
        return anonymousCSRFToken
    }

    /// The double-submit token of a visitor not signed in: the cookie's, or
    /// a new one that the middleware sets on the response.
    var anonymousCSRFToken: String {
        if let existing = cookies[CSRFProtection.cookieName(secure: capuy.settings.secureCookies)]?.string { return existing }
        if let made = storage[CSRFKey.self] { return made }
        let token = Digest.randomToken()
        storage[CSRFKey.self] = token
        return token
    }
}
