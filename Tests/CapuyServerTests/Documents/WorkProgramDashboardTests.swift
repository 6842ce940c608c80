@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, points 5 and 6: work programs with the year's theme and its key
/// and breakthrough tasks; the term dashboard.
@Suite("Work programs and the term dashboard")
struct WorkProgramDashboardTests {
    static func term(of org: Organization, _ w: DocWorld, _ token: String) async throws -> TermDTO {
        let terms = try await w.get("/terms?organizationId=\(org.id!)", token).content.decode([TermDTO].self)
        return try #require(terms.first)
    }

    static func program(_ w: DocWorld, org: Organization, term: UUID, year: Int?, theme: String? = nil,
                        token: String) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["organizationId": org.id!.uuidString, "termId": term.uuidString]
        if let year { json["year"] = year }
        if let theme { json["theme"] = theme }
        return try await API.call(w.app, .POST, "/api/v1/work-programs", token: token, json: json)
    }

    @Test("A yearly program with its theme and a breakthrough task, tracked like any task")
    func yearlyProgram() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let term = try await Self.term(of: w.f.p, w, w.p)
            let year = w.today.year
            let res = try await Self.program(w, org: w.f.p, term: term.id, year: year,
                                             theme: "Năm nâng cao chất lượng tổ chức cơ sở đảng", token: w.p)
            #expect(res.status == .created)
            let program = try res.content.decode(WorkProgramDTO.self)
            #expect(program.title == "Chương trình công tác năm \(year)" && program.theme == "Năm nâng cao chất lượng tổ chức cơ sở đảng")
            // A full-term program too; but one per year and one per term.
            #expect(try await Self.program(w, org: w.f.p, term: term.id, year: nil, token: w.p).status == .created)
            #expect(try await Self.program(w, org: w.f.p, term: term.id, year: year, token: w.p).status == .unprocessableEntity)
            #expect(try await Self.program(w, org: w.f.p, term: term.id, year: year + 50, token: w.p).errorFields == ["year"])
            let aTerm = try await Self.term(of: w.f.a, w, w.a)
            #expect(try await Self.program(w, org: w.f.p, term: aTerm.id, year: year, token: w.p).errorFields == ["termId"])
            #expect(try await Self.program(w, org: w.f.p, term: term.id, year: year, token: w.a).status == .notFound)

            let task = try await API.call(app, .POST, "/api/v1/work-programs/\(program.id)/tasks", token: w.p, json: [
                "title": "Chuyển đổi số trong công tác đảng", "category": "breakthrough", "deliverable": "report",
                "deadline": w.today.adding(days: 60).iso, "targets": ["organizationIds": [w.f.a.id!.uuidString, w.f.b.id!.uuidString]],
            ])
            #expect(task.status == .created)
            let dto = try task.content.decode(TaskDTO.self)
            #expect(dto.category == .breakthrough && dto.programId == program.id && dto.documentId == nil && dto.assigneeCount == 2)
            // Program tasks start today: a deadline in the past is refused.
            let past = try await w.assignResponse(w.p, program.id, deadline: w.today.adding(days: -1), units: [w.f.a], program: true)
            #expect(past.errorFields == ["deadline"])
            #expect(try await w.get("/work-programs/\(program.id)/tasks", w.p).content.decode([TaskDTO].self).map(\.id) == [dto.id])

            // A sees the task in its inbox and reports on it; the program's roll-up counts it.
            let inbox = try await w.get("/assignments", w.a).content.decode([AssignmentDTO].self)
            let mine = try #require(inbox.first { $0.programId == program.id })
            let progress = try await API.call(app, .POST, "/api/v1/assignments/\(mine.id)/progress", token: w.a, json: ["percent": 30])
            #expect(try progress.content.decode(AssignmentDTO.self).standing == .inProgress)
            let rollup = try await w.get("/work-programs/\(program.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.rows.map(\.organizationId) == [w.f.a.id!, w.f.b.id!])
            #expect(rollup.total.inProgress == 1 && rollup.total.notStarted == 1)
            // The province's program is not found for B.
            #expect(try await w.get("/work-programs/\(program.id)", w.b).status == .notFound)
        }
    }

    @Test("The term dashboard counts issued documents by type and gives the on-time rate and the overdue list")
    func dashboard() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let term = try await Self.term(of: w.f.p, w, w.p)
            let early = w.today.adding(days: -60)
            let nq1 = try await w.issued(w.p, issuer: w.f.p, on: early)
            _ = try await w.issued(w.p, issuer: w.f.p)
            _ = try await w.issued(w.p, type: "directive", issuer: w.f.p)
            _ = try await w.issued(w.p, type: "plan", issuer: w.f.p)
            _ = try await w.draft(w.p, type: "conclusion", issuer: w.f.p)         // drafts do not count
            _ = try await w.issued(w.a, type: "plan", issuer: w.f.a)               // nor another committee's
            try await w.assign(w.p, nq1.id, title: "Sơ kết 6 tháng", deadline: w.today.adding(days: -10), units: [w.f.a])
            let onTime = try await w.assign(w.p, nq1.id, title: "Báo cáo nhanh", deadline: w.today.adding(days: 10), units: [w.f.b])
            let bID = try await w.assignment(onTime.id, at: w.f.b).id!
            #expect(try await API.call(app, .POST, "/api/v1/assignments/\(bID)/progress", token: w.b, json: ["percent": 100]).status == .ok)
            let programRes = try await Self.program(w, org: w.f.p, term: term.id, year: w.today.year, token: w.p)
            let program = try programRes.content.decode(WorkProgramDTO.self)
            #expect(try await w.assignResponse(w.p, program.id, deadline: w.today.adding(days: 30), units: [w.f.a1], program: true).status == .created)

            let res = try await w.get("/terms/\(term.id)/dashboard", w.p)
            #expect(res.status == .ok)
            let d = try res.content.decode(TermDashboardDTO.self)
            let byType = Dictionary(uniqueKeysWithValues: d.documentsByType.map { ($0.type, $0.count) })
            #expect(byType["resolution"] == 2 && byType["directive"] == 1 && byType["plan"] == 1 && byType["conclusion"] == 0)
            #expect(d.documentsByType.count == DocumentTypeCatalog.defaults.count)
            #expect(d.documentsIssued == 4)
            #expect(d.tasks.total == 3 && d.tasks.overdue == 1 && d.tasks.done == 1 && d.tasks.notStarted == 1)
            #expect(d.onTimeRate == 0.5)
            #expect(d.overdue.map(\.taskTitle) == ["Sơ kết 6 tháng"])
            #expect(d.overdue.first?.organizationId == w.f.a.id && d.overdue.first?.organizationName == "Đảng bộ xã An Phú")
            #expect(d.overdue.first?.deadline == w.today.adding(days: -10).iso)

            // The commune's own dashboard holds only its plan; the province's is not found for it.
            let aTerm = try await Self.term(of: w.f.a, w, w.a)
            let da = try await w.get("/terms/\(aTerm.id)/dashboard", w.a).content.decode(TermDashboardDTO.self)
            #expect(da.documentsIssued == 1 && da.tasks.total == 0 && da.onTimeRate == nil)
            #expect(try await w.get("/terms/\(term.id)/dashboard", w.a).status == .notFound)
        }
    }

    @Test("Terms: overlapping or reversed dates are refused; the term is found by date")
    func terms() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app, terms: false)
            let t = try await w.term(w.f.p, LocalDate(year: 2025, month: 10, day: 1)!, LocalDate(year: 2030, month: 9, day: 30)!, token: w.p)
            #expect(t.name == "2025–2030")
            func post(_ s: String, _ e: String, _ token: String) async throws -> TestingHTTPResponse {
                try await API.call(app, .POST, "/api/v1/terms", token: token, json: ["organizationId": w.f.p.id!.uuidString, "startsOn": s, "endsOn": e])
            }
            #expect(try await post("2030-09-30", "2035-09-30", w.p).errorFields == ["startsOn"])   // overlaps by a day
            #expect(try await post("2035-10-01", "2035-09-30", w.p).errorFields == ["endsOn"])
            #expect(try await post("2030-10-01", "2035-09-30", w.a).status == .notFound)           // not A's to change
            #expect(try await post("2030-10-01", "2035-09-30", w.p).status == .created)
        }
    }
}
