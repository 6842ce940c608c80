@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 1: the home says what to do today, for each role, from
/// counts scoped like the lists they link to.
@Suite("Home: what to do today")
struct TodayListTests {
    /// The list as the holder of `role` at `unit` sees it on `day`.
    static func items(_ app: Application, _ role: Role, at unit: Organization, on day: LocalDate,
                      language: Language = .vi) async throws -> [TodayList.Item] {
        let principal = Principal(userId: UUID(), username: "t", displayName: "t", sessionId: UUID(),
                                  grants: [GrantInfo(role: role, organizationId: unit.id!, path: unit.treePath)])
        return try await TodayList(db: app.db, principal: principal, language: language, today: day, cases: nil,
                                   receptionQuota: app.capuy.settings.receptionQuota).items()
    }

    /// The labels of the lines that speak of `topic`.
    static func labels(_ items: [TodayList.Item], about topic: String) -> [String] {
        items.map(\.label).filter { $0.contains(topic) }
    }

    @Test("Open assignments near and past their deadline count for the recipient and every unit above, and only there")
    func assignments() async throws {
        try await TestApp.withApp { app in
            // given: the province assigns a task to A1 and B1, due in five days
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a, w.f.b])
            let task = try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 5), units: [w.f.a1, w.f.b1])
            // then: today both are due soon for the province, one for commune A, none past due
            let soon = try await Self.items(app, .office, at: w.f.p, on: w.today).filter { $0.label.contains("nhiệm vụ") }
            #expect(soon.map(\.label) == ["2 nhiệm vụ đến hạn trong 7 ngày tới"])
            #expect(soon.first?.url == "/nhiem-vu" && soon.first?.urgent == false)
            #expect(Self.labels(try await Self.items(app, .office, at: w.f.a, on: w.today), about: "nhiệm vụ") == ["1 nhiệm vụ đến hạn trong 7 ngày tới"])
            // when: A1 finishes its part
            let a1 = try await w.f.user(app, "vp-a1", .secretary, at: w.f.a1)
            let assignment = try await w.assignment(task.id, at: w.f.a1)
            let done = try await API.call(app, .POST, "/api/v1/assignments/\(assignment.id!)/progress", token: a1, json: ["percent": 100])
            #expect(done.status == .ok)
            // then: ten days on, only B1's part is past due, for B and the province; A has nothing left to do
            let later = w.today.adding(days: 10)
            let overdue = try await Self.items(app, .office, at: w.f.p, on: later).filter { $0.label.contains("nhiệm vụ") }
            #expect(overdue.map(\.label) == ["1 nhiệm vụ đã quá hạn mà chưa hoàn thành"] && overdue.first?.urgent == true)
            #expect(Self.labels(try await Self.items(app, .office, at: w.f.b, on: later), about: "nhiệm vụ") == ["1 nhiệm vụ đã quá hạn mà chưa hoàn thành"])
            #expect(Self.labels(try await Self.items(app, .office, at: w.f.a, on: later), about: "nhiệm vụ").isEmpty)
            // The home page shows the same line to a signed-in user, and says so when nothing is due.
            let page = try await WebSession.get(app, "/", cookie: try await WebSession.cookie(app, "vp-tinh"))
            #expect(page.status == .ok && page.body.string.contains("1 nhiệm vụ đến hạn trong 7 ngày tới"))
            try await w.f.user(app, "xem-a2", .viewer, at: w.f.a2)
            let clear = try await WebSession.get(app, "/", cookie: try await WebSession.cookie(app, "xem-a2"))
            #expect(clear.body.string.contains("id=\"todo-clear\""))
        }
    }

    @Test("A cell's secretary is asked to schedule the month's regular meeting until one is, then to record it once its day has passed")
    func meetings() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "bithu-a1", .secretary, at: f.a1)
            let today = app.capuy.today()
            let month = YearMonth(today).display
            #expect(try await Self.items(app, .secretary, at: f.a1, on: today).map(\.label)
                    == ["1 chi bộ chưa lên lịch sinh hoạt thường kỳ tháng \(month)"])
            // A committee's office manages no cell of its own: it is not asked.
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today), about: "chi bộ").isEmpty)
            // when: the secretary schedules today's meeting
            let made = try await API.call(app, .POST, "/api/v1/meetings", token: token, json: [
                "organizationId": f.a1.id!.uuidString, "kind": "regular", "heldOn": today.iso, "startsAt": "19:30", "title": "Sinh hoạt thường kỳ"])
            #expect(made.status == .created, "\(made.body.string)")
            // then: nothing today; tomorrow the meeting waits to be recorded
            #expect(try await Self.items(app, .secretary, at: f.a1, on: today).isEmpty)
            let tomorrow = try await Self.items(app, .secretary, at: f.a1, on: today.adding(days: 1))
            #expect(tomorrow.map(\.label).contains("1 cuộc họp đã qua ngày, chưa ghi kết quả và chấm điểm"))
            #expect(tomorrow.first { $0.label.hasPrefix("1 cuộc họp") }?.urgent == true)
            // The neighbouring cell's secretary sees none of it.
            #expect(try await Self.items(app, .secretary, at: f.a2, on: today.adding(days: 1)).map(\.label)
                    .allSatisfy { !$0.contains("cuộc họp") })
        }
    }

    @Test("Unread notices count in the scope only, with English plurals")
    func notices() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            func notice(at unit: Organization) async throws {
                let n = Notice()
                n.$organization.id = unit.id!
                n.organizationPath = unit.path
                n.kindRaw = NoticeKind.reminder.rawValue
                n.message = "Nhắc việc"
                try await n.save(on: app.db)
            }
            let today = app.capuy.today()
            try await notice(at: f.a1)
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today, language: .en), about: "notice") == ["1 unread notice"])
            try await notice(at: f.a)
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today, language: .en), about: "notice") == ["2 unread notices"])
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today), about: "thông báo") == ["2 thông báo chưa đọc"])
            #expect(Self.labels(try await Self.items(app, .office, at: f.b, on: today), about: "thông báo").isEmpty)
        }
    }

    @Test("A notice links to the thing it speaks of: an assignment's card in the inbox, a case's page")
    func noticeLinks() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p, recipients: [w.f.a])
            let task = try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 3), units: [w.f.a1])
            let assignment = try await w.assignment(task.id, at: w.f.a1)
            let n = Notice()
            n.$organization.id = w.f.a1.id!
            n.organizationPath = w.f.a1.path
            n.kindRaw = NoticeKind.reminder.rawValue
            n.assignmentId = assignment.id
            n.message = "Nhiệm vụ sắp đến hạn"
            try await n.save(on: app.db)
            let url = "/nhiem-vu?tatCa=true#a-\(assignment.id!.uuidString)"
            #expect(n.thingURL == url)
            let inbox = try await WebSession.get(app, "/nhiem-vu?tatCa=true", cookie: try await WebSession.cookie(app, "vp-xa-a"))
            let body = inbox.body.string
            #expect(body.contains("href=\"/nhiem-vu?tatCa=true#a-\(assignment.id!.uuidString)\"") && body.contains("id=\"a-\(assignment.id!.uuidString)\""))
            let caseNotice = Notice()
            caseNotice.caseId = UUID()
            #expect(caseNotice.thingURL == "/don-thu/\(caseNotice.caseId!)")
        }
    }

    @Test("R-REC-1: a commune short of its two reception days this month is listed until it has held them, for its office and the province's")
    func receptionShortfalls() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vp-a", .office, at: f.a)
            let today = app.capuy.today()
            let month = YearMonth(today).display
            let line = "1 đơn vị chưa đủ ngày tiếp công dân tháng \(month)"
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today), about: "tiếp công dân") == [line])
            // The province counts itself and both communes.
            #expect(Self.labels(try await Self.items(app, .office, at: f.p, on: today), about: "tiếp công dân")
                    == ["3 đơn vị chưa đủ ngày tiếp công dân tháng \(month)"])
            // A member's account has no cases to handle: no such line.
            #expect(Self.labels(try await Self.items(app, .member, at: f.a, on: today), about: "tiếp công dân").isEmpty)
            // Two sessions on two days of this month meet the rule; two on one day would count once.
            let first = YearMonth(today).first
            for day in [first, first.adding(days: 1)] {
                let made = try await API.call(app, .POST, "/api/v1/reception-sessions", token: token, json: [
                    "organizationId": f.a.id!.uuidString, "heldOn": day.iso, "hostName": "Lê Văn Tiếp", "place": "Trụ sở Đảng ủy"])
                #expect(made.status == .created, "\(made.body.string)")
            }
            #expect(Self.labels(try await Self.items(app, .office, at: f.a, on: today), about: "tiếp công dân").isEmpty)
            let home = try await WebSession.get(app, "/", cookie: try await WebSession.cookie(app, "vp-a"))
            #expect(!home.body.string.contains(line))
        }
    }

    @Test("The targets of a cell's commitment show two weeks before their date and past it, until assessed, for the cell only")
    func commitmentTargets() async throws {
        try await TestApp.withApp { app in
            // given: A1's commitment with its commune, three targets due on 31 December
            let w = try await CommitmentWorld.make(app)
            _ = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            let early = LocalDate(year: w.year, month: 12, day: 1)!, near = LocalDate(year: w.year, month: 12, day: 20)!
            let after = LocalDate(year: w.year + 1, month: 1, day: 5)!
            // then
            #expect(Self.labels(try await Self.items(app, .secretary, at: w.f.a1, on: early), about: "cam kết").isEmpty)
            #expect(Self.labels(try await Self.items(app, .secretary, at: w.f.a1, on: near), about: "cam kết")
                    == ["3 chỉ tiêu cam kết đến hạn trong 14 ngày tới"])
            let late = try await Self.items(app, .secretary, at: w.f.a1, on: after).filter { $0.label.contains("cam kết") }
            #expect(late.map(\.label) == ["3 chỉ tiêu cam kết đã quá hạn, chưa đánh giá"] && late.first?.urgent == true)
            // The neighbouring cell reports on nothing of it.
            #expect(Self.labels(try await Self.items(app, .secretary, at: w.f.a2, on: after), about: "cam kết").isEmpty)
        }
    }

    @Test("Counts read with the language's thousands separator and lose no digit",
          arguments: [0, 7, 999, 1_000, 14_707, 1_234_567, -52_000, Int.max, Int.min])
    func number(_ n: Int) {
        let vi = DisplayFormat.whole(n, .vi), en = DisplayFormat.whole(n, .en)
        #expect(vi.replacingOccurrences(of: ".", with: "") == String(n))
        #expect(en.replacingOccurrences(of: ",", with: "") == String(n))
        #expect(vi.replacingOccurrences(of: ".", with: ",") == en)
        // Groups of three after the first.
        #expect(Self.groupsAfterFirst(vi).allSatisfy { $0 == 3 })
        #expect(DisplayFormat.whole(14_707, .vi) == "14.707" && DisplayFormat.whole(14_707, .en) == "14,707")
    }

    /// The lengths of the digit groups after the first ("14.707" → [3]).
    static func groupsAfterFirst(_ s: String) -> [Int] {
        Array(s.components(separatedBy: ".").dropFirst().map { $0.count })
    }

    @Test("Counts read right for random numbers (property)")
    func numberProperty() {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<2_000 {
            let n = Int(bitPattern: UInt(rng.next()))
            let vi = DisplayFormat.whole(n, .vi)
            #expect(vi.replacingOccurrences(of: ".", with: "") == String(n))
            #expect(Self.groupsAfterFirst(vi).allSatisfy { $0 == 3 })
        }
    }
}
