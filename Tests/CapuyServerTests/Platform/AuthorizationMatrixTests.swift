@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Every protected route × every role × (inside, outside the granted subtree).
/// A role granted over A must act only inside A's subtree; outside it, every
/// id-addressed route answers 404 (DESIGN.md, Scope), and lists never show it.
@Suite("Authorization matrix")
struct AuthorizationMatrixTests {
    /// The world each role is tested in: the Fixture tree plus spare units.
    struct World: Sendable {
        let f: Fixture
        let ag: Organization, ag2: Organization, a3: Organization, a4: Organization, b3: Organization, b4: Organization
        let memberA: Member, memberB: Member
        let positionA: UUID, positionB: UUID
        let userA: UUID, userB: UUID, grantA: UUID, grantB: UUID

        static func make(_ app: Application) async throws -> World {
            let f = try await Fixture.make(app)
            let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            func unit(_ name: String, _ kind: String, _ parent: Organization, _ code: String) async throws -> Organization {
                try await s.create(.init(parentId: parent.id, name: name, kind: kind, sector: "residential", code: code), scope: nil)
            }
            let ag = try await unit("Đảng bộ Cơ quan xã", "grassrootsCommittee", f.a, "AG")
            let a3 = try await unit("Chi bộ thôn 3", "grassrootsCell", f.a, "A3")
            let ag2 = try await unit("Đảng bộ Trường học xã", "grassrootsCommittee", f.a, "AG2")
            let a4 = try await unit("Chi bộ giáo viên", "cell", ag, "A4")
            let b3 = try await unit("Chi bộ khu phố 3", "grassrootsCell", f.b, "B3")
            let b4 = try await unit("Chi bộ khu phố 4", "grassrootsCell", f.b, "B4")
            let memberA = try await f.member(app, "Trần Văn Trong", in: f.a1, card: "44100001")
            let memberB = try await f.member(app, "Lê Văn Ngoai", in: f.b1, card: "44100002")
            let ms = MemberService(db: app.db, actor: .system, today: app.capuy.today())
            let all = Scope([f.p.treePath])
            let pa = try await ms.addPosition(memberA.id!, .init(organizationId: f.a1.id!, title: "secretary", startOn: "2025-10-01"), view: all, manage: all)
            let pb = try await ms.addPosition(memberB.id!, .init(organizationId: f.b1.id!, title: "secretary", startOn: "2025-10-01"), view: all, manage: all)
            let us = UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
            let ua = try await us.create(.init(username: "trong", displayName: "Trong", password: Fixture.password, role: "viewer", organizationId: f.a1.id!), scope: nil)
            let ub = try await us.create(.init(username: "ngoai", displayName: "Ngoai", password: Fixture.password, role: "viewer", organizationId: f.b1.id!), scope: nil)
            let ga = try #require(try await Grant.query(on: app.db).filter(\.$user.$id == ua.id!).first())
            let gb = try #require(try await Grant.query(on: app.db).filter(\.$user.$id == ub.id!).first())
            return World(f: f, ag: ag, ag2: ag2, a3: a3, a4: a4, b3: b3, b4: b4, memberA: memberA, memberB: memberB,
                         positionA: pa.id!, positionB: pb.id!, userA: ua.id!, userB: ub.id!, grantA: ga.id!, grantB: gb.id!)
        }
    }

    struct Case: Sendable {
        let name: String
        let permission: Permission
        let method: HTTPMethod
        let path: @Sendable (World, Bool) -> String            // inside?
        let body: (@Sendable (World, Bool) -> [String: any Sendable])?
    }

