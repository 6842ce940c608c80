@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 7: a NUL (U+0000) in a name, a title or a search word is
/// refused with a clear message, on SQLite and PostgreSQL alike (PostgreSQL
/// cannot store it, which used to answer 500), and nothing is written.
@Suite("NUL characters: refused in addresses, JSON and forms, nothing written (issue 14, item 7)")
struct NulCharacterTests {
    @Test("A member named with a NUL is refused on the body with 422, and no member is stored")
    func jsonBody() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            // when
            let res = try await API.call(app, .POST, "/api/v1/members", token: token,
                                         json: MemberTests.input("Trần\u{0}Văn An", card: "44000001", org: f.a1))
            // then
            #expect(res.status == .unprocessableEntity)
            #expect(try res.content.get(String.self, at: "errors", 0, "field") == "body")
            #expect(try res.content.get(String.self, at: "detail").contains("NUL"))
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }

    @Test("A backslash followed by the letters u0000 is ordinary text and is stored as typed")
    func escapedBackslashIsText() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await DocWorld.make(app)
            // when: the JSON carries \\u0000, an escaped backslash and then the letters
            let res = try await w.draftResponse(w.p, issuer: w.f.p, title: "Hướng dẫn lưu tệp ở C:\\u0000")
            // then
            #expect(res.status == .created, "\(res.body.string)")
            #expect(try res.content.get(String.self, at: "title") == "Hướng dẫn lưu tệp ở C:\\u0000")
            // and the same title with a real NUL is refused, nothing written
            let nul = try await w.draftResponse(w.p, issuer: w.f.p, title: "Hướng dẫn\u{0}")
            #expect(nul.status == .unprocessableEntity)
            #expect(try await PartyDocument.query(on: app.db).count() == 1)
        }
    }

    @Test("A NUL in a search word answers 400 with a problem document in the API and a Vietnamese page on the web")
    func query() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "quan-tri", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quan-tri")
            // when
            let api = try await API.call(app, .GET, "/api/v1/members?q=Nguy%E1%BB%85n%00", token: token)
            let page = try await WebSession.get(app, "/dang-vien?q=%00", cookie: cookie)
            // then
            #expect(api.status == .badRequest)
            #expect(api.headers.contentType?.subType == "problem+json")
            #expect(try api.content.get(String.self, at: "detail").contains("ký tự NUL"))
            #expect(page.status == .badRequest)
            #expect(page.body.string.contains("ký tự NUL"))
            #expect(try await API.call(app, .GET, "/api/v1/members?q=Nguy%E1%BB%85n", token: token).status == .ok)
        }
    }

    @Test("A sign-in form with a NUL in the user name is refused before any account is looked up")
    func form() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            _ = try await f.user(app, "quan-tri", .admin, at: f.p)
            // when
            let res = try await WebSession.post(app, "/dang-nhap", cookie: "\(CSRFProtection.cookieName)=\(WebSession.csrf)",
                                                form: ["username": "quan-tri\u{0}", "password": "x"])
            // then
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("ký tự NUL"))
        }
    }
}
