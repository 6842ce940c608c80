@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 5: responsibility commitments between levels, through the API.
@Suite("Commitments: set up, progress, assessment, reopening")
struct CommitmentAPITests {
    @Test("Creating refuses bad input, units outside the scope and a superior that is not above; nothing is written")
    func refusals() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let audit = try await AuditEvent.query(on: app.db).count()
            let none = try await w.post("/commitments", w.boardA, w.body(w.f.a1, above: w.f.a, indicators: []))
            #expect(none.status == .unprocessableEntity && none.errorFields == ["indicators"])
            let negative = try await w.post("/commitments", w.boardA, w.body(w.f.a1, above: w.f.a, indicators: [
                ["name": "Kết nạp đảng viên mới", "unit": "đảng viên", "target": -2],
                ["name": "Thu đảng phí đầy đủ", "unit": "%", "target": 100, "dueOn": "\(w.year + 1)-01-31"],
                ["name": "Số vụ vi phạm", "unit": "vụ", "target": 0, "direction": "lowerIsBetter"],
            ]))
            #expect(negative.status == .unprocessableEntity)
            #expect(Set(negative.errorFields) == ["indicators.0.target", "indicators.1.dueOn"])
            #expect(negative.errorMessages.contains { $0.contains("số dương") })
            // A2 is A1's sibling, not its superior.
            let sibling = try await w.post("/commitments", w.boardA, w.body(w.f.a1, above: w.f.a2))
            #expect(sibling.status == .unprocessableEntity && sibling.errorFields == ["superiorId"])
            // The level below cannot set up its own commitment with the level above.
            let upward = try await w.post("/commitments", w.boardA, w.body(w.f.a, above: w.f.p))
            #expect(upward.status == .unprocessableEntity && upward.errorFields == ["superiorId"])
            let outside = try await w.post("/commitments", w.boardA, w.body(w.f.b1, above: w.f.b))
            #expect(outside.status == .unprocessableEntity && Set(outside.errorFields) == ["organizationId", "superiorId"])
            let unknown = try await w.post("/commitments", w.boardA, ["organizationId": UUID().uuidString])
            #expect(unknown.status == .unprocessableEntity)
            // Reporting units cannot set up commitments at all.
            let clerk = try await w.post("/commitments", w.secretaryA1, w.body(w.f.a1, above: w.f.a))
            #expect(clerk.status == .unprocessableEntity && Set(clerk.errorFields) == ["organizationId", "superiorId"])
            #expect(try await AuditEvent.query(on: app.db).count() == audit)
            #expect(try await Commitment.query(on: app.db).count() == 0)
            #expect(try await CommitmentIndicator.query(on: app.db).count() == 0)

