@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 3: the competent unit is proposed from the subject (a
/// denunciation of a unit or its leader goes a level up), can be changed
/// with a reason, and the person denounced or the subject unit's leadership
/// never sees the case (R-CASE-5).
@Suite("Cases: routing and visibility")
struct CaseRoutingVisibilityTests {
    static func ids(_ items: [CaseDTO]) -> Set<UUID> { Set(items.map(\.id)) }

    @Test("R-CASE-5: a denunciation of A1's leader goes to A; A1 cannot see it, A and P can")
    func leaderDenunciationGoesUp() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let leader = try await w.submit(CaseWorld.submission(
                kind: "denunciation", title: "Tố cáo bí thư chi bộ thôn 1", content: "Bí thư chi bộ nhận tiền để xác nhận hồ sơ đất đai.",
                about: w.f.a1, person: "Nguyễn Văn Trưởng", leader: true, identity: CaseWorld.identity))
            let unit = try await w.intake(w.a, CaseWorld.intakeJSON(
                kind: "denunciation", title: "Tố cáo tập thể chi bộ thôn 1", content: "Chi bộ thôn 1 biểu quyết sai quy trình kết nạp đảng viên.",
                about: w.f.a1, extra: ["identity": CaseWorld.identity]))
            let petition = try await w.submit(CaseWorld.submission(about: w.f.a1))
            // A denunciation of an ordinary person stays with the unit.
            let plain = try await w.submit(CaseWorld.submission(
                kind: "denunciation", title: "Tố cáo đảng viên thôn 1", content: "Một đảng viên lấn chiếm đất hành lang giao thông.",
                about: w.f.a1, person: "Hoàng Văn Thường", leader: false, identity: CaseWorld.identity))

            #expect(try await w.show(leader.id, w.a).handlingOrganizationId == w.f.a.id)
            #expect(try await w.show(unit.id, w.a).handlingOrganizationId == w.f.a.id)
            #expect(try await w.show(petition.id, w.a1).handlingOrganizationId == w.f.a1.id)
            #expect(try await w.show(plain.id, w.a1).handlingOrganizationId == w.f.a1.id)

            for hidden in [leader.id, unit.id] {
                for suffix in ["", "/events", "/handlers"] {
                    #expect(try await w.get("/cases/\(hidden)\(suffix)", w.a1).status == .notFound, "\(suffix)")
                }
                #expect(try await w.actResponse(w.a1, hidden, "accept").status == .notFound)
                #expect(try await w.get("/cases/\(hidden)", w.b).status == .notFound)
            }
            #expect(Self.ids(try await w.list(w.a1)) == [petition.id, plain.id])
            #expect(Self.ids(try await w.list(w.a1, "q=bi%20thu")).isEmpty)
            #expect(Self.ids(try await w.list(w.a)) == [leader.id, unit.id, petition.id, plain.id])
            #expect(Self.ids(try await w.list(w.p)) == [leader.id, unit.id, petition.id, plain.id])
            #expect(try await w.list(w.b).isEmpty)
            // The subject unit's statistics do not count it either.
            let stats = try await w.get("/cases/statistics", w.a1)
            #expect(try stats.content.get(Int.self, at: "total") == 2)
        }
    }

    @Test("R-CASE-5: a user who is a member of A1's committee, granted at A, cannot see or handle a case about A1")
    func leadershipMemberExcluded() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let secretary = try await w.leader("Lê Văn Bíthư", of: w.f.a1)
            let linked = try await w.user("ubkt-xa-a", .inspection, at: w.f.a, member: secretary.id!)
            // The person denounced by member record, an ordinary member of A2.
            let accused = try await w.f.member(app, "Đỗ Văn Bịtố", in: w.f.a2)
            let accusedUser = try await w.user("dan-van-xa-a", .massMobilization, at: w.f.a, member: accused.id!)

            let aboutA1 = try await w.denunciation(w.a, about: w.f.a1)
            let petitionA1 = try await w.intake(w.a, CaseWorld.intakeJSON(about: w.f.a1))
            let aboutA2 = try await w.intake(w.a, CaseWorld.intakeJSON(
                kind: "denunciation", title: "Tố cáo đảng viên thôn 2", content: "Đảng viên thôn 2 sử dụng bằng cấp không hợp pháp.",
                about: w.f.a2, extra: ["subjectMemberId": accused.id!.uuidString, "identity": CaseWorld.identity]))
            let otherA2 = try await w.intake(w.a, CaseWorld.intakeJSON(title: "Kiến nghị về nước sạch thôn 2", about: w.f.a2))

            // The committee member sees A's cases except those about A1.
            #expect(try await w.get("/cases/\(aboutA1.id)", linked.token).status == .notFound)
            #expect(try await w.get("/cases/\(petitionA1.id)", linked.token).status == .notFound)
            #expect(Self.ids(try await w.list(linked.token)) == [aboutA2.id, otherA2.id])
            // The person denounced sees everything at A but the case about them.
            #expect(try await w.get("/cases/\(aboutA2.id)", accusedUser.token).status == .notFound)
            #expect(Self.ids(try await w.list(accusedUser.token)) == [aboutA1.id, petitionA1.id, otherA2.id])
            // Neither can be made a handler of the case that concerns them.
            for (caseId, userId) in [(aboutA1.id, linked.id), (aboutA2.id, accusedUser.id)] {
                let res = try await w.post("/cases/\(caseId)/handlers", w.a, ["userId": userId.uuidString])
                #expect(res.status == .unprocessableEntity && res.errorFields == ["userId"], "\(res.body.string)")
            }
            #expect(try await w.post("/cases/\(otherA2.id)/handlers", w.a, ["userId": linked.id.uuidString]).status == .ok)
        }
    }

    @Test("Another handling unit than proposed needs a reason; a leadership denunciation never goes to the unit itself")
    func reroutingRules() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            var json = CaseWorld.intakeJSON(about: w.f.a1, extra: ["handlingOrganizationId": w.f.a.id!.uuidString])
            let noReason = try await w.intakeResponse(w.a, json)
            #expect(noReason.status == .unprocessableEntity && noReason.errorFields == ["handlingReason"])
            #expect(try await w.caseCount() == 0)
            json["handlingReason"] = "Vụ việc liên quan nhiều thôn"
            let moved = try await w.intake(w.a, json)
            #expect(try await w.show(moved.id, w.a).handlingOrganizationId == w.f.a.id)

            let d = try await w.denunciation(w.a, about: w.f.a1)
            #expect(try await w.show(d.id, w.a).handlingOrganizationId == w.f.a.id)
            // Into the subject unit itself: refused, whatever the reason.
            let down = try await API.call(app, .PATCH, "/api/v1/cases/\(d.id)", token: w.a,
                                          json: ["handlingOrganizationId": w.f.a1.id!.uuidString, "reason": "Chi bộ tự kiểm điểm"])
            #expect(down.status == .unprocessableEntity && down.errorFields == ["handlingOrganizationId"], "\(down.body.string)")
            // Intake straight to A1 is refused the same way.
            let direct = try await w.intakeResponse(w.a, CaseWorld.intakeJSON(
                kind: "denunciation", about: w.f.a1,
                extra: ["identity": CaseWorld.identity, "handlingOrganizationId": w.f.a1.id!.uuidString, "handlingReason": "Giao chi bộ xử lý"]))
            #expect(direct.status == .unprocessableEntity && direct.errorFields == ["handlingOrganizationId"])
            // Up to P with a reason: moved, told to the submitter, the reason kept internal.
            let noWhy = try await API.call(app, .PATCH, "/api/v1/cases/\(d.id)", token: w.a, json: ["handlingOrganizationId": w.f.p.id!.uuidString])
            #expect(noWhy.status == .unprocessableEntity)
            let up = try await API.call(app, .PATCH, "/api/v1/cases/\(d.id)", token: w.a,
                                        json: ["handlingOrganizationId": w.f.p.id!.uuidString, "reason": "Liên quan cán bộ tỉnh quản lý"])
            #expect(up.status == .ok, "\(up.body.string)")
            #expect(try await w.show(d.id, w.p).handlingOrganizationId == w.f.p.id)
            #expect(try await w.get("/cases/\(d.id)", w.a).status == .notFound)
            let s = try await w.status(d.receiptCode)
            #expect(s.handlingUnit == w.f.p.name)
            #expect(s.steps.contains { $0.text.contains(w.f.p.name) })
            #expect(!s.steps.contains { $0.text.contains("Liên quan cán bộ tỉnh") })
        }
    }

    @Test("Reclassifying a denunciation of a named leader keeps it above the leader's unit")
    func reclassifyKeepsLeaderRoute() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let d = try await w.intake(w.a, CaseWorld.intakeJSON(
                kind: "denunciation", title: "Tố cáo bí thư chi bộ thôn 1", content: "Bí thư chi bộ nhận tiền để xác nhận hồ sơ đất đai.",
                about: w.f.a1, extra: ["subjectPerson": "Nguyễn Văn Trưởng", "subjectIsLeader": true, "identity": CaseWorld.identity]))
            #expect(try await w.show(d.id, w.a).handlingOrganizationId == w.f.a.id)
            // Changing only the topic leaves the route alone.
            let topic = try await API.call(app, .PATCH, "/api/v1/cases/\(d.id)", token: w.a, json: ["topic": "corruption"])
            #expect(topic.status == .ok, "\(topic.body.string)")
            #expect(try await w.show(d.id, w.a).handlingOrganizationId == w.f.a.id)
            // And the leader's own unit still cannot take it.
            let down = try await API.call(app, .PATCH, "/api/v1/cases/\(d.id)", token: w.a,
                                          json: ["handlingOrganizationId": w.f.a1.id!.uuidString, "reason": "Chi bộ tự kiểm điểm"])
            #expect(down.status == .unprocessableEntity, "\(down.body.string)")
            #expect(try await w.get("/cases/\(d.id)", w.a1).status == .notFound)
            // A case moved with a reason keeps its unit when only its topic changes.
            let moved = try await w.intake(w.a, CaseWorld.intakeJSON(about: w.f.a1, extra: [
                "handlingOrganizationId": w.f.a.id!.uuidString, "handlingReason": "Vụ việc liên quan nhiều thôn"]))
            let retopic = try await API.call(app, .PATCH, "/api/v1/cases/\(moved.id)", token: w.a, json: ["topic": "environment"])
            #expect(retopic.status == .ok, "\(retopic.body.string)")
            #expect(try retopic.content.decode(CaseDTO.self).handlingOrganizationId == w.f.a.id)
            // Back to the proposed unit needs no reason.
            let back = try await API.call(app, .PATCH, "/api/v1/cases/\(moved.id)", token: w.a,
                                          json: ["handlingOrganizationId": w.f.a1.id!.uuidString])
            #expect(back.status == .ok)
            #expect(try back.content.decode(CaseDTO.self).handlingOrganizationId == w.f.a1.id)
        }
    }

    @Test("Staff intake: the portal is not a staff channel, the press needs its outlet, dates cannot be in the future")
    func staffIntakeValidation() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let portal = try await w.intakeResponse(w.a, CaseWorld.intakeJSON(channel: "portal", about: w.f.a1))
            #expect(portal.status == .unprocessableEntity && portal.errorFields == ["channel"])
            let press = try await w.intakeResponse(w.a, CaseWorld.intakeJSON(channel: "press", about: w.f.a1))
            #expect(press.status == .unprocessableEntity && press.errorFields == ["channelDetail"])
            let future = try await w.intakeResponse(w.a, CaseWorld.intakeJSON(about: w.f.a1, extra: ["receivedOn": w.today.adding(days: 3).iso]))
            #expect(future.status == .unprocessableEntity && future.errorFields == ["receivedOn"])
            let badTrack = try await w.intakeResponse(w.a, CaseWorld.intakeJSON(about: w.f.a1, extra: ["track": "firstComplaint"]))
            #expect(badTrack.status == .unprocessableEntity && badTrack.errorFields == ["track"])
            #expect(try await w.caseCount() == 0)
            // A user without handleCases cannot take cases in at all.
            let viewer = try await w.f.user(app, "xem-xa-a", .viewer, at: w.f.a)
            #expect(try await w.intakeResponse(viewer, CaseWorld.intakeJSON(about: w.f.a1)).status == .forbidden)
            #expect(try await w.get("/cases", viewer).body.string.contains("\"total\":0"))
            let ok = try await w.intake(w.a, CaseWorld.intakeJSON(channel: "press", about: w.f.a1,
                                                                  extra: ["channelDetail": "Báo Nhân Dân, bài ngày 02/03"]))
            let c = try await w.show(ok.id, w.a)
            #expect(c.channel == "press" && c.channelDetail == "Báo Nhân Dân, bài ngày 02/03")
        }
    }
}
