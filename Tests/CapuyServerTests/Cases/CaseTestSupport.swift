@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// The Fixture tree with case handlers (office role) at P, A, A1 and B and
/// an administrator at P, plus helpers for the portal and the staff API of
/// issue 4.
struct CaseWorld: Sendable {
    let app: Application
    let f: Fixture
    /// Administrator at the top: manages members and the holiday calendar.
    let admin: String
    /// Office tokens (handleCases) at P, A, A1 and B.
    let p: String
    let a: String
    let a1: String
    let b: String
    let today: LocalDate

    /// A submitter whose name, phone and e-mail must never show up in the clear.
    static let name = "Trần Thị Bíchngọc"
    static let phone = "0912345678"
    static let email = "bichngoc.tran77@example.vn"
    static let address = "Số 12 ngõ Hạnh Phúc, thôn Đông"
    static var identity: [String: any Sendable] {
        ["name": name, "phone": phone, "email": email, "address": address]
    }

    static func make(_ app: Application) async throws -> CaseWorld {
        let f = try await Fixture.make(app)
        return CaseWorld(app: app, f: f,
                         admin: try await f.user(app, "qt-tinh", .admin, at: f.p),
                         p: try await f.user(app, "vp-tinh", .office, at: f.p),
                         a: try await f.user(app, "vp-xa-a", .office, at: f.a),
                         a1: try await f.user(app, "vp-thon-1", .office, at: f.a1),
                         b: try await f.user(app, "vp-phuong-b", .office, at: f.b),
                         today: app.capuy.today())
    }

    // MARK: - users and members

