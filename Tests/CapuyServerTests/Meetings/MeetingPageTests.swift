import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Meetings: pages")
struct MeetingPageTests {
    @Test("Pages: schedule, roll, a follower's attendance, held and scored, statistics and follow assignments, in both languages")
    func pages() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await MeetingWorld.make(app)
            let (hoa, _) = try await w.follower()
            let office = try await WebSession.cookie(app, "vanphong-a")
            let secretary = try await WebSession.cookie(app, "bithu-a1")
            // a follow assignment through the page
            let follows = try await WebSession.get(app, "/sinh-hoat/theo-doi", cookie: office)
            #expect(follows.status == .ok && follows.body.string.contains("Lê Thị Hoa"))
            let assigned = try await WebSession.post(app, "/sinh-hoat/theo-doi", cookie: office, form: [
                "memberId": hoa.id!.uuidString, "organizationId": w.f.a1.id!.uuidString,
                "fromOn": w.today.adding(days: -30).display, "toOn": w.today.adding(days: 300).display])
            #expect(assigned.status == .seeOther)
            // a bad schedule re-renders in Vietnamese; a good one redirects to the meeting
            let bad = try await WebSession.post(app, "/sinh-hoat", cookie: secretary, form: [
                "organizationId": w.f.a1.id!.uuidString, "kind": "regular", "heldOn": "31/02/2026", "startsAt": "25:00"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("Ngày họp không hợp lệ"))
            let made = try await WebSession.post(app, "/sinh-hoat", cookie: secretary, form: [
                "organizationId": w.f.a1.id!.uuidString, "kind": "regular", "heldOn": w.today.adding(days: -1).display, "startsAt": "19:30"])
            #expect(made.status == .seeOther)
            let meeting = try #require(try await Meeting.query(on: app.db).first())
            let url = "/sinh-hoat/\(meeting.id!)"
            // when: roll with one excused absence, the follower records herself, then held
            var roll: [String: String] = [:]
            for m in w.a1Members { roll["status_\(m.id!.uuidString)"] = "present" }
            roll["status_\(w.a1Members[0].id!.uuidString)"] = "excused"
            roll["reason_\(w.a1Members[0].id!.uuidString)"] = "Công tác"
            #expect(try await WebSession.post(app, url + "/diem-danh", cookie: secretary, form: roll).status == .seeOther)
            let hoaCookie = try await WebSession.cookie(app, "theodoi")
            let hers = try await WebSession.get(app, url, cookie: hoaCookie)
            #expect(hers.status == .ok && hers.body.string.contains("follower-form"))
            let came = try await WebSession.post(app, url + "/khach-moi", cookie: hoaCookie, form: ["memberId": hoa.id!.uuidString])
            #expect(came.status == .seeOther)
            #expect(try await MeetingAttendance.query(on: app.db).filter(\.$follower == true).count() == 1)
            let negative = try await WebSession.post(app, url + "/da-hop", cookie: secretary, form: ["durationMinutes": "-10"])
            #expect(negative.status == .unprocessableEntity && negative.body.string.contains("field-error") && !negative.body.string.contains("R-MEET-2"))
            let held = try await WebSession.post(app, url + "/da-hop", cookie: secretary, form: [
                "durationMinutes": "120", "minutesComplete": "1", "judged_J1": "1", "judged_J2": "1", "conclusion": "Thống nhất"])
            #expect(held.status == .seeOther)
            // then
            let page = try await WebSession.get(app, url, cookie: secretary)
            #expect(page.status == .ok && page.body.string.contains("meeting-score") && page.body.string.contains("Công tác"))
            let stats = try await WebSession.get(app, "/sinh-hoat/thong-ke?donVi=\(w.f.a1.id!)", cookie: office)
            #expect(stats.status == .ok && stats.body.string.contains("meeting-trend"))
            let xlsx = try await WebSession.get(app, "/sinh-hoat/thong-ke.xlsx?donVi=\(w.f.a.id!)", cookie: office)
            #expect(xlsx.status == .ok)
            let list = try await WebSession.get(app, "/sinh-hoat", cookie: hoaCookie)
            #expect(list.status == .ok && list.body.string.contains("Sinh hoạt chi bộ sắp tới"))
            // scope: B's office gets 404
            _ = try await w.f.user(app, "vanphong-b", .office, at: w.f.b)
            let outside = try await WebSession.get(app, url, cookie: try await WebSession.cookie(app, "vanphong-b"))
            #expect(outside.status == .notFound)
        }
    }

    /// Speed is measured by scripts/bench-meetings, never asserted here.
    @Test("A cell's meeting page with 60 attendees lists every one of them with the attendance rate")
    func sixtyAttendees() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app, members: 60)
            let id = try await w.schedule(-1)
            #expect(try await w.roll(id, w.a1Members.map { ($0, "present", nil) }).status == .ok)
            let cookie = try await WebSession.cookie(app, "bithu-a1")
            let res = try await WebSession.get(app, "/sinh-hoat/\(id)", cookie: cookie)
            #expect(res.status == .ok)
            #expect(w.a1Members.count == 60)
            let body = res.body.string
            #expect(w.a1Members.allSatisfy { body.contains(HTMLText.escape($0.fullName)) })
        }
    }
}
