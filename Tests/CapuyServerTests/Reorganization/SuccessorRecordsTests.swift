@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 15, "History both ways": staff of a successor read their
/// predecessors' settled cases, past review rounds and held meetings (open
/// ones pass to the heir), and change none of them.
@Suite("Successors read their predecessors' cases, reviews and meetings")
struct SuccessorRecordsTests {
    typealias Before = ReorganizationPlanTests.Before

    @Test("A settled case, a closed review round and a held meeting of merged units are read by their successors' staff, not changed, and hidden from units that took nothing over")
    func readOnlyRecords() async throws {
        try await TestApp.withApp { app in
            // given: before the reform, commune A settled a case, closed its 2024 review round, and its cell A2 held a meeting
            let t = try await Before.make(app)
            let f = t.f
            let caseID = try await OrganizationTreeTests.petition(app, about: f.a, title: "Kiến nghị về chợ xã An Phú")
            let settled = try #require(try await CitizenCase.find(caseID, on: app.db))
            settled.$handlingOrg.id = f.a.id!
            settled.handlingPath = f.a.path
            settled.stateRaw = CaseState.closed.rawValue
            settled.finishedOn = "2025-05-20"
            try await settled.save(on: app.db)
            let boardA = try await f.user(app, "bantochuc-xa-a", .organizationBoard, at: f.a)
            let opened = try await API.call(app, .POST, "/api/v1/review-rounds", token: boardA, json: [
                "organizationId": f.a.id!.uuidString, "year": 2024, "selfFrom": "01/12/2024", "selfTo": "15/12/2024",
                "unitReviewBy": "20/12/2024", "decisionBy": "31/12/2024",
            ])
            try #require(opened.status == .created, "\(opened.body.string)")
            let roundID = try opened.content.get(String.self, at: "id")
            try #require(try await API.call(app, .POST, "/api/v1/review-rounds/\(roundID)/close", token: boardA).status == .ok)
            let secretaryA2 = try await f.user(app, "bithu-a2", .secretary, at: f.a2)
            let scheduled = try await API.call(app, .POST, "/api/v1/meetings", token: secretaryA2, json: [
                "organizationId": f.a2.id!.uuidString, "kind": "regular", "heldOn": t.w.today.adding(days: -3).iso,
                "startsAt": "19:30", "place": "Nhà văn hóa thôn 2",
            ])
            try #require(scheduled.status == .created, "\(scheduled.body.string)")
            let meetingID = try scheduled.content.get(String.self, at: "id")
            let held = try await API.call(app, .POST, "/api/v1/meetings/\(meetingID)/held", token: secretaryA2, json: [
                "durationMinutes": 90, "minutesComplete": true, "minutes": "Biên bản", "conclusion": "Kết luận", "judged": [String](),
                "tasks": [[String: String]](),
            ])
            try #require(held.status == .ok, "\(held.body.string)")

            // when: the reform closes A (split into N and B) and merges its cell A2 into B1
            var plan = t.plan()
            plan["rows"] = (plan["rows"] as! [[String: any Sendable]]) + [["action": "merge", "unit": "A2", "successor": "B1"]]
            let res = try await t.submit(plan)
            try #require(res.status == .ok, "\(res.body.string)")
            let n = try #require(try await Organization.query(on: app.db).filter(\.$code == "N").first())
            let officeN = try await f.user(app, "vp-xa-tan-hop", .office, at: n)
            let boardN = try await f.user(app, "bantochuc-xa-tan-hop", .organizationBoard, at: n)
            let secretaryB1 = try await f.user(app, "bithu-b1", .secretary, at: f.b1)
            let officeB1 = try await f.user(app, "vp-chi-bo-b1", .office, at: f.b1)

            // then: the settled case stays with A; N's office reads it, in the list too, and cannot act on it
            #expect(try await CitizenCase.find(caseID, on: app.db)?.$handlingOrg.id == f.a.id)
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(caseID)", token: officeN).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(caseID)/events", token: officeN).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/cases?state=closed", token: officeN).body.string.contains(caseID.uuidString))
            let act = try await API.call(app, .POST, "/api/v1/cases/\(caseID)/actions", token: officeN, json: ["action": "reopen", "note": "Mở lại"])
            #expect(act.status == .notFound)
            let extend = try await API.call(app, .POST, "/api/v1/cases/\(caseID)/extensions", token: officeN, json: ["reason": "Gia hạn"])
            #expect(extend.status == .notFound)
            #expect(try await CitizenCase.find(caseID, on: app.db)?.stateRaw == CaseState.closed.rawValue)
            // The case page shows it with no form that changes it.
            let cookie = try await WebSession.cookie(app, "vp-xa-tan-hop")
            let page = try await WebSession.get(app, SiteURL.caseShow(caseID).path, cookie: cookie)
            #expect(page.status == .ok && page.body.string.contains("id=\"read-only\""))
            #expect(!page.body.string.contains(SiteURL.caseAction(caseID).path) && !page.body.string.contains(SiteURL.caseAttach(caseID).path))
            // A's lineage names, for N's office, only the successor it may see; the province's board sees both.
            let lineage = try await API.call(app, .GET, "/api/v1/organizations/\(f.a.id!)/lineage", token: officeN)
            #expect(try lineage.content.decode(OrganizationLineageDTO.self).successors.map(\.id) == [n.id!])
            let whole = try await API.call(app, .GET, "/api/v1/organizations/\(f.a.id!)/lineage", token: t.board)
            #expect(try whole.content.decode(OrganizationLineageDTO.self).successors.map(\.id) == [n.id!, f.b.id!])
            // A unit that took nothing over sees none of it.
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(caseID)", token: officeB1).status == .notFound)

            // The closed round of A: read by N's staff; its board cannot reopen it.
            #expect(try await API.call(app, .GET, "/api/v1/review-rounds/\(roundID)", token: officeN).status == .ok)
            #expect(try await API.call(app, .GET, "/api/v1/review-rounds", token: officeN).body.string.contains(roundID))
            let reopen = try await API.call(app, .POST, "/api/v1/review-rounds/\(roundID)/reopen", token: boardN, json: ["reason": "Xem xét lại kết quả xếp loại"])
            #expect(reopen.status == .forbidden || reopen.status == .notFound)
            #expect(try await ReviewRound.find(UUID(uuidString: roundID), on: app.db)?.status == .closed)

            // A2's held meeting: read by B1's secretary, who took A2 over; its attendance cannot be rewritten.
            #expect(try await Organization.find(f.a2.id, on: app.db)?.isClosed == true)
            #expect(try await API.call(app, .GET, "/api/v1/meetings/\(meetingID)", token: secretaryB1).status == .ok)
            let roll = try await API.call(app, .PUT, "/api/v1/meetings/\(meetingID)/attendance", token: secretaryB1, json: ["lines": [[String: String]]()])
            #expect(roll.status == .forbidden || roll.status == .notFound)
            #expect(try await API.call(app, .GET, "/api/v1/meetings/\(meetingID)", token: officeN).status == .notFound)
        }
    }
}
