@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 4, points 4 and 8: reminders before the limit, escalation of an
/// overdue case to the handling unit's superior (once per limit), and the
/// statistics of R-REC-2 with their XLSX export.
@Suite("Cases: reminders, escalation and statistics")
struct CaseJobsAndStatisticsTests {
    struct NoticeRow: Decodable {
        let organizationId: UUID
        let kind: String
        let message: String
        var messageEn: String?
        var caseId: UUID?
    }

    @Test("Overdue cases escalate in bounded batches: each its unit's notice linking to it, one digest to the unit above (issue 14, item 5)")
    func batchedEscalation() async throws {
        try await TestApp.withApp { app in
            // given: four overdue cases handled by commune A, three by ward B, both under P
            let w = try await CaseWorld.make(app)
            var ids: [UUID] = []
            var due: LocalDate?
            for i in 0..<7 {
                let (token, unit) = i < 4 ? (w.a, w.f.a1) : (w.b, w.f.b1)
                let d = try await w.denunciation(token, about: unit, title: "Tố cáo sai phạm đất đai số \(i + 1)")
                due = try await w.act(token, d.id, "accept").dueOn.flatMap(LocalDate.init(parsing:))
                ids.append(d.id)
            }
            let late = try #require(due).adding(days: 1)
            // when: three cases a transaction
            let outcome = try await CaseReminderJob(db: app.db, today: late, batchSize: 3).run(holder: "t")
            // then
            #expect(outcome == CaseReminderJob.Outcome(reminded: 0, escalated: 7))
            let atP = try await Self.notices(w, w.p)
            let digests = atP.filter { $0.kind == "escalation" }
            #expect(digests.count == 1)
            #expect(digests.first?.message.hasPrefix("7 hồ sơ") == true)
            #expect(digests.first?.message.contains("Đảng bộ xã An Phú: 4") == true)
            #expect(digests.first?.message.contains("Đảng bộ phường Bình Minh: 3") == true)
            // The English wording goes along, with the plural (issue 17).
            #expect(digests.first?.messageEn?.hasPrefix("7 cases of units below overdue (") == true)
            #expect(atP.filter { $0.kind == "overdue" }.allSatisfy { $0.messageEn?.hasPrefix("A case is overdue since ") == true })
            let overdue = atP.filter { $0.kind == "overdue" }
            #expect(Set(overdue.compactMap(\.caseId)) == Set(ids))
            #expect(try await CitizenCase.query(on: app.db).filter(\.$escalatedOn == late.iso).count() == 7)
            // Nothing is left for a second run.
            #expect(try await CaseReminderJob(db: app.db, today: late, batchSize: 3).run(holder: "t").escalated == 0)
            // The inbox links each overdue notice to its case.
            let cookie = try await WebSession.cookie(app, "vp-xa-a")
            let inbox = try await WebSession.get(app, "/nhiem-vu", cookie: cookie).body.string
            #expect(ids.prefix(4).allSatisfy { inbox.contains(SiteURL.caseShow($0).path) })
        }
    }

    @Test("Issue 15: an overdue case left with a ward that merged away is reported to its successor, never to the closed ward")
    func closedHandlerHearsNothing() async throws {
        try await TestApp.withApp { app in
            // given: a denunciation about cell B1, handled by ward B and accepted
            let w = try await CaseWorld.make(app)
            let d = try await w.denunciation(w.b, about: w.f.b1, title: "Tố cáo sai phạm xây dựng ở khu phố")
            let due = try #require(try await w.act(w.b, d.id, "accept").dueOn.flatMap(LocalDate.init(parsing:)))
            // when: B1 moves to commune A, ward B merges into A, and the limit passes
            let board = try await w.f.user(app, "tinh-sap-nhap", .organizationBoard, at: w.f.p)
            let moved = try await API.call(app, .POST, "/api/v1/organizations/\(w.f.b1.id!)/move", token: board, json: ["parentId": w.f.a.id!.uuidString])
            try #require(moved.status == .ok, "\(moved.body.string)")
            let closed = try await API.call(app, .POST, "/api/v1/organizations/\(w.f.b.id!)/close", token: board,
                                            json: ["closedOn": w.today.iso, "successorIds": [w.f.a.id!.uuidString]])
            try #require(closed.status == .ok, "\(closed.body.string)")
            let outcome = try await CaseReminderJob(db: app.db, today: due.adding(days: 1)).run(holder: "t")
            // then: A hears of it and P gets the digest; nothing goes to the closed ward
            #expect(outcome.escalated == 1)
            let rows = try await Notice.query(on: app.db).filter(\.$caseId == d.id).all()
            #expect(rows.map(\.$organization.id) == [w.f.a.id!])
            #expect(try await Notice.query(on: app.db).filter(\.$organization.$id == w.f.b.id!).count() == 0)
            let digest = try await Notice.query(on: app.db).filter(\.$kindRaw == "escalation").all()
            #expect(digest.map(\.$organization.id) == [w.f.p.id!])
        }
    }

