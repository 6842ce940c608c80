@testable import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Gia hạn: the issuer moves a task's deadline with a reason; the roll-up,
/// reminders and escalation follow the new date.
@Suite("Tasks: deadline extension")
struct TaskDeadlineTests {
    @Test("An overdue task given a new deadline is no longer overdue; reminders start again; the reason is audited")
    func extend() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, nq.id, deadline: w.issueDay.adding(days: 5), units: [w.f.a, w.f.b])
            let done = try await API.call(app, .POST, "/api/v1/assignments/\(try await w.assignment(task.id, at: w.f.b).id!)/progress",
                                          token: w.b, json: ["percent": 100])
            #expect(done.status == .ok)
            _ = try await TaskReminderJob(db: app.db, today: w.today).run(holder: "t")
            var rollup = try await w.get("/documents/\(nq.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.total.overdue == 1 && rollup.total.doneLate == 1)

            // Refusals first: no reason, a date before the issue, not the issuer.
            let noReason = try await API.call(app, .POST, "/api/v1/tasks/\(task.id)/deadline", token: w.p,
                                              json: ["deadline": w.today.adding(days: 20).iso])
            #expect(noReason.status == .unprocessableEntity && noReason.errorFields == ["reason"])
            let early = try await API.call(app, .POST, "/api/v1/tasks/\(task.id)/deadline", token: w.p,
                                           json: ["deadline": w.issueDay.adding(days: -1).iso, "reason": "Sai"])
            #expect(early.status == .unprocessableEntity && early.errorFields == ["deadline"])
            let notIssuer = try await API.call(app, .POST, "/api/v1/tasks/\(task.id)/deadline", token: w.a,
                                               json: ["deadline": w.today.adding(days: 20).iso, "reason": "Xin gia hạn"])
            #expect([403, 404].contains(notIssuer.status.code))
            #expect(try await PartyTask.find(task.id, on: app.db)?.deadline == w.issueDay.adding(days: 5).iso)

            let extended = try await API.call(app, .POST, "/api/v1/tasks/\(task.id)/deadline", token: w.p,
                                              json: ["deadline": w.today.adding(days: 20).iso, "reason": "Chờ hướng dẫn của Trung ương"])
            #expect(extended.status == .ok)
            rollup = try await w.get("/documents/\(nq.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.total.overdue == 0 && rollup.total.notStarted == 1 && rollup.total.done == 1 && rollup.total.doneLate == 0)
            let a = try await w.assignment(task.id, at: w.f.a)
            #expect(a.deadline == w.today.adding(days: 20).iso && a.escalatedOn == nil && a.remindedOn == nil)
            #expect(try await TaskTallies.verify(on: app.db) == [])
            let event = try #require(try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first())
            #expect(event.action == "task.deadline" && event.after?.contains("Chờ hướng dẫn của Trung ương") == true)
        }
    }
}
