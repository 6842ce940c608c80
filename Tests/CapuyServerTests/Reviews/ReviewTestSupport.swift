import CapuyCore
@testable import CapuyServer
import Foundation
import Testing
import Vapor
import VaporTesting

/// A round over the fixture's province with accounts for every step:
/// the organization board at P (opens) and at A (decides for A1, A2), the
/// secretary of A1 (the cell's review), and members with their own accounts.
struct ReviewWorld {
    let app: Application
    let f: Fixture
    let board: String
    let boardA: String
    let secretary: String
    let roundId: String

    static func make(_ app: Application) async throws -> ReviewWorld {
        let f = try await Fixture.make(app)
        let board = try await f.user(app, "bantochuc", .organizationBoard, at: f.p)
        let boardA = try await f.user(app, "bantochuc-a", .organizationBoard, at: f.a)
        let secretary = try await f.user(app, "bithu-a1", .secretary, at: f.a1)
        let res = try await API.call(app, .POST, "/api/v1/review-rounds", token: board, json: [
            "organizationId": f.p.id!.uuidString, "year": 2026, "selfFrom": "01/11/2026", "selfTo": "30/11/2026",
            "unitReviewBy": "10/12/2026", "decisionBy": "31/12/2026",
        ])
        #expect(res.status == .created, "\(res.body.string)")
        return ReviewWorld(app: app, f: f, board: board, boardA: boardA, secretary: secretary,
                           roundId: try res.content.get(String.self, at: "id"))
    }

    var base: String { "/api/v1/review-rounds/\(roundId)" }

    /// A member of `unit` with her own account; returns the member and her token.
    func member(_ name: String, in unit: Organization) async throws -> (Member, String) {
        let m = try await f.member(app, name, in: unit)
        let users = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
        let username = "dv-" + UUID().uuidString.prefix(8).lowercased()
        _ = try await users.create(.init(username: username, displayName: name, password: Fixture.password, role: Role.member.rawValue,
                                         organizationId: unit.id!, memberId: m.id), scope: nil)
        return (m, try await API.token(app, username, Fixture.password))
    }

    /// Form 2B scores adding up to `total` (50…100): full general marks, the rest in KQ1.
    static func scores(_ total: Double) -> [String: Double] {
        ["C1": 8, "C2": 8, "C3": 7, "C4": 7, "KQ2": 15, "KQ3": 15, "KQ1": total - 60]
    }

    @discardableResult
    func selfAssess(_ m: Member, token: String, total: Double, level: RatingLevel, tasks: (Int, Int, Int) = (10, 10, 4)) async throws -> TestingHTTPResponse {
        try await API.call(app, .PUT, "\(base)/members/\(m.id!)", token: token, json: [
            "form": "2B", "scores": Self.scores(total), "level": level.rawValue, "note": "Hoàn thành nhiệm vụ chuyên môn",
            "tasks": tasks.0, "tasksOnTime": tasks.1, "tasksBeyond": tasks.2,
        ])
    }

    @discardableResult
    func cell(_ entries: [(Member, RatingLevel)], token: String? = nil) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "\(base)/cell-reviews", token: token ?? secretary, json: [
            "entries": entries.map { ["memberId": $0.0.id!.uuidString, "level": $0.1.rawValue, "present": 12, "agree": 11] as [String: any Sendable] },
        ])
    }

    @discardableResult
    func decide(_ entries: [(Member, RatingLevel)], token: String? = nil) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "\(base)/decisions", token: token ?? boardA, json: [
            "decisions": entries.map { ["memberId": $0.0.id!.uuidString, "level": $0.1.rawValue] as [String: any Sendable] },
        ])
    }

    /// Self-assessed and reviewed by the cell, ready for the decision.
    func reviewed(_ name: String, in unit: Organization, total: Double, level: RatingLevel) async throws -> Member {
        let (m, token) = try await member(name, in: unit)
        let s = try await selfAssess(m, token: token, total: total, level: level)
        #expect(s.status == .ok, "\(s.body.string)")
        let c = try await cell([(m, level)], token: unit.id == f.a1.id ? secretary : board)
        #expect(c.status == .ok, "\(c.body.string)")
        return m
    }

    func distribution(_ unit: Organization) async throws -> [Int] {
        let res = try await API.call(app, .GET, "\(base)/distribution?organizationId=\(unit.id!)", token: board)
        #expect(res.status == .ok, "\(res.body.string)")
        return try res.content.get([Int].self, at: "unit", "memberLevels")
    }

    func expectRollupsClean() async throws {
        let diff = try await RatingRollups.verify(on: app.db)
        #expect(diff.isEmpty, "\(diff)")
    }
}