    static func notices(_ w: CaseWorld, _ token: String) async throws -> [NoticeRow] {
        let res = try await w.get("/notices", token)
        try #require(res.status == .ok, "notices: \(res.body.string)")
        return try res.content.decode([NoticeRow].self)
    }

    @Test("A case is reminded before its limit, escalated to the parent once when overdue, and again after an extension runs out")
    func remindAndEscalate() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let d = try await w.denunciation(w.a, about: w.f.a1, title: "Tố cáo ban chi ủy thôn 1")
            let accepted = try await w.act(w.a, d.id, "accept")
            let due = try #require(accepted.dueOn.flatMap(LocalDate.init(parsing:)))

            // Well before the limit: nothing.
            #expect(try await CaseReminderJob(db: app.db, today: due.adding(days: -30)).run(holder: "t")
                == CaseReminderJob.Outcome(reminded: 0, escalated: 0))
            // Two days before: one reminder to the handling unit, once.
            let remind = CaseReminderJob(db: app.db, today: due.adding(days: -2))
            #expect(try await remind.run(holder: "t") == CaseReminderJob.Outcome(reminded: 1, escalated: 0))
            #expect(try await remind.run(holder: "t") == CaseReminderJob.Outcome(reminded: 0, escalated: 0))
            #expect(try await Self.notices(w, w.a).map(\.kind) == ["reminder"])

            // The day after the limit: escalated to A's parent, P.
            let late = CaseReminderJob(db: app.db, today: due.adding(days: 1))
            #expect(try await late.run(holder: "t") == CaseReminderJob.Outcome(reminded: 0, escalated: 1))
            let atP = try await Self.notices(w, w.p)
            #expect(atP.filter { $0.kind == "escalation" }.map(\.organizationId) == [w.f.p.id!])
            #expect(atP.filter { $0.kind == "overdue" }.map(\.organizationId) == [w.f.a.id!])
            // A sees its own overdue notice, not the one addressed to P.
            #expect(try await Self.notices(w, w.a).map(\.kind).sorted() == ["overdue", "reminder"])
            // The subject unit A1 is told nothing.
            #expect(try await Self.notices(w, w.a1).isEmpty)
            // Notices never carry the case's text or who wrote it.
            for n in atP {
                #expect(!n.message.contains("Tố cáo ban chi ủy") && !n.message.contains(CaseWorld.name))
            }
            #expect(try await w.show(d.id, w.a).escalatedOn == due.adding(days: 1).iso)
            #expect(try await w.list(w.a, "filter=escalated").map(\.id) == [d.id])

            // Once only.
            #expect(try await late.run(holder: "t") == CaseReminderJob.Outcome(reminded: 0, escalated: 0))
            #expect(try await CaseReminderJob(db: app.db, today: due.adding(days: 9)).run(holder: "t").escalated == 0)
            #expect(try await Self.notices(w, w.p).filter { $0.kind == "escalation" }.count == 1)

            // An extension starts a new limit: reminded and escalated again when it runs out.
            let extended = try await w.extendResponse(w.a, d.id).content.decode(CaseDTO.self)
            #expect(extended.escalatedOn == nil)
            let due2 = try #require(extended.dueOn.flatMap(LocalDate.init(parsing:)))
            #expect(due2 > due)
            #expect(try await w.list(w.a, "filter=escalated").isEmpty)
            #expect(try await CaseReminderJob(db: app.db, today: due2.adding(days: -1)).run(holder: "t").reminded == 1)
            #expect(try await CaseReminderJob(db: app.db, today: due2.adding(days: 1)).run(holder: "t")
                == CaseReminderJob.Outcome(reminded: 0, escalated: 1))
            #expect(try await Self.notices(w, w.p).filter { $0.kind == "escalation" }.count == 2)
        }
    }

    @Test("A case concluded on time is neither reminded nor escalated later")
    func concludedNotEscalated() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let d = try await w.denunciation(w.a, about: w.f.a1)
            let due = try #require(try await w.act(w.a, d.id, "accept").dueOn.flatMap(LocalDate.init(parsing:)))
            let done = try await w.act(w.a, d.id, "conclude", conclusion: "Nội dung tố cáo không đúng, chấm dứt giải quyết.")
            #expect(done.standing == "doneOnTime")
            #expect(try await CaseReminderJob(db: app.db, today: due.adding(days: -1)).run(holder: "t").reminded == 0)
            #expect(try await CaseReminderJob(db: app.db, today: due.adding(days: 1)).run(holder: "t").escalated == 0)
            #expect(try await Self.notices(w, w.p).isEmpty)
        }
    }

    @Test("Past the limit, the overdue list and statistics hold the open case, not the one concluded on time")
    func overdueListSkipsConcluded() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            let open = try await w.denunciation(w.a, about: w.f.a1, title: "Tố cáo chưa giải quyết xong")
            let done = try await w.denunciation(w.a, about: w.f.a2, title: "Tố cáo đã có kết luận")
            let due = try #require(try await w.act(w.a, open.id, "accept").dueOn.flatMap(LocalDate.init(parsing:)))
            try await w.act(w.a, done.id, "accept")
            try await w.act(w.a, done.id, "conclude", conclusion: "Nội dung tố cáo không đúng, chấm dứt giải quyết.")
            #expect(try await w.list(w.a, "filter=overdue").isEmpty)
            w.setToday(due.adding(days: 1))
            #expect(try await w.show(open.id, w.a).standing == "overdue")
            #expect(try await w.show(done.id, w.a).standing == "doneOnTime")
            #expect(try await w.list(w.a, "filter=overdue").map(\.id) == [open.id])
            let res = try await w.get("/cases/statistics?period=custom&from=\(w.today.iso)&to=\(w.today.iso)", w.a)
            #expect(try res.content.get([CaseStatisticsDTO.Brief].self, at: "overdue").map(\.id) == [open.id])
            w.setToday(due.adding(days: -2))
            #expect(try await w.list(w.a, "filter=dueSoon").map(\.id) == [open.id])
        }
    }

    @Test("Statistics count every unit and the exact overdue total, past the 30 units and 200 cases a list shows (issue 14, item 6)")
    func statisticsCountEverything() async throws {
        try await TestApp.withApp(configure: { $0.portalSubmitsPerHour = 10_000 }) { app in
            // given: 34 more communes, a petition about each, and 201 about cell A1
            let w = try await CaseWorld.make(app)
            for i in 1...34 {
                let res = try await w.post("/organizations", w.admin, ["parentId": w.f.p.id!.uuidString, "name": "Đảng bộ xã Thống Kê \(i)",
                                                                      "kind": "communeCommittee"])
                try #require(res.status == .created, "\(res.body.string)")
                let unit = try #require(try await Organization.find(try res.content.get(UUID.self, at: "id"), on: app.db))
                _ = try await w.submit(CaseWorld.submission(title: "Kiến nghị số \(i) của xã", about: unit))
            }
            for i in 1...201 {
                _ = try await w.submit(CaseWorld.submission(title: "Kiến nghị về đường thôn số \(i)",
                                                            content: "Nội dung kiến nghị riêng số \(i): đoạn đường \(i) cần sửa.", about: w.f.a1))
            }
            // when: every limit has passed
            let received = w.today
            w.setToday(received.adding(days: 60))
            let res = try await w.get("/cases/statistics?period=custom&from=\(received.iso)&to=\(received.iso)", w.p)
            try #require(res.status == .ok, "\(res.body.string.prefix(300))")
            let s = try res.content.decode(CaseStatisticsDTO.self)
            // then: every handling unit is a row, and the rows add up to the total
            #expect(s.total == 235)
            #expect(s.byUnit.count >= 35, "\(s.byUnit.count) units")
            #expect(s.byUnit.map(\.count).reduce(0, +) == s.total)
            // the overdue figure is exact; only the list of cases to open is cut at 200
            #expect(s.overdueTotal == 235)
            #expect(s.overdue.count == 200)
        }
    }

    @Test("A case settled after its limit counts as settled late, in the period it was received too; a late acceptance is counted (issue 14, item 6)")
    func lateFigures() async throws {
        try await TestApp.withApp { app in
            // given: two denunciations received today
            let w = try await CaseWorld.make(app)
            let received = w.today
            let first = try await w.denunciation(w.a, about: w.f.a1, title: "Tố cáo thứ nhất về đất đai")
            let second = try await w.denunciation(w.a, about: w.f.a2, title: "Tố cáo thứ hai về quỹ thôn")
            let due = try #require(try await w.act(w.a, first.id, "accept").dueOn.flatMap(LocalDate.init(parsing:)))
            // when: the second is accepted 20 days on (past the 7 working days to decide), the first concluded 3 days late
            w.setToday(received.adding(days: 20))
            try await w.act(w.a, second.id, "accept")
            w.setToday(due.adding(days: 3))
            try await w.act(w.a, first.id, "conclude", conclusion: "Tố cáo đúng một phần, đã xử lý theo quy định.")
            // then
            let res = try await w.get("/cases/statistics?period=custom&from=\(received.iso)&to=\(due.adding(days: 3).iso)", w.a)
            let s = try res.content.decode(CaseStatisticsDTO.self)
            #expect(s.finished == 1 && s.onTime == 0 && s.settledLate == 1)
            #expect(s.accepted == 2 && s.acceptedLate == 1)
            #expect(s.cohort.received == 2 && s.cohort.settledLate == 1 && s.cohort.settledOnTime == 0 && s.cohort.open == 1)
            // Counted in the month it arrived: the month of receipt alone shows the late settlement.
            let arrival = try await w.get("/cases/statistics?period=custom&from=\(received.iso)&to=\(received.iso)", w.a)
                .content.decode(CaseStatisticsDTO.self)
            #expect(arrival.cohort.settledLate == 1 && arrival.finished == 0)
        }
    }

    struct Count: Decodable { let key: String; let count: Int }
    struct Stats: Decodable {
        let from: String, to: String, total: Int
        let byChannel: [Count], byKind: [Count], byMonth: [Count]
        let finished: Int, onTime: Int
        let onTimeRate: Double?, averageDays: Double?
    }

    static func stats(_ w: CaseWorld, _ token: String, _ query: String = "") async throws -> Stats {
        let res = try await w.get("/cases/statistics" + (query.isEmpty ? "" : "?" + query), token)
        try #require(res.status == .ok, "statistics: \(res.body.string)")
        return try res.content.decode(Stats.self)
    }

    static func count(_ rows: [Count], _ key: String) -> Int { rows.first { $0.key == key }?.count ?? -1 }

    @Test("R-REC-2: intake is counted by channel and kind for a period; the on-time rate follows conclusions; XLSX export")
    func statistics() async throws {
        try await TestApp.withApp { app in
            let w = try await CaseWorld.make(app)
            _ = try await w.intake(w.a, CaseWorld.intakeJSON(kind: "petition", channel: "voters", about: w.f.a1))
            _ = try await w.intake(w.a, CaseWorld.intakeJSON(kind: "report", channel: "press", title: "Báo phản ánh chợ tạm lấn chiếm",
                                                             about: w.f.a1, extra: ["channelDetail": "Báo Tuổi Trẻ"]))
            let complaint = try await w.intake(w.a, CaseWorld.intakeJSON(kind: "complaint", title: "Khiếu nại quyết định kỷ luật",
                                                                         about: w.f.a1, extra: ["identity": CaseWorld.identity]))
            _ = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo chi bộ thôn 1",
                                                        content: "Chi bộ thôn 1 che giấu sai phạm trong thu chi quỹ.",
                                                        about: w.f.a1, identity: CaseWorld.identity))
            _ = try await w.submit(CaseWorld.submission(kind: "denunciation", title: "Tố cáo nặc danh về quỹ thôn",
                                                        content: "Có dấu hiệu chi sai quỹ thôn trong năm nay.", about: w.f.a1))

            let s = try await Self.stats(w, w.a)
            #expect(s.from <= w.today.iso && w.today.iso <= s.to)
            #expect(s.total == 5)
            #expect(Self.count(s.byChannel, "voters") == 1 && Self.count(s.byChannel, "press") == 1)
            #expect(Self.count(s.byChannel, "letter") == 1 && Self.count(s.byChannel, "portal") == 2)
            #expect(Self.count(s.byChannel, "electedBody") == 0 && Self.count(s.byChannel, "reception") == 0)
            #expect(Self.count(s.byKind, "petition") == 1 && Self.count(s.byKind, "report") == 2)
            #expect(Self.count(s.byKind, "complaint") == 1 && Self.count(s.byKind, "denunciation") == 1)
            #expect(s.byMonth.map(\.key) == [String(w.today.iso.prefix(7))])
            #expect(s.finished == 0 && s.onTimeRate == nil)
            // The subject unit does not count the denunciations of itself sent above it, the anonymous
            // one kept as a report included (R-CASE-5, issue 14, item 3).
            #expect(try await Self.stats(w, w.a1).total == 3)
            #expect(try await Self.stats(w, w.b).total == 0)

            try await w.act(w.a1, complaint.id, "accept")
            try await w.act(w.a1, complaint.id, "conclude", conclusion: "Giữ nguyên quyết định kỷ luật vì đúng quy định.")
            let after = try await Self.stats(w, w.a)
            #expect(after.finished == 1 && after.onTime == 1 && after.onTimeRate == 1.0 && after.averageDays == 0)

            // Other periods of R-REC-2.
            #expect(try await Self.stats(w, w.a, "period=year").total == 5)
            #expect(try await Self.stats(w, w.a, "period=year&year=\(w.today.year - 1)").total == 0)
            #expect(try await Self.stats(w, w.a, "period=quarter&index=\((w.today.month + 2) / 3)").total == 5)
            #expect(try await Self.stats(w, w.a, "period=custom&from=\(w.today.iso)&to=\(w.today.iso)").total == 5)
            #expect(try await w.get("/cases/statistics?period=custom&from=\(w.today.iso)&to=\(w.today.adding(days: -1).iso)", w.a)
                .status == .unprocessableEntity)
            #expect(try await w.get("/cases/statistics?period=fortnight", w.a).status == .unprocessableEntity)
            #expect(try await w.get("/cases/statistics?period=month&index=13", w.a).status == .unprocessableEntity)

            let xlsx = try await w.get("/cases/statistics.xlsx", w.a)
            #expect(xlsx.status == .ok)
            #expect(xlsx.headers.contentType?.description.hasPrefix(XLSXWorkbook.contentType) == true)
            let data = Data(buffer: xlsx.body)
            #expect(data.prefix(2) == Data("PK".utf8))
            let rows = try XLSXReader.readFirstSheet(data)
            #expect(rows.contains { $0.first == "Tổng số đơn tiếp nhận" && $0.dropFirst().first?.hasPrefix("5") == true })
            // A user without handleCases gets nothing counted.
            let viewer = try await w.f.user(app, "xem-tinh", .viewer, at: w.f.p)
            #expect(try await Self.stats(w, viewer).total == 0)
        }
    }
}
