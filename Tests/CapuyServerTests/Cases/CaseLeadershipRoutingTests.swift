@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 3 (R-CASE-5): a case about a unit's leaders goes a level up
/// whatever its kind and whatever the submitter's flag says, and the unit's
/// own office never reads it unless the level above sends it down by a
/// recorded decision.
@Suite("Cases about a unit's leaders: routed above whatever the kind or flag (issue 14, item 3)")
struct CaseLeadershipRoutingTests {
    @Test("R-CASE-5: an anonymous denunciation of the commune's chair, kept as a report, is handled above; the commune's office gets 404")
    func anonymousDenunciation() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            _ = try await w.leader("Vũ Văn Chủ", of: w.f.a, title: "deputySecretary")
            // when: no identity, so it is kept as a report
            let r = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Chủ tịch xã nhận tiền của dân",
                                                            content: "Chủ tịch xã nhận tiền khi ký giấy tờ đất đai cho dân.",
                                                            about: w.f.a, person: "Vũ Văn Chủ", leader: false))
            // then
            let c = try await w.show(r.id, w.p)
            #expect(c.kind == "report")
            #expect(c.handlingOrganizationId == w.f.p.id && c.subjectIsLeader)
            let office = try await API.call(app, .GET, "/api/v1/cases/\(r.id)", token: w.a)
            #expect(office.status == .notFound)
            let list = try await API.call(app, .GET, "/api/v1/cases?per=100", token: w.a).body.string
            #expect(!list.contains("Vũ Văn Chủ") && !list.contains(r.id.uuidString))
        }
    }

    @Test("R-CASE-5: a petition naming the chair in its text without accents, flag false, is handled above")
    func namedInText() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            _ = try await w.leader("Vũ Văn Chủ", of: w.f.a, title: "deputySecretary")
            // when
            let r = try await w.submit(CaseWorld.submission(kind: "petition", title: "Kiến nghị về việc cấp phép xây dựng",
                                                            content: "Ông Vu Van Chu, chủ tịch xã, ký cấp phép cho người nhà trái quy định.",
                                                            about: w.f.a, leader: false))
            let unrelated = try await w.submit(CaseWorld.submission(kind: "petition", about: w.f.a))
            // then
            #expect(try await w.show(r.id, w.p).handlingOrganizationId == w.f.p.id)
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(r.id)", token: w.a).status == .notFound)
            // a petition that names no leader stays with the commune
            #expect(try await w.show(unrelated.id, w.a).handlingOrganizationId == w.f.a.id)
        }
    }

    @Test("R-CASE-5: sending such a case down needs the level above's decision, which the history and the audit show; the leader still cannot see it")
    func sendDownByDecision() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CaseWorld.make(app)
            let chair = try await w.leader("Vũ Văn Chủ", of: w.f.a, title: "deputySecretary")
            let chairAccount = try await w.user("chu-tich-xa", .office, at: w.f.a, member: chair.id!)
            let r = try await w.submit(CaseWorld.submission(kind: "complaint", title: "Khiếu nại quyết định thu hồi đất",
                                                            content: "Chủ tịch Vũ Văn Chủ ký quyết định thu hồi đất không đúng quy định.",
                                                            about: w.f.a, leader: false, identity: CaseWorld.identity))
            #expect(try await w.show(r.id, w.p).handlingOrganizationId == w.f.p.id)
            let down: [String: any Sendable] = ["subjectIsLeader": false, "handlingOrganizationId": w.f.a.id!.uuidString,
                                                "reason": "Thuộc thẩm quyền giải quyết của xã"]
            // when: the flag alone cannot bring it down
            let refused = try await API.call(app, .PATCH, "/api/v1/cases/\(r.id)", token: w.p, json: down)
            #expect(refused.status == .unprocessableEntity && refused.errorFields == ["downDecision"])
            #expect(try await w.show(r.id, w.p).handlingOrganizationId == w.f.p.id)
            var decided = down
            decided["downDecision"] = "Công văn 45-CV/TU ngày 03/12/2026 giao xã giải quyết theo thẩm quyền"
            let sent = try await API.call(app, .PATCH, "/api/v1/cases/\(r.id)", token: w.p, json: decided)
            // then
            #expect(sent.status == .ok, "\(sent.body.string)")
            #expect(try sent.content.decode(CaseDTO.self).handlingOrganizationId == w.f.a.id)
            let history = try await w.get("/cases/\(r.id)/events", w.a).content.decode([CaseEventDTO].self)
            #expect(history.contains { $0.action == "downDecision" && $0.note.contains("45-CV/TU") && $0.actorName == "vp-tinh" })
            let trail = try await w.get("/cases/\(r.id)/audit", w.p).content.decode([AuditEventDTO].self)
            #expect(trail.contains { $0.action == "case.sendDown" && ($0.after ?? "").contains("45-CV/TU") })
            // The chair, though in the commune's office, still cannot see it.
            #expect(try await API.call(app, .GET, "/api/v1/cases/\(r.id)", token: chairAccount.token).status == .notFound)
        }
    }
}
