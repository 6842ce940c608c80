@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, point 4: reminders before the deadline, overdue tasks escalated
/// to the unit above, through the in-app inbox; the job runs under a lease.
@Suite("Tasks: reminders, escalation and notices")
struct TaskReminderTests {
    struct Setup {
        let w: DocWorld
        let soonA1: UUID, lateA2: UUID, laterB1: UUID
        /// The job's day: deadlines are placed around it.
        let day: LocalDate
    }

    /// One issued directive a month ago with three tasks: A1 due two days
    /// after `day`, A2 six days before it, B1 twelve days after it.
    static func setUp(_ app: Application) async throws -> Setup {
        let w = try await DocWorld.make(app)
        let day = w.issueDay.adding(days: 8)
        let doc = try await w.issued(w.p, type: "directive", issuer: w.f.p)
        let soon = try await w.assign(w.p, doc.id, title: "Tổng kết 10 năm", deadline: day.adding(days: 2), units: [w.f.a1])
        let late = try await w.assign(w.p, doc.id, title: "Báo cáo quý", deadline: day.adding(days: -6), units: [w.f.a2])
        let later = try await w.assign(w.p, doc.id, title: "Báo cáo năm", deadline: day.adding(days: 12), units: [w.f.b1])
        return Setup(w: w, soonA1: try await w.assignment(soon.id, at: w.f.a1).id!, lateA2: try await w.assignment(late.id, at: w.f.a2).id!,
                     laterB1: try await w.assignment(later.id, at: w.f.b1).id!, day: day)
    }

    static func notices(_ app: Application) async throws -> [(kind: String, org: UUID, assignment: UUID?)] {
        try await Notice.query(on: app.db).all().map { ($0.kindRaw, $0.$organization.id, $0.assignmentId) }
    }

