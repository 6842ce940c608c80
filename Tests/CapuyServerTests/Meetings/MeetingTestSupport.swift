import CapuyCore
@testable import CapuyServer
import Foundation
import Testing
import Vapor
import VaporTesting

/// The fixture with a secretary of A1 (schedules, records), the commune
/// office of A (assigns followers) and members of A1 and A2.
struct MeetingWorld {
    let app: Application
    let f: Fixture
    let secretary: String
    let office: String
    let a1Members: [Member]
    let outsider: Member
    let today: LocalDate

    static func make(_ app: Application, members: Int = 4) async throws -> MeetingWorld {
        let f = try await Fixture.make(app)
        let secretary = try await f.user(app, "bithu-a1", .secretary, at: f.a1)
        let office = try await f.user(app, "vanphong-a", .office, at: f.a)
        var a1: [Member] = []
        // Names may hold letters only: families × given names give 60 distinct ones.
        let families = ["Nguyễn", "Trần", "Phạm", "Hoàng", "Vũ", "Đặng"]
        let given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long", "Minh", "Nam"]
        for i in 0..<members { a1.append(try await f.member(app, "\(families[i / 10 % 6]) Văn \(given[i % 10])", in: f.a1)) }
        let outsider = try await f.member(app, "Trần Thị Lan", in: f.a2, female: true)
        return MeetingWorld(app: app, f: f, secretary: secretary, office: office, a1Members: a1, outsider: outsider, today: app.capuy.today())
    }

    /// Schedules a regular meeting of A1 `daysFromToday` away; returns its id.
    func schedule(_ daysFromToday: Int, kind: String = "regular", token: String? = nil) async throws -> String {
        let res = try await API.call(app, .POST, "/api/v1/meetings", token: token ?? secretary, json: [
            "organizationId": f.a1.id!.uuidString, "kind": kind, "heldOn": today.adding(days: daysFromToday).iso,
            "startsAt": "19:30", "place": "Nhà văn hóa thôn 1",
        ])
        #expect(res.status == .created, "\(res.body.string)")
        return try res.content.get(String.self, at: "id")
    }

    func roll(_ id: String, _ lines: [(Member, String, String?)]) async throws -> TestingHTTPResponse {
        try await API.call(app, .PUT, "/api/v1/meetings/\(id)/attendance", token: secretary, json: [
            "lines": lines.map { m, s, r -> [String: any Sendable] in
                var d: [String: any Sendable] = ["memberId": m.id!.uuidString, "status": s]
                if let r { d["reason"] = r }
                return d
            },
        ])
    }

    func hold(_ id: String, minutes: Int, complete: Bool = true, judged: [String] = []) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1/meetings/\(id)/held", token: secretary, json: [
            "durationMinutes": minutes, "minutesComplete": complete, "minutes": "Biên bản", "conclusion": "Kết luận",
            "judged": judged, "tasks": [["title": "Vận động đóng góp làm đường", "owner": "Tổ 1", "dueOn": today.adding(days: 30).iso]],
        ])
    }

    /// A member of commune A's committee (her cell is A2) with her own account.
    func follower() async throws -> (Member, String) {
        let m = try await f.member(app, "Lê Thị Hoa", in: f.a2, female: true)
        _ = try await MemberService(db: app.db, actor: .system, today: today).addPosition(
            m.id!, PositionInput(organizationId: f.a.id!, title: "committeeMember", startOn: today.adding(days: -400).iso),
            view: Scope([f.p.treePath]), manage: Scope([f.p.treePath]))
        let users = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
        _ = try await users.create(.init(username: "theodoi", displayName: "Lê Thị Hoa", password: Fixture.password,
                                         role: Role.member.rawValue, organizationId: f.a2.id!, memberId: m.id), scope: nil)
        return (m, try await API.token(app, "theodoi", Fixture.password))
    }
}
