import CapuyCore
import Vapor

/// Double-submit CSRF protection for every form: a random token lives in a
/// SameSite=Strict, HttpOnly cookie and is repeated in a hidden field; a POST
/// whose field does not match the cookie is refused. The API is exempt: it
/// authenticates with bearer tokens that a browser never sends on its own.
struct CSRFProtection: AsyncMiddleware {
    static let cookieName = "capuy_csrf"
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
            let cookie = request.cookies[Self.cookieName]?.string ?? ""
            let field: String
            do {
                field = try request.content.get(String.self, at: Self.fieldName)
            } catch let refused as ValidationFailure {
                throw refused // a NUL in the form: say so rather than "the form has expired"
            } catch {
                field = ""
            }
            guard !cookie.isEmpty, constantTimeEqual(cookie, field) else {
                throw Abort(.forbidden, reason: "csrf")
            }
        }
        let response = try await next.respond(to: request)
        if !isAPI, request.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = Self.cookie(request.csrfToken, secure: request.capuy.settings.secureCookies)
        }
        return response
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

    /// The token forms must carry: the cookie's, or a new one that the
    /// middleware sets on the response.
    var csrfToken: String {
        if let existing = cookies[CSRFProtection.cookieName]?.string { return existing }
        if let made = storage[CSRFKey.self] { return made }
        let token = Digest.randomToken()
        storage[CSRFKey.self] = token
        return token
    }
}
