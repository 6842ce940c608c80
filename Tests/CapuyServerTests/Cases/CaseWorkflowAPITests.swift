@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 4: the state machine through the API, the time limits of
/// R-CASE-2 and R-CASE-3 on the working-day calendar, extensions, and what
/// the submitter reads with the receipt code (R-CASE-6).
@Suite("Cases: workflow, time limits and extensions")
struct CaseWorkflowAPITests {
    static let conclusion = "Nội dung tố cáo đúng một phần; cấp ủy đã kiểm điểm và thu hồi quyết định giao đất."

    @Test("Transitions the state machine does not allow are refused with 422 and change nothing")
    func refusedTransitions() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let d = try await w.denunciation(w.a, about: w.f.a1)
            for action in ["close", "startVerifying", "notifySubmitter"] {
                let res = try await w.actResponse(w.a, d.id, action)
                #expect(res.status == .unprocessableEntity && res.errorFields == ["action"], "\(action): \(res.body.string)")
            }
            let conclude = try await w.actResponse(w.a, d.id, "conclude", conclusion: Self.conclusion)
            #expect(conclude.status == .unprocessableEntity && conclude.errorFields == ["action"])
            let unknown = try await w.actResponse(w.a, d.id, "approve")
            #expect(unknown.status == .unprocessableEntity && unknown.errorFields == ["action"])
            // Refusing, transferring and reopening need a reason.
            for action in ["refuse", "transfer"] {
                for note in [nil, "  ", "abc"] as [String?] {
                    let res = try await w.actResponse(w.a, d.id, action, note: note)
                    #expect(res.status == .unprocessableEntity && res.errorFields == ["note"], "\(action) \(note ?? "nil")")
                }
            }
            // Extending before acceptance is refused.
            #expect(try await w.extendResponse(w.a, d.id).status == .unprocessableEntity)
            let c = try await w.show(d.id, w.a)
            #expect(c.state == "received" && c.acceptedOn == nil && c.extensions == 0 && c.conclusion == nil)
            let events = try await w.get("/cases/\(d.id)/events", w.a)
            #expect(try events.content.decode([EventRow].self).map(\.action) == ["receive"])
            // Concluding needs a conclusion.
            try await w.act(w.a, d.id, "accept")
            let empty = try await w.actResponse(w.a, d.id, "conclude", conclusion: "ngắn")
            #expect(empty.status == .unprocessableEntity && empty.errorFields == ["conclusion"])
            #expect(try await w.show(d.id, w.a).state == "accepted")
        }
    }

    struct EventRow: Decodable {
        let action: String
        let note: String
        let isPublic: Bool
    }

    @Test("R-CASE-2, R-CASE-6: a party denunciation runs 90 working days, is extended once by 30, concluded, and the citizen reads each step")
    func partyDenunciationLifecycle() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let cal = try await w.calendar()
            #expect(!cal.holidays.isEmpty)
            let d = try await w.denunciation(w.a, about: w.f.a1)
            // Acceptance is decided within 7 working days of receipt.
            #expect(d.decisionBy == cal.adding(workingDays: 7, to: w.today).iso)
            let accepted = try await w.act(w.a, d.id, "accept")
            let due = cal.adding(workingDays: 90, to: w.today)
            #expect(accepted.track == "partyDenunciation")
            #expect(accepted.state == "accepted" && accepted.acceptedOn == w.today.iso)
            #expect(accepted.dueOn == due.iso)
            #expect(due.daysSinceEpoch - w.today.daysSinceEpoch >= 126)
            #expect(accepted.standing == "onTrack")

            let ext = try await w.extendResponse(w.a, d.id, reason: "Cần xác minh thêm tại cơ sở")
            #expect(ext.status == .ok, "\(ext.body.string)")
            let extended = try ext.content.decode(CaseDTO.self)
            let due2 = cal.adding(workingDays: 30, to: due)
            #expect(extended.extensions == 1 && extended.dueOn == due2.iso)
            let again = try await w.extendResponse(w.a, d.id, reason: "Vẫn cần thêm thời gian")
            #expect(again.status == .unprocessableEntity && again.errorFields == ["reason"])
            #expect(try await w.extendResponse(w.a, d.id, reason: "x").status == .unprocessableEntity)
            #expect(try await w.show(d.id, w.a).extensions == 1)

            try await w.act(w.a, d.id, "startVerifying")
            let concluded = try await w.act(w.a, d.id, "conclude", conclusion: Self.conclusion)
            #expect(concluded.state == "concluded" && concluded.finishedOn == w.today.iso && concluded.standing == "doneOnTime")
            #expect(try await w.extendResponse(w.a, d.id).status == .unprocessableEntity)

            let s = try await w.status(d.receiptCode)
            #expect(s.state == "concluded" && s.dueOn == due2.iso && s.handlingUnit == w.f.a.name)
            #expect(s.conclusion == Self.conclusion)
            let texts = s.steps.map(\.text)
            #expect(texts.contains { $0.contains("thụ lý") && $0.contains(due.display) })
            #expect(texts.contains { $0.contains("gia hạn") && $0.contains(due2.display) && $0.contains("Cần xác minh thêm tại cơ sở") })
            #expect(texts.contains { $0.contains("kết luận") })
            // Internal steps (verification) are not shown; nor staff names.
            #expect(!s.steps.contains { $0.text.contains("vp-xa-a") })
            #expect(s.steps.count == 4)

            try await w.act(w.a, d.id, "notifySubmitter")
            let closed = try await w.act(w.a, d.id, "close")
            #expect(closed.state == "closed" && closed.closedOn == w.today.iso)
            #expect(try await w.status(d.receiptCode).conclusion == Self.conclusion)

            // New evidence reopens it: a fresh limit, no extensions used, the old result withdrawn from the citizen's view.
            #expect(try await w.actResponse(w.a, d.id, "reopen").status == .unprocessableEntity)
            let reopened = try await w.act(w.a, d.id, "reopen", note: "Có chứng cứ mới do người tố cáo bổ sung")
            #expect(reopened.state == "verifying" && reopened.extensions == 0)
            #expect(reopened.finishedOn == nil && reopened.closedOn == nil && reopened.dueOn == due.iso)
            let after = try await w.status(d.receiptCode)
            #expect(after.state == "verifying" && after.conclusion == nil)
            // The reopened case may be extended once more.
            #expect(try await w.extendResponse(w.a, d.id).status == .ok)
        }
    }

    @Test("R-CASE-2: a state-law denunciation runs 30 days, extended once, or twice when especially complex")
    func stateDenunciationExtensions() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let simple = try await w.denunciation(w.a, about: w.f.a1, title: "Tố cáo theo Luật Tố cáo", extra: ["track": "stateDenunciation"])
            let complex = try await w.denunciation(w.a, about: w.f.a2, title: "Tố cáo đặc biệt phức tạp",
                                                   extra: ["track": "stateDenunciation", "complex": true])
            for id in [simple.id, complex.id] {
                let c = try await w.act(w.a, id, "accept")
                #expect(c.track == "stateDenunciation" && c.dueOn == w.today.adding(days: 30).iso)
            }
            #expect(try await w.extendResponse(w.a, simple.id).status == .ok)
            #expect(try await w.extendResponse(w.a, simple.id).status == .unprocessableEntity)
            #expect(try await w.show(simple.id, w.a).dueOn == w.today.adding(days: 60).iso)
            #expect(try await w.extendResponse(w.a, complex.id).status == .ok)
            #expect(try await w.extendResponse(w.a, complex.id).status == .ok)
            let third = try await w.extendResponse(w.a, complex.id)
            #expect(third.status == .unprocessableEntity && third.errorFields == ["reason"])
            let c = try await w.show(complex.id, w.a)
            #expect(c.extensions == 2 && c.dueOn == w.today.adding(days: 90).iso)
        }
    }

    @Test("R-CASE-3: complaints run 30 days (complex 45, remote 45/60), second complaints 45 (60, 60/70), and are never extended")
    func complaintLimits() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let variants: [(extra: [String: any Sendable], days: Int)] = [
                ([:], 30), (["complex": true], 45), (["remote": true], 45), (["complex": true, "remote": true], 60),
                (["track": "secondComplaint"], 45), (["track": "secondComplaint", "complex": true], 60),
                (["track": "secondComplaint", "remote": true], 60), (["track": "secondComplaint", "complex": true, "remote": true], 70),
            ]
            for (i, v) in variants.enumerated() {
                let r = try await w.intake(w.a, CaseWorld.intakeJSON(kind: "complaint", title: "Khiếu nại quyết định số \(i + 1)",
                                                                     content: "Khiếu nại quyết định xử lý kỷ luật số \(i + 1) không đúng quy định.",
                                                                     about: w.f.a1, extra: v.extra.merging(["identity": CaseWorld.identity]) { a, _ in a }))
                let c = try await w.act(w.a1, r.id, "accept")
                #expect(c.dueOn == w.today.adding(days: v.days).iso, "\(v.extra)")
                let ext = try await w.extendResponse(w.a1, r.id)
                #expect(ext.status == .unprocessableEntity && ext.errorFields == ["reason"], "\(v.extra)")
                #expect(try await w.show(r.id, w.a1).extensions == 0)
            }
        }
    }

    @Test("R-CASE-6: refusal and transfer are told to the submitter with their reason; an inspection is opened from an accepted case")
    func refusalTransferInspection() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let refused = try await w.submit(CaseWorld.submission(title: "Kiến nghị không thuộc thẩm quyền", about: w.f.a1))
            let transferred = try await w.submit(CaseWorld.submission(title: "Kiến nghị gửi nhầm nơi", about: w.f.a1))
            let r = try await w.act(w.a1, refused.id, "refuse", note: "Nội dung đã được giải quyết dứt điểm năm trước")
            #expect(r.state == "refused" && r.finishedOn == w.today.iso)
            #expect(try await w.status(refused.receiptCode).steps.contains { $0.text.contains("Nội dung đã được giải quyết dứt điểm") })
            #expect(try await w.act(w.a1, refused.id, "close").state == "closed")
            let t = try await w.act(w.a1, transferred.id, "transfer", note: "Ủy ban nhân dân xã An Phú")
            #expect(t.state == "transferred")
            let ts = try await w.status(transferred.receiptCode)
            #expect(ts.state == "transferred" && ts.steps.contains { $0.text.contains("Ủy ban nhân dân xã An Phú") })

            let d = try await w.denunciation(w.a, about: w.f.a1)
            let early = try await w.post("/cases/\(d.id)/inspection", w.a, ["title": "Kiểm tra khi có dấu hiệu vi phạm"])
            #expect(early.status == .unprocessableEntity)
            try await w.act(w.a, d.id, "accept")
            let opened = try await w.post("/cases/\(d.id)/inspection", w.a, ["title": "Kiểm tra khi có dấu hiệu vi phạm"])
            #expect(opened.status == .created, "\(opened.body.string)")
            let inspection = try opened.content.decode(InspectionDTO.self)
            #expect(inspection.caseId == d.id && inspection.organizationId == w.f.a.id && inspection.status == "open")
            let c = try await w.show(d.id, w.a)
            #expect(c.state == "verifying" && c.inspectionId == inspection.id)
            #expect(try await w.post("/cases/\(d.id)/inspection", w.a, ["title": "Cuộc kiểm tra thứ hai"]).status == .unprocessableEntity)
            #expect(try await w.act(w.a, d.id, "conclude", conclusion: Self.conclusion).state == "concluded")
        }
    }
}
