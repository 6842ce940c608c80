@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 5 and 6 (R-CASE-4): the submitter's identity is sealed at
/// rest, opened only for an assigned handler with a reason (audited), never
/// in the case's JSON, the audit trail or a published conclusion.
@Suite("Cases: denouncer protection")
struct CaseIdentityProtectionTests {
    static let secrets = [CaseWorld.name, CaseWorld.phone, CaseWorld.email, CaseWorld.address]

    static func leaks(_ text: String) -> [String] {
        secrets.filter { text.contains($0) } + (text.contains("Bíchngọc") ? ["Bíchngọc"] : [])
    }

    @Test("R-CASE-4: only an assigned handler opens the identity, with a reason, and each opening is audited")
    func revealOnlyForAssignedHandlers() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let r = try await w.submit(CaseWorld.submission(
                kind: "denunciation", title: "Tố cáo chủ tịch xã lạm quyền", content: "Chủ tịch xã ký cấp phép xây dựng trái quy định cho người nhà.",
                about: w.f.a, person: "Vũ Văn Chủ", leader: true, identity: CaseWorld.identity))
            #expect(r.kind == "denunciation")
            let handler = try await w.user("ubkt-tinh", .inspection, at: w.f.p)
            // The office at P may see the case but is not assigned: 403.
            let office = try await w.post("/cases/\(r.id)/identity", w.p, ["reason": "Cần liên hệ người tố cáo"])
            #expect(office.status == .forbidden)
            #expect(Self.leaks(office.body.string).isEmpty)
            #expect(try await w.post("/cases/\(r.id)/identity", handler.token, ["reason": "Cần liên hệ người tố cáo"]).status == .forbidden)
            // A's office cannot see the case at all (it is about A's chair).
            #expect(try await w.post("/cases/\(r.id)/identity", w.a, ["reason": "Cần liên hệ người tố cáo"]).status == .notFound)

