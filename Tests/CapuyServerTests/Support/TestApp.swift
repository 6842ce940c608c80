import CapuyCore
@testable import CapuyServer
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Gives each test a fresh app on a fresh database: a temporary SQLite file,
/// or, when CAPUY_TEST_DATABASE_URL is set, a new PostgreSQL schema that is
/// dropped afterwards (so suites may run in parallel on one server).
enum TestApp {
    static var postgresURL: String? { ProcessInfo.processInfo.environment["CAPUY_TEST_DATABASE_URL"] }

    /// `configure` adjusts the settings before the app starts (e.g. a small
    /// attachment limit); existing callers leave it out.
    static func withApp<T>(configure adjust: (inout Settings) -> Void = { _ in },
                           _ body: (Application) async throws -> T) async throws -> T {
        guard postgresURL != nil else { return try await run(adjust, body) }
        await AppGate.postgres.enter()
        do {
            let result = try await run(adjust, body)
            await AppGate.postgres.leave()
            return result
        } catch {
            await AppGate.postgres.leave()
            throw error
        }
    }

    private static func run<T>(_ adjust: (inout Settings) -> Void, _ body: (Application) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let database: Settings.DatabaseTarget = postgresURL.map { .postgres(url: $0) } ?? .sqlite(path: dir.path + "/test.sqlite")
        // A small pool: many tests run at once against one PostgreSQL server.
        var settings = Settings(database: database, dataKeyFile: dir.path + "/data.key", port: 0, hostname: "127.0.0.1", bcryptCost: 4,
                                databasePoolSize: 2)
        adjust(&settings)
        let app = try await Application.make(.testing)
        let result: T
        do {
            try await configure(app, settings: settings, searchPath: postgresURL == nil ? nil : [schema])
            if postgresURL != nil { try await (app.db as! any SQLDatabase).raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            try await app.autoMigrate()
            result = try await body(app)
        } catch {
            try? await cleanUp(app, schema: schema)
            throw error
        }
        // Outside the `do`: a failed clean-up has already shut the app down,
        // and a second one would touch the shut-down app and crash the run.
        try await cleanUp(app, schema: schema)
        return result
    }

    /// Always shuts the app down, even when dropping the schema fails (a
    /// database that went away must fail the test, not crash the run).
    private static func cleanUp(_ app: Application, schema: String) async throws {
        var dropError: (any Error)?
        if postgresURL != nil {
            do { try await (app.db as! any SQLDatabase).raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run() } catch { dropError = error }
        }
        try await app.asyncShutdown()
        if let dropError { throw dropError }
    }
}

/// At most `limit` test apps at once on PostgreSQL. Every test runs in
/// parallel and each app's pool may open two connections per event loop, so
/// the whole suite at once ran the server out of connection slots (and a
/// failed clean-up then crashed the run).
actor AppGate {
    static let postgres = AppGate(limit: 40)

    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { free = limit }

    func enter() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { free += 1 } else { waiting.removeFirst().resume() }
    }
}

/// A small tree every access test can reason about:
///
///     P  Đảng bộ tỉnh Thử nghiệm (provincial)
///     ├── A  Đảng bộ xã An Phú (commune)
///     │   ├── A1 Chi bộ thôn 1 (grassroots cell)
///     │   └── A2 Chi bộ thôn 2 (grassroots cell)
///     └── B  Đảng bộ phường Bình Minh (commune)
///         └── B1 Chi bộ khu phố 1 (grassroots cell)
struct Fixture {
    let p: Organization
    let a: Organization
    let a1: Organization
    let a2: Organization
    let b: Organization
    let b1: Organization
    static let password = "mat-khau-thu-nghiem"

    static func make(_ app: Application) async throws -> Fixture {
        let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
        let p = try await s.create(.init(parentId: nil, name: "Đảng bộ tỉnh Thử nghiệm", kind: "provincialCommittee", sector: "agency", code: "P"), scope: nil)
        func unit(_ name: String, _ kind: String, _ sector: String, _ parent: Organization, _ code: String) async throws -> Organization {
            try await s.create(.init(parentId: parent.id, name: name, kind: kind, sector: sector, code: code), scope: nil)
        }
        let a = try await unit("Đảng bộ xã An Phú", "communeCommittee", "agency", p, "A")
        let a1 = try await unit("Chi bộ thôn 1", "grassrootsCell", "residential", a, "A1")
        let a2 = try await unit("Chi bộ thôn 2", "grassrootsCell", "residential", a, "A2")
        let b = try await unit("Đảng bộ phường Bình Minh", "communeCommittee", "agency", p, "B")
        let b1 = try await unit("Chi bộ khu phố 1", "grassrootsCell", "residential", b, "B1")
        return Fixture(p: p, a: a, a1: a1, a2: a2, b: b, b1: b1)
    }

    /// Creates a user holding `role` over `org` and returns an API token.
    @discardableResult
    func user(_ app: Application, _ username: String, _ role: Role, at org: Organization) async throws -> String {
        let users = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
        _ = try await users.create(.init(username: username, displayName: username, password: Self.password,
                                         role: role.rawValue, organizationId: org.id!), scope: nil)
        return try await API.token(app, username, Self.password)
    }

    func member(_ app: Application, _ name: String, in org: Organization, card: String? = nil,
                female: Bool = false, official: Bool = true) async throws -> Member {
        try await MemberService(db: app.db, actor: .system, today: app.capuy.today()).create(
            MemberInput(fullName: name, birthDate: "15/03/1980", gender: female ? "female" : "male", ethnicity: "Kinh",
                        partyCardNumber: card, admissionDate: "03/02/2005", officialDate: official ? "03/02/2006" : nil,
                        organizationId: org.id),
            manage: Scope([p.treePath]))
    }
}

/// JSON calls to the API.
enum API {
    static func token(_ app: Application, _ username: String, _ password: String) async throws -> String {
        let res = try await call(app, .POST, "/api/v1/sessions", json: ["username": username, "password": password])
        guard res.status == .created else { throw Abort(.unauthorized, reason: "login failed: \(res.body.string)") }
        return try res.content.get(String.self, at: "token")
    }

    static func call(_ app: Application, _ method: HTTPMethod, _ path: String, token: String? = nil,
                     json: [String: any Sendable]? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = .init(token: token) }
        var body: ByteBuffer?
        if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        return try await app.testing().sendRequest(method, path, headers: headers, body: body)
    }
}
