@testable import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Behaviour settled in the review of issue 3's change.
@Suite("Documents: review fixes")
struct DocumentReviewFixTests {
    @Test("The register export holds every document, not one page of the list")
    func registerHoldsAll() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let scope = Scope([w.f.p.treePath])
            let service = DocumentService(db: app.db, actor: .system, today: w.today)
            for i in 1...505 {
                _ = try await service.createDraft(DocumentInput(type: "notice", issuerId: w.f.p.id!, title: "Thông báo số \(i)"),
                                                  view: scope, manage: scope)
            }
            let res = try await w.get("/documents/register.xlsx", w.p)
            #expect(res.status == .ok)
            let rows = try XLSXTestSupport.table(DocumentExportTests.data(res))
            #expect(rows.count == 506)
        }
    }

    @Test("A task for the units directly below the issuer, through the API; a unit outside is refused")
    func childrenTargetAndUnnamedOutsider() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.a, type: "plan", issuer: w.f.a)
            let res = try await API.call(app, .POST, "/api/v1/documents/\(nq.id)/tasks", token: w.a,
                                         json: ["title": "Triển khai đến chi bộ", "deadline": w.today.adding(days: 10).iso,
                                                "targets": ["children": true]])
            #expect(res.status == .created)
            let task = try res.content.decode(TaskDTO.self)
            let units = try await TaskAssignment.query(on: app.db).filter(\.$task.$id == task.id).all().map { $0.$organization.id }
            #expect(Set(units) == [w.f.a1.id!, w.f.a2.id!])

            let outside = try await API.call(app, .POST, "/api/v1/documents/\(nq.id)/tasks", token: w.a,
                                             json: ["title": "Sai đơn vị", "deadline": w.today.adding(days: 10).iso,
                                                    "targets": ["organizationIds": [w.f.b1.id!.uuidString]]])
            #expect(outside.status == .unprocessableEntity && outside.errorFields == ["targets.organizationIds"])
        }
    }

    @Test("Marking a notice read is on the audit trail")
    func noticeReadAudited() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p)
            try await w.assign(w.p, nq.id, deadline: w.today.adding(days: 1), units: [w.f.a])
            _ = try await TaskReminderJob(db: app.db, today: w.today).run(holder: "t")
            let notice = try #require(try await w.get("/notices", w.a).content.decode([NoticeDTO].self).first)
            let read = try await API.call(app, .POST, "/api/v1/notices/\(notice.id)/read", token: w.a)
            #expect(read.status == .ok)
            let event = try #require(try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first())
            #expect(event.action == "notice.read" && event.entityId == notice.id)
        }
    }

    @Test("R-DOC-2: the abbreviations are the whole tree's; an administrator of one commune cannot change them")
    func abbreviationNeedsTopAdmin() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let communeAdmin = try await w.f.user(app, "quantri-xa", .admin, at: w.f.a)
            let res = try await API.call(app, .PUT, "/api/v1/document-types/resolution", token: communeAdmin, json: ["abbreviation": "NQX"])
            #expect(res.status == .forbidden)
            #expect(try await DocumentType.query(on: app.db).filter(\.$code == "resolution").first()?.abbreviation == "NQ")
        }
    }
}
