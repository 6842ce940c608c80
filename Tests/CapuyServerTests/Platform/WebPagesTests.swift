@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Pages")
struct WebPagesTests {
    @Test("Every page renders for an administrator, in Vietnamese, with the security headers")
    func everyPage() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            let m = try await f.member(app, "Nguyễn Văn Nên", in: f.a1, card: "44000009")
            let cookie = try await WebSession.cookie(app, "quantri")
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "quantri").first())
            let pages: [(String, String)] = [
                ("/", "Cần làm hôm nay"), ("/to-chuc", "Đảng bộ tỉnh Thử nghiệm"), ("/to-chuc?q=an phu", "Đảng bộ xã An Phú"),
                ("/to-chuc/\(f.a.id!)", "Chi bộ thôn 1"), ("/to-chuc/\(f.a.id!)/them", "Thêm đơn vị trực thuộc"),
                ("/to-chuc/\(f.a1.id!)/sua", "Sửa đơn vị"), ("/to-chuc/\(f.a1.id!)/chuyen", "Đảng bộ phường Bình Minh"),
                ("/to-chuc/\(f.a2.id!)/giai-the", "Giải thể"), ("/to-chuc/\(f.a.id!)/nhat-ky", "Tạo đơn vị"),
                ("/dang-vien", "Nguyễn Văn Nên"), ("/dang-vien?q=nguyen van nen", "44000009"),
                ("/dang-vien/\(m.id!)", "03/02/2005"), ("/dang-vien/\(m.id!)/sua", "Sửa thông tin đảng viên"),
                ("/dang-vien/\(m.id!)/nhat-ky", "Thêm đảng viên"), ("/to-chuc/\(f.a1.id!)/dang-vien/them", "Thêm đảng viên"),
                ("/tai-khoan", "quantri"), ("/tai-khoan/\(user.id!)", "Quản trị hệ thống"),
            ]
            for (path, text) in pages {
                let res = try await WebSession.get(app, path, cookie: cookie)
                #expect(res.status == .ok, "\(path): \(res.status)")
                #expect(res.body.string.contains(text), "\(path) lacks “\(text)”")
                #expect(res.body.string.contains("<html lang=\"vi\">"))
                #expect(res.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                #expect(res.headers.first(name: "X-Frame-Options") == "DENY")
            }
        }
    }

    @Test("The login page renders without a session and sets the CSRF cookie; pages redirect to it")
    func login() async throws {
        try await TestApp.withApp { app in
            let form = try await WebSession.get(app, "/dang-nhap", cookie: nil)
            #expect(form.status == .ok)
            #expect(form.headers.setCookie?[CSRFProtection.cookieName] != nil)
            let home = try await WebSession.get(app, "/to-chuc", cookie: nil)
            #expect(home.status == .seeOther)
            #expect(home.headers.first(name: .location) == "/dang-nhap?next=%2Fto%2Dchuc")
        }
    }

    @Test("Signing in through the form sets a session; a wrong password shows the reason in Vietnamese")
    func signInForm() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "vanphong", .office, at: f.p)
            let csrfOnly = "\(CSRFProtection.cookieName)=\(WebSession.csrf)"
            let wrong = try await WebSession.post(app, "/dang-nhap", cookie: csrfOnly, form: ["username": "vanphong", "password": "sai"])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng."))
            let ok = try await WebSession.post(app, "/dang-nhap", cookie: csrfOnly,
                                               form: ["username": "vanphong", "password": Fixture.password, "next": "https://evil.example/"])
            #expect(ok.status == .seeOther)
            #expect(ok.headers.first(name: .location) == "/")
            #expect(ok.headers.setCookie?[SessionAuthenticator.cookieName]?.isHTTPOnly == true)
        }
    }

    @Test("A form post without the CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quantri")
            let res = try await WebSession.post(app, "/to-chuc/\(f.a.id!)/them", cookie: cookie,
                                                form: ["name": "Chi bộ lạ", "kind": "grassrootsCell", "sector": "residential"], csrf: "wrong")
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("Biểu mẫu đã hết hạn"))
            #expect(try await Organization.query(on: app.db).filter(\.$name == "Chi bộ lạ").count() == 0)
        }
    }

    @Test("Signed in, the form token is bound to the session: a matching cookie and field planted by another site, or another session's token, are refused (issue 14, item 7)")
    func csrfBoundToSession() async throws {
        try await TestApp.withApp { app in
            // given: two sessions of two administrators
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            try await f.user(app, "quantri-2", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quantri")
            let other = try #require(try await WebSession.signedInToken(app, cookie: try await WebSession.cookie(app, "quantri-2")))
            let form = ["name": "Chi bộ lạ", "kind": "grassrootsCell", "sector": "residential"]
            // when: the double-submit pair an attacker can plant (the cookie says test-csrf-token, so does the field)
            var headers = HTTPHeaders()
            headers.replaceOrAdd(name: .cookie, value: cookie)
            headers.contentType = .urlEncodedForm
            let body = "name=Chi+b%E1%BB%99+l%E1%BA%A1&kind=grassrootsCell&sector=residential&_csrf=\(WebSession.csrf)"
            #expect(cookie.contains("\(CSRFProtection.cookieName)=\(WebSession.csrf)"))
            let planted = try await app.testing().sendRequest(.POST, "/to-chuc/\(f.a.id!)/them", headers: headers, body: ByteBuffer(string: body))
            let stolen = try await WebSession.post(app, "/to-chuc/\(f.a.id!)/them", cookie: cookie, form: form, csrf: other)
            // then
            #expect(planted.status == .forbidden && stolen.status == .forbidden)
            #expect(try await Organization.query(on: app.db).filter(\.$name == "Chi bộ lạ").count() == 0)
            // The page carries this session's token, and it works.
            let page = try await WebSession.get(app, "/to-chuc/\(f.a.id!)/them", cookie: cookie).body.string
            let mine = try #require(try await WebSession.signedInToken(app, cookie: cookie))
            #expect(page.contains("value=\"\(mine)\"") && !page.contains("value=\"\(WebSession.csrf)\""))
            #expect(try await WebSession.post(app, "/to-chuc/\(f.a.id!)/them", cookie: cookie, form: form).status == .seeOther)
        }
    }

    @Test("Forms re-render with a message under each bad field; a good form saves and redirects")
    func forms() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quantri")
            let bad = try await WebSession.post(app, "/to-chuc/\(f.a1.id!)/dang-vien/them", cookie: cookie,
                                                form: ["fullName": "", "birthDate": "32/13/1990", "gender": "male", "ethnicity": "Kinh", "admissionDate": "01/01/2015"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Họ và tên không được để trống."))
            #expect(bad.body.string.contains("Ngày sinh không được để trống và phải có dạng ngày/tháng/năm."))
            #expect(bad.body.string.contains("value=\"32/13/1990\""))
            let good = try await WebSession.post(app, "/to-chuc/\(f.a1.id!)/dang-vien/them", cookie: cookie,
                                                 form: ["fullName": "Đặng Thị Ánh", "birthDate": "01/02/1990", "gender": "female",
                                                        "ethnicity": "Kinh", "admissionDate": "01/01/2015", "officialDate": "01/01/2016"])
            #expect(good.status == .seeOther)
            #expect(try await Member.query(on: app.db).filter(\.$fullName == "Đặng Thị Ánh").count() == 1)
        }
    }

    @Test("Names are escaped everywhere they are shown")
    func escaping() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            _ = try await OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
                .create(.init(parentId: f.a.id, name: "Chi bộ <script>alert(1)</script>", kind: "grassrootsCell"), scope: nil)
            let res = try await WebSession.get(app, "/to-chuc/\(f.a.id!)", cookie: try await WebSession.cookie(app, "quantri"))
            #expect(!res.body.string.contains("<script>alert(1)</script>"))
            #expect(res.body.string.contains("&lt;script&gt;"))
        }
    }

    @Test("Unknown pages get the friendly 404 page; English is one click away")
    func notFoundAndEnglish() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "quantri", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quantri")
            let missing = try await WebSession.get(app, "/to-chuc/\(UUID())", cookie: cookie)
            #expect(missing.status == .notFound)
            #expect(missing.body.string.contains("Không tìm thấy"))
            let switched = try await WebSession.get(app, "/ngon-ngu/en", cookie: cookie)
            #expect(switched.headers.setCookie?[Language.cookieName]?.string == "en")
            let english = try await WebSession.get(app, "/to-chuc", cookie: cookie + "; \(Language.cookieName)=en")
            #expect(english.body.string.contains("<html lang=\"en\">"))
            #expect(english.body.string.contains("Party organizations"))
        }
    }

    @Test("Every string a template uses exists in both languages")
    func stringTables() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources/Views")
        let files = try FileManager.default.contentsOfDirectory(atPath: views.path).filter { $0.hasSuffix(".leaf") }
        #expect(files.count >= 14)
        let regex = try NSRegularExpression(pattern: "[(\\s]t\\.([a-z_]+)")
        for file in files {
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let key = String(text[Range(match.range(at: 1), in: text)!])
                #expect(Strings.vi[key] != nil, "\(file): t.\(key) missing in Vietnamese")
                #expect(Strings.en[key] != nil, "\(file): t.\(key) missing in English")
            }
        }
        #expect(Set(Strings.vi.keys) == Set(Strings.en.keys))
    }
}