            // One commitment per unit, superior and year.
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            #expect(c.organizationName == w.f.a1.name && c.superiorName == w.f.a.name && c.status == "open")
            #expect(c.indicators.map(\.dueOn) == Array(repeating: "\(w.year)-12-31", count: 3))
            #expect(c.indicators.map(\.direction) == ["higherIsBetter", "higherIsBetter", "lowerIsBetter"])
            let twice = try await w.post("/commitments", w.boardA, w.body(w.f.a1, above: w.f.a))
            #expect(twice.status == .unprocessableEntity && twice.errorFields == ["year"])
            #expect(try await w.auditCount(entity: "commitment") == 1)
        }
    }

    @Test("Either unit reads the commitment; other units get 404 for reading and writing")
    func visibility() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            #expect(try await w.get("/commitments/\(c.id)", w.secretaryA1).status == .ok)
            #expect(try await w.get("/commitments/\(c.id)", w.maiToken).status == .ok)
            #expect(try await w.get("/commitments/\(c.id)", w.officeB).status == .notFound)
            #expect(try await w.progress(c, w.officeB, on: "\(w.year)-01-01", [0: 50]).status == .notFound)
            #expect(try await w.post("/commitments/\(c.id)/assessment", w.hungToken, [:]).status == .notFound)
            #expect(try await w.get("/commitments?year=\(w.year)", w.officeB).content.decode([CommitmentSummaryDTO].self).isEmpty)
            let mine = try await w.get("/commitments?year=\(w.year)", w.secretaryA1).content.decode([CommitmentSummaryDTO].self)
            #expect(mine.map(\.id) == [c.id])
            #expect(try await w.get("/commitments?year=\(w.year - 1)", w.secretaryA1).content.decode([CommitmentSummaryDTO].self).isEmpty)
            // Members of the unit read but do not report; the committing unit does not assess itself.
            #expect(try await w.progress(c, w.maiToken, on: "\(w.year)-01-01", [0: 50]).status == .forbidden)
            #expect(try await w.post("/commitments/\(c.id)/assessment", w.secretaryA1, [:]).status == .forbidden)
        }
    }

    @Test("R-EVAL-4: progress keeps its history and the newest counts; the assessment fixes each indicator's percent and the average")
    func progressAndAssessment() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let today = app.capuy.today().iso
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            let first = try await w.progress(c, w.secretaryA1, on: "\(w.year)-01-01", [0: 80, 1: 1, 2: 0])
            #expect(first.status == .ok, "\(first.body.string)")
            let second = try await w.progress(c, w.secretaryA1, on: today, [0: 95, 1: 3])
            let now = try second.content.decode(CommitmentDTO.self)
            #expect(now.indicators.map(\.latestValue) == [95, 3, 0])
            #expect(now.indicators.map(\.percentSoFar) == [100, 75, 100])
            #expect(now.indicators[0].history.map(\.value) == [95, 80])
            #expect(now.overallSoFar == 91.67 && now.overallPercent == nil)

            let negative = try await w.progress(c, w.secretaryA1, on: today, [0: -1])
            #expect(negative.status == .unprocessableEntity && negative.errorFields == ["entries.0.value"])
            let future = try await w.progress(c, w.secretaryA1, on: app.capuy.today().adding(days: 3).iso, [0: 96])
            #expect(future.status == .unprocessableEntity && future.errorFields == ["reportedOn"])
            let empty = try await w.post("/commitments/\(c.id)/progress", w.secretaryA1, ["entries": [[String: any Sendable]]()])
            #expect(empty.status == .unprocessableEntity && empty.errorFields == ["entries"])

            // The superior verifies the violations figure at 2: 1 / 2 → 50%.
            let assessed = try await w.post("/commitments/\(c.id)/assessment", w.boardA,
                                            ["values": [["indicatorId": c.indicators[2].id.uuidString, "value": 2] as [String: any Sendable]], "note": "Đã kiểm tra số liệu"])
            #expect(assessed.status == .ok, "\(assessed.body.string)")
            let done = try assessed.content.decode(CommitmentDTO.self)
            #expect(done.status == "assessed")
            #expect(done.indicators.map(\.assessedValue) == [95, 3, 2])
            #expect(done.indicators.map(\.percent) == [100, 75, 50])
            #expect(done.overallPercent == 75 && done.assessedBy == "tc-xa-a" && done.assessedOn == today)
            let again = try await w.post("/commitments/\(c.id)/assessment", w.boardA, [:])
            #expect(again.status == .unprocessableEntity && again.errorFields == ["status"])
            #expect(try await w.auditCount(entity: "commitment") == 4)
        }
    }

    @Test("An indicator nobody reported on cannot be assessed until given a value")
    func assessmentNeedsValues() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            #expect(try await w.progress(c, w.secretaryA1, on: "\(w.year)-01-01", [0: 90]).status == .ok)
            let missing = try await w.post("/commitments/\(c.id)/assessment", w.boardA, [:])
            #expect(missing.status == .unprocessableEntity && missing.errorFields == ["values", "values"])
            #expect(try await w.get("/commitments/\(c.id)", w.boardA).content.decode(CommitmentDTO.self).status == "open")
        }
    }

    @Test("An assessed commitment refuses progress; reopening needs a reason, is audited and clears the result")
    func closedAndReopened() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            #expect(try await w.progress(c, w.secretaryA1, on: "\(w.year)-01-01", [0: 90, 1: 4, 2: 0]).status == .ok)
            #expect(try await w.post("/commitments/\(c.id)/assessment", w.boardA, [:]).status == .ok)
            let late = try await w.progress(c, w.secretaryA1, on: "\(w.year)-01-01", [1: 5])
            #expect(late.status == .unprocessableEntity && late.errorFields == ["status"])
            #expect(late.errorMessages.first?.contains("mở lại") == true)

            let noReason = try await w.post("/commitments/\(c.id)/reopen", w.boardA, ["reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.errorFields == ["reason"])
            let notYours = try await w.post("/commitments/\(c.id)/reopen", w.secretaryA1, ["reason": "Sai số liệu kết nạp"])
            #expect(notYours.status == .forbidden)
            let reopened = try await w.post("/commitments/\(c.id)/reopen", w.boardA, ["reason": "Chi bộ báo cáo sai số đảng viên kết nạp"])
            #expect(reopened.status == .ok)
            let open = try reopened.content.decode(CommitmentDTO.self)
            #expect(open.status == "open" && open.overallPercent == nil && open.indicators.allSatisfy { $0.percent == nil })
            #expect(open.reopenReason == "Chi bộ báo cáo sai số đảng viên kết nạp")
            #expect(try await w.progress(c, w.secretaryA1, on: "\(w.year)-01-01", [1: 3]).status == .ok)
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "commitment.reopen").first())
            #expect(event.after?.contains("Chi bộ báo cáo sai số") == true && event.before?.contains("100%") == true)
            #expect(try await w.get("/commitments/\(c.id)", w.boardA).content.decode(CommitmentDTO.self).overallSoFar == 91.67)
        }
    }
}
