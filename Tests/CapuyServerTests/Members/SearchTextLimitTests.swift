@testable import CapuyServer
import CapuyCore
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 16, "Bad input": a search string of 10,000 characters is refused
/// with a reason, on every list that searches, and on the member page.
@Suite("Search text limit")
struct SearchTextLimitTests {
    @Test("Members, units, documents and cases refuse a 10,000-character search with 422 and a Vietnamese reason; 200 characters still search")
    func longSearch() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vanphong-tinh", .office, at: f.p)
            let long = String(repeating: "nguyễn ", count: 1_430)
            #expect(long.count > 10_000)
            let q = long.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            for path in ["/api/v1/members?q=", "/api/v1/organizations?q=", "/api/v1/documents?q=", "/api/v1/cases?q="] {
                let res = try await API.call(app, .GET, path + q, token: token)
                #expect(res.status == .unprocessableEntity, "\(path)")
                #expect(res.body.string.contains("Chuỗi tìm kiếm dài quá 200 ký tự"), "\(path)")
            }
            let fits = String(repeating: "a", count: SearchText.maxLength)
            #expect(try await API.call(app, .GET, "/api/v1/members?q=" + fits, token: token).status == .ok)
            let cookie = try await WebSession.cookie(app, "vanphong-tinh")
            let page = try await WebSession.get(app, SiteURL.members.path + "?q=" + q, cookie: cookie)
            #expect(page.status == .unprocessableEntity && page.body.string.contains("Chuỗi tìm kiếm dài quá 200 ký tự"))
        }
    }
}
