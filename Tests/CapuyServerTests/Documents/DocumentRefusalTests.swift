@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, "Bad input": each a clear refusal, nothing half-saved.
@Suite("Documents: bad input is refused and nothing is half-saved")
struct DocumentRefusalTests {
    static func rowCounts(_ app: Application) async throws -> [Int] {
        [try await PartyDocument.query(on: app.db).count(), try await DocumentRecipient.query(on: app.db).count(),
         try await PartyTask.query(on: app.db).count(), try await TaskAssignment.query(on: app.db).count()]
    }

    @Test("A deadline before the issue date is refused, when assigning and when issuing a draft that has tasks")
    func deadlineBeforeIssue() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p)
            let before = try await Self.rowCounts(app)
            let res = try await w.assignResponse(w.p, doc.id, deadline: w.issueDay.adding(days: -1), units: [w.f.a])
            #expect(res.status == .unprocessableEntity)
            #expect(res.errorFields == ["deadline"])
            #expect(res.errorMessages.first?.contains(w.issueDay.display) == true)
            #expect(try await Self.rowCounts(app) == before)
            // The issue day itself is fine.
            #expect(try await w.assignResponse(w.p, doc.id, deadline: w.issueDay, units: [w.f.a]).status == .created)

            // A draft's task due in 5 days: issuing it 10 days from now is refused.
            let draft = try await w.draft(w.p, issuer: w.f.p)
            try await w.assign(w.p, draft.id, title: "Báo cáo sơ kết", deadline: w.today.adding(days: 5), units: [w.f.a])
            let issue = try await w.issueResponse(w.p, draft.id, on: w.today.adding(days: 10))
            #expect(issue.status == .unprocessableEntity)
            #expect(issue.errorFields == ["issuedOn"])
            #expect(issue.errorMessages.first?.contains("Báo cáo sơ kết") == true)
            let still = try await w.get("/documents/\(draft.id)", w.p).content.decode(DocumentDTO.self)
            #expect(still.status == .draft && still.number == nil)
            // A missing or malformed deadline is refused on its field too.
            let bad = try await API.call(app, .POST, "/api/v1/documents/\(doc.id)/tasks", token: w.p,
                                         json: ["title": "X", "deadline": "31/02/2026", "targets": ["organizationIds": [w.f.a.id!.uuidString]]])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields == ["deadline"])
        }
    }

    @Test("A task addressed outside the issuer's subtree is refused and no task or assignment row is written")
    func outsideSubtree() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.a, type: "plan", issuer: w.f.a)
            let before = try await Self.rowCounts(app)
            let deadline = w.today.adding(days: 20)
            let one = try await w.assignResponse(w.a, doc.id, deadline: deadline, units: [w.f.b1])
            #expect(one.status == .unprocessableEntity)
            #expect(one.errorFields == ["targets.organizationIds"])
            // Issue 14, item 2: the refusal says which row, never the name of a unit outside.
            #expect(one.errorMessages.first?.contains("Chi bộ khu phố 1") == false)
            #expect(one.errorMessages.first?.contains("đơn vị thứ 1 ") == true)
            // A list that is only partly outside is refused whole; a made-up id reads the same.
            let mixed = try await w.assignResponse(w.a, doc.id, deadline: deadline, units: [w.f.a1, w.f.b1])
            #expect(mixed.status == .unprocessableEntity)
            #expect(mixed.errorMessages.first?.contains("đơn vị thứ 2 ") == true)
            // "Every cell under B" from A's document.
            let under = try await w.assignResponse(w.a, doc.id, deadline: deadline, kind: .grassrootsCell, under: w.f.b)
            #expect(under.status == .unprocessableEntity)
            #expect(under.errorFields == ["targets.under"])
            // The province itself is above A.
            #expect(try await w.assignResponse(w.a, doc.id, deadline: deadline, units: [w.f.p]).status == .unprocessableEntity)
            // Both a list and a kind, or neither.
            #expect(try await w.assignResponse(w.a, doc.id, deadline: deadline, units: [w.f.a1], kind: .grassrootsCell).status == .unprocessableEntity)
            #expect(try await w.assignResponse(w.a, doc.id, deadline: deadline).status == .unprocessableEntity)
            #expect(try await Self.rowCounts(app) == before)
            // A's office cannot assign from the province's document at all.
            let pDoc = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a])
            let foreign = try await w.assignResponse(w.a, pDoc.id, deadline: deadline, units: [w.f.a1])
            #expect(foreign.status == .forbidden || foreign.status == .notFound)
            #expect(try await PartyTask.query(on: app.db).count() == 0)
        }
    }

    @Test("A document cannot implement itself, nor one of its own descendants (a cycle)")
    func selfAndCycle() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let x = try await w.draft(w.p, issuer: w.f.p, title: "Văn bản X")
            let json: (UUID) -> [String: any Sendable] = {
                ["type": "resolution", "issuerId": w.f.p.id!.uuidString, "title": "Văn bản X sửa", "implementsId": $0.uuidString]
            }
            let itself = try await API.call(app, .PUT, "/api/v1/documents/\(x.id)", token: w.p, json: json(x.id))
            #expect(itself.status == .unprocessableEntity)
            #expect(itself.errorFields == ["implementsId"])
            #expect(itself.errorMessages.first?.contains("chính nó") == true)
            // The API cannot build a cycle (only issued documents can be
            // implemented, and they are frozen), so the links Y → X and Z → Y
            // are written directly, as an import or older data might have them.
            let y = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Văn bản Y")
            let z = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Văn bản Z")
            try await PartyDocument.query(on: app.db).filter(\.$id == y.id).set(\.$implementsId, to: x.id).update()
            try await PartyDocument.query(on: app.db).filter(\.$id == z.id).set(\.$implementsId, to: y.id).update()
            for descendant in [y.id, z.id] {
                let cycle = try await API.call(app, .PUT, "/api/v1/documents/\(x.id)", token: w.p, json: json(descendant))
                #expect(cycle.status == .unprocessableEntity)
                #expect(cycle.errorFields == ["implementsId"])
                #expect(cycle.errorMessages.first?.contains("vòng") == true)
            }
            let after = try await w.get("/documents/\(x.id)", w.p).content.decode(DocumentDTO.self)
            #expect(after.title == "Văn bản X" && after.implementsId == nil)
        }
    }

    @Test("Implementing a draft, a hidden document, or issuing before the implemented one, is refused")
    func implementingDraft() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let before = try await Self.rowCounts(app)
            let res = try await w.draftResponse(w.p, type: "plan", issuer: w.f.p, implements: draft.id)
            #expect(res.status == .unprocessableEntity)
            #expect(res.errorFields == ["implementsId"])
            #expect(res.errorMessages.first?.contains("đã ban hành") == true)
            // B cannot link to a province document it does not see.
            let sentA = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a])
            let hidden = try await w.draftResponse(w.b, type: "plan", issuer: w.f.b, implements: sentA.id)
            #expect(hidden.status == .unprocessableEntity)
            #expect(hidden.errorFields == ["implementsId"])
            #expect(try await PartyDocument.query(on: app.db).count() == before[0] + 1)
            // A plan cannot be issued before the resolution it carries out.
            let plan = try await w.draft(w.a, type: "plan", issuer: w.f.a, implements: sentA.id)
            let early = try await w.issueResponse(w.a, plan.id, on: w.issueDay.adding(days: -1))
            #expect(early.status == .unprocessableEntity)
            #expect(early.errorFields == ["issuedOn"])
            #expect(try await w.issueResponse(w.a, plan.id, on: w.issueDay).status == .ok)
        }
    }

    @Test("A draft with a missing title, an unknown type or a recipient that does not exist writes nothing")
    func badDraft() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let fields = try await w.draftResponse(w.p, type: "nghiquyet", issuer: w.f.p, title: "   ")
            #expect(fields.status == .unprocessableEntity)
            #expect(Set(fields.errorFields) == ["title", "type"])
            var json: [String: any Sendable] = ["type": "resolution", "issuerId": w.f.p.id!.uuidString, "title": "Nghị quyết",
                                                "recipientIds": [w.f.a.id!.uuidString, UUID().uuidString]]
            let recipient = try await API.call(app, .POST, "/api/v1/documents", token: w.p, json: json)
            #expect(recipient.status == .unprocessableEntity)
            #expect(recipient.errorFields == ["recipientIds"])
            // An issuer outside the caller's scope is not found.
            json["recipientIds"] = nil
            json["issuerId"] = w.f.b.id!.uuidString
            #expect(try await API.call(app, .POST, "/api/v1/documents", token: w.a, json: json).status == .notFound)
            #expect(try await Self.rowCounts(app) == [0, 0, 0, 0])
        }
    }
}
