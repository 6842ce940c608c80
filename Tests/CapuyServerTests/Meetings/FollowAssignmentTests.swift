import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Follow assignments")
struct FollowAssignmentTests {
    func assign(_ w: MeetingWorld, _ member: Member, from: Int = -200, to: Int = 200) async throws -> TestingHTTPResponse {
        try await API.call(w.app, .POST, "/api/v1/follow-assignments", token: w.office, json: [
            "memberId": member.id!.uuidString, "organizationId": w.f.a1.id!.uuidString,
            "fromOn": w.today.adding(days: from).iso, "toOn": w.today.adding(days: to).iso])
    }

    @Test("A committee member follows A1, sees its meetings and records herself as its follower")
    func followerAttends() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await MeetingWorld.make(app)
            let (hoa, token) = try await w.follower()
            let res = try await assign(w, hoa)
            #expect(res.status == .created, "\(res.body.string)")
            let id = try await w.schedule(-1)
            // when
            let calendar = try await API.call(app, .GET, "/api/v1/follow-assignments/calendar?from=\(w.today.adding(days: -10).iso)", token: token)
            let guest = try await API.call(app, .POST, "/api/v1/meetings/\(id)/guests", token: token, json: ["memberId": hoa.id!.uuidString])
            // then
            #expect(try calendar.content.get([MeetingDTO].self).count == 1)
            #expect(guest.status == .ok, "\(guest.body.string)")
            let lines = try guest.content.get([AttendanceLineDTO].self)
            #expect(lines.contains { $0.isGuest && $0.follower && $0.name == "Lê Thị Hoa" })
            // She may not record the cell's roll, nor come twice.
            let roll = try await API.call(app, .PUT, "/api/v1/meetings/\(id)/attendance", token: token, json: ["lines": [String]()])
            #expect(roll.status == .forbidden)
            let again = try await API.call(app, .POST, "/api/v1/meetings/\(id)/guests", token: token, json: ["memberId": hoa.id!.uuidString])
            #expect(again.status == .unprocessableEntity)
        }
    }

    @Test("Only a current committee member of the assigning committee may follow, within scope")
    func refusals() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let plain = w.a1Members[0]
            let res = try await assign(w, plain)
            #expect(res.status == .unprocessableEntity && res.body.string.contains("memberId"))
            let (hoa, _) = try await w.follower()
            let backwards = try await assign(w, hoa, from: 10, to: -10)
            #expect(backwards.status == .unprocessableEntity)
            let officeB = try await w.f.user(app, "vanphong-b", .office, at: w.f.b)
            let outside = try await API.call(app, .POST, "/api/v1/follow-assignments", token: officeB, json: [
                "memberId": hoa.id!.uuidString, "organizationId": w.f.a1.id!.uuidString,
                "fromOn": w.today.iso, "toOn": w.today.adding(days: 90).iso])
            #expect(outside.status == .unprocessableEntity)
            #expect(try await FollowAssignment.query(on: app.db).count() == 0)
        }
    }

    @Test("Coverage: units with no follower, and followers below one meeting a quarter")
    func coverage() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let (hoa, _) = try await w.follower()
            #expect(try await assign(w, hoa, from: -200, to: 200).status == .created)
            let from = w.today.adding(days: -200).iso, to = w.today.iso
            let res = try await API.call(app, .GET, "/api/v1/follow-assignments/coverage?organizationId=\(w.f.a.id!)&from=\(from)&to=\(to)",
                                         token: w.office)
            #expect(res.status == .ok, "\(res.body.string)")
            let c = try res.content.get(CoverageDTO.self)
            #expect(c.unfollowed.map(\.name) == ["Chi bộ thôn 2"])
            // Cells share names across communes: every list names the parent too (issue 16, item 7).
            #expect(c.unfollowed.map(\.label) == ["Chi bộ thôn 2 · Đảng bộ xã An Phú"])
            #expect(c.shortfalls.map(\.organizationLabel) == ["Chi bộ thôn 1 · Đảng bộ xã An Phú"])
            let page = try await WebSession.get(app, "/sinh-hoat/thong-ke?donVi=\(w.f.a.id!)", cookie: try await WebSession.cookie(app, "vanphong-a"))
            #expect(page.status == .ok && page.body.string.contains("Chi bộ thôn 2 · Đảng bộ xã An Phú"), "\(page.body.string.prefix(300))")
            #expect(c.shortfalls.count == 1 && c.shortfalls[0].attended == 0 && c.shortfalls[0].required >= 2)
            let stats = try await API.call(app, .GET, "/api/v1/meetings/statistics?organizationId=\(w.f.a.id!)", token: w.office)
            let cells = try stats.content.get([CellStatisticsDTO].self)
            #expect(cells.first { $0.organizationName == "Chi bộ thôn 1" }?.followers == 1)
            #expect(cells.allSatisfy { $0.parentName == "Đảng bộ xã An Phú" })
            let xlsx = try await API.call(app, .GET, "/api/v1/meetings/statistics.xlsx?organizationId=\(w.f.a.id!)", token: w.office)
            #expect(xlsx.status == .ok && xlsx.headers.contentType?.subType.contains("spreadsheet") == true)
        }
    }

    @Test("Moving a followed cell keeps its meetings' and assignments' paths")
    func rebase() async throws {
        try await TestApp.withApp { app in
            let w = try await MeetingWorld.make(app)
            let (hoa, _) = try await w.follower()
            #expect(try await assign(w, hoa).status == .created)
            _ = try await w.schedule(-1)
            let all = Scope([w.f.p.treePath])
            let moved = try await OrganizationService(db: app.db, actor: .system, today: w.today)
                .move(w.f.a1.id!, to: w.f.b.id!, view: all, manage: all)
            #expect(try await Meeting.query(on: app.db).all().map(\.organizationPath) == [moved.path])
            #expect(try await FollowAssignment.query(on: app.db).all().map(\.organizationPath) == [moved.path])
        }
    }
}
