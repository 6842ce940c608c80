@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 15: the organization board's page: upload, every problem or the preview, apply.
@Suite("Reorganization plans page")
struct ReorganizationPageTests {
    /// The page's upload form: the file and its date.
    static func upload(_ app: Application, cookie: String, csv: String, effectiveOn: String) async throws -> TestingHTTPResponse {
        try await WebSession.upload(app, SiteURL.reorganizationPreview.path, cookie: cookie, fileName: "ke-hoach.csv", bytes: Array(csv.utf8),
                                    fields: [("effectiveOn", effectiveOn), ("title", "Sắp xếp thử")])
    }

    /// A hidden field's value as the browser would send it back.
    static func hidden(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test("A bad plan lists its rows' problems in Vietnamese; a good one is previewed, then applied from the preview")
    func uploadPreviewApply() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "bantochuc", .organizationBoard, at: f.p)
            try await f.user(app, "bithu", .secretary, at: f.a)
            _ = try await f.member(app, "Phan Văn Tâm", in: f.a1)
            let cookie = try await WebSession.cookie(app, "bantochuc")
            let index = try await WebSession.get(app, SiteURL.reorganizations.path, cookie: cookie)
            #expect(index.status == .ok && index.body.string.contains("multipart/form-data"))
            #expect(try await WebSession.get(app, SiteURL.tree.path, cookie: cookie).body.string.contains("reorganize-link"))

            let bad = try await Self.upload(app, cookie: cookie, csv: "Thao tác,Đơn vị,Kế thừa\nSáp nhập,KHONG-CO,B\nGiải thể,A,\n", effectiveOn: "01/07/2025")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Dòng 2, cột Đơn vị") && bad.body.string.contains("KHONG-CO"))
            #expect(bad.body.string.contains("Dòng 3, cột Đơn vị") && bad.body.string.contains("2 đơn vị trực thuộc"))
            #expect(try await Organization.query(on: app.db).filter(\.$closedOn != nil).count() == 0)

            let preview = try await Self.upload(app, cookie: cookie, csv: "Thao tác,Đơn vị,Kế thừa\nSáp nhập,A,B\n", effectiveOn: "01/07/2025")
            try #require(preview.status == .ok, "\(preview.body.string.prefix(500))")
            let html = preview.body.string
            #expect(html.contains("plan-summary") && html.contains("Sáp nhập Đảng bộ xã An Phú vào Đảng bộ phường Bình Minh"))
            #expect(try await Organization.find(f.a.id, on: app.db)?.isClosed == false)
            let rows = try #require(Self.hidden("rows", in: html))
            let applied = try await WebSession.post(app, SiteURL.reorganizationApply.path, cookie: cookie,
                                                    form: ["rows": rows, "effectiveOn": "01/07/2025", "title": "Sắp xếp thử"])
            #expect(applied.status == .seeOther)
            #expect(applied.headers.first(name: .location)?.contains("ok=plan_applied") == true)
            #expect(try await Organization.find(f.a.id, on: app.db)?.isClosed == true)
            #expect(try await Organization.find(f.a1.id, on: app.db)?.$parent.id == f.b.id)
            let plan = try await WebSession.get(app, DocPage.location(applied), cookie: cookie)
            #expect(plan.status == .ok && plan.body.string.contains("Đã áp dụng"))

            // Without the right to plan, neither the form nor the preview.
            let secretary = try await WebSession.cookie(app, "bithu")
            #expect(!(try await WebSession.get(app, SiteURL.reorganizations.path, cookie: secretary).body.string.contains("multipart/form-data")))
            #expect(try await Self.upload(app, cookie: secretary, csv: "Thao tác,Đơn vị\nĐổi tên,A1\n", effectiveOn: "01/07/2025").status == .forbidden)
        }
    }
}
