import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Reviews: rounds, units, results")
struct ReviewRoundTests {
    static func post(_ app: Application, _ token: String, _ input: ReviewRoundInput) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        headers.contentType = .json
        return try await app.testing().sendRequest(.POST, "/api/v1/review-rounds", headers: headers,
                                                   body: ByteBuffer(data: try JSONEncoder().encode(input)))
    }

    @Test("A round's timetable runs in order; two rounds of one period never cover the same unit")
    func openingRules() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let late = try await API.call(app, .POST, "/api/v1/review-rounds", token: w.board, json: [
                "organizationId": w.f.b.id!.uuidString, "year": 2026, "period": "q2", "selfFrom": "30/11/2026", "selfTo": "01/11/2026",
                "unitReviewBy": "10/12/2026", "decisionBy": "31/12/2026",
            ])
            #expect(late.status == .unprocessableEntity)
            let overlap = try await API.call(app, .POST, "/api/v1/review-rounds", token: w.board, json: [
                "organizationId": w.f.b.id!.uuidString, "year": 2026, "selfFrom": "01/11/2026", "selfTo": "30/11/2026",
                "unitReviewBy": "10/12/2026", "decisionBy": "31/12/2026",
            ])
            #expect(overlap.status == .conflict)
            // A province's own sheet is used when it adds up; a broken one is refused.
            var policy = ReviewPolicy.standard
            policy.bands.excellent = 95
            let custom = try await Self.post(app, w.board, ReviewRoundInput(
                organizationId: w.f.b.id!, year: 2026, period: "q4", selfFrom: "01/11/2026", selfTo: "30/11/2026",
                unitReviewBy: "10/12/2026", decisionBy: "31/12/2026", policy: policy))
            #expect(custom.status == .created, "\(custom.body.string)")
            #expect(try custom.content.get(Double.self, at: "policy", "bands", "excellent") == 95)
            policy.sheets[0] = CriteriaSheet(form: .leader, sections: [])
            let broken = try await Self.post(app, w.board, ReviewRoundInput(
                organizationId: w.f.a.id!, year: 2026, period: "q3", selfFrom: "01/11/2026", selfTo: "30/11/2026",
                unitReviewBy: "10/12/2026", decisionBy: "31/12/2026", policy: policy))
            #expect(broken.status == .unprocessableEntity)
            // A secretary cannot open a round.
            let bySecretary = try await API.call(app, .POST, "/api/v1/review-rounds", token: w.secretary, json: [
                "organizationId": w.f.a1.id!.uuidString, "year": 2026, "period": "q1", "selfFrom": "01/11/2026", "selfTo": "30/11/2026",
                "unitReviewBy": "10/12/2026", "decisionBy": "31/12/2026",
            ])
            #expect(bySecretary.status == .unprocessableEntity)
        }
    }

    @Test("R-EVAL-6: a grassroots organization's own round stands inside its commune's; its members stay in it and the commune's round rates the organization itself")
    func nestedRounds() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let units = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let g = try await units.create(.init(parentId: w.f.a.id, name: "Đảng bộ Trường THCS An Phú", kind: "grassrootsCommittee", sector: "school", code: "G"), scope: nil)
            let c = try await units.create(.init(parentId: g.id, name: "Chi bộ giáo viên", kind: "cell", sector: "school", code: "GC"), scope: nil)
            func open(_ unit: Organization) async throws -> TestingHTTPResponse {
                try await Self.post(app, w.board, ReviewRoundInput(organizationId: unit.id!, year: 2026, period: "q1", selfFrom: "01/03/2026",
                                                                   selfTo: "20/03/2026", unitReviewBy: "25/03/2026", decisionBy: "31/03/2026"))
            }
            let inner = try await open(g)
            #expect(inner.status == .created)
            let outer = try await open(w.f.a)
            #expect(outer.status == .created, "a round below does not block the commune's")
            #expect(try await open(g).status == .conflict)
            let innerId = try inner.content.get(String.self, at: "id"), outerId = try outer.content.get(String.self, at: "id")
            let (t, token) = try await w.member("Đặng Thị Thu", in: c)
            let body: [String: any Sendable] = ["form": "2B", "scores": ReviewWorld.scores(80), "level": "good"]
            let wrong = try await API.call(app, .PUT, "/api/v1/review-rounds/\(outerId)/members/\(t.id!)", token: token, json: body)
            #expect(wrong.status == .conflict)
            #expect(try await API.call(app, .PUT, "/api/v1/review-rounds/\(innerId)/members/\(t.id!)", token: token, json: body).status == .ok)
            let scores: [String: Double] = ["C1": 9, "C2": 9, "C3": 9, "KQ1": 36, "KQ2": 18, "KQ3": 9]
            #expect(try await API.call(app, .PUT, "/api/v1/review-rounds/\(innerId)/units/\(g.id!)", token: w.board,
                                       json: ["scores": scores, "level": "good"]).status == .notFound)
            #expect(try await API.call(app, .PUT, "/api/v1/review-rounds/\(outerId)/units/\(g.id!)", token: w.board,
                                       json: ["scores": scores, "level": "good"]).status == .ok)
            // Only the level directly above decides: the province's board may not rate the school.
            let byProvince = try await API.call(app, .POST, "/api/v1/review-rounds/\(outerId)/unit-decisions", token: w.board,
                                                json: ["decisions": [["organizationId": g.id!.uuidString, "level": "good"]]])
            #expect(byProvince.status == .forbidden)
            #expect(try await API.call(app, .POST, "/api/v1/review-rounds/\(outerId)/unit-decisions", token: w.boardA,
                                       json: ["decisions": [["organizationId": g.id!.uuidString, "level": "good"]]]).status == .ok)
        }
    }

    @Test("R-EVAL-4: a round does not close while a sanction recorded after a decision leaves a level above not fulfilled")
    func closeChecksSanctions() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let m = try await w.reviewed("Kiều Văn Lâm", in: w.f.a1, total: 75, level: .good)
            #expect(try await w.decide([(m, .good)]).status == .ok)
            let rec = try await API.call(app, .POST, "/api/v1/discipline-records", token: w.board, json: [
                "subject": "member", "memberId": m.id!.uuidString, "form": "reprimand", "decidedOn": "20/11/2026",
                "decidedBy": "Chi bộ thôn 1", "reason": "Vi phạm quy chế làm việc"])
            #expect(rec.status == .created)
            let refused = try await API.call(app, .POST, "\(w.base)/close", token: w.board)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Kiều Văn Lâm"))
            #expect(try await w.decide([(m, .notFulfilled)]).status == .ok)
            #expect(try await API.call(app, .POST, "\(w.base)/close", token: w.board).status == .ok)
        }
    }

    @Test("A closed round takes no edits; reopening needs a reason and is audited")
    func closeAndReopen() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let m = try await w.reviewed("Trịnh Văn Long", in: w.f.a1, total: 75, level: .good)
            #expect(try await API.call(app, .POST, "\(w.base)/close", token: w.secretary).status == .forbidden)
            #expect(try await API.call(app, .POST, "\(w.base)/close", token: w.board).status == .ok)
            let late = try await w.decide([(m, .good)])
            #expect(late.status == .conflict)
            #expect(try await API.call(app, .POST, "\(w.base)/reopen", token: w.board, json: ["reason": ""]).status == .unprocessableEntity)
            #expect(try await API.call(app, .POST, "\(w.base)/reopen", token: w.board, json: ["reason": "Bổ sung quyết định còn thiếu"]).status == .ok)
            #expect(try await w.decide([(m, .good)]).status == .ok)
            let reopen = try await AuditEvent.query(on: app.db).filter(\.$action == "review.round.reopen").first()
            #expect(reopen?.after?.contains("Bổ sung quyết định còn thiếu") == true)
        }
    }

    @Test("R-EVAL-6 and R-EVAL-4: a unit assesses itself; only the level directly above decides; a disciplined leadership caps it")
    func unitPath() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let scores: [String: Double] = ["C1": 9, "C2": 9, "C3": 9, "KQ1": 36, "KQ2": 18, "KQ3": 9]
            let own = try await API.call(app, .PUT, "\(w.base)/units/\(w.f.a1.id!)", token: w.secretary,
                                         json: ["scores": scores, "level": "good", "tasksBeyond": 0])
            #expect(own.status == .ok, "\(own.body.string)")
            let a1Board = try await w.f.user(app, "bantochuc-a1", .organizationBoard, at: w.f.a1)
            let selfDecided = try await API.call(app, .POST, "\(w.base)/unit-decisions", token: a1Board,
                                                 json: ["decisions": [["organizationId": w.f.a1.id!.uuidString, "level": "good"]]])
            #expect(selfDecided.status == .forbidden)
            let decided = try await API.call(app, .POST, "\(w.base)/unit-decisions", token: w.boardA,
                                             json: ["decisions": [["organizationId": w.f.a1.id!.uuidString, "level": "good"]]])
            #expect(decided.status == .ok, "\(decided.body.string)")
            let dist = try await API.call(app, .GET, "\(w.base)/distribution?organizationId=\(w.f.a.id!)", token: w.board)
            #expect(try dist.content.get([Int].self, at: "unit", "unitLevels") == [0, 1, 0, 0])
            // The province's own round unit is not reviewed in its own round.
            #expect(try await API.call(app, .PUT, "\(w.base)/units/\(w.f.p.id!)", token: w.board,
                                       json: ["scores": scores, "level": "good"]).status == .notFound)
            _ = try await API.call(app, .POST, "/api/v1/discipline-records", token: w.board, json: [
                "subject": "leadership", "organizationId": w.f.a2.id!.uuidString, "form": "reprimand", "decidedOn": "01/05/2026",
                "decidedBy": "Ban Thường vụ Đảng ủy xã", "reason": "Buông lỏng lãnh đạo",
            ])
            let capped = try await API.call(app, .PUT, "\(w.base)/units/\(w.f.a2.id!)", token: w.board,
                                            json: ["scores": scores, "level": "good"])
            #expect(capped.status == .unprocessableEntity)
            #expect(capped.body.string.contains("R-EVAL-4"))
            try await w.expectRollupsClean()
        }
    }

    @Test("Rating rollups follow a unit that moves, and rollups verify finds nothing wrong")
    func moveKeepsRollups() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let m = try await w.reviewed("Mai Văn Đức", in: w.f.a1, total: 72, level: .good)
            #expect(try await w.decide([(m, .good)]).status == .ok)
            let admin = try await w.f.user(app, "quantri", .admin, at: w.f.p)
            let moved = try await API.call(app, .POST, "/api/v1/organizations/\(w.f.a1.id!)/move", token: admin, json: ["parentId": w.f.b.id!.uuidString])
            #expect(moved.status == .ok, "\(moved.body.string)")
            #expect(try await w.distribution(w.f.a) == [0, 0, 0, 0])
            #expect(try await w.distribution(w.f.b) == [0, 1, 0, 0])
            #expect(try await w.distribution(w.f.p) == [0, 1, 0, 0])
            try await w.expectRollupsClean()
        }
    }

    @Test("Results: lists by level, the Mẫu 01 workbook and the decision document")
    func exports() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            let m = try await w.reviewed("Cao Thị Hoa", in: w.f.a1, total: 77, level: .good)
            #expect(try await w.decide([(m, .good)]).status == .ok)
            let list = try await API.call(app, .GET, "\(w.base)/rated?organizationId=\(w.f.a.id!)&level=good", token: w.board)
            #expect(try list.content.decode([RatedMemberDTO].self).map(\.name) == ["Cao Thị Hoa"])
            let xlsx = try await API.call(app, .GET, "\(w.base)/summary.xlsx?organizationId=\(w.f.a.id!)", token: w.board)
            #expect(xlsx.status == .ok)
            let sheet = try XLSXReader.readFirstSheet(Data(buffer: xlsx.body))
            // Issue 18: the title block names the unit and the round's year before the header.
            #expect(sheet.prefix(4).map { $0.first ?? "" }.dropFirst().elementsEqual(["Đơn vị: Đảng bộ xã An Phú", "Kỳ: Năm 2026", "Ngày lập: \(app.capuy.today().display)"]),
                    "\(sheet.prefix(4))")
            let rows = Array(sheet.drop { !$0.contains("Đảng viên HTTNV") })
            #expect(rows.first?.contains("Đảng viên HTTNV") == true)
            // The commune, then its two cells: A1 with the one good member.
            #expect(rows.count == 4)
            #expect(rows.dropFirst().first?.first == "Đảng bộ xã An Phú")
            // The decision list rides along as a second sheet (file names in a zip are stored plain).
            #expect(String(decoding: Data(buffer: xlsx.body), as: UTF8.self).contains("xl/worksheets/sheet2.xml"))
            let docx = try await API.call(app, .GET, "\(w.base)/decision.docx?organizationId=\(w.f.a1.id!)", token: w.board)
            #expect(docx.status == .ok)
            #expect(docx.headers.contentType?.description.contains("wordprocessingml") == true)
        }
    }

    @Test("Issue 18: the decision is fit to sign: the symbol for the register's number, the place and the day, the cell's own wording, the list in Vietnamese order")
    func decisionFitToSign() async throws {
        try await TestApp.withApp { app in
            let w = try await ReviewWorld.make(app)
            // Given names An < Đào < Vân (Đ after D, before V); with the same given
            // and middle names the family name decides: Hồ before Huỳnh (ô before u).
            var members: [(Member, RatingLevel)] = []
            for name in ["Trần Thị Vân", "Huỳnh Văn An", "Nguyễn Thị Đào", "Hồ Văn An"] {
                members.append((try await w.reviewed(name, in: w.f.a1, total: 75, level: .good), .good))
            }
            #expect(try await w.decide(members).status == .ok)
            let res = try await API.call(app, .GET, "\(w.base)/decision.docx?organizationId=\(w.f.a1.id!)", token: w.board)
            #expect(res.status == .ok)
            #expect(ExportFitToSignTests.fileName(res).hasPrefix("Quyết định xếp loại chất lượng đảng viên – Chi bộ"), "the file says what it is")
            let xml = try #require(try XLSXTestSupport.part("word/document.xml", of: Data(buffer: res.body)))
            let positions = ["Hồ Văn An", "Huỳnh Văn An", "Nguyễn Thị Đào", "Trần Thị Vân"].compactMap { xml.range(of: $0)?.lowerBound }
            #expect(positions.count == 4 && positions == positions.sorted(), "the annex is in Vietnamese order")
            // A1 is a cell: it signs as CB, dates at the commune it belongs to, and
            // decides on its members' reviews, not on "the cells' proposals".
            #expect(xml.contains("Số ……-QĐ/CB"))
            let today = app.capuy.today()
            #expect(xml.contains("Xã An Phú, ngày \(String(format: "%02d", today.day)) tháng"), "the place name and the day")
            #expect(!xml.contains("ngày … tháng"))
            #expect(xml.contains("Xét kết quả kiểm điểm, tự đánh giá của đảng viên và ý kiến của chi bộ"))
            #expect(!xml.contains("Xét đề nghị của các chi bộ"))
        }
    }
}
