import Foundation
import Vapor

/// Sign-in, sign-out and the language switch.
struct SessionWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("dang-nhap", use: form)
        routes.post("dang-nhap", use: signIn)
        routes.post("dang-xuat", use: signOut)
        routes.get("ngon-ngu", ":lang", use: switchLanguage)
    }

    struct LoginModel: Encodable {
        let action = SiteURL.login.path
        let next: String
        let username: String
        let error: String?
    }

    func form(req: Request) async throws -> Response {
        if req.auth.has(Principal.self) { return req.redirect(to: SiteURL.home.path) }
        let next = Self.safeNext(req.query[String.self, at: "next"])
        return try await req.page("login", title: req.language.pick("Đăng nhập", "Sign in"),
                                  LoginModel(next: next, username: "", error: nil))
    }

    func signIn(req: Request) async throws -> Response {
        let username = req.field("username") ?? ""
        let password = (try? req.content.get(String.self, at: "password")) ?? ""
        let next = Self.safeNext(req.field("next"))
        do {
            let s = try await LoginService.signIn(username: username, password: password, kind: "web",
                                                  client: req.clientKey, context: req.capuy, db: req.db)
            let response = req.redirect(to: next)
            response.cookies[SessionAuthenticator.cookieName(secure: req.capuy.settings.secureCookies)] = HTTPCookies.Value(
                string: s.token, expires: s.expiresAt, path: "/", isSecure: req.capuy.settings.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let failure as LoginService.Failure {
            let status: HTTPResponseStatus = failure == .invalidCredentials ? .unauthorized : .tooManyRequests
            let page = try await req.page("login", title: req.language.pick("Đăng nhập", "Sign in"),
                                          LoginModel(next: next, username: username,
                                                     error: req.language.pick(failure.message, failure.messageEn)),
                                          status: status)
            if let seconds = failure.retryAfter { page.headers.replaceOrAdd(name: "Retry-After", value: String(seconds)) }
            return page
        }
    }

    func signOut(req: Request) async throws -> Response {
        if let token = req.cookies[SessionAuthenticator.cookieName(secure: req.capuy.settings.secureCookies)]?.string {
            try await SessionStore.close(token: token, on: req.db)
        }
        let response = req.redirect(to: SiteURL.login.path)
        let secure = req.capuy.settings.secureCookies
        response.cookies[SessionAuthenticator.cookieName(secure: secure)] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", isSecure: secure, isHTTPOnly: true)
        return response
    }

    func switchLanguage(req: Request) async throws -> Response {
        let lang = Language(rawValue: req.parameters.get("lang") ?? "") ?? .vi
        // The Referer's path as sent, still percent-encoded: decoding it first
        // turned "%09/evil.example" into a tab that browsers drop (issue 14, item 7).
        let back = Self.safeNext(req.headers.first(name: .referer).flatMap { URLComponents(string: $0) }.map { url in
            url.percentEncodedPath + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        })
        let response = req.redirect(to: back)
        response.cookies[Language.cookieName] = HTTPCookies.Value(string: lang.rawValue, maxAge: 365 * 24 * 3600,
                                                                 path: "/", isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// Only local paths: a sign-in link can never send someone to another site.
    /// Every character must be one a URL's path or query may hold as it is
    /// (letters, digits, `-._~!$&'()*+,;=:@/?%`): no space, tab, control or
    /// backslash, which browsers drop or turn into `/` and so make `//host`.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), raw.utf8.allSatisfy(isPlainURLByte),
              !raw.hasPrefix(SiteURL.login.path) else { return SiteURL.home.path }
        return raw
    }

    private static func isPlainURLByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: Array("-._~!$&'()*+,;=:@/?%".utf8).contains(byte)
        }
    }
}