    static let cases: [Case] = [
        Case(name: "read unit", permission: .viewOrganizations, method: .GET, path: { w, i in "/api/v1/organizations/\((i ? w.f.a1 : w.f.b1).id!)" }, body: nil),
        Case(name: "children", permission: .viewOrganizations, method: .GET, path: { w, i in "/api/v1/organizations/\((i ? w.f.a1 : w.f.b).id!)/children" }, body: nil),
        Case(name: "counts", permission: .viewMembers, method: .GET, path: { w, i in "/api/v1/organizations/\((i ? w.f.a1 : w.f.b1).id!)/counts" }, body: nil),
        Case(name: "unit audit", permission: .viewAudit, method: .GET, path: { w, i in "/api/v1/organizations/\((i ? w.f.a1 : w.f.b1).id!)/audit" }, body: nil),
        Case(name: "rename unit", permission: .manageOrganizations, method: .PATCH, path: { w, i in "/api/v1/organizations/\((i ? w.f.a2 : w.f.b1).id!)" },
             body: { _, _ in ["name": "Chi bộ đổi tên"] }),
        Case(name: "create unit", permission: .manageOrganizations, method: .POST, path: { _, _ in "/api/v1/organizations" },
             body: { w, i in ["parentId": (i ? w.f.a : w.f.b).id!.uuidString, "name": "Chi bộ mới", "kind": "grassrootsCell"] }),
        Case(name: "move unit", permission: .manageOrganizations, method: .POST, path: { w, i in "/api/v1/organizations/\((i ? w.a4 : w.b4).id!)/move" },
             body: { w, _ in ["parentId": w.ag2.id!.uuidString] }),
        Case(name: "close unit", permission: .manageOrganizations, method: .POST, path: { w, i in "/api/v1/organizations/\((i ? w.a3 : w.b3).id!)/close" },
             body: { _, _ in ["closedOn": "2025-07-01"] }),
        Case(name: "read member", permission: .viewMembers, method: .GET, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)" }, body: nil),
        Case(name: "member transfers", permission: .viewMembers, method: .GET, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/transfers" }, body: nil),
        Case(name: "member posts", permission: .viewMembers, method: .GET, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/positions" }, body: nil),
        Case(name: "member audit", permission: .viewAudit, method: .GET, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/audit" }, body: nil),
        Case(name: "edit member", permission: .manageMembers, method: .PUT, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)" },
             body: { _, i in ["fullName": "Tên Mới", "birthDate": "1980-03-15", "gender": "male", "ethnicity": "Kinh", "admissionDate": "2005-02-03",
                              "partyCardNumber": i ? "44100001" : "44100002", "officialDate": "2006-02-03"] }),
        Case(name: "create member", permission: .manageMembers, method: .POST, path: { _, _ in "/api/v1/members" },
             body: { w, i in ["fullName": "Đinh Thị Mới", "birthDate": "1990-01-01", "gender": "female", "ethnicity": "Kinh",
                              "admissionDate": "2015-01-01", "organizationId": (i ? w.f.a2 : w.f.b1).id!.uuidString] }),
        Case(name: "give post", permission: .manageMembers, method: .POST, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/positions" },
             body: { w, i in ["organizationId": (i ? w.f.a1 : w.f.b1).id!.uuidString, "title": "committeeMember", "startOn": "2025-10-01"] }),
        Case(name: "end post", permission: .manageMembers, method: .POST,
             path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/positions/\(i ? w.positionA : w.positionB)/end" },
             body: { _, _ in ["endOn": "2026-01-01"] }),
        Case(name: "transfer member", permission: .manageMembers, method: .POST, path: { w, i in "/api/v1/members/\((i ? w.memberA : w.memberB).id!)/transfers" },
             body: { w, _ in ["toOrganizationId": w.f.a2.id!.uuidString, "transferredOn": "2025-09-01"] }),
        Case(name: "read account", permission: .manageUsers, method: .GET, path: { w, i in "/api/v1/users/\(i ? w.userA : w.userB)" }, body: nil),
        Case(name: "add grant", permission: .manageUsers, method: .POST, path: { w, i in "/api/v1/users/\(i ? w.userA : w.userB)/grants" },
             body: { w, i in ["role": "office", "organizationId": (i ? w.f.a1 : w.f.b1).id!.uuidString] }),
        Case(name: "revoke grant", permission: .manageUsers, method: .DELETE, path: { w, i in "/api/v1/users/\(i ? w.userA : w.userB)/grants/\(i ? w.grantA : w.grantB)" }, body: nil),
        Case(name: "create account", permission: .manageUsers, method: .POST, path: { _, _ in "/api/v1/users" },
             body: { w, i in ["username": i ? "moi-trong" : "moi-ngoai", "displayName": "Mới", "password": Fixture.password, "role": "viewer",
                              "organizationId": (i ? w.f.a1 : w.f.b1).id!.uuidString] }),
    ]

    @Test("Routes × inside/outside for each role", arguments: Role.allCases)
    func matrix(_ role: Role) async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let token = try await w.f.user(app, "nguoi-dung", role, at: w.f.a)
            for c in Self.cases {
                // Outside first, so inside mutations cannot change what outside means.
                let outside = try await API.call(app, c.method, c.path(w, false), token: token, json: c.body?(w, false))
                if c.path(w, false).contains("-") { // addressed by id
                    #expect(outside.status == .notFound, "\(role) \(c.name) outside: \(outside.status)")
                } else {
                    #expect(!(200..<300).contains(outside.status.code), "\(role) \(c.name) outside leaked: \(outside.status)")
                }
            }
            for c in Self.cases {
                let inside = try await API.call(app, c.method, c.path(w, true), token: token, json: c.body?(w, true))
                if AccessPolicy.allows(role, c.permission) {
                    #expect((200..<300).contains(inside.status.code), "\(role) \(c.name) inside refused: \(inside.status) \(inside.body.string)")
                } else {
                    #expect([403, 404].contains(inside.status.code), "\(role) \(c.name) inside allowed: \(inside.status)")
                }
            }
            // Lists never show what lies outside.
            let units = try await API.call(app, .GET, "/api/v1/organizations", token: token).content.decode([OrganizationDTO].self)
            #expect(units.allSatisfy { $0.path.hasPrefix(w.f.a.path) }, "\(role) sees units outside")
            #expect(!units.isEmpty)
            let members = try await API.call(app, .GET, "/api/v1/members", token: token).content.decode(PageOf<MemberDTO>.self)
            #expect(!members.items.contains { $0.id == w.memberB.id }, "\(role) sees a member outside")
            let byOutsideUnit = try await API.call(app, .GET, "/api/v1/members?organizationId=\(w.f.b.id!)", token: token)
            #expect(byOutsideUnit.status == .notFound)
            let users = try await API.call(app, .GET, "/api/v1/users", token: token)
            if role == .admin {
                #expect(!(try users.content.decode([UserDTO].self)).contains { $0.id == w.userB })
            } else {
                #expect(users.status == .forbidden)
            }
        }
    }

