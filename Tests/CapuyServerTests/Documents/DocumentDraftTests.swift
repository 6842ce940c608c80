@testable import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Drafts stay with their issuer: their tasks are not sent until the issue,
/// and a draft can be deleted whole, while an issued document never can (R-DOC-1).
@Suite("Documents: drafts")
struct DocumentDraftTests {
    @Test("A draft's task is unknown to its recipient until the document is issued")
    func draftTaskHidden() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, draft.id, deadline: w.today.adding(days: 10), units: [w.f.a])
            let a = try await w.assignment(task.id, at: w.f.a)
            #expect(try await w.get("/assignments/\(a.id!)", w.a).status == .notFound)
            let report = try await API.call(app, .POST, "/api/v1/assignments/\(a.id!)/progress", token: w.a, json: ["percent": 50])
            #expect(report.status == .notFound)
            #expect(try await TaskAssignment.find(a.id, on: app.db)?.percent == 0)

            #expect(try await w.issueResponse(w.p, draft.id, on: w.today).status == .ok)
            #expect(try await w.get("/assignments/\(a.id!)", w.a).status == .ok)
        }
    }

    @Test("R-DOC-1: deleting a draft removes it with its tasks, tallies, files and recipients; an issued document is never deleted")
    func deleteDraft() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let draft = try await w.draft(w.p, issuer: w.f.p, recipients: [w.f.b])
            try await w.assign(w.p, draft.id, deadline: w.today.adding(days: 10), kind: .grassrootsCell)
            let upload = try await DocumentAttachmentTests.upload(w, w.p, draft.id, name: "du-thao.pdf", bytes: DocumentAttachmentTests.pdf(size: 2000))
            #expect(upload.status == .created)

            // Outside the issuer's scope the draft does not exist.
            #expect(try await API.call(app, .DELETE, "/api/v1/documents/\(draft.id)", token: w.a).status == .notFound)
            let audit = try await AuditEvent.query(on: app.db).count()
            #expect(try await API.call(app, .DELETE, "/api/v1/documents/\(draft.id)", token: w.p).status == .noContent)
            #expect(try await PartyDocument.find(draft.id, on: app.db) == nil)
            #expect(try await PartyTask.query(on: app.db).count() == 0)
            #expect(try await TaskAssignment.query(on: app.db).count() == 0)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 0)
            #expect(try await DocumentRecipient.query(on: app.db).count() == 0)
            #expect(try await TaskTallies.verify(on: app.db) == [])
            let last = try #require(try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first())
            #expect(last.action == "document.delete" && last.entityId == draft.id)
            #expect(try await AuditEvent.query(on: app.db).count() == audit + 1)

            let issued = try await w.issued(w.p, issuer: w.f.p)
            let refused = try await API.call(app, .DELETE, "/api/v1/documents/\(issued.id)", token: w.p)
            #expect(refused.status == .unprocessableEntity && refused.errorFields == ["status"])
            #expect(try await PartyDocument.find(issued.id, on: app.db) != nil)
        }
    }

    @Test("A file comes off a draft (audited); an issued document keeps its files")
    func detach() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let first = try await DocumentAttachmentTests.upload(w, w.p, draft.id, name: "ban-1.pdf", bytes: DocumentAttachmentTests.pdf(size: 1000))
                .content.decode(AttachmentDTO.self)
            #expect(try await API.call(app, .DELETE, "/api/v1/documents/\(draft.id)/attachments/\(first.id)", token: w.a).status == .notFound)
            #expect(try await API.call(app, .DELETE, "/api/v1/documents/\(draft.id)/attachments/\(first.id)", token: w.p).status == .noContent)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first()?.action == "document.detach")

            let kept = try await DocumentAttachmentTests.upload(w, w.p, draft.id, name: "ban-2.pdf", bytes: DocumentAttachmentTests.pdf(size: 1000))
                .content.decode(AttachmentDTO.self)
            #expect(try await w.issueResponse(w.p, draft.id, on: w.today).status == .ok)
            let refused = try await API.call(app, .DELETE, "/api/v1/documents/\(draft.id)/attachments/\(kept.id)", token: w.p)
            #expect(refused.status == .unprocessableEntity)
            #expect(try await DocumentAttachment.query(on: app.db).count() == 1)
        }
    }
}
