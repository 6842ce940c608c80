@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 15: reorganization plans through the API, on whichever database the
/// suite runs (SQLite, or PostgreSQL in CI).
@Suite("Reorganization plans")
struct ReorganizationPlanTests {
    /// The Fixture and DocWorld tree before the reform, one level deeper:
    /// district D under P holds commune C with cells C1, C2. Members stand in
    /// every cell, and two directly in commune A (cards) and one
    /// in C.
    struct Before {
        let w: DocWorld
        let d: Organization, c: Organization, c1: Organization, c2: Organization
        let board: String
        let memberCount: Int

        var f: Fixture { w.f }

        static func make(_ app: Application) async throws -> Before {
            let w = try await DocWorld.make(app)
            let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let f = w.f
            let d = try await s.create(.init(parentId: f.p.id, name: "Đảng bộ huyện Cũ", kind: "districtCommittee", sector: "agency", code: "D"), scope: nil)
            let c = try await s.create(.init(parentId: d.id, name: "Đảng bộ xã Cẩm Cũ", kind: "communeCommittee", sector: "agency", code: "C"), scope: nil)
            let c1 = try await s.create(.init(parentId: c.id, name: "Chi bộ thôn Cẩm 1", kind: "grassrootsCell", sector: "residential", code: "C1"), scope: nil)
            let c2 = try await s.create(.init(parentId: c.id, name: "Chi bộ thôn Cẩm 2", kind: "grassrootsCell", sector: "residential", code: "C2"), scope: nil)
            var n = 0
            for (unit, names) in [(f.a1, ["Lê Văn An", "Phạm Thị Bình"]), (f.a2, ["Võ Văn Cường"]), (f.b1, ["Đặng Thị Dung"]),
                                  (c1, ["Hồ Văn Em", "Ngô Thị Phương"]), (c2, ["Bùi Văn Giang"]), (c, ["Trịnh Văn Hải"])] {
                for name in names { _ = try await f.member(app, name, in: unit); n += 1 }
            }
            _ = try await f.member(app, "Mai Văn Khoa", in: f.a, card: "10000001")
            _ = try await f.member(app, "Lý Thị Lan", in: f.a, card: "10000002", female: true)
            let board = try await f.user(app, "bantochuc-tinh", .organizationBoard, at: f.p)
            return Before(w: w, d: d, c: c, c1: c1, c2: c2, board: board, memberCount: n + 2)
        }

        /// Commune N founded; C merged into it; A split between N and B; the
        /// district dissolved into the province; B renamed.
        func plan(effectiveOn: String = "2025-07-01", dryRun: Bool = false) -> [String: any Sendable] {
            ["title": "Sắp xếp đơn vị hành chính 2025", "effectiveOn": effectiveOn, "dryRun": dryRun, "rows": [
                ["action": "create", "code": "N", "name": "Đảng bộ xã Tân Hợp", "kind": "communeCommittee", "parent": "P"],
                ["action": "merge", "unit": "C", "successor": "N"],
                ["action": "split", "unit": "A", "successor": "N", "cells": ["A1"], "members": ["10000001"]],
                ["action": "split", "unit": "A", "successor": "B", "cells": ["A2"], "members": ["10000002"]],
                ["action": "dissolve", "unit": "D", "successor": "P"],
                ["action": "rename", "unit": "B", "name": "Đảng bộ phường Bình Minh Mới"],
            ] as [[String: any Sendable]]]
        }

        func submit(_ json: [String: any Sendable], token: String? = nil) async throws -> TestingHTTPResponse {
            try await API.call(w.app, .POST, "/api/v1/reorganizations", token: token ?? board, json: json)
        }
    }

    static func counts(_ app: Application) async throws -> (units: Int, audit: Int, transfers: Int, open: Int) {
        (try await Organization.query(on: app.db).count(), try await AuditEvent.query(on: app.db).count(),
         try await Transfer.query(on: app.db).count(), try await Organization.query(on: app.db).filter(\.$closedOn == nil).count())
    }

