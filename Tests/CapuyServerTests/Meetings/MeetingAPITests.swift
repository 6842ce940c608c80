import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Meetings API")
struct MeetingAPITests {
    @Test("A meeting is scheduled with the usual agenda, held, scored and audited")
    func scheduleRollHoldScore() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await MeetingWorld.make(app)
            let id = try await w.schedule(-2)
            let roll = try await w.roll(id, w.a1Members.map { ($0, "present", nil) })
            #expect(roll.status == .ok, "\(roll.body.string)")
            // when
            let res = try await w.hold(id, minutes: 120, judged: ["J1", "J2", "J3", "J4"])
            // then
            #expect(res.status == .ok, "\(res.body.string)")
            #expect(try res.content.get(String.self, at: "status") == "held")
            #expect(try res.content.get(Double.self, at: "score") == 100)
            #expect(try res.content.get(String.self, at: "level") == "good")
            let detail = try await API.call(app, .GET, "/api/v1/meetings/\(id)", token: w.secretary)
            #expect(try detail.content.get([String].self, at: "meeting", "agenda") == MeetingAgenda.standard.map(\.rawValue))
            #expect(try detail.content.get([AttendanceLineDTO].self, at: "attendance").count == 4)
            #expect(try detail.content.get([MeetingTaskDTO].self, at: "tasks").count == 1)
            let audits = try await AuditEvent.query(on: app.db).filter(\.$entity == "meeting").all().map(\.action)
            #expect(Set(audits) == ["meeting.schedule", "meeting.attendance", "meeting.hold"])
        }
    }

    @Test("R-MEET-2: an absence without reason and a short meeting cost points and cap the level")
    func scoringFailures() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let id = try await w.schedule(-1)
            _ = try await w.roll(id, [(w.a1Members[0], "present", nil), (w.a1Members[1], "present", nil),
                                      (w.a1Members[2], "excused", "Ốm"), (w.a1Members[3], "unexcused", nil)])
            let res = try await w.hold(id, minutes: 60, judged: ["J1", "J2", "J3", "J4"])
            #expect(res.status == .ok, "\(res.body.string)")
            // 2/4 present, one unexcused, 60 minutes: A1, A2, A4 lost (35 points).
            #expect(try res.content.get(Double.self, at: "score") == 65)
            #expect(try res.content.get(Double.self, at: "attendanceRate") == 0.5)
            #expect(try res.content.get(String.self, at: "level") == "average")
        }
    }

    @Test("Bad input is refused with the rule and nothing is half-saved")
    func refusals() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let id = try await w.schedule(-1)
            // Someone of another cell on the roll: the whole roll is refused.
            let roll = try await w.roll(id, [(w.a1Members[0], "present", nil), (w.outsider, "present", nil)])
            #expect(roll.status == .unprocessableEntity)
            #expect(roll.body.string.contains("R-MEET-2"))
            #expect(try await MeetingAttendance.query(on: app.db).count() == 0)
            // Zero or negative minutes.
            for minutes in [0, -30] {
                let res = try await w.hold(id, minutes: minutes)
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains("R-MEET-2") && res.body.string.contains("durationMinutes"))
            }
            // In the future.
            let future = try await w.schedule(5)
            let res = try await w.hold(future, minutes: 120)
            #expect(res.status == .unprocessableEntity)
            #expect(res.body.string.contains("R-MEET-1"))
            let stored = try await Meeting.query(on: app.db).all()
            #expect(stored.allSatisfy { $0.status == .scheduled && $0.score == nil })
            #expect(try await MeetingTask.query(on: app.db).count() == 0)
            // A meeting for a commune (not a cell) is refused too.
            let commune = try await API.call(app, .POST, "/api/v1/meetings", token: w.office, json: [
                "organizationId": w.f.a.id!.uuidString, "kind": "regular", "heldOn": w.today.iso, "startsAt": "08:00"])
            #expect(commune.status == .unprocessableEntity && commune.body.string.contains("R-MEET-1"))
        }
    }

    @Test("An agenda out of the usual order is kept with an R-MEET-3 warning")
    func agendaWarning() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let res = try await API.call(app, .POST, "/api/v1/meetings", token: w.secretary, json: [
                "organizationId": w.f.a1.id!.uuidString, "kind": "thematic", "heldOn": w.today.iso, "startsAt": "19:30",
                "agenda": ["dues", "attendance", "Học tập chuyên đề"]])
            #expect(res.status == .created)
            let warnings = try res.content.get([FieldIssue].self, at: "warnings")
            #expect(warnings.count == 2 && warnings.allSatisfy { $0.message.contains("R-MEET-3") })
        }
    }

    @Test("Scope: another commune gets 404; a member sees her own cell's upcoming meetings")
    func scope() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let id = try await w.schedule(3)
            let officeB = try await w.f.user(app, "vanphong-b", .office, at: w.f.b)
            #expect(try await API.call(app, .GET, "/api/v1/meetings/\(id)", token: officeB).status == .notFound)
            let roll = try await API.call(app, .PUT, "/api/v1/meetings/\(id)/attendance", token: officeB, json: ["lines": [String]()])
            #expect(roll.status == .notFound)
            // A member of A2 (grant at her own cell) does not see A1's meeting.
            let a2 = try await w.f.user(app, "dangvien-a2", .member, at: w.f.a2)
            #expect(try await API.call(app, .GET, "/api/v1/meetings/\(id)", token: a2).status == .notFound)
            let a1 = try await w.f.user(app, "dangvien-a1", .member, at: w.f.a1)
            let upcoming = try await API.call(app, .GET, "/api/v1/meetings/upcoming", token: a1)
            #expect(try upcoming.content.get([MeetingDTO].self).map { $0.id.uuidString.lowercased() } == [id.lowercased()])
            // A member may read but not record.
            #expect(try await w.hold(id, minutes: 100).status == .unprocessableEntity)
            let byMember = try await API.call(app, .POST, "/api/v1/meetings/\(id)/held", token: a1, json: ["durationMinutes": 100])
            #expect(byMember.status == .forbidden)
        }
    }

    @Test("R-MEET-1: a cell with no meeting in past months is warned about")
    func cadenceWarnings() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let res = try await API.call(app, .GET, "/api/v1/meetings/warnings?organizationId=\(w.f.a.id!)", token: w.office)
            #expect(res.status == .ok)
            let warnings = try res.content.get([CadenceWarningDTO].self)
            // Two cells, 12 months and the completed quarters each, nothing held.
            #expect(warnings.filter { $0.kind == "regular" }.count == 24)
            #expect(warnings.filter { $0.kind == "thematic" }.count >= 6)
            #expect(warnings.allSatisfy { $0.message.contains("R-MEET-1") })
        }
    }
}
