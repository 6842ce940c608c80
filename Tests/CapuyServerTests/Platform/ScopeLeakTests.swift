@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 14: the secretaries of two sibling cells and a member probe every
/// GET operation of the OpenAPI document with the other cell's ids, in the
/// path and in every `…Id` query parameter. Each answer must be exactly what
/// a made-up id gets, and name nothing of the other cell. The operations are
/// read from the document, so a new route is probed without editing this test.
@Suite("Scope leaks: every GET of the spec, probed with a sibling cell's ids (issue 14)")
struct ScopeLeakTests {
    /// One cell's entities and the words that must never reach the other.
    struct Cell {
        let ids: [UUID]
        let names: [String]
    }

    static func cell(_ app: Application, _ f: Fixture, _ unit: Organization, member name: String, caseTitle: String,
                     secretary: String) async throws -> (Cell, String) {
        let member = try await f.member(app, name, in: unit)
        let token = try await f.user(app, secretary, .secretary, at: unit)
        let user = try #require(try await User.query(on: app.db).filter(\.$username == secretary).first())
        let meeting = try await API.call(app, .POST, "/api/v1/meetings", token: token, json: [
            "organizationId": unit.id!.uuidString, "kind": "regular", "heldOn": app.capuy.today().adding(days: 3).iso,
            "startsAt": "19:30", "place": "Nhà văn hóa \(unit.code)",
        ])
        try #require(meeting.status == .created, "\(meeting.body.string)")
        let petition = try await API.call(app, .POST, "/api/v1/public/cases", json: [
            "kind": "petition", "title": caseTitle, "content": "Đề nghị sửa chữa đường liên thôn trước mùa mưa năm nay.",
            "subjectOrganizationId": unit.id!.uuidString,
        ])
        try #require(petition.status == .created, "\(petition.body.string)")
        let ids = [unit.id!, member.id!, user.id!, try meeting.content.get(UUID.self, at: "id"), try petition.content.get(UUID.self, at: "id")]
        return (Cell(ids: ids, names: [name, unit.name, caseTitle, "Nhà văn hóa \(unit.code)"]), token)
    }

    /// Cells A1 and A2 of one commune, their secretaries' tokens, and a
    /// token of a plain member of A1.
    static func siblings(_ app: Application) async throws -> (Cell, String, Cell, String, String) {
        let f = try await Fixture.make(app)
        let (one, secretaryOne) = try await cell(app, f, f.a1, member: "Nguyễn Thị Thầm", caseTitle: "Kiến nghị đường thôn Một",
                                                 secretary: "bithu-thon-1")
        let (two, secretaryTwo) = try await cell(app, f, f.a2, member: "Trần Văn Kín", caseTitle: "Kiến nghị đường thôn Hai",
                                                 secretary: "bithu-thon-2")
        let memberOne = try await f.member(app, "Lê Văn Thành", in: f.a1)
        _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher).create(
            .init(username: "dangvien-thon-1", displayName: "Lê Văn Thành", password: Fixture.password, role: Role.member.rawValue,
                  organizationId: f.a1.id!, memberId: memberOne.id), scope: nil)
        return (one, secretaryOne, two, secretaryTwo, try await API.token(app, "dangvien-thon-1", Fixture.password))
    }

    /// Every GET path of the spec with its `{…}` filled by `id`, and the
    /// same with each `…Id` query parameter set to `id`.
    static func probes(with id: UUID) -> [String] {
        OpenAPIDocument.operations.filter { $0.method == "get" && $0.path.hasPrefix("/api/") }.flatMap { op -> [String] in
            let filled = op.path.split(separator: "/").map { $0.hasPrefix("{") ? id.uuidString : String($0) }.joined(separator: "/")
            let path = "/" + filled
            let ids = op.query.filter { $0.hasSuffix("Id") }
            let withParams = ids.map { path + "?\($0)=\(id.uuidString)" }
            return (op.path.contains("{") ? [path] : []) + withParams
        }
    }

    @Test("Each of the other cell's ids reads exactly like a made-up one, and no answer names the other cell")
    func siblingsLeakNothing() async throws {
        try await TestApp.withApp { app in
            // given: cells A1 and A2 of one commune, each with a member, a secretary, a meeting and a petition
            let (one, secretaryOne, two, secretaryTwo, member) = try await ScopeLeakTests.siblings(app)
            let madeUp = UUID()
            // when / then: each prober with the other's ids
            var probed = 0
            for (token, other) in [(secretaryOne, two), (secretaryTwo, one), (member, two)] {
                for id in other.ids {
                    for (path, control) in zip(Self.probes(with: id), Self.probes(with: madeUp)) {
                        let res = try await API.call(app, .GET, path, token: token)
                        let baseline = try await API.call(app, .GET, control, token: token)
                        probed += 1
                        #expect(res.status == baseline.status, "\(path): \(res.status) where a made-up id gets \(baseline.status)")
                        let body = res.body.string
                        for name in other.names {
                            #expect(!body.contains(name), "\(path) names “\(name)”")
                        }
                    }
                }
            }
            #expect(probed > 300)
            // The probes reach data: with her own ids the first secretary reads her own cell.
            var ownSeen: Set<String> = []
            for id in one.ids {
                for path in Self.probes(with: id) {
                    let body = try await API.call(app, .GET, path, token: secretaryOne).body.string
                    ownSeen.formUnion(one.names.filter { body.contains($0) })
                }
            }
            #expect(ownSeen.isSuperset(of: ["Nguyễn Thị Thầm", one.names[1]]), "\(ownSeen)")
        }
    }
}