    /// A user, optionally linked to a member; returns its id and an API token.
    func user(_ username: String, _ role: Role, at org: Organization, member: UUID? = nil) async throws -> (id: UUID, token: String) {
        let u = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher).create(
            UserCreateInput(username: username, displayName: username, password: Fixture.password, role: role.rawValue,
                            organizationId: org.id!, memberId: member), scope: nil)
        return (u.id!, try await API.token(app, username, Fixture.password))
    }

    /// A member of `org` holding a committee post there since 2020.
    func leader(_ name: String, of org: Organization, title: String = "secretary") async throws -> Member {
        let m = try await f.member(app, name, in: org)
        let res = try await API.call(app, .POST, "/api/v1/members/\(m.id!)/positions", token: admin,
                                     json: ["organizationId": org.id!.uuidString, "title": title, "startOn": "01/01/2020"])
        try #require(res.status == .created || res.status == .ok, "position: \(res.body.string)")
        return m
    }

    // MARK: - the portal

    static func submission(kind: String = "petition", title: String = "Đường làng xuống cấp nghiêm trọng",
                           content: String = "Đoạn đường liên thôn bị sụt lún nhiều chỗ, đề nghị sửa chữa trước mùa mưa.",
                           about org: Organization, person: String? = nil, leader: Bool? = nil,
                           identity: [String: any Sendable]? = nil) -> [String: any Sendable] {
        var json: [String: any Sendable] = ["kind": kind, "title": title, "content": content, "subjectOrganizationId": org.id!.uuidString]
        if let person { json["subjectPerson"] = person }
        if let leader { json["subjectIsLeader"] = leader }
        if let identity { json["identity"] = identity }
        return json
    }

    func submitResponse(_ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1/public/cases", json: json)
    }

    func submit(_ json: [String: any Sendable]) async throws -> CaseReceiptDTO {
        let res = try await submitResponse(json)
        try #require(res.status == .created, "submit: \(res.body.string)")
        return try res.content.decode(CaseReceiptDTO.self)
    }

    func statusResponse(_ code: String) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1/public/cases/status", json: ["receiptCode": code])
    }

    func status(_ code: String) async throws -> CaseStatusDTO {
        let res = try await statusResponse(code)
        try #require(res.status == .ok, "status: \(res.body.string)")
        return try res.content.decode(CaseStatusDTO.self)
    }

    // MARK: - staff

    static func intakeJSON(kind: String = "petition", channel: String = "letter", title: String = "Đơn thư về đường giao thông nông thôn",
                           content: String = "Người dân phản ánh việc thi công đường chậm tiến độ kéo dài nhiều tháng.",
                           about org: Organization, extra: [String: any Sendable] = [:]) -> [String: any Sendable] {
        var json: [String: any Sendable] = ["kind": kind, "channel": channel, "title": title, "content": content,
                                            "subjectOrganizationId": org.id!.uuidString]
        for (k, v) in extra { json[k] = v }
        return json
    }

    func intakeResponse(_ token: String, _ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1/cases", token: token, json: json)
    }

    func intake(_ token: String, _ json: [String: any Sendable]) async throws -> CaseReceiptDTO {
        let res = try await intakeResponse(token, json)
        try #require(res.status == .created, "intake: \(res.body.string)")
        return try res.content.decode(CaseReceiptDTO.self)
    }

    /// An identified party denunciation of unit `org` itself (handled a level up).
    func denunciation(_ token: String, about org: Organization, title: String = "Tố cáo sai phạm trong quản lý đất đai",
                      extra: [String: any Sendable] = [:]) async throws -> CaseReceiptDTO {
        var more = extra
        more["identity"] = Self.identity
        return try await intake(token, Self.intakeJSON(kind: "denunciation", title: title,
                                                       content: "Cấp ủy đã giao đất trái thẩm quyền cho một số hộ trong năm qua.",
                                                       about: org, extra: more))
    }

    func get(_ path: String, _ token: String) async throws -> TestingHTTPResponse {
        try await API.call(app, .GET, "/api/v1" + path, token: token)
    }

    func show(_ id: UUID, _ token: String) async throws -> CaseDTO {
        let res = try await get("/cases/\(id)", token)
        try #require(res.status == .ok, "show: \(res.body.string)")
        return try res.content.decode(CaseDTO.self)
    }

    func list(_ token: String, _ query: String = "") async throws -> [CaseDTO] {
        let res = try await get("/cases?per=500" + (query.isEmpty ? "" : "&" + query), token)
        try #require(res.status == .ok, "list: \(res.body.string)")
        return try res.content.decode(PageOf<CaseDTO>.self).items
    }

    func actResponse(_ token: String, _ id: UUID, _ action: String, note: String? = nil,
                     conclusion: String? = nil) async throws -> TestingHTTPResponse {
        var json: [String: any Sendable] = ["action": action]
        if let note { json["note"] = note }
        if let conclusion { json["conclusion"] = conclusion }
        return try await API.call(app, .POST, "/api/v1/cases/\(id)/actions", token: token, json: json)
    }

    @discardableResult
    func act(_ token: String, _ id: UUID, _ action: String, note: String? = nil, conclusion: String? = nil) async throws -> CaseDTO {
        let res = try await actResponse(token, id, action, note: note, conclusion: conclusion)
        try #require(res.status == .ok, "\(action): \(res.body.string)")
        return try res.content.decode(CaseDTO.self)
    }

    func extendResponse(_ token: String, _ id: UUID, reason: String = "Cần xác minh thêm tại cơ sở") async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1/cases/\(id)/extensions", token: token, json: ["reason": reason])
    }

    func post(_ path: String, _ token: String?, _ json: [String: any Sendable]) async throws -> TestingHTTPResponse {
        try await API.call(app, .POST, "/api/v1" + path, token: token, json: json)
    }

    /// The working-day calendar as the API publishes it.
    func calendar() async throws -> WorkingCalendar {
        var days: [HolidayDTO] = []
        for year in today.year - 1...today.year + 1 {
            let res = try await get("/holidays?year=\(year)", a)
            try #require(res.status == .ok, "holidays: \(res.body.string)")
            days += try res.content.decode([HolidayDTO].self)
        }
        func dates(_ kind: HolidayKind) -> Set<LocalDate> {
            Set(days.filter { ($0.kind ?? "off") == kind.rawValue }.compactMap { LocalDate(parsing: $0.day) })
        }
        return WorkingCalendar(holidays: dates(.off), workedDays: dates(.worked))
    }

    /// Moves the app's clock to noon (Vietnam) of `day`: the API's "today".
    func setToday(_ day: LocalDate) {
        let c = app.capuy
        let noon = Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400 + 5 * 3_600)
        app.capuy = CapuyContext(settings: c.settings, hasher: c.hasher, dataKey: c.dataKey, metrics: c.metrics, clock: { noon })
    }

    func caseCount() async throws -> Int {
        try await CitizenCase.query(on: app.db).count()
    }
}

/// The file SQLite keeps the test database in; nil on PostgreSQL.
extension Application {
    var sqliteFile: String? {
        if case .sqlite(let path) = capuy.settings.database, TestApp.postgresURL == nil { return path }
        return nil
    }
}

extension TestingHTTPResponse {
    /// A problem document's title (404s must not tell a wrong code from an unknown one).
    var problemTitle: String? { try? content.get(String.self, at: "title") }
    var problemDetail: String? { try? content.get(String.self, at: "detail") }
}
