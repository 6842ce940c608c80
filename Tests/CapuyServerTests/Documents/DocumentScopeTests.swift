@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, point 7: a unit sees the documents it issued, those sent or
/// assigned to it, and those issued above it to its subtree; drafts stay
/// with the issuer; anything else is "not found".
@Suite("Documents: scope, search and filters")
struct DocumentScopeTests {
    struct Docs {
        let assignedA, assignedA1, sentA, sentB, draftP, ownA, draftA, reportUp: DocumentDTO
    }

    static func seed(_ w: DocWorld) async throws -> Docs {
        let assignedA = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết giao xã A")
        try await w.assign(w.p, assignedA.id, deadline: w.today.adding(days: 30), units: [w.f.a])
        let assignedA1 = try await w.issued(w.p, type: "directive", issuer: w.f.p, title: "Chỉ thị giao chi bộ thôn 1")
        try await w.assign(w.p, assignedA1.id, deadline: w.today.adding(days: 30), units: [w.f.a1])
        let sentA = try await w.issued(w.p, type: "notice", issuer: w.f.p, title: "Thông báo gửi xã A", recipients: [w.f.a])
        let sentB = try await w.issued(w.p, type: "notice", issuer: w.f.p, title: "Thông báo gửi phường B", recipients: [w.f.b])
        // A draft addressed and assigned to A is still the province's alone.
        let draftP = try await w.draft(w.p, issuer: w.f.p, title: "Dự thảo của tỉnh", recipients: [w.f.a])
        try await w.assign(w.p, draftP.id, deadline: w.today.adding(days: 30), units: [w.f.a])
        let ownA = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Kế hoạch của xã A")
        let draftA = try await w.draft(w.a, type: "plan", issuer: w.f.a, title: "Dự thảo kế hoạch của xã A")
        // A report sent up to the province is for the province only.
        let reportUp = try await w.issued(w.a, type: "report", issuer: w.f.a, title: "Báo cáo gửi tỉnh", recipients: [w.f.p])
        return Docs(assignedA: assignedA, assignedA1: assignedA1, sentA: sentA, sentB: sentB, draftP: draftP,
                    ownA: ownA, draftA: draftA, reportUp: reportUp)
    }

    @Test("A commune sees what it issued and what the province assigned or sent to it, never the province's drafts or B's mail")
    func communeScope() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let d = try await Self.seed(w)
            let seen = Set(try await w.list("", w.a).map(\.id))
            #expect(seen == Set([d.assignedA, d.assignedA1, d.sentA, d.ownA, d.draftA, d.reportUp].map(\.id)))
            // Hidden documents answer 404, not 403, on every id-addressed route.
            for hidden in [d.sentB.id, d.draftP.id, UUID()] {
                for suffix in ["", "/chain", "/attachments", "/tasks", "/rollup", "/export.docx"] {
                    #expect(try await w.get("/documents/\(hidden)\(suffix)", w.a).status == .notFound, "\(suffix)")
                }
            }
            #expect(try await w.get("/documents/\(d.sentA.id)", w.a).status == .ok)
            // The province sees its whole subtree, drafts included.
            let province = Set(try await w.list("", w.p).map(\.id))
            #expect(province.isSuperset(of: [d.draftP.id, d.sentB.id, d.ownA.id, d.reportUp.id]))
        }
    }

    @Test("A cell sees a province document sent to its commune (the recipient's whole subtree), not one sent elsewhere")
    func cellScope() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let d = try await Self.seed(w)
            let b1 = try await w.f.user(app, "bithu-b1", .secretary, at: w.f.b1)
            #expect(Set(try await w.list("", b1).map(\.id)) == [d.sentB.id])
            let a1 = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            // A task given to A reaches the cells below A too (issued above them to their subtree).
            #expect(Set(try await w.list("", a1).map(\.id)) == Set([d.assignedA.id, d.assignedA1.id, d.sentA.id]))
            // B does not see A's report sent up to the province.
            let commune = Set(try await w.list("", w.b).map(\.id))
            #expect(commune == [d.sentB.id])
            #expect(try await w.get("/documents/\(d.reportUp.id)", w.b).status == .notFound)
            #expect(try await w.get("/documents/\(d.draftA.id)", b1).status == .notFound)
        }
    }

    @Test("Search folds accents and đ and matches every word: “nghi quyet xay dung dang” finds “Nghị quyết về xây dựng Đảng…”")
    func search() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về xây dựng Đảng trong sạch, vững mạnh",
                                        summary: "Về công tác chỉnh đốn Đảng nhiệm kỳ mới")
            let ct = try await w.issued(w.p, type: "directive", issuer: w.f.p, title: "Chỉ thị về công tác dân vận",
                                        summary: "Tăng cường xây dựng khối đại đoàn kết")
            _ = try await w.draft(w.p, issuer: w.f.p, title: "Kế hoạch tổ chức đại hội")
            #expect(try await w.list("q=nghi%20quyet%20xay%20dung%20dang", w.p).map(\.id) == [nq.id])
            #expect(try await w.list("q=X%C3%82Y%20D%E1%BB%B0NG", w.p).map(\.id).sorted() == [nq.id, ct.id].sorted())  // XÂY DỰNG
            #expect(try await w.list("q=chinh%20don", w.p).map(\.id) == [nq.id])  // summary
            #expect(try await w.list("q=01-ct%2Ftu", w.p).map(\.id) == [ct.id])   // identifier
            #expect(try await w.list("q=to%20chuc%20dai%20hoi", w.p).count == 1)  // drafts too
            #expect(try await w.list("q=khong%20co%20van%20ban%20nay", w.p).isEmpty)
            // Search stays inside the scope.
            #expect(try await w.list("q=nghi%20quyet", w.b).isEmpty)
        }
    }

    @Test("Filters by type, year, issuer and status; a bad status is refused")
    func filters() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let old = try await w.issued(w.p, issuer: w.f.p, on: w.today.adding(days: -400))
            let recent = try await w.issued(w.p, issuer: w.f.p, on: w.today.adding(days: -30))
            let directive = try await w.issued(w.p, type: "directive", issuer: w.f.p, on: w.today.adding(days: -20))
            let plan = try await w.issued(w.a, type: "plan", issuer: w.f.a)
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let oldYear = w.today.adding(days: -400).year
            #expect(Set(try await w.list("type=resolution", w.p).map(\.id)) == [old.id, recent.id, draft.id])
            #expect(try await w.list("year=\(oldYear)", w.p).map(\.id) == [old.id])
            #expect(Set(try await w.list("issuerId=\(w.f.a.id!)", w.p).map(\.id)) == [plan.id])
            #expect(try await w.list("status=draft", w.p).map(\.id) == [draft.id])
            #expect(Set(try await w.list("status=issued&type=directive", w.p).map(\.id)) == [directive.id])
            // Drafts first, then the newest issue date.
            #expect(try await w.list("issuerId=\(w.f.p.id!)", w.p).map(\.id) == [draft.id, directive.id, recent.id, old.id])
            let bad = try await w.get("/documents?status=cancelled", w.p)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.errorFields == ["status"])
        }
    }
}
