@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The document pages' half of the authorization matrix: a user granted at A,
/// whatever the role, finds nothing of what B keeps to itself, and no form
/// aimed at it writes anything.
@Suite("Authorization matrix: document pages")
struct DocumentPageAuthorizationTests {
    /// What B keeps to itself: a draft, an issued document sent nowhere with
    /// a file and a task for B1, a program with a task for B1, B's term.
    struct BWorld {
        let w: DocWorld
        let draft: UUID
        let issued: UUID
        let attachment: UUID
        let assignment: UUID
        let program: UUID
        let term: UUID
        static let secret = "riêng của phường"

        static func make(_ app: Application) async throws -> BWorld {
            let w = try await DocWorld.make(app)
            let draft = try await w.draft(w.b, issuer: w.f.b, title: "Dự thảo \(secret)")
            let issued = try await w.issued(w.b, issuer: w.f.b, title: "Nghị quyết \(secret)")
            let file = try await DocumentAttachmentTests.upload(w, w.b, issued.id, name: "bien-ban.pdf", bytes: DocPage.pdf(size: 500))
            try #require(file.status == .created, "upload: \(file.body.string)")
            let task = try await w.assign(w.b, issued.id, title: "Nhiệm vụ \(secret)", deadline: w.today.adding(days: 30), units: [w.f.b1])
            let program = try await w.program(w.f.b, w.b, theme: "Chủ đề \(secret)")
            let programTask = try await w.assignResponse(w.b, program.id, title: "Khâu đột phá \(secret)", deadline: w.today.adding(days: 30),
                                                         units: [w.f.b1], program: true)
            try #require(programTask.status == .created)
            return BWorld(w: w, draft: draft.id, issued: issued.id, attachment: try file.content.decode(AttachmentDTO.self).id,
                          assignment: try await w.assignment(task.id, at: w.f.b1).id!, program: program.id,
                          term: try await w.termID(of: w.f.b, w.b))
        }
    }

    @Test("Outside the granted subtree every document page is a 404 and every form changes nothing", arguments: Role.allCases)
    func outside(_ role: Role) async throws {
        try await TestApp.withApp { app in
            // given
            let s = try await BWorld.make(app)
            let w = s.w, b = w.f.b.id!
            try await w.f.user(app, "trang", role, at: w.f.a)
            let cookie = try await WebSession.cookie(app, "trang")
            let gets = ["/van-ban/\(s.draft)", "/van-ban/\(s.draft)/sua", "/van-ban/\(s.issued)", "/van-ban/\(s.issued)/sua",
                        "/van-ban/\(s.issued)?chuoi=true", "/van-ban/\(s.issued)?duoi=\(w.f.a.id!)", "/van-ban/\(s.issued)/van-ban.docx",
                        "/van-ban/\(s.issued)/tong-hop.xlsx", "/van-ban/\(s.issued)/dinh-kem/\(s.attachment)", "/van-ban/\(s.draft)/van-ban.docx",
                        "/nhiem-ky?donVi=\(b)", "/nhiem-ky/\(s.term)", "/chuong-trinh/\(s.program)"]
            for path in gets {
                // when
                let res = try await WebSession.get(app, path, cookie: cookie)
                // then
                #expect(res.status == .notFound, "\(role) GET \(path): \(res.status)")
                #expect(!res.body.string.contains(BWorld.secret), "\(role) GET \(path) shows what B keeps")
            }
            // Pages of A's own show nothing of B's either.
            for path in ["/van-ban", "/van-ban?q=rieng%20cua%20phuong", "/nhiem-vu?tatCa=true", "/nhiem-ky", "/van-ban/moi?trienKhai=\(s.issued)"] {
                let res = try await WebSession.get(app, path, cookie: cookie)
                #expect([200, 404].contains(res.status.code), "\(role) GET \(path): \(res.status)")
                #expect(!res.body.string.contains(BWorld.secret), "\(role) GET \(path) shows what B keeps")
            }
            let export = try await WebSession.get(app, "/van-ban/so-dang-ky.xlsx", cookie: cookie)
            #expect(export.status == .ok)
            let rows = try XLSXReader.readFirstSheet(Data(export.body.readableBytesView))
            #expect(!rows.isEmpty && !rows.joined().joined().contains(BWorld.secret), "\(role): B's document in A's register")

            let before = try await DocPage.auditCount(app)
            let later = w.today.adding(days: 20).display
            let posts: [(String, [String: String])] = [
                ("/van-ban/moi", ["type": "resolution", "issuerId": b.uuidString, "title": "Văn bản lạ"]),
                ("/van-ban/\(s.draft)/sua", ["type": "resolution", "issuerId": b.uuidString, "title": "Đổi tên"]),
                ("/van-ban/\(s.draft)/ban-hanh", ["issuedOn": w.issueDay.display]),
                ("/van-ban/\(s.issued)/nhiem-vu", ["title": "Việc lạ", "deadline": later, "deliverable": "report", "target": "children"]),
                ("/van-ban/\(s.issued)/nhiem-vu", ["title": "Việc lạ", "deadline": later, "deliverable": "report", "target": "kind",
                                                   "kind": "grassrootsCell"]),
                ("/chuong-trinh/\(s.program)/nhiem-vu", ["title": "Việc lạ", "deadline": later, "deliverable": "report", "category": "task",
                                                         "ownerId": w.f.b1.id!.uuidString]),
                ("/nhiem-ky", ["organizationId": b.uuidString, "startsOn": "01/01/2040", "endsOn": "31/12/2044"]),
                ("/chuong-trinh", ["organizationId": b.uuidString, "termId": s.term.uuidString, "year": String(w.today.year + 1)]),
                ("/nhiem-vu/\(s.assignment)/bao-cao", ["percent": "50", "note": "Báo cáo lạ"]),
            ]
            for (path, form) in posts {
                let res = try await WebSession.post(app, path, cookie: cookie, form: form)
                #expect([403, 404].contains(res.status.code), "\(role) POST \(path): \(res.status)")
            }
            for doc in [s.draft, s.issued] {
                let res = try await WebSession.upload(app, "/van-ban/\(doc)/dinh-kem", cookie: cookie, fileName: "la.pdf", bytes: DocPage.pdf(size: 300))
                #expect([403, 404].contains(res.status.code), "\(role) upload to \(doc): \(res.status)")
            }
            // then
            #expect(try await DocPage.auditCount(app) == before, "\(role): a form outside the scope changed data")
            #expect(try await PartyDocument.find(s.draft, on: app.db)?.identifier == nil)
            #expect(try await TaskAssignment.find(s.assignment, on: app.db)?.percent == 0)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 1)
        }
    }