/// Issue 14, the scope-leak test's second half: every operation of the spec
/// that changes something (POST, PATCH, DELETE) and takes an id, in its path
/// or anywhere in its body, probed with a sibling cell's ids. The body is
/// made from the operation's schema with every uuid field set to the probed
/// id, so the only difference from the made-up control is the id itself. A
/// refusal must be the made-up id's refusal and name nothing of the other
/// cell; new operations are probed without editing this test.
@Suite("Scope leaks: every POST, PATCH and DELETE of the spec that takes an id, probed with a sibling cell's ids (issue 14)")
struct ScopeLeakWriteTests {
    static var schemas: [String: Any] { OpenAPISchemas.all }

    /// A value for `schema` with every uuid set to `id`; nil when the schema
    /// holds no uuid at all (then the body cannot carry the other's ids).
    static func sample(_ schema: [String: Any], name: String, id: UUID, depth: Int = 0) -> Any {
        if let ref = schema["$ref"] as? String, let target = schemas[String(ref.split(separator: "/").last ?? "")] as? [String: Any] {
            return depth > 6 ? [String: Any]() : sample(target, name: name, id: id, depth: depth + 1)
        }
        if let values = schema["enum"] as? [String], let first = values.first { return first }
        let type = (schema["type"] as? String) ?? (schema["type"] as? [String])?.first { $0 != "null" } ?? "object"
        switch type {
        case "object":
            let properties = schema["properties"] as? [String: Any] ?? [:]
            var object: [String: Any] = [:]
            for (key, value) in properties {
                if let s = value as? [String: Any] { object[key] = sample(s, name: key, id: id, depth: depth + 1) }
            }
            return object
        case "array":
            return (schema["items"] as? [String: Any]).map { [sample($0, name: name, id: id, depth: depth + 1)] } ?? []
        case "string":
            if schema["format"] as? String == "uuid" || name.hasSuffix("Id") { return id.uuidString }
            if (schema["description"] as? String)?.hasPrefix("yyyy-MM-dd") == true || name.hasSuffix("On") || name.hasSuffix("By") {
                return "2026-12-01"
            }
            return "Thử phạm vi \(name)"
        case "integer", "number":
            return name == "year" ? 2026 : 1
        case "boolean":
            return false
        default:
            return [String: Any]()
        }
    }

    struct Probe {
        let method: HTTPMethod
        let path: String
        let body: Data?
    }

    static var writes: [OpenAPIDocument.Operation] {
        OpenAPIDocument.operations.filter { ["post", "patch", "delete"].contains($0.method) && $0.path.hasPrefix("/api/") && !$0.isPublic }
    }

    /// The write operations that take an id somewhere, with `id` in every place an id goes.
    static func probes(with id: UUID) throws -> [Probe] {
        try writes.compactMap { op -> Probe? in
            let path = "/" + op.path.split(separator: "/").map { $0.hasPrefix("{") ? id.uuidString : String($0) }.joined(separator: "/")
            let body = try op.request.map { try JSONSerialization.data(withJSONObject: sample(OpenAPIDocument.ref($0), name: $0, id: id)) }
            let bodyHasId = body.map { String(decoding: $0, as: UTF8.self).contains(id.uuidString) } ?? false
            guard op.path.contains("{") || bodyHasId else { return nil }
            return Probe(method: HTTPMethod(rawValue: op.method.uppercased()), path: path, body: body)
        }
    }

