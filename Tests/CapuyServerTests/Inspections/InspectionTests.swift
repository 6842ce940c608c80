import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Inspection, supervision and discipline")
struct InspectionTests {
    struct World {
        let app: Application
        let f: Fixture
        let inspA: String
        let inspP: String
        let member: Member

        static func make(_ app: Application) async throws -> World {
            let f = try await Fixture.make(app)
            return World(app: app, f: f, inspA: try await f.user(app, "ubkt-a", .inspection, at: f.a),
                         inspP: try await f.user(app, "ubkt-p", .inspection, at: f.p),
                         member: try await f.member(app, "Hồ Văn Khải", in: f.a1))
        }

        func open(_ token: String? = nil) async throws -> String {
            let res = try await API.call(app, .POST, "/api/v1/inspections", token: token ?? inspA, json: [
                "organizationId": f.a.id!.uuidString, "kind": "signsOfViolation", "title": "Kiểm tra đảng viên khi có dấu hiệu vi phạm",
                "subjectMemberId": member.id!.uuidString, "team": "Đồng chí Trưởng đoàn; đồng chí Thành viên",
                "startsOn": "01/09/2026", "endsOn": "30/09/2026"])
            #expect(res.status == .created, "\(res.body.string)")
            return try res.content.get(String.self, at: "id")
        }

        func propose(_ inspection: String, form: String, offence: String = "01/06/2026") async throws -> TestingHTTPResponse {
            try await API.call(app, .POST, "/api/v1/inspections/\(inspection)/discipline", token: inspA, json: [
                "subject": "member", "memberId": member.id!.uuidString, "form": form, "offenceOn": offence,
                "reason": "Vi phạm quy định về những điều đảng viên không được làm"])
        }
    }