    @Test("A member or viewer at A reads a provincial document given to A but cannot issue, assign, attach or report",
          arguments: [Role.member, .viewer])
    func readOnly(_ role: Role) async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về phát triển kinh tế tập thể")
            let task = try await w.assign(w.p, nq.id, title: "Báo cáo kết quả kinh tế tập thể", deadline: w.today.adding(days: 15), units: [w.f.a])
            let a = try await w.assignment(task.id, at: w.f.a)
            let draftA = try await w.draft(w.a, type: "plan", issuer: w.f.a, title: "Kế hoạch của xã An Phú")
            try await w.f.user(app, "doc-gia", role, at: w.f.a)
            let cookie = try await WebSession.cookie(app, "doc-gia")

            // when / then: reading works, without any of the forms
            let doc = try await WebSession.get(app, "/van-ban/\(nq.id)", cookie: cookie)
            DocPage.expectPage(doc, "\(role) P document", shows: ["01-NQ/TU", "Nghị quyết về phát triển kinh tế tập thể",
                                                                "Báo cáo kết quả kinh tế tập thể"])
            for form in ["id=\"issue-document\"", "id=\"assign-task\"", "multipart/form-data", "id=\"implement\"", "id=\"edit-draft\""] {
                #expect(!doc.body.string.contains(form), "\(role) is offered \(form)")
            }
            let own = try await WebSession.get(app, "/van-ban/\(draftA.id)", cookie: cookie)
            DocPage.expectPage(own, "\(role) A draft", shows: ["Kế hoạch của xã An Phú", "Dự thảo"])
            #expect(!own.body.string.contains("id=\"issue-document\""))
            let inbox = try await WebSession.get(app, "/nhiem-vu", cookie: cookie)
            DocPage.expectPage(inbox, "\(role) inbox", shows: ["Báo cáo kết quả kinh tế tập thể"])
            #expect(!inbox.body.string.contains("class=\"report-progress\""), "\(role) is offered the progress form")
            #expect(try await WebSession.get(app, "/van-ban/moi", cookie: cookie).status == .notFound)
            #expect(try await WebSession.get(app, "/van-ban/\(draftA.id)/sua", cookie: cookie).status.code >= 403)

            let before = try await DocPage.auditCount(app)
            let posts: [(String, [String: String])] = [
                ("/van-ban/\(draftA.id)/ban-hanh", ["issuedOn": w.issueDay.display]),
                ("/van-ban/\(draftA.id)/sua", ["type": "plan", "issuerId": w.f.a.id!.uuidString, "title": "Đổi tên"]),
                ("/van-ban/moi", ["type": "plan", "issuerId": w.f.a.id!.uuidString, "title": "Văn bản của người chỉ xem"]),
                ("/van-ban/\(nq.id)/nhiem-vu", ["title": "Việc lạ", "deadline": w.today.adding(days: 5).display, "target": "children"]),
                ("/nhiem-vu/\(a.id!)/bao-cao", ["percent": "50", "note": "Không được phép"]),
                ("/nhiem-ky", ["organizationId": w.f.a.id!.uuidString, "startsOn": "01/01/2040", "endsOn": "31/12/2044"]),
            ]
            for (path, form) in posts {
                let res = try await WebSession.post(app, path, cookie: cookie, form: form)
                #expect([403, 404].contains(res.status.code), "\(role) POST \(path): \(res.status)")
            }
            let upload = try await WebSession.upload(app, "/van-ban/\(draftA.id)/dinh-kem", cookie: cookie, fileName: "a.pdf", bytes: DocPage.pdf(size: 300))
            #expect([403, 404].contains(upload.status.code), "\(role) upload: \(upload.status)")
            #expect(try await DocPage.auditCount(app) == before, "\(role) changed data")
            #expect(try await PartyDocument.find(draftA.id, on: app.db)?.identifier == nil)
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.percent == 0)
        }
    }
}
