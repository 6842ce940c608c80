@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, point 7 (R-REC-1): reception sessions and the monthly shortfall
/// warning, the published schedule, dialogues with follow-ups; and the
/// holiday calendar the working-day limits use.
@Suite("Cases: reception sessions, dialogues and holidays")
struct CaseReceptionTests {
    struct Shortfall: Decodable {
        let organizationId: UUID
        let required: Int
        let held: Int
        let missing: Int
    }

    static func session(_ w: CaseWorld, _ token: String, at org: Organization, on day: String,
                        notes: String? = nil) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["organizationId": org.id!.uuidString, "heldOn": day, "hostName": "Phạm Văn Chủtrì",
                                            "hostTitle": "Bí thư", "place": "Trụ sở tiếp công dân"]
        if let notes { json["notes"] = notes }
        return try await w.post("/reception-sessions", token, json)
    }

    static func shortfalls(_ w: CaseWorld, _ token: String, _ month: String) async throws -> [UUID: Shortfall] {
        let res = try await w.get("/reception-sessions/shortfalls?month=\(month)", token)
        try #require(res.status == .ok, "shortfalls: \(res.body.string)")
        return Dictionary(uniqueKeysWithValues: try res.content.decode([Shortfall].self).map { ($0.organizationId, $0) })
    }

    @Test("R-REC-1: a commune with one reception day in a month is short by one, the province with one is not; one day counts once")
    func shortfalls() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            for (org, day) in [(w.f.p, "2025-03-05"), (w.f.a, "2025-03-10"), (w.f.b, "2025-03-12"), (w.f.b, "2025-03-12"), (w.f.a1, "2025-03-11")] {
                let res = try await Self.session(w, w.p, at: org, on: day)
                #expect(res.status == .created, "\(res.body.string)")
            }
            let march = try await Self.shortfalls(w, w.p, "2025-03")
            #expect(Set(march.keys) == [w.f.a.id!, w.f.b.id!])
            #expect(march[w.f.a.id!].map { [$0.required, $0.held, $0.missing] } == [2, 1, 1])
            #expect(march[w.f.b.id!].map { [$0.required, $0.held, $0.missing] } == [2, 1, 1])
            // A month without sessions: every committee the rule covers is short, cells are not.
            let april = try await Self.shortfalls(w, w.p, "2025-04")
            #expect(Set(april.keys) == [w.f.p.id!, w.f.a.id!, w.f.b.id!])
            #expect(april[w.f.p.id!]?.missing == 1 && april[w.f.a.id!]?.missing == 2)
            // A second day clears A; A sees only itself.
            #expect(try await Self.session(w, w.a, at: w.f.a, on: "2025-03-20").status == .created)
            #expect(Set(try await Self.shortfalls(w, w.p, "2025-03").keys) == [w.f.b.id!])
            #expect(try await Self.shortfalls(w, w.a, "2025-03").isEmpty)
            #expect(Set(try await Self.shortfalls(w, w.a, "2025-04").keys) == [w.f.a.id!])
            let bad = try await w.get("/reception-sessions/shortfalls?month=2025-13", w.p)
            #expect(bad.status == .unprocessableEntity && bad.errorFields == ["month"])
        }
    }

    @Test("Sessions are validated and scoped; the published schedule hides internal notes; a session's case is taken in one step")
    func sessionsAndSchedule() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let badDay = try await Self.session(w, w.a, at: w.f.a, on: "31/02/2025")
            #expect(badDay.status == .unprocessableEntity && badDay.errorFields == ["heldOn"])
            let outside = try await Self.session(w, w.a, at: w.f.b, on: w.today.iso)
            #expect(outside.status == .unprocessableEntity && outside.errorFields == ["organizationId"])
            let created = try await Self.session(w, w.a, at: w.f.a, on: w.today.adding(days: 10).iso, notes: "Ghi chú nội bộ về an ninh")
            #expect(created.status == .created)
            let s = try created.content.decode(ReceptionSessionDTO.self)

            let published = try await API.call(app, .GET, "/api/v1/public/reception-sessions")
            #expect(published.status == .ok)
            let rows = try published.content.decode([ReceptionSessionDTO].self)
            #expect(rows.map(\.id) == [s.id] && rows.first?.organizationName == w.f.a.name && rows.first?.notes == nil)
            #expect(!published.body.string.contains("Ghi chú nội bộ"))
            #expect(try await w.get("/reception-sessions", w.a).body.string.contains("Ghi chú nội bộ"))
            #expect(try await w.get("/reception-sessions", w.b).content.decode([ReceptionSessionDTO].self).isEmpty)

            let json = CaseWorld.intakeJSON(kind: "petition", channel: "reception", about: w.f.a1, extra: ["receptionSessionId": s.id.uuidString])
            let r = try await w.intake(w.a, json)
            #expect(try await w.show(r.id, w.a).channel == "reception")
            #expect(try await CitizenCase.find(r.id, on: app.db)?.receptionSessionId == s.id)
            // Another unit's session, or none at all, is refused and nothing is written.
            let unknown = try await w.intakeResponse(w.b, CaseWorld.intakeJSON(channel: "reception", about: w.f.b1,
                                                                                extra: ["receptionSessionId": UUID().uuidString]))
            #expect(unknown.status == .unprocessableEntity && unknown.errorFields == ["receptionSessionId"])
            let foreign = try await w.intakeResponse(w.b, CaseWorld.intakeJSON(channel: "reception", about: w.f.b1,
                                                                                extra: ["receptionSessionId": s.id.uuidString]))
            #expect(foreign.status == .unprocessableEntity && foreign.errorFields == ["receptionSessionId"])
            #expect(try await w.caseCount() == 1)
        }
    }

    @Test("A dialogue keeps participants, minutes and follow-ups; marking one done leaves the other open")
    func dialogues() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let json: [String: any Sendable] = [
                "organizationId": w.f.a.id!.uuidString, "heldOn": w.today.iso, "topic": "Đối thoại về giải phóng mặt bằng",
                "participants": "Bí thư, Chủ tịch UBND xã, 40 hộ dân", "minutes": "Người dân nêu ý kiến về giá bồi thường.",
                "followUps": [["text": "Rà soát lại giá bồi thường", "dueOn": w.today.adding(days: 30).iso],
                              ["text": "Trả lời bằng văn bản cho các hộ", "dueOn": w.today.adding(days: 45).iso]],
            ]
            let bad = try await w.post("/dialogues", w.a, json.merging(["followUps": [["text": "Việc cần làm", "dueOn": "không rõ"]]]) { _, b in b })
            #expect(bad.status == .unprocessableEntity && bad.errorFields == ["followUps.0.dueOn"])
            let noTopic = try await w.post("/dialogues", w.a, json.merging(["topic": "ab"]) { _, b in b })
            #expect(noTopic.status == .unprocessableEntity && noTopic.errorFields == ["topic"])
            #expect(try await w.post("/dialogues", w.a, json.merging(["organizationId": w.f.b.id!.uuidString]) { _, b in b })
                .status == .unprocessableEntity)

            let res = try await w.post("/dialogues", w.a, json)
            #expect(res.status == .created, "\(res.body.string)")
            let d = try res.content.decode(DialogueDTO.self)
            #expect(d.followUps.map(\.text) == ["Rà soát lại giá bồi thường", "Trả lời bằng văn bản cho các hộ"])
            #expect(d.followUps.allSatisfy { $0.doneOn == nil })
            let first = d.followUps[0].id
            let done = try await w.post("/dialogues/\(d.id)/follow-ups/\(first)/done", w.a, [:])
            #expect(done.status == .ok, "\(done.body.string)")
            let after = try done.content.decode(DialogueDTO.self)
            #expect(after.followUps.first { $0.id == first }?.doneOn == w.today.iso)
            #expect(after.followUps.first { $0.id != first }?.doneOn == nil)
            // Another unit sees nothing of it.
            #expect(try await w.get("/dialogues/\(d.id)", w.b).status == .notFound)
            #expect(try await w.post("/dialogues/\(d.id)/follow-ups/\(d.followUps[1].id)/done", w.b, [:]).status == .notFound)
            #expect(try await w.get("/dialogues", w.b).content.decode([DialogueDTO].self).isEmpty)
            #expect(try await w.get("/dialogues", w.p).content.decode([DialogueDTO].self).map(\.id) == [d.id])
            let reread = try await w.get("/dialogues/\(d.id)", w.a).content.decode(DialogueDTO.self)
            #expect(reread.followUps.filter { $0.doneOn != nil }.count == 1)
        }
    }

    @Test("Only an administrator at the top adds holidays; a day already a holiday is refused; limits count the new holiday")
    func holidays() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let before = try await w.calendar()
            // The first working day after tomorrow becomes a holiday.
            var day = w.today.adding(days: 2)
            while !before.isWorkingDay(day) { day = day.adding(days: 1) }
            let json: [String: any Sendable] = ["day": day.iso, "name": "Nghỉ bù thử nghiệm"]
            #expect(try await w.post("/holidays", w.p, json).status == .forbidden)
            let adminA = try await w.f.user(app, "qt-xa-a", .admin, at: w.f.a)
            #expect(try await w.post("/holidays", adminA, json).status == .forbidden)
            let added = try await w.post("/holidays", w.admin, json)
            #expect(added.status == .created, "\(added.body.string)")
            let again = try await w.post("/holidays", w.admin, json)
            #expect(again.status == .unprocessableEntity && again.errorFields == ["day"])
            let seeded = try await w.post("/holidays", w.admin, ["day": "2030-09-02", "name": "Quốc khánh"])
            #expect(seeded.status == .unprocessableEntity && seeded.errorFields == ["day"])
            #expect(try await w.post("/holidays", w.admin, ["day": "30/02/2030", "name": "Không có"]).errorFields == ["day"])
            let after = try await w.calendar()
            #expect(after.holidays == before.holidays.union([day]))

            // A party denunciation accepted today runs 90 working days of the new calendar.
            let d = try await w.denunciation(w.a, about: w.f.a1)
            let c = try await w.act(w.a, d.id, "accept")
            #expect(c.dueOn == after.adding(workingDays: 90, to: w.today).iso)
            #expect(c.dueOn != before.adding(workingDays: 90, to: w.today).iso)
        }
    }
}
