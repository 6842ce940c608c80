@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The Fixture tree with the people of issue 5's commitments and pledges:
/// organization boards (manageReviews) at P and A, the secretary of cell A1
/// (reviewUnits there), an office clerk at B, and three members with their
/// own accounts: Mai and Lan in A1, Hùng in B1.
struct CommitmentWorld: Sendable {
    let app: Application
    let f: Fixture
    let year: Int
    let boardP: String
    let boardA: String
    let secretaryA1: String
    let officeB: String
    let mai: Member
    let lan: Member
    let hung: Member
    let maiToken: String
    let lanToken: String
    let hungToken: String

    static func make(_ app: Application) async throws -> CommitmentWorld {
        let f = try await Fixture.make(app)
        let mai = try await f.member(app, "Nguyễn Thị Mai", in: f.a1, female: true)
        let lan = try await f.member(app, "Trần Thị Lan", in: f.a1, female: true)
        let hung = try await f.member(app, "Lê Văn Hùng", in: f.b1)
        func account(_ username: String, _ member: Member, at org: Organization) async throws -> String {
            _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher).create(
                UserCreateInput(username: username, displayName: username, password: Fixture.password, role: Role.member.rawValue,
                                organizationId: org.id!, memberId: member.id), scope: nil)
            return try await API.token(app, username, Fixture.password)
        }
        return CommitmentWorld(
            app: app, f: f, year: app.capuy.today().year,
            boardP: try await f.user(app, "tc-tinh", .organizationBoard, at: f.p),
            boardA: try await f.user(app, "tc-xa-a", .organizationBoard, at: f.a),
            secretaryA1: try await f.user(app, "bt-thon-1", .secretary, at: f.a1),
            officeB: try await f.user(app, "vp-phuong-b", .office, at: f.b),
            mai: mai, lan: lan, hung: hung,
            maiToken: try await account("mai", mai, at: f.a1), lanToken: try await account("lan", lan, at: f.a1),
            hungToken: try await account("hung", hung, at: f.b1))
    }

    /// Three indicators of a cell's commitment with its commune, Đông Hà style.
    static let indicators: [[String: any Sendable]] = [
        ["name": "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa", "unit": "%", "target": 90],
        ["name": "Kết nạp đảng viên mới", "unit": "đảng viên mới", "target": 4],
        ["name": "Số vụ đảng viên vi phạm kỷ luật", "unit": "vụ", "target": 1, "direction": "lowerIsBetter"],
    ]

    func body(_ org: Organization, above: Organization, year: Int? = nil,
              indicators: [[String: any Sendable]] = CommitmentWorld.indicators) -> [String: any Sendable] {
        ["organizationId": org.id!.uuidString, "superiorId": above.id!.uuidString, "year": year ?? self.year,
         "title": "Cam kết thực hiện nhiệm vụ chính trị năm \(year ?? self.year)", "signedOn": "\(year ?? self.year)-01-15",
         "indicators": indicators]
    }

    func post(_ path: String, _ token: String, _ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1" + path, token: token, json: json)
    }

    func get(_ path: String, _ token: String) async throws -> TestingHTTPResponse {
        try await API.call(app, .GET, "/api/v1" + path, token: token)
    }

    /// Creates a commitment and returns it, failing the test on refusal.
    func create(_ org: Organization, above: Organization, token: String, year: Int? = nil) async throws -> CommitmentDTO {
        let res = try await post("/commitments", token, body(org, above: above, year: year))
        try #require(res.status == .created, "create: \(res.body.string)")
        return try res.content.decode(CommitmentDTO.self)
    }

    func progress(_ c: CommitmentDTO, _ token: String, on day: String, _ values: [Int: Double]) async throws -> TestingHTTPResponse {
        let entries: [[String: any Sendable]] = values.sorted { $0.key < $1.key }.map { ["indicatorId": c.indicators[$0.key].id.uuidString, "value": $0.value] }
        return try await post("/commitments/\(c.id)/progress", token, ["reportedOn": day, "entries": entries])
    }

    func auditCount(entity: String) async throws -> Int {
        try await AuditEvent.query(on: app.db).filter(\.$entity == entity).count()
    }
}
