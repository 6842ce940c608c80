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
            let f = try await Fixture.make(app)
            let (one, secretaryOne) = try await Self.cell(app, f, f.a1, member: "Nguyễn Thị Thầm", caseTitle: "Kiến nghị đường thôn Một",
                                                          secretary: "bithu-thon-1")
            let (two, secretaryTwo) = try await Self.cell(app, f, f.a2, member: "Trần Văn Kín", caseTitle: "Kiến nghị đường thôn Hai",
                                                          secretary: "bithu-thon-2")
            let memberOne = try await f.member(app, "Lê Văn Thành", in: f.a1)
            _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher).create(
                .init(username: "dangvien-thon-1", displayName: "Lê Văn Thành", password: Fixture.password, role: Role.member.rawValue,
                      organizationId: f.a1.id!, memberId: memberOne.id), scope: nil)
            let member = try await API.token(app, "dangvien-thon-1", Fixture.password)
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
            #expect(ownSeen.isSuperset(of: ["Nguyễn Thị Thầm", f.a1.name]), "\(ownSeen)")
        }
    }
}