    @Test("A multi-level reform with a split applies in one request: every member, open task and case lands in an open unit; both verifications stay clean")
    func endToEnd() async throws {
        try await TestApp.withApp { app in
            // given: the old tree, a task for communes A, B and C, and cases about C's cell and about A
            let t = try await Before.make(app)
            let doc = try await t.w.issued(t.w.p, issuer: t.f.p, title: "Nghị quyết về chuyển đổi số", recipients: [t.f.a, t.f.b, t.c])
            let task = try await t.w.assign(t.w.p, doc.id, deadline: t.w.today.adding(days: 60), units: [t.f.a, t.f.b, t.c])
            let aboutCell = try await OrganizationTreeTests.petition(app, about: t.c1, title: "Kiến nghị về đường thôn Cẩm Một")
            let aboutA = try await OrganizationTreeTests.petition(app, about: t.f.a, title: "Kiến nghị về chợ xã An Phú")

            // when
            let res = try await t.submit(t.plan())

            // then: applied, with a preview of what it did
            try #require(res.status == .ok, "\(res.body.string)")
            let result = try res.content.decode(ReorganizationResultDTO.self)
            #expect(result.status == "applied")
            let n = try #require(try await Organization.query(on: app.db).filter(\.$code == "N").first())
            for closed in [t.c, t.f.a, t.d] {
                #expect(try await Organization.find(closed.id, on: app.db)?.isClosed == true, "\(closed.name)")
            }
            // Cells kept their ids and moved; A's direct members went where the split said.
            #expect(try await Organization.find(t.c1.id, on: app.db)?.$parent.id == n.id)
            #expect(try await Organization.find(t.f.a1.id, on: app.db)?.$parent.id == n.id)
            #expect(try await Organization.find(t.f.a2.id, on: app.db)?.$parent.id == t.f.b.id)
            #expect(try await Member.query(on: app.db).filter(\.$partyCardNumber == "10000001").first()?.$organization.id == n.id)
            #expect(try await Member.query(on: app.db).filter(\.$partyCardNumber == "10000002").first()?.$organization.id == t.f.b.id)
            #expect(try await Organization.find(t.f.b.id, on: app.db)?.name == "Đảng bộ phường Bình Minh Mới")
            // Every member is accounted for, each in an open unit at its current path, each with the reform in their history.
            let members = try await Member.query(on: app.db).all()
            #expect(members.count == t.memberCount)
            for m in members {
                let unit = try #require(try await Organization.find(m.$organization.id, on: app.db))
                #expect(!unit.isClosed && m.organizationPath == unit.path, "\(m.fullName)")
                guard m.$organization.id != t.f.b1.id else { continue }  // B1 stayed where it was
                #expect(try await Transfer.query(on: app.db).filter(\.$member.$id == m.id!).filter(\.$transferredOn == "2025-07-01").count() >= 1,
                        "\(m.fullName) has no transfer for the reform")
            }
            // Open work: C's task went to N; A's stayed in A's history, since N already holds it; both cases are with open units.
            #expect(try await t.w.assignment(task.id, at: n).completedOn == nil)
            let kept = result.preview.handovers.first { $0.kind == "task" && $0.fromId == t.f.a.id }
            #expect(kept?.moved == false && kept?.toId == n.id)
            for id in [aboutCell, aboutA] {
                let c = try #require(try await CitizenCase.find(id, on: app.db))
                #expect(try await Organization.find(c.$handlingOrg.id, on: app.db)?.isClosed == false)
                #expect(try await Organization.find(c.$subjectOrg.id, on: app.db)?.isClosed == false)
            }
            #expect(try await CitizenCase.find(aboutA, on: app.db)?.$subjectOrg.id == n.id)
            // History both ways, in order.
            #expect(try await OrganizationSuccessor.query(on: app.db).filter(\.$organization.$id == t.f.a.id!).sort(\.$position).all()
                .map { $0.$successor.id } == [n.id!, t.f.b.id!])
            let lineage = try await API.call(app, .GET, "/api/v1/organizations/\(n.id!)/lineage", token: t.board)
            #expect(Set(try lineage.content.decode(OrganizationLineageDTO.self).predecessors.map(\.id)) == [t.c.id!, t.f.a.id!])
            // The pages say the same: N's names what it took over, closed A's its heirs in the plan's order.
            let cookie = try await WebSession.cookie(app, "bantochuc-tinh")
            let nPage = try await WebSession.get(app, "/to-chuc/\(n.id!)", cookie: cookie).body.string
            #expect(nPage.contains("id=\"predecessors\"") && nPage.contains("/to-chuc/\(t.c.id!)\"") && nPage.contains("/to-chuc/\(t.f.a.id!)\""))
            let aPage = try await WebSession.get(app, "/to-chuc/\(t.f.a.id!)", cookie: cookie).body.string
            let toN = try #require(aPage.range(of: "/to-chuc/\(n.id!)\"")), toB = try #require(aPage.range(of: "/to-chuc/\(t.f.b.id!)\""))
            #expect(toN.lowerBound < toB.lowerBound)
            // The counts before and after: N starts empty and ends with C's and half of A's members.
            let nCount = try #require(result.preview.counts.first { $0.id == n.id })
            #expect(nCount.state == "created" && nCount.membersBefore == 0 && nCount.membersAfter == 7)
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
            #expect(try await TaskTallies.verify(on: app.db).isEmpty)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
            let stored = try await API.call(app, .GET, "/api/v1/reorganizations/\(result.planId!)", token: t.board)
            #expect(stored.status == .ok && stored.body.string.contains("\"applied\""))
            // A second plan dated before it is refused.
            let late = try await t.submit(["effectiveOn": "2025-06-30", "rows": [["action": "rename", "unit": "N", "name": "Xã Tân Hợp Hai"]]])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("effectiveOn"))
        }
    }

    @Test("Staff of a successor read their predecessors' documents and units, but act on them no more than before")
    func successorsReadPredecessors() async throws {
        try await TestApp.withApp { app in
            // given: a document commune A issued before the reform
            let t = try await Before.make(app)
            let doc = try await t.w.issued(t.w.a, issuer: t.f.a, title: "Nghị quyết Đảng bộ xã An Phú về nông thôn mới")
            let res = try await t.submit(t.plan())
            try #require(res.status == .ok, "\(res.body.string)")
            let n = try #require(try await Organization.query(on: app.db).filter(\.$code == "N").first())
            // when: the new commune's office and the other successor's look
            let newOffice = try await t.f.user(app, "vp-xa-tan-hop", .office, at: n)
            let cellSecretary = try await t.f.user(app, "bithu-b1", .secretary, at: t.f.b1)
            // then: both successors read A and its document; a unit that did not take over does not
            #expect(try await API.call(app, .GET, "/api/v1/documents/\(doc.id)", token: newOffice).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/documents/\(doc.id)", token: t.w.b).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(t.f.a.id!)", token: newOffice).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/documents/\(doc.id)", token: cellSecretary).status == .notFound)
            // Reading only: the old commune's records take no new document from its successor's staff.
            let draft = try await t.w.draftResponse(newOffice, issuer: t.f.a, title: "Văn bản dưới tên đơn vị cũ")
            #expect(draft.status != .created)
            // The predecessor's own predecessors are reached too: D's subtree reads through P.
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(t.d.id!)", token: t.w.p).status == .ok)
        }
    }

    @Test("A dry run shows the changes, the members moved and the counts, and writes nothing")
    func dryRun() async throws {
        try await TestApp.withApp { app in
            let t = try await Before.make(app)
            let before = try await Self.counts(app)
            let res = try await t.submit(t.plan(dryRun: true))
            try #require(res.status == .ok, "\(res.body.string)")
            let result = try res.content.decode(ReorganizationResultDTO.self)
            #expect(result.status == "preview" && result.planId == nil)
            // One create, four cells moved (two by the merger, two by the split), three units closed, one renamed.
            #expect(result.preview.changes.count == 9)
            #expect(result.preview.memberMoves.contains { $0.count == 1 && $0.to == "Đảng bộ phường Bình Minh" && $0.withUnit == nil })
            #expect(result.preview.counts.contains { $0.code == "N" && $0.membersAfter == 7 })
            let after = try await Self.counts(app)
            #expect(before == after)
            #expect(try await Organization.query(on: app.db).filter(\.$code == "N").count() == 0)
        }
    }

    @Test("Bad input is refused with every row, column and reason, and nothing is written")
    func badInput() async throws {
        try await TestApp.withApp { app in
            let t = try await Before.make(app)
            let before = try await Self.counts(app)
            let res = try await t.submit(["effectiveOn": "2025-07-01", "rows": [
                ["action": "move", "unit": "KHONG-CO", "parent": "P"],
                ["action": "create", "code": "A1", "name": "Trùng mã", "kind": "grassrootsCell", "parent": "A"],
                ["action": "move", "unit": "D", "parent": "C1"],
                ["action": "move", "unit": "C1", "parent": "P", "kind": "cell"],
                ["action": "split", "unit": "A", "successor": "B", "cells": ["A1", "A2"], "members": ["10000001"]],
                ["action": "xoay", "unit": "A"],
            ] as [[String: any Sendable]]])
            #expect(res.status == .unprocessableEntity)
            let body = res.body.string
            for field in ["rows[1].unit", "rows[2].code", "rows[3].parent", "rows[4].kind", "rows[5].members", "rows[6].action"] {
                #expect(body.contains(field), "\(field) missing in \(body)")
            }
            #expect(body.contains("Dòng 5, cột Đảng viên chuyển") && body.contains("Lý Thị Lan"))
            #expect(try await Self.counts(app) == before)
            // A planner at commune A cannot name B as a successor, nor act on its own commune.
            let commune = try await t.f.user(app, "bantochuc-xa-a", .organizationBoard, at: t.f.a)
            let withUser = try await Self.counts(app)
            let outside = try await t.submit(["effectiveOn": "2025-07-01", "rows": [["action": "merge", "unit": "A2", "successor": "B1"],
                                                                                   ["action": "rename", "unit": "A", "name": "Xã mới"]]],
                                             token: commune)
            #expect(outside.status == .unprocessableEntity)
            #expect(outside.body.string.contains("rows[1].successor") && outside.body.string.contains("rows[2].unit"))
            // A bad date and an empty plan.
            let empty = try await t.submit(["effectiveOn": "31/02/2025", "rows": [] as [[String: String]]])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("effectiveOn"))
            #expect(try await Self.counts(app) == withUser)
        }
    }

    @Test("A plan dated in the future is kept pending, shown on its units, cancelled before its day, or applied by the scheduled job on it")
    func pendingPlans() async throws {
        try await TestApp.withApp { app in
            let t = try await Before.make(app)
            let day = t.w.today.adding(days: 30)
            let res = try await t.submit(t.plan(effectiveOn: day.iso))
            try #require(res.status == .ok, "\(res.body.string)")
            let pending = try res.content.decode(ReorganizationResultDTO.self)
            #expect(pending.status == "pending")
            #expect(try await Organization.find(t.c.id, on: app.db)?.isClosed == false)
            let service = ReorganizationService(db: app.db, actor: .system, today: t.w.today, now: Date())
            let province = try await UnitPageData.read(t.c.id!, in: Scope([t.f.p.treePath]), on: app.db).pendingPlans
            #expect(province.map(\.id) == [pending.planId] && province.map(\.readable) == [true])
            // The commune's own staff learn of the province's plan (title and date) but cannot open it.
            #expect(try await UnitPageData.read(t.c.id!, in: Scope([t.c.treePath]), on: app.db).pendingPlans.map(\.readable) == [false])
            let page = try await WebSession.get(app, "/to-chuc/\(t.c.id!)", cookie: try await WebSession.cookie(app, "bantochuc-tinh"))
            #expect(page.body.string.contains("id=\"pending-plans\"") && page.body.string.contains("/to-chuc-lai/\(pending.planId!)"))
            // Not yet due: the job leaves it.
            #expect(try await service.applyDue() == (0, 0))
            // Cancelled, it never applies.
            let cancel = try await API.call(app, .POST, "/api/v1/reorganizations/\(pending.planId!)/cancel", token: t.board, json: ["reason": "Chờ đề án mới"])
            #expect(cancel.status == .ok && cancel.body.string.contains("cancelled"))
            #expect(try await API.call(app, .POST, "/api/v1/reorganizations/\(pending.planId!)/cancel", token: t.board, json: [:]).status == .conflict)
            // Submitted again, it applies on its day.
            let again = try await t.submit(t.plan(effectiveOn: day.iso)).content.decode(ReorganizationResultDTO.self)
            let onTheDay = ReorganizationService(db: app.db, actor: .system, today: day, now: Date())
            #expect(try await onTheDay.applyDue() == (1, 0))
            #expect(try await ReorganizationPlanRecord.find(again.planId, on: app.db)?.status == .applied)
            #expect(try await Organization.find(t.c.id, on: app.db)?.isClosed == true)
            #expect(try await Rollups.verify(on: app.db).differences.isEmpty)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("A pending plan the tree no longer fits on its day is marked failed with its reasons, and nothing of it applies")
    func pendingPlanFails() async throws {
        try await TestApp.withApp { app in
            let t = try await Before.make(app)
            let day = t.w.today.adding(days: 10)
            let plan = try await t.submit(["effectiveOn": day.iso, "rows": [["action": "merge", "unit": "B", "successor": "A"]]])
                .content.decode(ReorganizationResultDTO.self)
            // Meanwhile A is merged into B by hand.
            let s = OrganizationService(db: app.db, actor: .system, today: t.w.today)
            for cell in [t.f.a1, t.f.a2] { _ = try await s.move(cell.id!, to: t.f.b.id!, view: Scope([t.f.p.treePath]), manage: Scope([t.f.p.treePath])) }
            _ = try await s.close(t.f.a.id!, .init(closedOn: t.w.today.iso, successorIds: [t.f.b.id!], note: nil),
                                  view: Scope([t.f.p.treePath]), manage: Scope([t.f.p.treePath]))
            let job = ReorganizationService(db: app.db, actor: .system, today: day, now: Date())
            #expect(try await job.applyDue() == (0, 1))
            let stored = try #require(try await ReorganizationPlanRecord.find(plan.planId, on: app.db))
            #expect(stored.status == .failed && (stored.outcome ?? "").contains("đã giải thể"))
            #expect(try await Organization.find(t.f.b.id, on: app.db)?.isClosed == false)
        }
    }
}
