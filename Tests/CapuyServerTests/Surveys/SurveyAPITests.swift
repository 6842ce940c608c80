import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Surveys: API")
struct SurveyAPITests {
    @Test("Opening: every open cell of the subtree is in the round; a secretary or a unit outside scope is refused")
    func open() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await SurveyWorld.make(app)
            let secretary = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            // when
            let shown = try await API.call(app, .GET, w.base, token: w.board)
            let bySecretary = try await API.call(app, .POST, "/api/v1/surveys", token: secretary, json: ["organizationId": w.f.p.id!.uuidString, "year": 2026])
            let badForm = try await API.call(app, .POST, "/api/v1/surveys", token: w.board, json: [
                "organizationId": w.f.a.id!.uuidString, "year": 2026,
                "form": ["criteria": [["code": "X", "title": "X", "titleEn": "X", "maxPoints": 10] as [String: any Sendable]],
                         "thresholds": ["good": 5, "fair": 8, "average": 2] as [String: any Sendable]] as [String: any Sendable]])
            // then
            #expect(try shown.content.get(Int.self, at: "cells") == 5)
            #expect(shown.body.string.contains("R-MEET-3") && shown.body.string.contains("\"thresholds\""))
            #expect(bySecretary.status == .unprocessableEntity && bySecretary.body.string.contains("phạm vi"))
            #expect(badForm.status == .unprocessableEntity && badForm.body.string.contains("Phiếu đánh giá không dùng được"))
            let list = try await API.call(app, .GET, "/api/v1/surveys", token: w.outsider)
            #expect(list.status == .ok && list.body.string.contains(w.roundId))
        }
    }

    @Test("Bad input is refused with a Vietnamese and English message and nothing half-saved")
    func refusals() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await SurveyWorld.make(app)
            // when / then: a score out of range
            var scores = SurveyWorld.scores(0.9)
            scores["CB"] = 16
            let outOfRange = try await w.evaluate(w.f.a1, share: 0.9, extra: ["scores": scores])
            #expect(outOfRange.status == .unprocessableEntity)
            #expect(outOfRange.body.string.contains("Điểm tiêu chí CB phải từ 0 đến 15") && outOfRange.body.string.contains("Criterion CB is scored from 0 to 15"))
            // a cell outside the round (A is a commune, not a cell)
            let notCell = try await w.evaluate(w.f.a, share: 0.9)
            #expect(notCell.status == .unprocessableEntity && notCell.body.string.contains("không thuộc đợt khảo sát"))
            // an observer not assigned to the cell
            let unassigned = try await w.evaluate(w.f.b1, share: 0.9)
            #expect(unassigned.status == .forbidden && unassigned.body.string.contains("không được phân công"))
            // a meeting of another cell (or none)
            let meeting = try await w.evaluate(w.f.a1, share: 0.9, extra: ["meetingId": UUID().uuidString])
            #expect(meeting.status == .unprocessableEntity && meeting.body.string.contains("Cuộc họp không phải của chi bộ này"))
            // a meeting date in the future
            let future = try await w.evaluate(w.f.a1, share: 0.9, extra: ["observedOn": "01/01/2999"])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("tương lai"))
            // a member of B1 sees the province's round (it covers her cell) but observes nothing in it, nor reads A
            let stranger = try await w.f.user(app, "nguoila", .member, at: w.f.b1)
            #expect(try await w.evaluate(w.f.a1, share: 0.9, token: stranger).status == .forbidden)
            #expect(try await API.call(app, .GET, w.base + "/evaluations/\(w.f.a1.id!)", token: stranger).status == .notFound)
            #expect(try await API.call(app, .GET, "/api/v1/surveys/\(UUID())", token: stranger).status == .notFound)
            // a closed round
            #expect(try await API.call(app, .POST, w.base + "/close", token: w.board).status == .ok)
            let closed = try await w.evaluate(w.f.a1, share: 0.9)
            #expect(closed.status == .conflict && closed.body.string.contains("Đợt khảo sát đã kết thúc"))
            // nothing was written by any of them
            #expect(try await SurveyEvaluation.query(on: app.db).count() == 0)
            struct N: Decodable { let n: Int }
            let levels = try await app.db.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM survey_cells WHERE level IS NOT NULL").first(decoding: N.self)
            #expect(levels?.n == 0)
        }
    }

    @Test("Aggregation by sector and by unit, with drill-down, replacement and scope")
    func aggregation() async throws {
        try await TestApp.withApp { app in
            // given: A1 good (90), A2 fair then replaced by weak (40), AX average (55); B's cells not surveyed
            let w = try await SurveyWorld.make(app)
            #expect(try await w.evaluate(w.f.a1, share: 0.9).status == .ok)
            #expect(try await w.evaluate(w.f.a2, share: 0.7).status == .ok)
            let replaced = try await w.evaluate(w.f.a2, share: 0.4)
            #expect(try replaced.status == .ok && (try replaced.content.get(String.self, at: "level")) == "weak")
            #expect(try await w.evaluate(w.ax, share: 0.55).status == .ok)
            // when
            let province = try await API.call(app, .GET, w.base + "/results", token: w.board)
            let commune = try await API.call(app, .GET, w.base + "/results?organizationId=\(w.f.a.id!)", token: w.board)
            // then
            let p = try province.content.decode(SurveyResultsDTO.self)
            #expect(p.total.cells == 5 && p.total.evaluated == 3 && p.total.levels == [1, 0, 1, 1])
            let residential = try #require(p.sectors.first { $0.sector == "residential" })
            #expect(residential.tally.cells == 3 && residential.tally.evaluated == 2 && residential.tally.levels == [1, 0, 0, 1])
            #expect(p.sectors.first { $0.sector == "privateEnterprise" }?.tally.levels == [0, 0, 1, 0])
            #expect(p.sectors.first { $0.sector == "school" }?.tally == SurveyTally(cells: 1, evaluated: 0, levels: [0, 0, 0, 0], scoreSum: 0))
            #expect(p.children.map(\.name) == ["Đảng bộ xã An Phú", "Đảng bộ phường Bình Minh"])
            #expect(p.children[0].tally.evaluated == 3 && p.children[1].tally.cells == 2 && p.children[1].tally.evaluated == 0)
            let sums = SurveyWorld.scores(0.9).values.reduce(0, +) + SurveyWorld.scores(0.4).values.reduce(0, +) + SurveyWorld.scores(0.55).values.reduce(0, +)
            #expect(abs(p.total.scoreSum - sums) < 0.001)
            let a = try commune.content.decode(SurveyResultsDTO.self)
            #expect(a.children.count == 3 && a.total.levels == [1, 0, 1, 1])
            // scope: B's member reads B, not A; the observer reads her cell's evaluation
            let outsideA = try await API.call(app, .GET, w.base + "/results?organizationId=\(w.f.a.id!)", token: w.outsider)
            #expect(outsideA.status == .notFound)
            let ownB = try await API.call(app, .GET, w.base + "/results", token: w.outsider)
            #expect(try ownB.status == .ok && (try ownB.content.decode(SurveyResultsDTO.self)).organizationId == w.f.b.id)
            let evaluation = try await API.call(app, .GET, w.base + "/evaluations/\(w.f.a2.id!)", token: w.observer)
            #expect(try evaluation.content.get(Double.self, at: "total") == SurveyWorld.scores(0.4).values.reduce(0, +))
            let texts = try await API.call(app, .GET, w.base + "/texts?organizationId=\(w.f.a.id!)", token: w.board)
            #expect(try texts.content.decode([SurveyTextDTO].self).count == 3)
            // audited: one event per evaluation, the replacement with its before
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "survey.evaluation").all()
            #expect(events.count == 4 && events.filter { $0.before != nil }.count == 1)
        }
    }

    @Test("XLSX: summary by sector first, readable, with the texts")
    func xlsx() async throws {
        try await TestApp.withApp { app in
            let w = try await SurveyWorld.make(app)
            #expect(try await w.evaluate(w.f.a1, share: 0.9).status == .ok)
            let res = try await API.call(app, .GET, w.base + "/results.xlsx?organizationId=\(w.f.p.id!)", token: w.board)
            #expect(res.status == .ok && res.headers.contentType?.description.contains("spreadsheetml") == true)
            let rows = try XLSXTestSupport.table(Data(buffer: res.body))
            #expect(rows.first?.first == "Loại hình")
            #expect(rows.contains { $0.first == "Khu dân cư" && $0.count > 3 && $0[1] == "3" && $0[2] == "1" && $0[3] == "1" })
            #expect(rows.last?.first == "Tổng cộng")
        }
    }

    @Test("Observers: assignment needs an active account and units of the round in the manager's scope")
    func assignments() async throws {
        try await TestApp.withApp { app in
            let w = try await SurveyWorld.make(app)
            let boardB = try await w.f.user(app, "bantochuc-b", .organizationBoard, at: w.f.b)
            let uid = try #require(try await User.query(on: app.db).filter(\.$username == "quansat-b").first()).id!
            let outside = try await API.call(app, .POST, w.base + "/observers", token: boardB,
                                             json: ["userId": uid.uuidString, "organizationIds": [w.f.a1.id!.uuidString]])
            #expect(outside.status == .unprocessableEntity && outside.body.string.contains("ngoài phạm vi"))
            let ok = try await API.call(app, .POST, w.base + "/observers", token: boardB, json: ["userId": uid.uuidString, "organizationIds": [w.f.b.id!.uuidString]])
            #expect(try ok.content.get(Int.self, at: "assigned") == 2)
            let again = try await API.call(app, .POST, w.base + "/observers", token: boardB, json: ["userId": uid.uuidString, "organizationIds": [w.f.b1.id!.uuidString]])
            #expect(try again.content.get(Int.self, at: "assigned") == 0)
            let mine = try await API.call(app, .GET, w.base + "/assignments", token: w.outsider)
            #expect(try mine.content.decode([SurveyAssignmentDTO].self).map(\.name) == ["Chi bộ khu phố 1", "Chi bộ Trường Tiểu học Bình Minh"])
            #expect(try await w.evaluate(w.bs, share: 0.85, token: w.outsider).status == .ok)
        }
    }
}
