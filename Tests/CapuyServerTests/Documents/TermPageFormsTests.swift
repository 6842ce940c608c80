@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The forms of the terms page and of a program page.
@Suite("Documents: term and program forms")
struct TermPageFormsTests {
    @Test("A term, a yearly program and its tasks through the forms; bad input re-renders with the message and saves nothing")
    func termAndProgram() async throws {
        try await TestApp.withApp { app in
            // given: no terms yet
            let w = try await DocWorld.make(app, terms: false)
            let cookie = try await w.cookieP
            let p = w.f.p.id!.uuidString
            let starts = w.today.adding(days: -365).display, ends = w.today.adding(days: 1460).display
            let before = try await DocPage.auditCount(app)

            // when: the start date does not exist
            let bad = try await WebSession.post(app, "/nhiem-ky", cookie: cookie,
                                                form: ["organizationId": p, "name": "Khóa XV", "startsOn": "32/01/2025", "endsOn": ends])
            // then
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("<p class=\"field-error\">Ngày bắt đầu không hợp lệ: dùng dạng ngày/tháng/năm.</p>"))
            #expect(try await Term.query(on: app.db).count() == 0)
            #expect(try await DocPage.auditCount(app) == before)

            let good = try await WebSession.post(app, "/nhiem-ky", cookie: cookie,
                                                 form: ["organizationId": p, "name": "Khóa XV", "startsOn": starts, "endsOn": ends])
            #expect(good.status == .seeOther)
            #expect(good.headers.first(name: .location)?.hasPrefix("/nhiem-ky?donVi=\(p)") == true)
            let term = try #require(try await Term.query(on: app.db).first())
            DocPage.expectPage(try await WebSession.get(app, "/nhiem-ky?donVi=\(p)", cookie: cookie), "terms",
                               shows: ["Khóa XV", "hiện tại", "href=\"/nhiem-ky/\(term.id!)\"", "id=\"add-program\""])
            let overlap = try await WebSession.post(app, "/nhiem-ky", cookie: cookie,
                                                    form: ["organizationId": p, "startsOn": starts, "endsOn": ends])
            #expect(overlap.status == .unprocessableEntity)
            #expect(overlap.body.string.contains("trùng thời gian"))
            #expect(try await Term.query(on: app.db).count() == 1)

            // a yearly program, then the same year again
            let year = String(w.today.year)
            let program = try await WebSession.post(app, "/chuong-trinh", cookie: cookie,
                                                    form: ["organizationId": p, "termId": term.id!.uuidString, "year": year, "theme": "Năm kỷ cương"])
            #expect(program.status == .seeOther)
            let made = try #require(try await WorkProgram.query(on: app.db).first())
            #expect(DocPage.location(program) == "/chuong-trinh/\(made.id!)")
            let again = try await WebSession.post(app, "/chuong-trinh", cookie: cookie,
                                                  form: ["organizationId": p, "termId": term.id!.uuidString, "year": year])
            #expect(again.status == .unprocessableEntity)
            #expect(again.body.string.contains("<p class=\"field-error\">Đơn vị đã có chương trình công tác cho năm \(year).</p>"))
            #expect(try await WorkProgram.query(on: app.db).count() == 1)

            // a program task without a title and with a past deadline
            let path = "/chuong-trinh/\(made.id!)/nhiem-vu"
            let count = try await DocPage.auditCount(app)
            let badTask = try await WebSession.post(app, path, cookie: cookie,
                                                    form: ["title": " ", "deadline": w.today.adding(days: -1).display, "category": "breakthrough",
                                                           "deliverable": "report", "ownerId": w.f.a.id!.uuidString])
            #expect(badTask.status == .unprocessableEntity)
            #expect(badTask.body.string.contains("<p class=\"field-error\">Cần nhập nội dung nhiệm vụ.</p>"))
            #expect(badTask.body.string.contains("Hạn hoàn thành \(w.today.adding(days: -1).display)"))
            #expect(try await PartyTask.query(on: app.db).count() == 0)
            #expect(try await DocPage.auditCount(app) == count)
            let goodTask = try await WebSession.post(app, path, cookie: cookie,
                                                     form: ["title": "Chuyển đổi số", "deadline": w.today.adding(days: 30).display,
                                                            "category": "breakthrough", "deliverable": "report", "ownerId": w.f.a.id!.uuidString])
            #expect(goodTask.status == .seeOther)
            DocPage.expectPage(try await WebSession.get(app, "/chuong-trinh/\(made.id!)", cookie: cookie), "program",
                               shows: ["Năm kỷ cương", "Khâu đột phá: Chuyển đổi số", "Đảng bộ xã An Phú"])
            // A sees it in its inbox.
            DocPage.expectPage(try await WebSession.get(app, "/nhiem-vu", cookie: try await w.cookieA), "A inbox",
                               shows: ["Chuyển đổi số", "Chương trình công tác"])
        }
    }
}
