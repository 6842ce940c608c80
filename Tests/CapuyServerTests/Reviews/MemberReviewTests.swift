import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Reviews: the member path")
struct MemberReviewTests {
    @Test("R-EVAL-6: self-assessment, the cell's review, the committee's decision; each step recorded and counted in the rollups")
    func endToEnd() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let (lan, token) = try await w.member("Nguyễn Thị Lan", in: w.f.a1)
            // Nothing can be decided before the member and her cell have spoken.
            #expect(try await w.decide([(lan, .good)]).status == .unprocessableEntity)
            #expect(try await w.cell([(lan, .good)]).status == .unprocessableEntity)
            let s = try await w.selfAssess(lan, token: token, total: 85, level: .good)
            #expect(s.status == .ok, "\(s.body.string)")
            #expect(try s.content.get(Double.self, at: "selfTotal") == 85)
            // She may correct her form until the cell has reviewed it.
            #expect(try await w.selfAssess(lan, token: token, total: 86.5, level: .good).status == .ok)
            #expect(try await w.cell([(lan, .good)]).status == .ok)
            #expect(try await w.selfAssess(lan, token: token, total: 88, level: .good).status == .conflict)
            #expect(try await w.decide([(lan, .good)]).status == .ok)
            let ctx = try await API.call(app, .GET, "\(w.base)/members/\(lan.id!)", token: token)
            #expect(try ctx.content.get(String.self, at: "review", "decidedLevel") == "good")
            #expect(try ctx.content.get(Int.self, at: "review", "votesAgree") == 11)
            #expect(try await w.distribution(w.f.p) == [0, 1, 0, 0])
            #expect(try await w.distribution(w.f.b) == [0, 0, 0, 0])
            // Revising the decision moves the count, it does not add one.
            #expect(try await w.decide([(lan, .fulfilled)]).status == .ok)
            #expect(try await w.distribution(w.f.a) == [0, 0, 1, 0])
            try await w.expectRollupsClean()
            let actions = try await AuditEvent.query(on: app.db).filter(\.$entity == "member_review").all().map(\.action)
            #expect(actions.filter { $0 == "review.self" }.count == 2)
            #expect(actions.contains("review.cell") && actions.filter { $0 == "review.decide" }.count == 2)
        }
    }

    @Test("R-EVAL-2: scores out of range, missing or unknown, and a level above the score's band, are refused with the criterion named")
    func badScores() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let (m, token) = try await w.member("Trần Văn Hùng", in: w.f.a1)
            var scores = ReviewWorld.scores(80)
            scores["C1"] = 9
            scores["KQ9"] = 2
            scores["KQ3"] = nil
            let res = try await API.call(app, .PUT, "\(w.base)/members/\(m.id!)", token: token, json: ["form": "2B", "scores": scores, "level": "good"])
            #expect(res.status == .unprocessableEntity)
            let fields = try res.content.get([[String: String]].self, at: "errors").compactMap { $0["field"] }
            #expect(Set(fields) == ["scores.C1", "scores.KQ9", "scores.KQ3"])
            let high = try await w.selfAssess(m, token: token, total: 75, level: .excellent)
            #expect(high.status == .unprocessableEntity)
            #expect(high.body.string.contains("R-EVAL-2"))
            #expect(try await MemberReview.query(on: app.db).count() == 0)
        }
    }

    @Test("R-EVAL-3: 95 points without 30% of tasks beyond requirements is at most good")
    func excellentConditions() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let (m, token) = try await w.member("Lê Văn Tâm", in: w.f.a1)
            let res = try await w.selfAssess(m, token: token, total: 95, level: .excellent, tasks: (10, 10, 2))
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("R-EVAL-3"))
            #expect(try await w.selfAssess(m, token: token, total: 95, level: .excellent, tasks: (10, 10, 3)).status == .ok)
        }
    }

    @Test("R-EVAL-4: a member disciplined this year cannot be rated above not fulfilled, at any step; a self-remedied breach does not cap")
    func disciplineCaps() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let (m, token) = try await w.member("Phạm Văn Minh", in: w.f.a1)
            let (k, kToken) = try await w.member("Đỗ Thị Kim", in: w.f.a1)
            for (who, remedied) in [(m, false), (k, true)] {
                let rec = try await API.call(app, .POST, "/api/v1/discipline-records", token: w.board, json: [
                    "subject": "member", "memberId": who.id!.uuidString, "form": "warning", "decidedOn": "15/06/2026",
                    "decidedBy": "Đảng ủy xã An Phú", "reason": "Vi phạm quy định về những điều đảng viên không được làm", "selfRemedied": remedied,
                ])
                #expect(rec.status == .created, "\(rec.body.string)")
            }
            let refused = try await w.selfAssess(m, token: token, total: 80, level: .good)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("R-EVAL-4"))
            #expect(try await w.selfAssess(m, token: token, total: 80, level: .notFulfilled).status == .ok)
            #expect(try await w.selfAssess(k, token: kToken, total: 80, level: .good).status == .ok)
            #expect(try await w.cell([(m, .fulfilled)]).status == .unprocessableEntity)
            #expect(try await w.cell([(m, .notFulfilled), (k, .good)]).status == .ok)
            let up = try await w.decide([(m, .fulfilled)])
            #expect(up.status == .unprocessableEntity)
            #expect(up.body.string.contains("Phạm Văn Minh"))
            let ok = try await w.decide([(m, .notFulfilled), (k, .good)])
            #expect(ok.status == .ok)
            #expect(try ok.content.get([String].self, at: "0", "bars") == ["disciplined"])
            // A sanction in the future is refused; a form not open to a member too.
            let future = try await API.call(app, .POST, "/api/v1/discipline-records", token: w.board, json: [
                "subject": "member", "memberId": m.id!.uuidString, "form": "dissolution", "decidedOn": "01/01/2099",
                "decidedBy": "Đảng ủy", "reason": "Thử nghiệm nhập sai",
            ])
            #expect(future.status == .unprocessableEntity)
            let fields = try future.content.get([[String: String]].self, at: "errors").compactMap { $0["field"] }
            #expect(Set(fields) == ["form", "decidedOn"])
        }
    }

    @Test("R-EVAL-4: the deciding committee's conclusion of degradation forces not fulfilled")
    func degradation() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let m = try await w.reviewed("Vũ Văn Sơn", in: w.f.a1, total: 80, level: .good)
            let res = try await API.call(app, .POST, "\(w.base)/decisions", token: w.boardA, json: [
                "decisions": [["memberId": m.id!.uuidString, "level": "good", "degradation": true] as [String: any Sendable]],
            ])
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("suy thoái"))
        }
    }

    @Test("R-EVAL-5: excellent at most 20% of good in the grassroots organization; the refusal says how many and who; nothing is half-saved")
    func quota() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            var good: [Member] = []
            for name in ["Lương Văn Một", "Lương Văn Hai", "Lương Văn Ba", "Lương Văn Bốn", "Lương Văn Năm"] {
                good.append(try await w.reviewed(name, in: w.f.a1, total: 80, level: .good))
            }
            let best = try await w.reviewed("Hoàng Văn An", in: w.f.a1, total: 96, level: .excellent)
            let second = try await w.reviewed("Bùi Thị Bình", in: w.f.a1, total: 92, level: .excellent)
            let refused = try await w.decide(good.map { ($0, .good) } + [(best, .excellent), (second, .excellent)])
            #expect(refused.status == .unprocessableEntity)
            let text = refused.body.string
            #expect(text.contains("tối đa 1 đảng viên") && text.contains("vượt 1") && text.contains("Bùi Thị Bình"))
            #expect(!text.contains("Hoàng Văn An"))
            #expect(try await MemberReview.query(on: app.db).filter(\.$decidedLevel != nil).count() == 0)
            #expect(try await w.decide(good.map { ($0, .good) } + [(best, .excellent), (second, .good)]).status == .ok)
            let q = try await API.call(app, .GET, "\(w.base)/quota/\(w.f.a1.id!)", token: w.boardA)
            #expect(try q.content.get(Int.self, at: "maxExcellent") == 1 && q.content.get(Int.self, at: "excellent") == 1)
            // Lowering a good one later would break the quota too.
            let lowered = try await w.decide([(good[0], .fulfilled), (good[1], .fulfilled)])
            #expect(lowered.status == .unprocessableEntity)
            // Another grassroots organization has its own count.
            let other = try await w.reviewed("Ngô Văn Cường", in: w.f.b1, total: 95, level: .excellent)
            #expect(try await w.decide([(other, .excellent)], token: w.board).status == .unprocessableEntity)
            try await w.expectRollupsClean()
        }
    }

    @Test("R-EVAL-6: only the committee of the grassroots organization or above decides; a member sees only her own form")
    func authority() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let units = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let g = try await units.create(.init(parentId: w.f.a.id, name: "Đảng bộ Trường THCS An Phú", kind: "grassrootsCommittee", sector: "school", code: "G"), scope: nil)
            let c = try await units.create(.init(parentId: g.id, name: "Chi bộ giáo viên", kind: "cell", sector: "school", code: "GC"), scope: nil)
            let cellBoard = try await w.f.user(app, "bantochuc-gc", .organizationBoard, at: c)
            let m = try await w.reviewed("Đinh Văn Hải", in: c, total: 80, level: .good)
            let res = try await w.decide([(m, .good)], token: cellBoard)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("Đảng bộ Trường THCS An Phú"))
            #expect(try await w.decide([(m, .good)], token: w.secretary).status == .unprocessableEntity)
            #expect(try await w.decide([(m, .good)]).status == .ok)
            let (x, xToken) = try await w.member("Lý Thị Xuân", in: w.f.a1)
            #expect(try await API.call(app, .GET, "\(w.base)/members/\(m.id!)", token: xToken).status == .notFound)
            #expect(try await w.selfAssess(m, token: xToken, total: 80, level: .good).status == .notFound)
            #expect(try await API.call(app, .GET, "\(w.base)/members/\(x.id!)", token: xToken).status == .ok)
            // Results are not hers to read until the round is published.
            #expect(try await API.call(app, .GET, "\(w.base)/distribution?organizationId=\(w.f.a1.id!)", token: xToken).status == .notFound)
            #expect(try await API.call(app, .POST, "\(w.base)/close", token: w.board).status == .ok)
            #expect(try await API.call(app, .GET, "\(w.base)/distribution?organizationId=\(w.f.a1.id!)", token: xToken).status == .ok)
            #expect(try await API.call(app, .GET, "\(w.base)/distribution?organizationId=\(w.f.b1.id!)", token: xToken).status == .notFound)
        }
    }
}