            let assigned = try await w.post("/cases/\(r.id)/handlers", w.p, ["userId": handler.id.uuidString])
            #expect(assigned.status == .ok, "\(assigned.body.string)")
            #expect(try await w.get("/cases/\(r.id)/handlers", w.p).body.string.contains("ubkt-tinh"))
            let noReason = try await w.post("/cases/\(r.id)/identity", handler.token, ["reason": "xem"])
            #expect(noReason.status == .unprocessableEntity && noReason.errorFields == ["reason"])
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "case.revealIdentity").count() == 0)

            let opened = try await w.post("/cases/\(r.id)/identity", handler.token, ["reason": "Cần liên hệ người tố cáo để xác minh"])
            #expect(opened.status == .ok, "\(opened.body.string)")
            let identity = try opened.content.decode(SubmitterIdentity.self)
            #expect(identity.name == CaseWorld.name && identity.phone == CaseWorld.phone && identity.email == CaseWorld.email)
            #expect(identity.address == CaseWorld.address)
            // Still 403 for the unassigned office after someone else was assigned.
            #expect(try await w.post("/cases/\(r.id)/identity", w.p, ["reason": "Cần liên hệ người tố cáo"]).status == .forbidden)

            let reveals = try await AuditEvent.query(on: app.db).filter(\.$action == "case.revealIdentity").all()
            #expect(reveals.count == 1)
            #expect(reveals.first?.actorId == handler.id && reveals.first?.entityId == r.id)
            #expect(reveals.first?.after?.contains("Cần liên hệ người tố cáo để xác minh") == true)
            // No audit row, before or after, holds the identity.
            for e in try await AuditEvent.query(on: app.db).all() {
                #expect(Self.leaks((e.before ?? "") + (e.after ?? "")).isEmpty, "\(e.action)")
            }
            // Nor do the staff views of the case.
            for path in ["/cases/\(r.id)", "/cases/\(r.id)/events", "/cases?per=500", "/cases/statistics", "/notices"] {
                let res = try await w.get(path, handler.token)
                #expect(res.status == .ok, "\(path)")
                #expect(Self.leaks(res.body.string).isEmpty, "\(path)")
            }
            #expect(try await w.show(r.id, handler.token).hasIdentity)
            #expect(Self.leaks(try await w.statusResponse(r.receiptCode).body.string).isEmpty)

            // Issue 14, item 4: the opening is seen, not only chained. The province's office, which
            // oversees the case, reads who opened it, when and why, in the history and the case's audit.
            let history = try await w.get("/cases/\(r.id)/events", w.p).body.string
            #expect(history.contains("identityOpened") && history.contains("ubkt-tinh") && history.contains("để xác minh"))
            let audit = try await w.get("/cases/\(r.id)/audit", w.p)
            #expect(audit.status == .ok)
            let trail = try audit.content.decode([AuditEventDTO].self)
            #expect(trail.contains { $0.action == "case.revealIdentity" && $0.actorName == "ubkt-tinh" && ($0.after ?? "").contains("để xác minh") })
            #expect(Self.leaks(audit.body.string).isEmpty)
            // Commune A's office, which may not see the case, gets nothing.
            #expect(try await w.get("/cases/\(r.id)/audit", w.a).status == .notFound)
            // The submitter's tracking page says it was opened, and when, never by whom or why.
            let status = try await w.statusResponse(r.receiptCode).body.string
            #expect(status.contains("mở xem"))
            #expect(!status.contains("ubkt-tinh") && !status.contains("để xác minh"))
        }
    }

    @Test("R-CASE-4: the raw database file holds no plaintext name, phone or e-mail of a submitter")
    func rawDatabaseFile() async throws {
        try await TestApp.withApp { app in
            guard let path = app.sqliteFile else { return } // PostgreSQL: the file check is SQLite's
            let w = try await CaseWorld.make(app)
            let portal = try await w.submit(CaseWorld.submission(
                kind: "denunciation", title: "Tố cáo cán bộ địa chính", content: "Cán bộ địa chính đòi tiền khi đo đạc đất cho dân.",
                about: w.f.a1, person: "Ngô Văn Đo", identity: CaseWorld.identity.merging(["idNumber": "001190012345"]) { a, _ in a }))
            let staff = try await w.denunciation(w.a, about: w.f.a2)
            // Walk them through a few steps so every table is written.
            let handler = try await w.user("ubkt-xa-a", .inspection, at: w.f.a)
            for id in [portal.id, staff.id] {
                _ = try await w.post("/cases/\(id)/handlers", w.a, ["userId": handler.id.uuidString])
                try await w.act(w.a, id, "accept")
                #expect(try await w.post("/cases/\(id)/identity", handler.token, ["reason": "Liên hệ xác minh nội dung"]).status == .ok)
            }
            // Make sure the control value is in the file, so the check can fail.
            #expect(try await w.show(portal.id, w.a1).subjectPerson == "Ngô Văn Đo")
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
            #expect(bytes.range(of: Data("Ngô Văn Đo".utf8)) != nil)
            for secret in Self.secrets + ["001190012345", "Bíchngọc"] {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) found in the database file")
            }
        }
    }

    @Test("R-CASE-4: a conclusion naming the submitter is not published; a clean one is, for at least 15 days, without identity")
    func publication() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let d = try await w.denunciation(w.a, about: w.f.a1, title: "Tố cáo giao đất sai thẩm quyền")
            #expect(try await w.post("/cases/\(d.id)/publication", w.a, [:]).status == .unprocessableEntity)
            try await w.act(w.a, d.id, "accept")
            try await w.act(w.a, d.id, "conclude", conclusion: "Theo đơn của bà \(CaseWorld.name), nội dung tố cáo là đúng.")
            let named = try await w.post("/cases/\(d.id)/publication", w.a, ["days": 30])
            #expect(named.status == .unprocessableEntity && named.errorFields == ["conclusion"])
            // The phone number alone is caught too.
            try await w.act(w.a, d.id, "reopen", note: "Bổ sung kết luận cho đúng quy định")
            try await w.act(w.a, d.id, "conclude", conclusion: "Người tố cáo (điện thoại \(CaseWorld.phone)) tố cáo đúng.")
            #expect(try await w.post("/cases/\(d.id)/publication", w.a, ["days": 30]).status == .unprocessableEntity)
            let clean = "Nội dung tố cáo đúng một phần; cấp ủy chi bộ thôn 1 đã kiểm điểm, thu hồi quyết định giao đất."
            try await w.act(w.a, d.id, "reopen", note: "Bổ sung kết luận cho đúng quy định")
            try await w.act(w.a, d.id, "conclude", conclusion: clean)
            for days in [0, 10, 14] {
                let short = try await w.post("/cases/\(d.id)/publication", w.a, ["days": days])
                #expect(short.status == .unprocessableEntity && short.errorFields == ["days"], "\(days)")
            }
            #expect(try await API.call(app, .GET, "/api/v1/public/conclusions").body.string == "[]")
            let published = try await w.post("/cases/\(d.id)/publication", w.a, ["days": 15])
            #expect(published.status == .ok, "\(published.body.string)")
            #expect(try published.content.decode(CaseDTO.self).publishedUntil == w.today.adding(days: 15).iso)

            let res = try await API.call(app, .GET, "/api/v1/public/conclusions")
            let list = try res.content.decode([PublishedConclusionDTO].self)
            #expect(list.count == 1)
            #expect(list.first?.conclusion == clean && list.first?.title == "Tố cáo giao đất sai thẩm quyền")
            #expect(list.first?.unit == w.f.a.name && list.first?.publishedUntil == w.today.adding(days: 15).iso)
            #expect(Self.leaks(res.body.string).isEmpty)
            #expect(!res.body.string.contains(d.id.uuidString))
            // The portal page shows it too.
            let page = try await WebSession.get(app, "/cong-dan/ket-luan", cookie: nil)
            #expect(page.status == .ok && page.body.string.contains("Tố cáo giao đất sai thẩm quyền"))
            #expect(Self.leaks(page.body.string).isEmpty)
        }
    }
}
