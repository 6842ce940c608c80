import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The fixture with two more cells of other sectors, a round over P opened by
/// P's organization board, and two observers: `quansat` (assigned to A's
/// cells) and `quansat-b` (assigned to nothing yet).
///
///     P ── A ── A1, A2 (residential), AX (private enterprise)
///       └─ B ── B1 (residential), BS (school)
struct SurveyWorld {
    let app: Application
    let f: Fixture
    let ax: Organization
    let bs: Organization
    let board: String
    let observer: String
    let outsider: String
    let roundId: String

    static func make(_ app: Application) async throws -> SurveyWorld {
        let f = try await Fixture.make(app)
        let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
        let ax = try await s.create(.init(parentId: f.a.id, name: "Chi bộ Công ty An Phát", kind: "grassrootsCell", sector: "privateEnterprise", code: "AX"), scope: nil)
        let bs = try await s.create(.init(parentId: f.b.id, name: "Chi bộ Trường Tiểu học Bình Minh", kind: "grassrootsCell", sector: "school", code: "BS"), scope: nil)
        let board = try await f.user(app, "bantochuc", .organizationBoard, at: f.p)
        let observer = try await f.user(app, "quansat", .member, at: f.p)
        let outsider = try await f.user(app, "quansat-b", .member, at: f.b)
        let res = try await API.call(app, .POST, "/api/v1/surveys", token: board, json: ["organizationId": f.p.id!.uuidString, "year": 2026])
        #expect(res.status == .created, "\(res.body.string)")
        let roundId = try res.content.get(String.self, at: "id")
        let userId = try #require(try await User.query(on: app.db).filter(\.$username == "quansat").first()).id!
        let assigned = try await API.call(app, .POST, "/api/v1/surveys/\(roundId)/observers", token: board,
                                          json: ["userId": userId.uuidString, "organizationIds": [f.a.id!.uuidString]])
        #expect(try assigned.status == .ok && (try assigned.content.get(Int.self, at: "assigned")) == 3, "\(assigned.body.string)")
        return SurveyWorld(app: app, f: f, ax: ax, bs: bs, board: board, observer: observer, outsider: outsider, roundId: roundId)
    }

    var base: String { "/api/v1/surveys/\(roundId)" }

    /// Every criterion at `share` of its points, rounded to half points.
    static func scores(_ share: Double) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: SurveyForm.standard.criteria.map { ($0.code, ($0.maxPoints * share * 2).rounded() / 2) })
    }

    func evaluate(_ cell: Organization, share: Double, token: String? = nil, extra: [String: any Sendable] = [:]) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["organizationId": cell.id!.uuidString, "observedOn": "15/01/2025", "scores": Self.scores(share),
                                            "goodPractices": "Chuẩn bị nội dung kỹ", "weaknesses": ""]
        for (k, v) in extra { json[k] = v }
        return try await API.call(app, .POST, base + "/evaluations", token: token ?? observer, json: json)
    }
}
