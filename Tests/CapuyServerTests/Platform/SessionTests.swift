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

    @Test("Wrong passwords are refused; the sixth try in a row is throttled even with the right password")
    func throttling() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "bithu", .secretary, at: f.a1)
            for _ in 0..<LoginService.maxFailuresPerUser {
                let res = try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "bithu", "password": "sai-mat-khau-roi"])
                #expect(res.status == .unauthorized)
            }
            let locked = try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "bithu", "password": Fixture.password])
            #expect(locked.status == .tooManyRequests)
            #expect(try locked.content.get(String.self, at: "detail").contains("phút"))
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
}