    @Test("An inspection runs open → findings → conclusion; only inspection roles of the competent unit see it")
    func lifecycle() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let id = try await w.open()
            #expect(try await API.call(app, .POST, "/api/v1/inspections/\(id)/conclusion", token: w.inspA,
                                       json: ["text": "Kết luận trước khi thẩm tra"]).status == .unprocessableEntity)
            #expect(try await API.call(app, .POST, "/api/v1/inspections/\(id)/steps", token: w.inspA,
                                       json: ["text": "Làm việc với chi bộ", "on": "05/09/2026"]).status == .ok)
            #expect(try await API.call(app, .POST, "/api/v1/inspections/\(id)/findings", token: w.inspA,
                                       json: ["text": "Có vi phạm như nội dung phản ánh."]).status == .ok)
            let done = try await API.call(app, .POST, "/api/v1/inspections/\(id)/conclusion", token: w.inspA,
                                          json: ["text": "Đồng chí Khải vi phạm, đề nghị thi hành kỷ luật."])
            #expect(try done.content.get(String.self, at: "status") == "concluded")
            let shown = try await API.call(app, .GET, "/api/v1/inspections/\(id)", token: w.inspA)
            #expect(try shown.content.get([[String: String]].self, at: "steps").count == 1)
            // Outside the inspection committee: an office at A, an inspection committee of B.
            let office = try await w.f.user(app, "vanphong-a", .office, at: w.f.a)
            let inspB = try await w.f.user(app, "ubkt-b", .inspection, at: w.f.b)
            #expect(try await API.call(app, .GET, "/api/v1/inspections/\(id)", token: office).status == .notFound)
            #expect(try await API.call(app, .GET, "/api/v1/inspections/\(id)", token: inspB).status == .notFound)
            // A subject outside the inspecting unit is refused.
            let outside = try await API.call(app, .POST, "/api/v1/inspections", token: w.inspA, json: [
                "organizationId": w.f.a1.id!.uuidString, "kind": "thematicSupervision", "title": "Giám sát chuyên đề ngoài phạm vi",
                "subjectOrganizationId": w.f.b1.id!.uuidString, "startsOn": "01/09/2026", "endsOn": "30/09/2026"])
            #expect(outside.status == .unprocessableEntity)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$entity == "inspection").count()
            #expect(audit == 4)
            // The unit's change log, read by offices and boards, leaves the inspection out.
            let trail = try await AuditQuery.forUnit(w.f.a, on: app.db)
            #expect(!trail.contains { $0.entity == "inspection" })
        }
    }

    @Test("R-DISC-1: a form not open to the subject is refused; a probationary member cannot be expelled, a member without a post not removed")
    func forms() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let id = try await w.open()
            let removal = try await w.propose(id, form: "removal")
            #expect(removal.status == .unprocessableEntity && removal.body.string.contains("R-DISC-1"))
            let dissolve = try await w.propose(id, form: "dissolution")
            #expect(dissolve.status == .unprocessableEntity)
            #expect(try await DisciplineDecision.query(on: app.db).count() == 0)
        }
    }

    @Test("R-DISC-2 and R-DISC-3: the cell decides a warning; a body outside, an expulsion without two thirds, or a late decision are refused")
    func decisions() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let id = try await w.open()
            let proposed = try await w.propose(id, form: "warning")
            let did = try proposed.content.get(String.self, at: "id")
            let sibling = try await API.call(app, .POST, "/api/v1/discipline/\(did)/decision", token: w.inspA,
                                             json: ["decidingOrganizationId": w.f.a2.id!.uuidString, "decidedOn": "01/10/2026"])
            #expect(sibling.status == .unprocessableEntity && sibling.body.string.contains("R-DISC-2"))
            let ok = try await API.call(app, .POST, "/api/v1/discipline/\(did)/decision", token: w.inspA,
                                        json: ["decidingOrganizationId": w.f.a1.id!.uuidString, "decidedOn": "01/10/2026"])
            #expect(ok.status == .ok, "\(ok.body.string)")
            #expect(try await DisciplineRecord.find(UUID(uuidString: did)!, on: app.db)?.form == "warning")
            // Expulsion by the cell needs two thirds of its full members.
            let exp = try await w.propose(id, form: "expulsion")
            let eid = try exp.content.get(String.self, at: "id")
            let short = try await API.call(app, .POST, "/api/v1/discipline/\(eid)/decision", token: w.inspA,
                                           json: ["decidingOrganizationId": w.f.a1.id!.uuidString, "decidedOn": "01/10/2026", "votesFor": 0,
                                                  "grassrootsAgreed": true, "ratifiedByOrganizationId": w.f.a.id!.uuidString])
            #expect(short.status == .unprocessableEntity && short.body.string.contains("hai phần ba"))
            let tooMany = try await API.call(app, .POST, "/api/v1/discipline/\(eid)/decision", token: w.inspA,
                                             json: ["decidingOrganizationId": w.f.a1.id!.uuidString, "decidedOn": "01/10/2026",
                                                    "votesFor": Int.max, "grassrootsAgreed": true])
            #expect(tooMany.status == .unprocessableEntity)
            // An offence too old for a reprimand (5 years, R-DISC-3).
            let old = try await w.propose(id, form: "reprimand", offence: "01/01/2019")
            let oid = try old.content.get(String.self, at: "id")
            let late = try await API.call(app, .POST, "/api/v1/discipline/\(oid)/decision", token: w.inspA,
                                          json: ["decidingOrganizationId": w.f.a.id!.uuidString, "decidedOn": "01/10/2026"])
            #expect(late.status == .unprocessableEntity && late.body.string.contains("R-DISC-3"))
            #expect(try await DisciplineRecord.query(on: app.db).count() == 1)
        }
    }

    @Test("R-EVAL-4: a warning decided after an inspection caps the member's review; an annulled one on appeal no longer does")
    func capsTheReview() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let id = try await w.open()
            let did = try await w.propose(id, form: "warning").content.get(String.self, at: "id")
            #expect(try await API.call(app, .POST, "/api/v1/discipline/\(did)/decision", token: w.inspA,
                                       json: ["decidingOrganizationId": w.f.a.id!.uuidString, "decidedOn": "01/10/2026"]).status == .ok)
            let year = LocalDate(parsing: "2026-10-01")!.year
            #expect(try await ReviewFacts.disciplined([w.member.id!], year: year, on: app.db) == [w.member.id!])
            // The complaint goes to the level above the deciding body (A → P); P's inspection committee settles it.
            let appeal = try await API.call(app, .POST, "/api/v1/discipline/\(did)/appeals", token: w.inspA,
                                            json: ["filedOn": "05/10/2026", "text": "Đồng chí Khải khiếu nại quyết định kỷ luật"])
            #expect(appeal.status == .created)
            #expect(try appeal.content.get(UUID.self, at: "handlingOrganizationId") == w.f.p.id)
            let aid = try appeal.content.get(String.self, at: "id")
            // An appeal lightens a sanction; it never makes it heavier.
            #expect(try await API.call(app, .POST, "/api/v1/discipline-appeals/\(aid)/result", token: w.inspP,
                                       json: ["status": "changed", "note": "Nặng hơn", "form": "expulsion"]).status == .unprocessableEntity)
            #expect(try await API.call(app, .POST, "/api/v1/discipline-appeals/\(aid)/result", token: w.inspA,
                                       json: ["status": "annulled", "note": "Không đủ căn cứ"]).status == .notFound)
            #expect(try await API.call(app, .POST, "/api/v1/discipline-appeals/\(aid)/result", token: w.inspP,
                                       json: ["status": "annulled", "note": "Không đủ căn cứ"]).status == .ok)
            #expect(try await ReviewFacts.disciplined([w.member.id!], year: year, on: app.db).isEmpty)
            let stats = try await API.call(app, .GET, "/api/v1/inspections/statistics?year=2026", token: w.inspP)
            #expect(try stats.content.get(Int.self, at: "annulled") == 1 && stats.content.get(Int.self, at: "appeals") == 1)
        }
    }

    @Test("A citizen's case opens an inspection, and the inspection's conclusion concludes the case")
    func concludesCase() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let office = try await w.f.user(app, "vp-a", .office, at: w.f.a)
            let intake = try await API.call(app, .POST, "/api/v1/cases", token: office, json: [
                "channel": "letter", "kind": "report", "title": "Phản ánh về cán bộ thôn", "content": "Nội dung phản ánh về việc làm sai của cán bộ thôn.",
                "subjectOrganizationId": w.f.a.id!.uuidString, "handlingOrganizationId": w.f.a.id!.uuidString])
            guard intake.status == .created || intake.status == .ok else { Issue.record("\(intake.body.string)"); return }
            let caseId = try intake.content.get(String.self, at: "id")
            _ = try await API.call(app, .POST, "/api/v1/cases/\(caseId)/actions", token: office, json: ["action": "accept"])
            let opened = try await API.call(app, .POST, "/api/v1/cases/\(caseId)/inspection", token: office, json: ["title": "Kiểm tra theo đơn phản ánh"])
            #expect(opened.status == .created, "\(opened.body.string)")
            let iid = try opened.content.get(String.self, at: "id")
            #expect(try await API.call(app, .POST, "/api/v1/inspections/\(iid)/findings", token: w.inspA, json: ["text": "Nội dung phản ánh đúng một phần."]).status == .ok)
            #expect(try await API.call(app, .POST, "/api/v1/inspections/\(iid)/conclusion", token: w.inspA, json: ["text": "Kết luận: phản ánh đúng một phần."]).status == .ok)
            let c = try await CitizenCase.find(UUID(uuidString: caseId)!, on: app.db)
            // The submitter learns that a conclusion was reached, not the committee's text.
            #expect(c?.state == .concluded && c?.conclusion?.hasPrefix("Đã có kết luận kiểm tra ngày") == true)
            #expect(c?.conclusion?.contains("phản ánh đúng một phần") == false)
        }
    }

    @Test("Pages: the list, opening with a Vietnamese error, the inspection page, the figures as XLSX; others get 404")
    func pages() async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let id = try await w.open()
            let cookie = try await WebSession.cookie(app, "ubkt-a")
            let list = try await WebSession.get(app, "/kiem-tra", cookie: cookie)
            #expect(list.status == .ok && list.body.string.contains("Kiểm tra đảng viên khi có dấu hiệu vi phạm"))
            let bad = try await WebSession.post(app, "/kiem-tra", cookie: cookie, form: ["organizationId": w.f.a.id!.uuidString, "kind": "thematicSupervision",
                                                                                        "title": "x", "startsOn": "", "endsOn": ""])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Ngày bắt đầu không hợp lệ"))
            let page = try await WebSession.get(app, "/kiem-tra/\(id)", cookie: cookie)
            #expect(page.status == .ok && page.body.string.contains("Hồ Văn Khải"))
            let proposal = try await WebSession.post(app, "/kiem-tra/\(id)/de-nghi", cookie: cookie,
                                                     form: ["form": "expulsion", "offenceOn": "01/05/2026", "reason": "Vi phạm nghiêm trọng"])
            #expect(proposal.status == .seeOther)
            let xlsx = try await WebSession.get(app, "/kiem-tra/thong-ke.xlsx", cookie: cookie)
            #expect(xlsx.status == .ok)
            _ = try await w.f.user(app, "bithu", .secretary, at: w.f.a1)
            #expect(try await WebSession.get(app, "/kiem-tra/\(id)", cookie: try await WebSession.cookie(app, "bithu")).status == .notFound)
        }
    }
}
