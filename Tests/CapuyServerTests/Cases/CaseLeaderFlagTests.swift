@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 3: whether the person named leads the subject unit is kept
/// with the case, so reclassification routes by what intake decided.
@Suite("Case leader flag")
struct CaseLeaderFlagTests {
    @Test("R-CASE-5: a leader's denunciation stays a level up on reclassification; saying the person is no leader lets it come down, with a reason")
    func storedFlag() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let receipt = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo trưởng thôn thu tiền trái phép",
                                                                  about: w.f.a1, person: "Trưởng thôn", leader: true, identity: CaseWorld.identity))
            var c = try await API.call(app, .GET, "/api/v1/cases/\(receipt.id)", token: w.p).content.decode(CaseDTO.self)
            #expect(c.subjectIsLeader && c.handlingOrganizationId == w.f.a.id)
            let topicOnly = try await API.call(app, .PATCH, "/api/v1/cases/\(receipt.id)", token: w.p, json: ["topic": "corruption"])
            #expect(topicOnly.status == .ok, "\(topicOnly.body.string)")
            c = try topicOnly.content.decode(CaseDTO.self)
            #expect(c.handlingOrganizationId == w.f.a.id && c.subjectIsLeader)
            // Issue 14, item 3: coming down needs the level above's recorded decision.
            let undecided = try await API.call(app, .PATCH, "/api/v1/cases/\(receipt.id)", token: w.p,
                                               json: ["subjectIsLeader": false, "handlingOrganizationId": w.f.a1.id!.uuidString,
                                                      "reason": "Người bị tố cáo không giữ chức vụ trong chi bộ"])
            #expect(undecided.status == .unprocessableEntity)
            #expect(undecided.errorFields == ["downDecision"])
            let down = try await API.call(app, .PATCH, "/api/v1/cases/\(receipt.id)", token: w.p,
                                          json: ["subjectIsLeader": false, "handlingOrganizationId": w.f.a1.id!.uuidString,
                                                 "reason": "Người bị tố cáo không giữ chức vụ trong chi bộ",
                                                 "downDecision": "Quyết định 12-QĐ/UBKT ngày 02/12: người bị tố cáo không giữ chức vụ"])
            #expect(down.status == .ok, "\(down.body.string)")
            c = try down.content.decode(CaseDTO.self)
            #expect(!c.subjectIsLeader && c.handlingOrganizationId == w.f.a1.id)
            // Now handled inside A1, A1's handlers see it.
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(receipt.id)", token: w.a1).status == .ok)
        }
    }

    @Test("R-CASE-5: the unit's audit trail shows no case, so a denounced leader who audits the unit above learns nothing of it")
    func unitTrailHidesCases() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let secretary = try await w.leader("Lê Văn Bíthư", of: w.f.a1)
            let auditor = try await w.user("ubkt-xa-a", .inspection, at: w.f.a, member: secretary.id!)
            _ = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo bí thư chi bộ thôn 1", about: w.f.a1,
                                                        person: "Lê Văn Bíthư", leader: true, identity: CaseWorld.identity))
            let session = try await API.call(app, .POST, "/api/v1/reception-sessions", token: w.a,
                                             json: ["organizationId": w.f.a.id!.uuidString, "heldOn": w.today.iso, "hostName": "Bí thư xã",
                                                    "place": "Trụ sở xã"])
            #expect(session.status == .created)
            let trail = try await API.call(app, .GET, "/api/v1/organizations/\(w.f.a.id!)/audit", token: auditor.token)
            #expect(trail.status == .ok)
            let events = try trail.content.decode([AuditEventDTO].self)
            #expect(events.contains { $0.action == "reception.create" }, "the trail itself still works")
            #expect(!events.contains { $0.entity == "case" })
            // The chain still holds the case's events.
            #expect(try await AuditEvent.query(on: app.db).filter(\.$entity == "case").count() == 1)
        }
    }
}
