@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// What the annual review reads from commitments and pledges (R-EVAL-4).
@Suite("Commitments: results for the annual review")
struct CommitmentResultsTests {
    @Test("R-EVAL-4: a unit's completion is the average of its assessed commitments of the year; nil until one is assessed")
    func unitCompletion() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            // A1 commits to its commune A and, directly, to the province P.
            let withA = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            let withP = try await w.create(w.f.a1, above: w.f.p, token: w.boardP)
            let completion = { try await CommitmentResults.unitCompletion(organizationId: w.f.a1.id!, year: w.year, on: app.db) }
            #expect(try await completion() == nil)
            #expect(try await w.progress(withA, w.secretaryA1, on: "\(w.year)-01-01", [0: 90, 1: 3, 2: 2]).status == .ok)
            #expect(try await w.progress(withP, w.secretaryA1, on: "\(w.year)-01-01", [0: 99, 1: 8, 2: 0]).status == .ok)
            #expect(try await completion() == nil, "reported progress is not an assessment")
            #expect(try await w.post("/commitments/\(withA.id)/assessment", w.boardA, [:]).status == .ok)
            #expect(try await completion() == 75)
            #expect(try await w.post("/commitments/\(withP.id)/assessment", w.boardP, [:]).status == .ok)
            #expect(try await completion() == 87.5)
            #expect(try await CommitmentResults.unitCompletion(organizationId: w.f.a1.id!, year: w.year - 1, on: app.db) == nil)
            #expect(try await CommitmentResults.unitCompletion(organizationId: w.f.a.id!, year: w.year, on: app.db) == nil)
            // A reopened commitment no longer counts.
            #expect(try await w.post("/commitments/\(withP.id)/reopen", w.boardP, ["reason": "Rà soát lại số liệu"]).status == .ok)
            #expect(try await completion() == 75)
        }
    }

    @Test("The pledge as the self-assessment shows it: items done, review, pledges not kept; nil without a pledge")
    func pledgeSummary() async throws {
        try await TestApp.withApp { app in
            let w = try await CommitmentWorld.make(app)
            let summary = { try await CommitmentResults.pledge(memberId: w.mai.id!, year: w.year, on: app.db) }
            #expect(try await summary() == nil)
            let saved = try await PledgeTests.write(w, w.mai, token: w.maiToken)
            #expect(try await summary() == PledgeSummary(items: 2, done: 0, percent: 0, reviewed: false, selfReview: nil, breachedPledges: []))
            let item = saved.items[0].id
            #expect(try await w.post("/members/\(w.mai.id!)/pledges/\(w.year)/items/\(item)/done", w.maiToken,
                                     ["result": "Đã vận động 12 hộ"]).status == .ok)
            let breached = saved.checklist[3]
            let review = try await w.post("/members/\(w.mai.id!)/pledges/\(w.year)/review", w.maiToken, PledgeTests.review(saved, notKept: [breached.id]))
            #expect(review.status == .ok, "\(review.body.string)")
            #expect(try await summary() == PledgeSummary(items: 2, done: 1, percent: 50, reviewed: true, selfReview: PledgeTests.selfReview,
                                                         breachedPledges: [breached.text]))
            #expect(try await CommitmentResults.pledge(memberId: w.mai.id!, year: w.year - 1, on: app.db) == nil)
            #expect(try await CommitmentResults.pledge(memberId: w.lan.id!, year: w.year, on: app.db) == nil)
        }
    }
}
