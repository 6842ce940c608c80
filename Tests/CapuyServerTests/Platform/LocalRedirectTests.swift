@testable import CapuyServer
import CapuyCore
import Foundation
import PropertyBased
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 7: the language switch (its Referer) and the sign-in form
/// (its `next`) send the browser back only to a path of this site.
@Suite("Redirects stay on the site: Referer of /ngon-ngu and the sign-in next (issue 14, item 7)")
struct LocalRedirectTests {
    static let attacks = ["//evil.example", "/\t/evil.example", "/\\evil.example", "/\n/evil.example", "/ /evil.example",
                          "https://evil.example", "/%09/evil.example".removingPercentEncoding!, "\u{0}/", "/\u{3000}/evil.example"]

    /// What a browser does to a Location before resolving it: drops tabs and
    /// newlines, turns backslashes into slashes, trims spaces and controls.
    static func asBrowserReads(_ location: String) -> String {
        let dropped = location.unicodeScalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        return String(String.UnicodeScalarView(dropped)).replacingOccurrences(of: "\\", with: "/")
            .trimmingCharacters(in: .whitespacesAndNewlines.union(.controlCharacters))
    }

    @Test("Any text: the answer is a path of this site however a browser reads it")
    func anyText() async {
        for text in Self.attacks { check(text) }
        #expect(SessionWebController.safeNext("/van-ban?trang=2") == "/van-ban?trang=2")
        await propertyCheck(count: 2000, input: Gen<Character?>.element(of: Array("/\\\t\n %09aé:.?@\u{0}")).array(of: 0...12)
            .map { String($0.compactMap { $0 }) }) { text in check(text) }
    }

    private func check(_ text: String) {
        let read = Self.asBrowserReads(SessionWebController.safeNext(text))
        #expect(read.hasPrefix("/") && !read.hasPrefix("//"), "\(text.debugDescription) → \(read.debugDescription)")
    }

    @Test("The language switch with a Referer holding an encoded tab goes home; a plain Referer goes back to its path")
    func languageSwitch() async throws {
        try await TestApp.withApp { app async throws in
            // given
            func go(_ referer: String) async throws -> String? {
                var headers = HTTPHeaders()
                headers.replaceOrAdd(name: .referer, value: referer)
                return try await app.testing().sendRequest(.GET, "/ngon-ngu/en", headers: headers).headers.first(name: .location)
            }
            // when / then
            #expect(try await go("https://capuy.example/%09/evil.example/x") == "/%09/evil.example/x")
            #expect(try await go("https://capuy.example//evil.example") == SiteURL.home.path)
            #expect(try await go("https://capuy.example/van-ban?nam=2026") == "/van-ban?nam=2026")
        }
    }

    @Test("The sign-in form's next with a tab goes home after signing in")
    func signInNext() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            _ = try await f.user(app, "quan-tri", .admin, at: f.p)
            // when
            let res = try await WebSession.post(app, "/dang-nhap", cookie: "\(CSRFProtection.cookieName)=\(WebSession.csrf)",
                                                form: ["username": "quan-tri", "password": Fixture.password, "next": "/\t/evil.example"])
            // then
            #expect(res.headers.first(name: .location) == SiteURL.home.path, "\(res.status)")
        }
    }
}