    @Test("Issue 15: a task left with a unit that closed is reminded to its successor and escalated above the successor, never to the closed unit")
    func closedUnitsHearNothing() async throws {
        try await TestApp.withApp { app in
            // given: A2's overdue task, then A2 merged into B1 of another commune
            let s = try await Self.setUp(app)
            let f = s.w.f
            let board = try await f.user(app, "tinh-to-chuc", .organizationBoard, at: f.p)
            let closed = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: board,
                                            json: ["closedOn": s.w.issueDay.iso, "successorIds": [f.b1.id!.uuidString]])
            try #require(closed.status == .ok, "\(closed.body.string)")
            // when
            _ = try await TaskReminderJob(db: app.db, today: s.day).run(holder: "instance-1")
            // then: B1 hears of it, and B above it; A2 and A nothing
            let n = try await Self.notices(app).filter { $0.assignment == s.lateA2 }
            #expect(n.filter { $0.kind == "overdue" }.map(\.org) == [f.b1.id!])
            #expect(n.filter { $0.kind == "escalation" }.map(\.org) == [f.b.id!])
            #expect(!n.contains { $0.org == f.a2.id! || $0.org == f.a.id! })
        }
    }

    @Test("Due within 3 days: one reminder; overdue: a notice to the unit and an escalation to its parent; a second run adds nothing")
    func remindAndEscalate() async throws {
        try await TestApp.withApp { app in
            let s = try await Self.setUp(app)
            let f = s.w.f
            let job = TaskReminderJob(db: app.db, today: s.day)
            let first = try await job.run(holder: "instance-1")
            #expect(first == TaskReminderJob.Outcome(reminded: 1, escalated: 1, ran: true))
            let n = try await Self.notices(app)
            #expect(n.count == 3)
            #expect(n.filter { $0.kind == "reminder" }.map(\.org) == [f.a1.id!])
            #expect(n.filter { $0.kind == "reminder" }.map(\.assignment) == [s.soonA1])
            #expect(n.filter { $0.kind == "overdue" }.map(\.org) == [f.a2.id!])
            #expect(n.filter { $0.kind == "escalation" }.map(\.org) == [f.a.id!])
            #expect(n.filter { $0.kind == "escalation" }.map(\.assignment) == [s.lateA2])
            #expect(!n.contains { $0.assignment == s.laterB1 })

            // The same day again: nothing new.
            #expect(try await job.run(holder: "instance-1") == TaskReminderJob.Outcome(reminded: 0, escalated: 0, ran: true))
            #expect(try await Notice.query(on: app.db).count() == 3)
            // Three days on, A1's task is overdue too: escalated once, never reminded again.
            let later = try await TaskReminderJob(db: app.db, today: s.day.adding(days: 3)).run(holder: "instance-2")
            #expect(later == TaskReminderJob.Outcome(reminded: 0, escalated: 1, ran: true))
            let m = try await Self.notices(app)
            #expect(m.filter { $0.assignment == s.soonA1 }.map(\.kind).sorted() == ["escalation", "overdue", "reminder"])
            #expect(m.filter { $0.kind == "reminder" }.count == 1)
            // A2 stood overdue on the job's day and was escalated that day.
            let a = try await TaskAssignment.find(s.lateA2, on: app.db)
            #expect(a?.standing(today: s.day) == .overdue && a?.escalatedOn == s.day.iso)
        }
    }

    @Test("Finished tasks and tasks of drafts are not reminded")
    func skipsDoneAndDrafts() async throws {
        try await TestApp.withApp { app in
            let s = try await Self.setUp(app)
            let w = s.w
            // A1 reports its task finished (late: its deadline has passed on the app's clock).
            let done = try await API.call(app, .POST, "/api/v1/assignments/\(s.soonA1)/progress", token: w.a, json: ["percent": 100])
            #expect(try done.content.decode(AssignmentDTO.self).standing == .doneLate)
            // On the job's day A1 would have been reminded: not once it is finished.
            #expect(try await TaskReminderJob(db: app.db, today: s.day).run(holder: "x").reminded == 0)
            // A draft's task due tomorrow is not reminded today.
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let t = try await w.assign(w.p, draft.id, deadline: w.today.adding(days: 1), units: [w.f.b1])
            let draftAssignment = try await w.assignment(t.id, at: w.f.b1).id!
            #expect(try await TaskReminderJob(db: app.db, today: w.today).run(holder: "x").reminded == 0)
            let n = try await Self.notices(app)
            #expect(!n.contains { $0.assignment == s.soonA1 || $0.assignment == draftAssignment })
            // The other two, overdue by today, were each escalated once.
            #expect(n.filter { $0.kind == "escalation" }.count == 2)
        }
    }

    @Test("While another instance holds the lease the job does not run")
    func lease() async throws {
        try await TestApp.withApp { app in
            let s = try await Self.setUp(app)
            #expect(try await JobLease.acquire(TaskReminderJob.leaseName, holder: "other", for: 600, on: app.db))
            let blocked = try await TaskReminderJob(db: app.db, today: s.day).run(holder: "me")
            #expect(blocked.ran == false)
            #expect(try await Notice.query(on: app.db).count() == 0)
            // An expired lease is taken over.
            let later = Date().addingTimeInterval(601)
            #expect(try await JobLease.acquire(TaskReminderJob.leaseName, holder: "me", for: 600, on: app.db, now: later))
            try await JobLease.release(TaskReminderJob.leaseName, holder: "me", on: app.db)
            #expect(try await TaskReminderJob(db: app.db, today: s.day).run(holder: "me").ran)
            // The job released its lease: another instance may run next.
            #expect(try await JobLease.acquire(TaskReminderJob.leaseName, holder: "other", for: 600, on: app.db))
        }
    }

    @Test("GET /notices shows a unit its own subtree's notices, never another commune's; marking read stays in scope")
    func noticeScope() async throws {
        try await TestApp.withApp { app in
            let s = try await Self.setUp(app)
            let w = s.w
            // B1's task is overdue fourteen days after the job's day.
            _ = try await TaskReminderJob(db: app.db, today: s.day.adding(days: 14)).run(holder: "x")
            let all = try await Self.notices(app)
            #expect(all.contains { $0.org == w.f.b.id && $0.kind == "escalation" })

            let forA = try await w.get("/notices", w.a).content.decode([NoticeDTO].self)
            let aUnits: Set<UUID> = [w.f.a.id!, w.f.a1.id!, w.f.a2.id!]
            #expect(!forA.isEmpty && forA.allSatisfy { aUnits.contains($0.organizationId) })
            #expect(forA.count == all.filter { aUnits.contains($0.org) }.count)
            let forB = try await w.get("/notices", w.b).content.decode([NoticeDTO].self)
            #expect(Set(forB.map(\.organizationId)) == [w.f.b.id!, w.f.b1.id!])
            let a2 = try await w.f.user(app, "bithu-a2", .secretary, at: w.f.a2)
            let forA2 = try await w.get("/notices", a2).content.decode([NoticeDTO].self)
            #expect(Set(forA2.map(\.organizationId)) == [w.f.a2.id!])
            #expect(forA2.first?.message.contains("Báo cáo quý") == true)
            // Each notice carries its English wording (issue 17), shown in the inbox in English.
            #expect(forA.allSatisfy { n in
                guard let en = n.messageEn else { return false }
                return en.hasPrefix("Due ") || en.hasPrefix("Overdue since ") || en.contains(" has not completed a task overdue since ")
            }, "\(forA.map(\.messageEn))")
            let inbox = try await WebSession.get(app, SiteURL.inbox.path, cookie: try await WebSession.cookie(app, "bithu-a2") + "; \(Language.cookieName)=en")
            #expect(inbox.body.string.contains(try #require(forA2.first?.messageEn)))

            let id = try #require(forA.first?.id)
            #expect(try await API.call(app, .POST, "/api/v1/notices/\(id)/read", token: w.b).status == .notFound)
            let read = try await API.call(app, .POST, "/api/v1/notices/\(id)/read", token: w.a)
            #expect(try read.content.decode(NoticeDTO.self).read)
        }
    }
}
