@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 1: a number no office would type stopped the whole server.
/// `DecimalInput.format` turned a Double into an Int unchecked, so a progress
/// value of 1e19 trapped while the audit entry was written, and a target of
/// 1e300 was accepted and then trapped on every view of the commitment's page.
/// Each test below crashed the test process before the fix.
@Suite("Commitments: huge numbers are refused, never fatal (issue 14, item 1)")
struct CommitmentHugeNumberTests {
    @Test("A progress value of 1e19 or 1e308 answers a 422 problem, and the server keeps answering", arguments: [1e19, 1e308])
    func hugeProgressValue(_ value: Double) async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            // when
            let res = try await w.progress(c, w.secretaryA1, on: app.capuy.today().iso, [0: value])
            // then
            #expect(res.status == .unprocessableEntity)
            #expect(res.headers.contentType?.subType == "problem+json")
            #expect(res.errorFields == ["entries.0.value"])
            #expect(res.errorMessages.contains { $0.contains("không lớn hơn 10.000.000.000.000") })
            #expect(try await CommitmentProgress.query(on: app.db).count() == 0)
            #expect(try await w.get("/commitments/\(c.id)", w.secretaryA1).status == .ok)
        }
    }

    @Test("An assessed value of 1e19 answers a 422 problem")
    func hugeAssessedValue() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            // when
            let values: [[String: any Sendable]] = [["indicatorId": c.indicators[0].id.uuidString, "value": 1e19]]
            let res = try await w.post("/commitments/\(c.id)/assessment", w.boardA, ["values": values])
            // then
            #expect(res.status == .unprocessableEntity && res.errorFields == ["values.0.value"])
            #expect(try await w.get("/commitments/\(c.id)", w.boardA).status == .ok)
        }
    }

    @Test("A target of 1e300 answers a 422 problem, nothing is written, and the commitment pages keep answering")
    func hugeTarget() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await CommitmentWorld.make(app)
            var indicators = CommitmentWorld.indicators
            indicators[1]["target"] = 1e300
            // when
            let res = try await w.post("/commitments", w.boardA, w.body(w.f.a1, above: w.f.a, indicators: indicators))
            // then
            #expect(res.status == .unprocessableEntity)
            #expect(res.headers.contentType?.subType == "problem+json")
            #expect(res.errorFields == ["indicators.1.target"])
            #expect(try await Commitment.query(on: app.db).count() == 0)
            let list = try await WebSession.get(app, "/cam-ket", cookie: try await WebSession.cookie(app, "tc-xa-a"))
            #expect(list.status == .ok)
        }
    }

    @Test("A target of 1e300 and a value of 1e19 stored before the check still render on /cam-ket/{id}")
    func storedHugeFiguresRender() async throws {
        try await TestApp.withApp { app in
            // given: figures written while the API still took them
            let w = try await CommitmentWorld.make(app)
            let c = try await w.create(w.f.a1, above: w.f.a, token: w.boardA)
            #expect(try await w.progress(c, w.secretaryA1, on: app.capuy.today().iso, [0: 50]).status == .ok)
            let target = try #require(try await CommitmentIndicator.find(c.indicators[1].id, on: app.db))
            target.target = 1e300
            try await target.save(on: app.db)
            let value = try #require(try await CommitmentProgress.query(on: app.db).first())
            value.value = 1e19
            try await value.save(on: app.db)
            // when
            let cookie = try await WebSession.cookie(app, "bt-thon-1")
            let page = try await WebSession.get(app, "/cam-ket/\(c.id)", cookie: cookie)
            let again = try await WebSession.get(app, "/cam-ket/\(c.id)", cookie: cookie)
            // then
            #expect(page.status == .ok && again.status == .ok)
            #expect(page.body.string.contains("10.000.000.000.000.000.000"), "1e19 shown in full")
            #expect(page.body.string.contains("1.000.000.000.000.000.052.504.760"), "1e300's exact digits, grouped")
            #expect(try await w.get("/commitments/\(c.id)", w.secretaryA1).status == .ok)
        }
    }
}
