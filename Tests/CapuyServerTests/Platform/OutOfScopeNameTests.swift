@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 2: a refusal never names a member or a unit the user may
/// not see, and an id outside the scope reads exactly like one that does not
/// exist (DESIGN.md, Scope).
@Suite("Refusals name no one outside the scope (issue 14, item 2)")
struct OutOfScopeNameTests {
    @Test("Cell reviews and decisions: a member of another commune is refused by row, with the words a made-up id gets")
    func reviews() async throws {
        try await TestApp.withApp { app in
            // given: a member of B1 who assessed herself and was reviewed by her cell
            let w = try await ReviewWorld.make(app)
            let outsider = try await w.reviewed("Lê Thanh Anh", in: w.f.b1, total: 90, level: .good)
            let madeUp = Member()
            madeUp.id = UUID()
            // when: A1's secretary and A's board name her
            let cell = try await w.cell([(outsider, .good)])
            let cellMadeUp = try await w.cell([(madeUp, .good)])
            let decision = try await w.decide([(outsider, .good)])
            let decisionMadeUp = try await w.decide([(madeUp, .good)])
            // then
            for (res, madeUpRes) in [(cell, cellMadeUp), (decision, decisionMadeUp)] {
                #expect(res.status == .unprocessableEntity)
                #expect(!res.body.string.contains("Lê Thanh Anh"), "\(res.body.string)")
                #expect(res.errorMessages == madeUpRes.errorMessages)
                #expect(res.errorMessages.first?.hasPrefix("Dòng 1:") == true)
            }
        }
    }

    @Test("Meeting guests: a member or unit outside the secretary's sight is refused like a made-up one; one above the cell is welcome")
    func guests() async throws {
        try await TestApp.withApp { app in
            // given
            let w = try await MeetingWorld.make(app)
            let id = try await w.schedule(3)
            let stranger = try await w.f.member(app, "Phan Văn Khải", in: w.f.b1)
            func guest(_ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
                try await API.call(app, .POST, "/api/v1/meetings/\(id)/guests", token: w.secretary, json: json)
            }
            // when
            let outsider = try await guest(["memberId": stranger.id!.uuidString])
            let madeUp = try await guest(["memberId": UUID().uuidString])
            let foreignUnit = try await guest(["name": "Nguyễn Văn Tư", "organizationId": w.f.b1.id!.uuidString])
            let madeUpUnit = try await guest(["name": "Nguyễn Văn Tư", "organizationId": UUID().uuidString])
            let fromAbove = try await guest(["name": "Nguyễn Văn Tư", "title": "Ủy viên", "organizationId": w.f.p.id!.uuidString])
            // then
            #expect(outsider.status == .unprocessableEntity)
            #expect(!outsider.body.string.contains("Phan Văn Khải"))
            #expect(outsider.errorMessages == madeUp.errorMessages)
            #expect(foreignUnit.status == .unprocessableEntity)
            #expect(!foreignUnit.body.string.contains("Bình Minh") && !foreignUnit.body.string.contains("khu phố"))
            #expect(foreignUnit.errorMessages == madeUpUnit.errorMessages)
            #expect(fromAbove.status == .ok, "\(fromAbove.body.string)")
            let guests = try await MeetingAttendance.query(on: app.db).filter(\.$isGuest == true).all()
            #expect(guests.map(\.guestName) == ["Nguyễn Văn Tư"])
        }
    }
}
