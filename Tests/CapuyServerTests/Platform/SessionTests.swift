@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Sessions and sign-in throttling")
struct SessionTests {
    @Test("A token from POST /api/v1/sessions authenticates; signing out revokes it")
    func tokenLifecycle() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vanphong", .office, at: f.a)
            let me = try await API.call(app, .GET, "/api/v1/me", token: token)
            #expect(me.status == .ok)
            #expect(try me.content.get(String.self, at: "username") == "vanphong")
            // Only a hash of the token is stored.
            #expect(try await UserSession.query(on: app.db).filter(\.$tokenHash == token).count() == 0)
            #expect(try await API.call(app, .DELETE, "/api/v1/sessions/current", token: token).status == .noContent)
            #expect(try await API.call(app, .GET, "/api/v1/me", token: token).status == .unauthorized)
        }
    }

    /// A sign-in from a given client address (behind a trusted proxy).
    static func signIn(_ app: Application, _ username: String, _ password: String, from client: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: "X-Forwarded-For", value: client)
        let body = try JSONSerialization.data(withJSONObject: ["username": username, "password": password])
        return try await app.testing().sendRequest(.POST, "/api/v1/sessions", headers: headers, body: ByteBuffer(data: body))
    }

    @Test("Wrong passwords are refused; the sixth try in a row from that address is throttled even with the right password, with Retry-After")
    func throttling() async throws {
        try await TestApp.withApp(configure: { $0.trustProxy = true }) { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "bithu", .secretary, at: f.a1)
            for _ in 0..<LoginService.maxFailuresPerUserAndClient {
                let res = try await Self.signIn(app, "bithu", "sai-mat-khau-roi", from: "203.0.113.7")
                #expect(res.status == .unauthorized)
            }
            let locked = try await Self.signIn(app, "bithu", Fixture.password, from: "203.0.113.7")
            #expect(locked.status == .tooManyRequests)
            #expect(try locked.content.get(String.self, at: "detail").contains("phút"))
            let retryAfter = try #require(locked.headers.first(name: "Retry-After").flatMap { Int($0) })
            #expect(retryAfter > 0 && retryAfter <= Int(LoginService.lockout))
        }
    }

    @Test("A stranger's wrong passwords do not lock the account's owner out (issue 14, item 7); guesses from many addresses still stop")
    func noLockoutByStrangers() async throws {
        try await TestApp.withApp(configure: { $0.trustProxy = true }) { app in
            // given: an attacker failing the admin's password from one address until locked there
            let f = try await Fixture.make(app)
            try await f.user(app, "quan-tri", .admin, at: f.p)
            for _ in 0...LoginService.maxFailuresPerUserAndClient {
                _ = try await Self.signIn(app, "quan-tri", "doan-bua-1234", from: "198.51.100.9")
            }
            #expect(try await Self.signIn(app, "quan-tri", Fixture.password, from: "198.51.100.9").status == .tooManyRequests)
            // when / then: the admin, from her own address, signs in
            #expect(try await Self.signIn(app, "quan-tri", Fixture.password, from: "192.0.2.10").status == .created)
            // and a guess spread over many addresses is stopped for the account at its limit
            var address = 0
            for i in 0..<LoginService.maxFailuresPerUser {
                if i % LoginService.maxFailuresPerUserAndClient == 0 { address += 1 }
                _ = try await Self.signIn(app, "quan-tri", "doan-bua-1234", from: "198.18.0.\(address)")
            }
            #expect(try await Self.signIn(app, "quan-tri", Fixture.password, from: "192.0.2.11").status == .tooManyRequests)
        }
    }

    @Test("An unknown user gets the same answer as a wrong password")
    func unknownUser() async throws {
        try await TestApp.withApp { app in
            let res = try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "khongco", "password": "whatever-123"])
            #expect(res.status == .unauthorized)
            #expect(try res.content.get(String.self, at: "detail") == "Tên đăng nhập hoặc mật khẩu không đúng.")
        }
    }

    @Test("A made-up bearer token is not a session")
    func bogusToken() async throws {
        try await TestApp.withApp { app in
            let res = try await API.call(app, .GET, "/api/v1/me", token: "not-a-token")
            #expect(res.status == .unauthorized)
        }
    }
}

@Suite("Credentials per interface")
struct CredentialSeparationTests {
    @Test("The API ignores the page cookie, and pages ignore a bearer token")
    func separated() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vanphong", .office, at: f.p)
            let cookie = try await WebSession.cookie(app, "vanphong")
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: cookie)
            let api = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers)
            #expect(api.status == .unauthorized)
            var bearer = HTTPHeaders()
            bearer.bearerAuthorization = .init(token: token)
            let page = try await app.testing().sendRequest(.GET, "/to-chuc", headers: bearer)
            #expect(page.status == .seeOther)
        }
    }

    @Test("Over TLS the cookies are __Host- prefixed and Secure, and the plain names are not read (issue 14, item 7)")
    func hostPrefixedCookies() async throws {
        try await TestApp.withApp(configure: { $0.secureCookies = true }) { app in
            // given
            let f = try await Fixture.make(app)
            _ = try await f.user(app, "vanphong", .office, at: f.p)
            func cookie(_ res: TestingHTTPResponse, _ name: String) -> (value: String, line: String)? {
                guard let line = res.headers[.setCookie].first(where: { $0.hasPrefix(name + "=") }) else { return nil }
                return (String(line.dropFirst(name.count + 1).prefix { $0 != ";" }), line)
            }
            // when: the sign-in form, then signing in with its token
            let form = try await WebSession.get(app, "/dang-nhap", cookie: nil)
            let csrf = try #require(cookie(form, "__Host-capuy_csrf"))
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: "__Host-capuy_csrf=\(csrf.value)")
            headers.contentType = .urlEncodedForm
            let signIn = try await app.testing().sendRequest(.POST, "/dang-nhap", headers: headers,
                                                             body: ByteBuffer(string: "username=vanphong&password=\(Fixture.password)&_csrf=\(csrf.value)"))
            // then
            #expect(csrf.line.contains("Secure") && csrf.line.contains("Path=/") && !csrf.line.contains("Domain"))
            let session = try #require(cookie(signIn, "__Host-capuy_session"), "\(signIn.status) \(signIn.headers[.setCookie])")
            #expect(session.line.contains("Secure") && session.line.contains("HttpOnly"))
            #expect(try await WebSession.get(app, "/to-chuc", cookie: "__Host-capuy_session=\(session.value)").status == .ok)
            #expect(try await WebSession.get(app, "/to-chuc", cookie: "capuy_session=\(session.value)").status == .seeOther)
        }
    }

    @Test("An API token put in the page cookie is not a session, nor a page session's token as a bearer (issue 14, item 7)")
    func tokensKeepTheirInterface() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let apiToken = try await f.user(app, "vanphong", .office, at: f.p)
            let webToken = try #require(try await WebSession.cookie(app, "vanphong").split(separator: ";").first?
                .split(separator: "=").last.map(String.init))
            // when
            let page = try await WebSession.get(app, "/to-chuc", cookie: "\(SessionAuthenticator.cookieName)=\(apiToken)")
            let api = try await API.call(app, .GET, "/api/v1/me", token: webToken)
            // then
            #expect(page.status == .seeOther)
            #expect(api.status == .unauthorized)
            #expect(try await API.call(app, .GET, "/api/v1/me", token: apiToken).status == .ok)
        }
    }
}
