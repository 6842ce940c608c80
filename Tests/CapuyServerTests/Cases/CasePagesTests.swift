@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The portal and the staff pages of issue 4, through HTTP as a browser
/// sends them: forms, multipart uploads, refusals shown in the page.
@Suite("Case pages")
struct CasePagesTests {
    static func multipart(_ app: Application, _ path: String, cookie: String, fields: [String: String],
                          file: (name: String, bytes: [UInt8])? = nil) async throws -> TestingHTTPResponse {
        let boundary = "capuy-case-boundary-51c2"
        var body = ByteBuffer()
        let csrf = try await WebSession.signedInToken(app, cookie: cookie) ?? WebSession.csrf
        for (k, v) in fields.merging(["_csrf": csrf], uniquingKeysWith: { a, _ in a }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n")
        }
        if let file {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(file.name)\"\r\n")
            body.writeString("Content-Type: application/octet-stream\r\n\r\n")
            body.writeBytes(file.bytes)
            body.writeString("\r\n")
        }
        body.writeString("--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .cookie, value: cookie)
        headers.contentType = HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary])
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    static let anonymousCookie = "\(CSRFProtection.cookieName)=\(WebSession.csrf)"

    static func portalFields(_ unit: Organization, title: String = "Đề nghị sửa cống thoát nước <script>alert(1)</script>") -> [String: String] {
        ["kind": "report", "topic": "environment", "title": title,
         "content": "Cống thoát nước trước chợ bị tắc, nước tràn lên đường mỗi khi mưa.", "subjectOrganizationId": unit.id!.uuidString,
         "name": "Đỗ Văn Phảnánh", "phone": "0977 123 456"]
    }

    @Test("The portal's pages answer without an account, in Vietnamese, on a phone-first layout")
    func portalPages() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            for path in ["/cong-dan", "/cong-dan/tra-cuu", "/cong-dan/ket-luan", "/cong-dan/lich-tiep"] {
                DocPage.expectPage(try await WebSession.get(app, path, cookie: nil), path, shows: ["viewport"])
            }
            let search = try await WebSession.get(app, "/cong-dan/gui?q=an%20phu", cookie: nil)
            DocPage.expectPage(search, "/cong-dan/gui?q=", shows: ["Đảng bộ xã An Phú", SiteURL.portalSubmitTo(f.a.id!).path])
            #expect(!search.body.string.contains("Đảng bộ phường Bình Minh"), "word-start search: “an” is not inside “Bình”")
            let form = try await WebSession.get(app, SiteURL.portalSubmitTo(f.a.id!).path, cookie: nil)
            DocPage.expectPage(form, "form", shows: ["id=\"case-form\"", f.a.id!.uuidString])
        }
    }

    @Test("A citizen's form with a PDF gets the receipt page once; the tracking page escapes what was typed")
    func portalSubmitAndTrack() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let res = try await Self.multipart(app, "/cong-dan/gui", cookie: Self.anonymousCookie, fields: Self.portalFields(f.a1),
                                               file: ("bien-ban.pdf", DocPage.pdf(size: 2_000)))
            #expect(res.status == .created, "\(res.body.string.prefix(400))")
            let html = res.body.string
            let code = try #require(html.range(of: #"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"#, options: .regularExpression).map { String(html[$0]) })
            #expect(try await CaseAttachment.query(on: app.db).count() == 1)
            let track = try await WebSession.post(app, "/cong-dan/tra-cuu", cookie: Self.anonymousCookie, form: ["code": code.lowercased()])
            DocPage.expectPage(track, "/cong-dan/tra-cuu", shows: ["id=\"case-state\"", "Đã tiếp nhận"])
            let unknown = try await WebSession.post(app, "/cong-dan/tra-cuu", cookie: Self.anonymousCookie, form: ["code": "0000-0000-0000"])
            let malformed = try await WebSession.post(app, "/cong-dan/tra-cuu", cookie: Self.anonymousCookie, form: ["code": "<b>x</b>"])
            #expect(unknown.status == .notFound && malformed.status == .notFound)
            #expect(unknown.body.string.contains(CasePortal.notFound.message) && malformed.body.string.contains(CasePortal.notFound.message))
            #expect(!malformed.body.string.contains("<b>x</b>"), "the typed code is escaped")
        }
    }

    @Test("A disguised file or a missing field is refused in the page, under its field, and nothing is saved")
    func portalRefusals() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            // An executable renamed to .pdf: the bytes decide, not the name.
            let exe: [UInt8] = [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0x41, count: 500)
            let disguised = try await Self.multipart(app, "/cong-dan/gui", cookie: Self.anonymousCookie, fields: Self.portalFields(f.a1),
                                                     file: ("don.pdf", exe))
            #expect(disguised.status == .unprocessableEntity)
            #expect(disguised.body.string.contains("Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG"))
            var fields = Self.portalFields(f.a1)
            fields["title"] = "Hi"
            fields["phone"] = "abc"
            let bad = try await Self.multipart(app, "/cong-dan/gui", cookie: Self.anonymousCookie, fields: fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Tiêu đề dài từ 5 đến 200 ký tự.") && bad.body.string.contains("Số điện thoại không hợp lệ."))
            #expect(bad.body.string.contains("Đỗ Văn Phảnánh"), "what was typed comes back in the form")
            let noToken = try await WebSession.post(app, "/cong-dan/gui", cookie: Self.anonymousCookie, form: Self.portalFields(f.a1), csrf: nil)
            #expect(noToken.status == .forbidden)
            #expect(try await CitizenCase.query(on: app.db).count() == 0)
        }
    }

    @Test("Staff record, accept and see refusals on the case page; statistics draw SVG charts and export XLSX")
    func staffPages() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "vp-tinh", .office, at: f.p)
            try await f.user(app, "bt-thon", .secretary, at: f.a1)
            let cookie = try await WebSession.cookie(app, "vp-tinh")
            for path in ["/don-thu", "/don-thu/moi", "/don-thu/thong-ke", "/tiep-cong-dan", "/doi-thoai"] {
                DocPage.expectPage(try await WebSession.get(app, path, cookie: cookie), path, shows: ["<h1>"])
            }
            let created = try await WebSession.post(app, "/don-thu/moi", cookie: cookie, form: [
                "channel": "press", "channelDetail": "Báo Nhân Dân, bài “Chợ tạm lấn đường”", "kind": "report", "topic": "publicOrder",
                "title": "Chợ tạm lấn chiếm lòng đường", "content": "Báo phản ánh chợ tạm họp trên quốc lộ gây mất an toàn giao thông.",
                "subjectOrganizationId": f.a.id!.uuidString, "receivedOn": app.capuy.today().display])
            DocPage.expectPage(created, "/don-thu/moi", shows: ["id=\"receipt-code\"", "Chợ tạm lấn chiếm lòng đường", "Báo Nhân Dân"])
            let c = try #require(try await CitizenCase.query(on: app.db).first())
            let closeNow = try await WebSession.post(app, "/don-thu/\(c.id!)/thao-tac", cookie: cookie, form: ["action": "close"])
            #expect(closeNow.status == .unprocessableEntity)
            #expect(closeNow.body.string.contains("không thể"))
            let accept = try await WebSession.post(app, "/don-thu/\(c.id!)/thao-tac", cookie: cookie, form: ["action": "accept"])
            #expect(accept.status == .seeOther)
            let page = try await WebSession.get(app, "/don-thu/\(c.id!)", cookie: cookie)
            DocPage.expectPage(page, "case", shows: ["Đã thụ lý", "id=\"extend-form\""])
            let reveal = try await WebSession.post(app, "/don-thu/\(c.id!)/nguoi-gui", cookie: cookie, form: ["reason": "Kiểm tra thử"])
            #expect(reveal.status == .forbidden, "only assigned handlers open the seal")
            let stats = try await WebSession.get(app, "/don-thu/thong-ke", cookie: cookie)
            DocPage.expectPage(stats, "stats", shows: ["<svg", "id=\"chart-by-channel\"", "Báo chí"])
            let xlsx = try await WebSession.get(app, "/don-thu/thong-ke.xlsx", cookie: cookie)
            #expect(xlsx.headers.contentType?.description == XLSXWorkbook.contentType)
            // A cell secretary does not handle citizens' cases at all.
            let secretary = try await WebSession.cookie(app, "bt-thon")
            #expect(try await WebSession.get(app, "/don-thu", cookie: secretary).status == .notFound)
            #expect(try await WebSession.get(app, "/don-thu/\(c.id!)", cookie: secretary).status == .notFound)
        }
    }

    @Test("New evidence joins a case through the API and the page; a disguised file is refused and nothing is written")
    func evidence() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vp-tinh", .office, at: f.p)
            let receipt = try await CaseIntake(db: app.db, actor: .system, context: app.capuy).submit(
                CaseSubmission(kind: "report", topic: nil, title: "Rác thải đổ trộm bên bờ sông", content: "Nhiều đêm liền có xe đổ rác xây dựng ra bờ sông.",
                               subjectOrganizationId: f.a.id!, subjectPerson: nil, subjectIsLeader: nil, identity: nil),
                files: [], client: "test")
            func upload(_ name: String, _ bytes: [UInt8]) async throws -> TestingHTTPResponse {
                var headers = HTTPHeaders()
                headers.bearerAuthorization = .init(token: token)
                return try await app.testing().sendRequest(.POST, "/api/v1/cases/\(receipt.id)/attachments?fileName=\(name)", headers: headers,
                                                           body: ByteBuffer(bytes: bytes))
            }
            let audit = try await DocPage.auditCount(app)
            let ok = try await upload("anh-hien-truong.pdf", DocPage.pdf(size: 3_000))
            #expect(ok.status == .created, "\(ok.body.string)")
            #expect(try await DocPage.auditCount(app) == audit + 1)
            let fake = try await upload("anh.png", DocPage.pdf(size: 3_000))
            #expect(fake.status == .unprocessableEntity)
            let cookie = try await WebSession.cookie(app, "vp-tinh")
            let page = try await Self.multipart(app, "/don-thu/\(receipt.id)/tep", cookie: cookie, fields: [:],
                                                file: ("bien-ban-xac-minh.pdf", DocPage.pdf(size: 1_500)))
            #expect(page.status == .seeOther)
            let list = try await API.call(app, .GET, "/api/v1/cases/\(receipt.id)/attachments", token: token)
            let names = try list.content.decode([AttachmentDTO].self).map(\.fileName)
            #expect(names.sorted() == ["anh-hien-truong.pdf", "bien-ban-xac-minh.pdf"])
            // Outside the handling scope the files do not exist.
            let other = try await f.user(app, "vp-phuong-b", .office, at: f.b)
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(receipt.id)/attachments", token: other).status == .notFound)
        }
    }
}
