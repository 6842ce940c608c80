@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, points 3 and 4: tasks to units, the recipients' reports, the
/// implementation chain and the issuer's roll-up with drill-down.
@Suite("Tasks: assignment, progress, roll-up and cascade")
struct TaskRollupTests {
    @Test("“Every grassroots cell under the province” reaches A1, A2 and B1; the roll-up rows are A and B, drilled into A they are A1 and A2")
    func byKindAndDrillDown() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, type: "directive", issuer: w.f.p)
            let task = try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 30), kind: .grassrootsCell)
            #expect(task.assigneeCount == 3 && task.deliverable == .report)
            let units = try await TaskAssignment.query(on: app.db).filter(\.$task.$id == task.id).all().map(\.$organization.id)
            #expect(Set(units) == Set([w.f.a1, w.f.a2, w.f.b1].map { $0.id! }) && units.count == 3)

            let top = try await w.get("/documents/\(doc.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(top.organizationId == w.f.p.id && top.total.notStarted == 3 && top.total.total == 3)
            #expect(top.rows.map(\.organizationId) == [w.f.a.id!, w.f.b.id!])
            #expect(top.rows.map(\.tally.notStarted) == [2, 1])
            let drill = try await w.get("/documents/\(doc.id)/rollup?under=\(w.f.a.id!)", w.p).content.decode(RollupDTO.self)
            #expect(drill.rows.map(\.organizationId) == [w.f.a1.id!, w.f.a2.id!])
            #expect(drill.total.total == 2)
            // A sees the same document's roll-up for its own units only, and cannot drill into B.
            let fromA = try await w.get("/documents/\(doc.id)/rollup", w.a).content.decode(RollupDTO.self)
            #expect(fromA.total.total == 2 && fromA.rows.map(\.organizationId) == [w.f.a1.id!, w.f.a2.id!])
            #expect(try await w.get("/documents/\(doc.id)/rollup?under=\(w.f.b.id!)", w.a).status == .notFound)
            // Commune committees only: A and B.
            let communes = try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 30), kind: .communeCommittee)
            #expect(communes.assigneeCount == 2)
            #expect(try await w.get("/documents/\(doc.id)/tasks", w.p).content.decode([TaskDTO].self).count == 2)
        }
    }

    @Test("Issue 18: a past completion date counts the task on time; a date before the task was given, in the future, or without 100% is refused")
    func historicalCompletion() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let a1 = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            // Issued 30 days ago, due 10 days later: a task finished then was on time, though recorded today.
            let doc = try await w.issued(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, doc.id, deadline: w.issueDay.adding(days: 10), deliverable: .doneMark, kind: .grassrootsCell)
            let id = try await w.assignment(task.id, at: w.f.a1).id!
            func report(_ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
                try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1, json: json)
            }
            for (json, why) in [(["percent": 100, "completedOn": w.issueDay.adding(days: -1).iso], "before the task was given"),
                                (["percent": 100, "completedOn": w.today.adding(days: 1).iso], "in the future"),
                                (["percent": 60, "completedOn": w.issueDay.iso], "without 100%"),
                                (["percent": 100, "completedOn": "31/02/2026"], "not a date")] as [([String: any Sendable], String)] {
                let res = try await report(json)
                #expect(res.status == .unprocessableEntity && res.errorFields == ["completedOn"], "\(why): \(res.status) \(res.body.string)")
            }
            // Nothing was written by the refusals.
            #expect(try await w.assignment(task.id, at: w.f.a1).percent == 0)
            let done = try await report(["percent": 100, "completedOn": w.issueDay.adding(days: 5).display])
            let dto = try done.content.decode(AssignmentDTO.self)
            #expect(dto.completedOn == w.issueDay.adding(days: 5).iso && dto.standing == .done)
            let rollup = try await w.get("/documents/\(doc.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.total.count(.done) == 1 && rollup.total.count(.doneLate) == 0, "on time, not late: \(rollup.total)")
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "task.report").filter(\.$entityId == id).all()
            #expect(audit.count == 1 && audit.first?.after?.contains(w.issueDay.adding(days: 5).iso) == true)
        }
    }

    @Test("A cell acknowledges, reports 50% (in progress), then 100% (done today); 101% and a second completion are refused")
    func progress() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let a1 = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            let b1 = try await w.f.user(app, "bithu-b1", .secretary, at: w.f.b1)
            let doc = try await w.issued(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 15), deliverable: .doneMark, kind: .grassrootsCell)
            let id = try await w.assignment(task.id, at: w.f.a1).id!
            let inbox = try await w.get("/assignments", a1).content.decode([AssignmentDTO].self)
            #expect(inbox.map(\.id) == [id])
            #expect(inbox.first?.standing == .notStarted && inbox.first?.acknowledged == false)

            let ack = try await API.call(app, .POST, "/api/v1/assignments/\(id)/acknowledge", token: a1)
            #expect(try ack.content.decode(AssignmentDTO.self).acknowledged)
            let half = try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1,
                                          json: ["percent": 50, "note": "Đã họp chi bộ triển khai"])
            let halfDTO = try half.content.decode(AssignmentDTO.self)
            #expect(halfDTO.standing == .inProgress && halfDTO.percent == 50 && halfDTO.note == "Đã họp chi bộ triển khai")
            let over = try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1, json: ["percent": 101])
            #expect(over.status == .unprocessableEntity)
            #expect(over.errorFields == ["percent"])
            let badLink = try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1,
                                             json: ["percent": 60, "deliverableLink": "javascript:alert(1)"])
            #expect(badLink.status == .unprocessableEntity)
            // Another commune's cell does not even see it.
            #expect(try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: b1, json: ["percent": 100]).status == .notFound)
            #expect(try await w.get("/assignments/\(id)", b1).status == .notFound)

            let done = try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1, json: ["percent": 100])
            let doneDTO = try done.content.decode(AssignmentDTO.self)
            #expect(doneDTO.standing == .done && doneDTO.completedOn == w.today.iso)
            #expect(try await API.call(app, .POST, "/api/v1/assignments/\(id)/progress", token: a1, json: ["percent": 90]).status
                    == .unprocessableEntity)
            let reports = try await w.get("/assignments/\(id)/reports", a1).content.decode([TaskAPIController.ReportDTO].self)
            #expect(reports.map(\.percent) == [50, 100])
            // Done tasks leave the open inbox, and show with open=false.
            #expect(try await w.get("/assignments", a1).content.decode([AssignmentDTO].self).isEmpty)
            #expect(try await w.get("/assignments?open=false", a1).content.decode([AssignmentDTO].self).map(\.id) == [id])
            let rollup = try await w.get("/documents/\(doc.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.total.done == 1 && rollup.total.notStarted == 2)
        }
    }

    @Test("An implementing-document task needs the document: 100% alone is refused; issuing the commune's plan closes it")
    func implementingDocument() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let resolution = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về chuyển đổi số")
            let task = try await w.assign(w.p, resolution.id, title: "Ban hành kế hoạch thực hiện", deadline: w.today.adding(days: 20),
                                          deliverable: .implementingDocument, kind: .communeCommittee)
            let aID = try await w.assignment(task.id, at: w.f.a).id!
            let refused = try await API.call(app, .POST, "/api/v1/assignments/\(aID)/progress", token: w.a, json: ["percent": 100])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.errorFields == ["deliverableDocumentId"])
            #expect(try await w.assignment(task.id, at: w.f.a).percent == 0)
            #expect(try await TaskReport.query(on: app.db).count() == 0)

            // when: A issues its plan implementing the resolution
            let plan = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Kế hoạch thực hiện Nghị quyết về chuyển đổi số",
                                          implements: resolution.id, on: w.issueDay.adding(days: 2))
            // then: A's assignment is done, on the plan's date, with the plan as deliverable; B's is not
            let a = try await w.get("/assignments/\(aID)", w.a).content.decode(AssignmentDTO.self)
            #expect(a.standing == .done && a.percent == 100)
            #expect(a.completedOn == w.issueDay.adding(days: 2).iso && a.deliverableDocumentId == plan.id)
            #expect(try await w.assignment(task.id, at: w.f.b).completedOn == nil)
            let rollup = try await w.get("/documents/\(resolution.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.rows.map(\.tally.done) == [1, 0] && rollup.rows.map(\.tally.notStarted) == [0, 1])
        }
    }

    @Test("The cascade roll-up counts the tasks of every implementing document below; the chain shows links up and down")
    func cascadeAndChain() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let a1 = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            try await w.term(w.f.a1, w.today.adding(days: -730), w.today.adding(days: 1095), token: a1)
            let resolution = try await w.issued(w.p, issuer: w.f.p, on: w.issueDay)
            try await w.assign(w.p, resolution.id, deadline: w.today.adding(days: 20), deliverable: .implementingDocument, kind: .communeCommittee)
            let plan = try await w.issued(w.a, type: "plan", issuer: w.f.a, implements: resolution.id, on: w.issueDay.adding(days: 1))
            try await w.assign(w.a, plan.id, deadline: w.today.adding(days: 25), units: [w.f.a1, w.f.a2])
            let cellPlan = try await w.issued(a1, type: "plan", issuer: w.f.a1, implements: plan.id, on: w.issueDay.adding(days: 3))
            #expect(cellPlan.identifier == "01-KH/CB")

            let own = try await w.get("/documents/\(resolution.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(own.total.total == 2)
            let cascade = try await w.get("/documents/\(resolution.id)/rollup?cascade=true", w.p).content.decode(RollupDTO.self)
            #expect(cascade.total.total == 4 && cascade.total.done == 1 && cascade.total.notStarted == 3)
            #expect(cascade.rows.map(\.organizationId) == [w.f.a.id!, w.f.b.id!])
            #expect(cascade.rows.map(\.tally.total) == [3, 1])

            let chain = try await w.get("/documents/\(resolution.id)/chain", w.p).content.decode(DocumentChainDTO.self)
            #expect(chain.up.isEmpty)
            #expect(chain.down.map(\.id) == [plan.id, cellPlan.id] && chain.down.map(\.level) == [1, 2])
            #expect(chain.down.first?.issuerName == "Đảng bộ xã An Phú")
            // DESIGN.md, Rollups: the kept tallies agree with a recount.
            #expect(try await TaskTallies.verify(on: app.db) == [])
            let middle = try await w.get("/documents/\(plan.id)/chain", w.a).content.decode(DocumentChainDTO.self)
            #expect(middle.up.map(\.id) == [resolution.id] && middle.up.map(\.level) == [-1])
            #expect(middle.down.map(\.id) == [cellPlan.id])
            // Up the chain the cell sees at least its commune's plan, nearest last.
            let bottom = try await w.get("/documents/\(cellPlan.id)/chain", a1).content.decode(DocumentChainDTO.self)
            #expect(bottom.up.last?.id == plan.id && bottom.up.last?.level == -1)
            // B sees the resolution (its task) but not A's plans below it.
            let fromB = try await w.get("/documents/\(resolution.id)/chain", w.b).content.decode(DocumentChainDTO.self)
            #expect(fromB.down.isEmpty)
        }
    }
}