    /// The prober's own entity for a path parameter, by the collection it
    /// follows (`/meetings/{id}` is one of her meetings); nil when she has none.
    static func own(_ path: String, in cell: ScopeLeakTests.Cell) -> String? {
        let kinds = ["organizations", "members", "users", "meetings", "cases"]
        var parts: [String] = []
        var previous = ""
        for part in path.split(separator: "/").map(String.init) {
            if part.hasPrefix("{") {
                guard let index = kinds.firstIndex(of: previous), index < cell.ids.count else { return nil }
                parts.append(cell.ids[index].uuidString)
            } else {
                parts.append(part)
            }
            previous = part
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The writes whose body takes ids, on the prober's own entities, with
    /// `id` in every id field of the body: the other cell's id slipped into
    /// an operation the prober may otherwise run.
    static func bodyProbes(with id: UUID, own cell: ScopeLeakTests.Cell) throws -> [Probe] {
        try writes.compactMap { op -> Probe? in
            guard let request = op.request, let path = own(op.path, in: cell) else { return nil }
            let body = try JSONSerialization.data(withJSONObject: sample(OpenAPIDocument.ref(request), name: request, id: id))
            guard String(decoding: body, as: UTF8.self).contains(id.uuidString) else { return nil }
            return Probe(method: HTTPMethod(rawValue: op.method.uppercased()), path: path, body: body)
        }
    }

    static func send(_ app: Application, _ probe: Probe, token: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = .init(token: token)
        if probe.body != nil { headers.contentType = .json }
        return try await app.testing().sendRequest(probe.method, probe.path, headers: headers, body: probe.body.map { ByteBuffer(data: $0) })
    }

    @Test("Each write with the other cell's ids is refused exactly like one with a made-up id, and names nothing of the other cell")
    func siblingsCannotWriteOrLearn() async throws {
        try await TestApp.withApp { app in
            // given: cells A1 and A2 of one commune, each with a member, a secretary, a meeting and a petition
            let (one, secretaryOne, two, secretaryTwo, member) = try await ScopeLeakTests.siblings(app)
            let auditBefore = try await AuditEvent.query(on: app.db).count()
            // when / then: each prober writes with the other's ids, in the
            // path and the body, and slips them into the body of a write on
            // her own entities; each against the same request with a made-up id
            var leaks: [String] = []
            func compare(_ token: String, _ other: ScopeLeakTests.Cell, _ pairs: [(Probe, Probe)], _ how: String) async throws -> Int {
                for (probe, control) in pairs {
                    let res = try await Self.send(app, probe, token: token)
                    let baseline = try await Self.send(app, control, token: token)
                    if res.status != baseline.status {
                        leaks.append("\(probe.method) \(probe.path)\(how): \(res.status.code) where a made-up id gets \(baseline.status.code) \(res.body.string.prefix(160))")
                    }
                    for name in other.names where res.body.string.contains(name) {
                        leaks.append("\(probe.method) \(probe.path)\(how) names “\(name)”")
                    }
                }
                return pairs.count
            }
            var probed = 0, slipped = 0
            for (token, other) in [(secretaryOne, two), (secretaryTwo, one), (member, two)] {
                for id in other.ids {
                    probed += try await compare(token, other, Array(zip(try Self.probes(with: id), try Self.probes(with: UUID()))), "")
                }
            }
            for (token, mine, other) in [(secretaryOne, one, two), (secretaryTwo, two, one)] {
                for id in other.ids {
                    slipped += try await compare(token, other, Array(zip(try Self.bodyProbes(with: id, own: mine), try Self.bodyProbes(with: UUID(), own: mine))),
                                                 " with the other's id in the body")
                }
            }
            #expect(leaks.isEmpty, "\(leaks.count) leaks:\n\(leaks.joined(separator: "\n"))")
            #expect(probed > 200, "\(probed)")
            #expect(slipped > 20, "\(slipped)")
            // Nothing was written by any probe.
            #expect(try await AuditEvent.query(on: app.db).count() == auditBefore)
            // The bodies reach the handlers: with her own ids in them, her writes go through.
            var accepted: Set<String> = []
            for id in one.ids {
                for probe in try Self.bodyProbes(with: id, own: one) where (200..<300).contains(try await Self.send(app, probe, token: secretaryOne).status.code) {
                    accepted.insert("\(probe.method) \(probe.path)")
                }
            }
            #expect(accepted.count >= 2, "\(accepted)")
        }
    }
}