    @Test("A unit's own manager cannot rename, move or close the unit itself, nor touch the level above", arguments: [Role.admin, .organizationBoard])
    func aboveLevel(_ role: Role) async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            let token = try await w.f.user(app, "quan-ly", role, at: w.f.a)
            let rename = try await API.call(app, .PATCH, "/api/v1/organizations/\(w.f.a.id!)", token: token, json: ["name": "Đổi tên"])
            #expect(rename.status == .forbidden)
            let close = try await API.call(app, .POST, "/api/v1/organizations/\(w.f.a.id!)/close", token: token, json: ["closedOn": "2025-07-01"])
            #expect(close.status == .forbidden)
            let parent = try await API.call(app, .PATCH, "/api/v1/organizations/\(w.f.p.id!)", token: token, json: ["name": "Đổi tên"])
            #expect(parent.status == .notFound)
            let sibling = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                             json: ["parentId": w.f.p.id!.uuidString, "name": "Đảng bộ xã Mới", "kind": "communeCommittee"])
            #expect(sibling.status == .notFound)
            let moveOut = try await API.call(app, .POST, "/api/v1/organizations/\(w.a4.id!)/move", token: token, json: ["parentId": w.f.b.id!.uuidString])
            #expect(moveOut.status == .notFound)
            #expect(try await Organization.find(w.f.a.id, on: app.db)?.name == "Đảng bộ xã An Phú")
        }
    }

    @Test("Pages follow the same scope: outside is a 404 page", arguments: [Role.admin, .viewer])
    func pages(_ role: Role) async throws {
        try await TestApp.withApp { app in
            let w = try await World.make(app)
            try await w.f.user(app, "trang", role, at: w.f.a)
            let cookie = try await WebSession.cookie(app, "trang")
            for (inside, outside) in [("/to-chuc/\(w.f.a1.id!)", "/to-chuc/\(w.f.b1.id!)"),
                                      ("/dang-vien/\(w.memberA.id!)", "/dang-vien/\(w.memberB.id!)"),
                                      ("/to-chuc/\(w.f.a1.id!)/nhat-ky", "/to-chuc/\(w.f.b1.id!)/nhat-ky")] {
                let out = try await WebSession.get(app, outside, cookie: cookie)
                #expect(out.status == .notFound, "\(role) \(outside)")
                #expect(!out.body.string.contains("Lê Văn Ngoai"))
                let inn = try await WebSession.get(app, inside, cookie: cookie)
                let allowed = !inside.hasSuffix("nhat-ky") || AccessPolicy.allows(role, .viewAudit)
                #expect(allowed ? inn.status == .ok : inn.status == .notFound, "\(role) \(inside): \(inn.status)")
            }
        }
    }
}

@Suite("Scope edges")
struct ScopeEdgeTests {
    @Test("An administrator never sees another user's grants outside her subtree, on the API or the page")
    func grantsOutsideHidden() async throws {
        try await TestApp.withApp { app in
            let w = try await AuthorizationMatrixTests.World.make(app)
            let token = try await w.f.user(app, "quantri-a", .admin, at: w.f.a)
            // The user inside A also holds a grant in B.
            _ = try await UserService(db: app.db, actor: .system, hasher: app.capuy.hasher)
                .grant(w.userA, GrantInput(role: "office", organizationId: w.f.b1.id!), scope: Scope([w.f.p.treePath]))
            let one = try await API.call(app, .GET, "/api/v1/users/\(w.userA)", token: token).content.decode(UserDTO.self)
            #expect(one.grants.map(\.organizationId) == [w.f.a1.id!])
            let all = try await API.call(app, .GET, "/api/v1/users", token: token).content.decode([UserDTO].self)
            #expect(all.flatMap(\.grants).allSatisfy { $0.organizationId != w.f.b1.id })
            let page = try await WebSession.get(app, "/tai-khoan", cookie: try await WebSession.cookie(app, "quantri-a"))
            #expect(!page.body.string.contains("Chi bộ khu phố 1"))
        }
    }

    @Test("An absurd page number is clamped, not a crash")
    func hugePage() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "vanphong", .office, at: f.p)
            let res = try await API.call(app, .GET, "/api/v1/members?page=9223372036854775807&per=200", token: token)
            #expect(res.status == .ok)
            #expect(try res.content.decode(PageOf<MemberDTO>.self).page == MemberService.maxPage)
            let web = try await WebSession.get(app, "/dang-vien?trang=9223372036854775807", cookie: try await WebSession.cookie(app, "vanphong"))
            #expect(web.status == .ok)
            let bad = try await API.call(app, .GET, "/api/v1/members?page=abc", token: token)
            #expect(bad.status == .badRequest)
        }
    }
}
