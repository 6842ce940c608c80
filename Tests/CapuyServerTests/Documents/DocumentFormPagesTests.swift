@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The document forms: a bad field re-renders 422 with the Vietnamese
/// message under it and writes nothing; a good one redirects.
@Suite("Documents: page forms")
struct DocumentFormPagesTests {
    static let limit = 4096

    @Test("Drafting, editing, issuing and assigning through the forms")
    func draftIssueAssign() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await DocWorld.make(app)
            let cookie = try await w.cookieP
            let p = w.f.p.id!.uuidString
            let before = try await DocPage.auditCount(app)

            // when: the title is only spaces
            let empty = try await WebSession.post(app, "/van-ban/moi", cookie: cookie,
                                                  form: ["type": "resolution", "issuerId": p, "title": "   ", "summary": "Tóm tắt giữ lại"])
            // then
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("<p class=\"field-error\">Cần nhập tên (trích yếu) của văn bản.</p>"))
            #expect(empty.body.string.contains("value=\"Tóm tắt giữ lại\""), "the form lost what was typed")
            #expect(try await DocPage.auditCount(app) == before)
            #expect(try await PartyDocument.query(on: app.db).count() == 0)

            // a good form redirects to the new draft
            let good = try await WebSession.post(app, "/van-ban/moi", cookie: cookie,
                                                 form: ["type": "resolution", "issuerId": p, "title": "Nghị quyết về công tác cán bộ",
                                                        "signerTitle": "Bí thư", "signerName": "Trần Văn Ký"])
            #expect(good.status == .seeOther)
            let doc = try #require(try await PartyDocument.query(on: app.db).first())
            #expect(DocPage.location(good) == "/van-ban/\(doc.id!)")
            #expect(try await DocPage.auditCount(app) == before + 1)
            DocPage.expectPage(try await WebSession.get(app, "/van-ban/\(doc.id!)", cookie: cookie), "new draft",
                               shows: ["Nghị quyết về công tác cán bộ", "Dự thảo", "Bí thư Trần Văn Ký"])

            // editing the draft
            let edited = try await WebSession.post(app, "/van-ban/\(doc.id!)/sua", cookie: cookie,
                                                   form: ["type": "resolution", "issuerId": p, "title": "Nghị quyết về công tác cán bộ năm mới"])
            #expect(edited.status == .seeOther)
            let badEdit = try await WebSession.post(app, "/van-ban/\(doc.id!)/sua", cookie: cookie,
                                                    form: ["type": "resolution", "issuerId": p, "title": ""])
            #expect(badEdit.status == .unprocessableEntity)
            #expect(badEdit.body.string.contains("Cần nhập tên (trích yếu) của văn bản."))
            #expect(try await PartyDocument.find(doc.id, on: app.db)?.title == "Nghị quyết về công tác cán bộ năm mới")

            // issuing with a date that does not exist
            let count = try await DocPage.auditCount(app)
            let badDate = try await WebSession.post(app, "/van-ban/\(doc.id!)/ban-hanh", cookie: cookie, form: ["issuedOn": "31/02/2025"])
            #expect(badDate.status == .unprocessableEntity)
            #expect(badDate.body.string.contains("ngày/tháng/năm"))
            #expect(badDate.body.string.contains("value=\"31/02/2025\""))
            #expect(try await PartyDocument.find(doc.id, on: app.db)?.identifier == nil)
            #expect(try await DocPage.auditCount(app) == count)

            // issuing for real
            let issued = try await WebSession.post(app, "/van-ban/\(doc.id!)/ban-hanh", cookie: cookie, form: ["issuedOn": w.issueDay.display])
            #expect(issued.status == .seeOther)
            #expect(DocPage.location(issued) == "/van-ban/\(doc.id!)")
            let page = try await WebSession.get(app, "/van-ban/\(doc.id!)", cookie: cookie)
            DocPage.expectPage(page, "issued", shows: ["<h1 id=\"document-identifier\">01-NQ/TU", w.issueDay.display])
            #expect(!page.body.string.contains("id=\"issue-document\""), "an issued document still offers the issue form")

            // a deadline before the issue date
            let early = w.issueDay.adding(days: -1)
            let count2 = try await DocPage.auditCount(app)
            let late = try await WebSession.post(app, "/van-ban/\(doc.id!)/nhiem-vu", cookie: cookie,
                                                 form: ["title": "Báo cáo sơ kết", "deadline": early.display, "deliverable": "report",
                                                        "target": "kind", "kind": "grassrootsCell"])
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("<p class=\"field-error\">Hạn hoàn thành \(early.display) trước ngày ban hành \(w.issueDay.display).</p>"))
            #expect(try await PartyTask.query(on: app.db).count() == 0)
            #expect(try await DocPage.auditCount(app) == count2)

            // a good assignment to every grassroots cell
            let assigned = try await WebSession.post(app, "/van-ban/\(doc.id!)/nhiem-vu", cookie: cookie,
                                                     form: ["title": "Báo cáo sơ kết", "deadline": w.today.adding(days: 20).display,
                                                            "deliverable": "report", "target": "kind", "kind": "grassrootsCell"])
            #expect(assigned.status == .seeOther)
            #expect(try await TaskAssignment.query(on: app.db).count() == 3)
            let children = try await WebSession.post(app, "/van-ban/\(doc.id!)/nhiem-vu", cookie: cookie,
                                                     form: ["title": "Ban hành kế hoạch", "deadline": w.today.adding(days: 20).display,
                                                            "deliverable": "implementingDocument", "target": "children"])
            #expect(children.status == .seeOther)
            let withTasks = try await WebSession.get(app, "/van-ban/\(doc.id!)", cookie: cookie)
            DocPage.expectPage(withTasks, "tasks", shows: ["Báo cáo sơ kết", "Ban hành kế hoạch", "<td>3</td>", "<td>2</td>"])
        }
    }

    @Test("An over-limit or .exe upload re-renders 422 with the message; a PDF uploads and downloads")
    func uploads() async throws {
        try await TestApp.withApp(configure: { $0.attachmentMaxBytes = Self.limit }) { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.draft(w.p, issuer: w.f.p)
            let cookie = try await w.cookieP
            let path = "/van-ban/\(doc.id)/dinh-kem"
            let before = try await DocPage.auditCount(app)

            let big = try await WebSession.upload(app, path, cookie: cookie, fileName: "lon.pdf", bytes: DocPage.pdf(size: Self.limit + 1))
            #expect(big.status == .unprocessableEntity)
            #expect(big.body.string.contains("<p class=\"field-error\">Tệp lon.pdf vượt quá giới hạn"))
            let exe = try await WebSession.upload(app, path, cookie: cookie, fileName: "setup.exe",
                                                  bytes: [0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60))
            #expect(exe.status == .unprocessableEntity)
            #expect(exe.body.string.contains("Chỉ nhận tệp PDF, DOCX, PNG hoặc JPEG (setup.exe không phải loại này)."))
            let noCSRF = try await WebSession.upload(app, path, cookie: cookie, fileName: "a.pdf", bytes: DocPage.pdf(size: 100), csrf: nil)
            #expect(noCSRF.status == .forbidden)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 0)
            #expect(try await DocPage.auditCount(app) == before)

            let bytes = DocPage.pdf(size: 2000)
            let good = try await WebSession.upload(app, path, cookie: cookie, fileName: "Tờ trình số 1.pdf", bytes: bytes)
            #expect(good.status == .seeOther)
            #expect(DocPage.location(good) == "/van-ban/\(doc.id)")
            let a = try #require(try await DocumentAttachment.query(on: app.db).first())
            #expect(a.fileName == "Tờ trình số 1.pdf" && a.size == 2000)
            DocPage.expectPage(try await WebSession.get(app, "/van-ban/\(doc.id)", cookie: cookie), "with attachment",
                               shows: ["Tờ trình số 1.pdf", "href=\"/van-ban/\(doc.id)/dinh-kem/\(a.id!)\""])
            let file = try await WebSession.get(app, "/van-ban/\(doc.id)/dinh-kem/\(a.id!)", cookie: cookie)
            #expect(file.status == .ok)
            #expect(file.headers.contentType?.description.hasPrefix("application/pdf") == true)
            #expect(Array(file.body.readableBytesView) == bytes)
        }
    }

    @Test("The inbox progress form: 101% re-renders with the message, 50% is saved and shown")
    func progress() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a])
            let task = try await w.assign(w.p, nq.id, title: "Sơ kết 6 tháng thực hiện nghị quyết", deadline: w.today.adding(days: 10),
                                          units: [w.f.a])
            let a = try await w.assignment(task.id, at: w.f.a)
            let cookie = try await w.cookieA
            let before = try await DocPage.auditCount(app)

            // The unit first confirms it received the task ("Đã nhận").
            #expect(try await WebSession.get(app, "/nhiem-vu", cookie: cookie).body.string.contains("/nhiem-vu/\(a.id!)/da-nhan"))
            let ack = try await WebSession.post(app, "/nhiem-vu/\(a.id!)/da-nhan", cookie: cookie, form: [:])
            #expect(ack.status == .seeOther)
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.acknowledgedAt != nil)
            #expect(!(try await WebSession.get(app, "/nhiem-vu", cookie: cookie).body.string.contains("/nhiem-vu/\(a.id!)/da-nhan")))
            #expect(try await DocPage.auditCount(app) == before + 1)

            let bad = try await WebSession.post(app, "/nhiem-vu/\(a.id!)/bao-cao", cookie: cookie, form: ["percent": "101", "note": "Quá mức"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("<p class=\"field-error\">Tỷ lệ hoàn thành phải từ 0 đến 100.</p>"))
            #expect(bad.body.string.contains("Sơ kết 6 tháng thực hiện nghị quyết"))
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.percent == 0)
            #expect(try await DocPage.auditCount(app) == before + 1)

            let good = try await WebSession.post(app, "/nhiem-vu/\(a.id!)/bao-cao", cookie: cookie,
                                                 form: ["percent": "50", "note": "Đã họp triển khai tới các chi bộ",
                                                        "deliverableLink": "https://example.vn/bao-cao-a"])
            #expect(good.status == .seeOther)
            #expect(DocPage.location(good) == "/nhiem-vu")
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.percent == 50)
            let inbox = try await WebSession.get(app, "/nhiem-vu", cookie: cookie)
            DocPage.expectPage(inbox, "inbox after report", shows: ["· 50% ·", "Đã họp triển khai tới các chi bộ", "Đang thực hiện",
                                                                    "https://example.vn/bao-cao-a"])
        }
    }

    @Test("A document form posted without the CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, nq.id, deadline: w.today.adding(days: 10), units: [w.f.a])
            let a = try await w.assignment(task.id, at: w.f.a)
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let cookieP = try await w.cookieP, cookieA = try await w.cookieA
            let before = try await DocPage.auditCount(app)
            let posts: [(String, String, [String: String])] = [
                (cookieP, "/van-ban/moi", ["type": "resolution", "issuerId": w.f.p.id!.uuidString, "title": "Văn bản không token"]),
                (cookieP, "/van-ban/\(draft.id)/ban-hanh", ["issuedOn": w.issueDay.display]),
                (cookieP, "/van-ban/\(nq.id)/nhiem-vu", ["title": "X", "deadline": w.today.adding(days: 5).display, "target": "children"]),
                (cookieP, "/nhiem-ky", ["organizationId": w.f.p.id!.uuidString, "startsOn": "01/01/2040", "endsOn": "31/12/2044"]),
                (cookieA, "/nhiem-vu/\(a.id!)/bao-cao", ["percent": "40"]),
            ]
            for (cookie, path, form) in posts {
                for token: String? in [nil, "sai-token"] {
                    let res = try await WebSession.post(app, path, cookie: cookie, form: form, csrf: token)
                    #expect(res.status == .forbidden, "\(path) with token \(token ?? "none"): \(res.status)")
                }
            }
            #expect(try await DocPage.auditCount(app) == before)
            #expect(try await PartyDocument.query(on: app.db).filter(\.$title == "Văn bản không token").count() == 0)
            #expect(try await PartyDocument.find(draft.id, on: app.db)?.identifier == nil)
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.percent == 0)
        }
    }
}
