@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Organization tree through the API")
struct OrganizationTreeTests {
    /// A grassroots committee of commune A with one cell under it.
    static func schoolWithCell(_ app: Application, _ f: Fixture, _ school: String, _ cell: String) async throws -> (Organization, Organization) {
        let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
        let committee = try await s.create(.init(parentId: f.a.id, name: school, kind: "grassrootsCommittee", sector: "school"), scope: nil)
        return (committee, try await s.create(.init(parentId: committee.id, name: cell, kind: "cell", sector: "school"), scope: nil))
    }

    /// A citizen's petition about `unit`, sent through the portal; its case id.
    static func petition(_ app: Application, about unit: Organization, title: String) async throws -> UUID {
        let filed = try await API.call(app, .POST, "/api/v1/public/cases", json: [
            "kind": "petition", "title": title, "content": "Nội dung kiến nghị: công trình xuống cấp, đề nghị sửa chữa sớm.",
            "subjectOrganizationId": unit.id!.uuidString])
        try #require(filed.status == .created, "\(filed.body.string)")
        return try filed.content.get(UUID.self, at: "id")
    }
    @Test("Create a sub-unit: its path extends the parent's and the change is audited")
    func create() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "bantochuc", .organizationBoard, at: f.a)
            let res = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                         json: ["parentId": f.a.id!.uuidString, "name": "  Chi bộ   thôn 3 ", "kind": "grassrootsCell", "sector": "residential"])
            #expect(res.status == .created)
            let dto = try res.content.decode(OrganizationDTO.self)
            #expect(dto.name == "Chi bộ thôn 3")
            #expect(dto.path.hasPrefix(f.a.path + "."))
            #expect(dto.depth == f.a.depth + 1)
            let event = try await AuditEvent.query(on: app.db).sort(\.$seq, .descending).first()
            #expect(event?.action == "organization.create")
            #expect(event?.actorName == "bantochuc")
        }
    }

    @Test("Moving a unit rewrites the paths of its whole subtree, members and grants in one go")
    func move() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            // A grassroots committee with a cell, a member and a grant, moved from commune A to commune B.
            let (ag, cell) = try await Self.schoolWithCell(app, f, "Đảng bộ Trường THCS", "Chi bộ giáo viên")
            let member = try await f.member(app, "Lê Văn Bình", in: cell)
            try await f.user(app, "bithu-gv", .secretary, at: cell)
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(ag.id!)/move", token: token, json: ["parentId": f.b.id!.uuidString])
            #expect(res.status == .ok)
            let moved = try res.content.decode(OrganizationDTO.self)
            #expect(moved.parentId == f.b.id)
            #expect(moved.path.hasPrefix(f.b.path + "."))
            let movedCell = try #require(try await Organization.find(cell.id, on: app.db))
            #expect(movedCell.path.hasPrefix(moved.path + "."))
            #expect(movedCell.depth == 3)
            let m = try #require(try await Member.find(member.id, on: app.db))
            #expect(m.organizationPath == movedCell.path)
            let grant = try #require(try await Grant.query(on: app.db).filter(\.$organization.$id == cell.id!).first())
            #expect(grant.organizationPath == movedCell.path)
            // Nothing else moved, and the secretary's scope followed the unit.
            #expect(try await Organization.find(f.a1.id, on: app.db)?.path == f.a1.path)
            let secretary = try await API.token(app, "bithu-gv", Fixture.password)
            #expect(try await API.call(app, .GET, "/api/v1/members/\(member.id!)", token: secretary).status == .ok)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("Issue 15: a moved unit's citizen cases move with it, so its staff keep them and the old commune no longer holds them")
    func movedUnitKeepsItsCases() async throws {
        try await TestApp.withApp { app in
            // given: a petition about cell A1, then A1 moved from commune A to commune B
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh-chuyen", .organizationBoard, at: f.p)
            let caseId = try await Self.petition(app, about: f.a1, title: "Kiến nghị sửa nhà văn hóa thôn")
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a1.id!)/move", token: token, json: ["parentId": f.b.id!.uuidString])
            try #require(res.status == .ok, "\(res.body.string)")
            let newPath = try res.content.decode(OrganizationDTO.self).path
            // then: every path of the case that lay under A1 lies under its new place
            let c = try #require(try await CitizenCase.find(caseId, on: app.db))
            #expect(c.subjectPath == newPath)
            for path in [c.subjectPath, c.handlingPath, c.shieldedPath] where !path.isEmpty {
                #expect(!path.hasPrefix(f.a1.path), "\(path) still under the old place \(f.a1.path)")
            }
            // and commune B's case office reads it, commune A's does not
            let officeB = try await f.user(app, "xa-b-don-thu", .office, at: f.b)
            let officeA = try await f.user(app, "xa-a-don-thu", .office, at: f.a)
            if c.handlingPath.hasPrefix(newPath) {
                #expect(try await API.call(app, .GET, "/api/v1/cases/\(caseId)", token: officeB).status == .ok)
                #expect(try await API.call(app, .GET, "/api/v1/cases/\(caseId)", token: officeA).status == .notFound)
            }
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("Issue 15: a cell moves under a commune committee as a grassroots cell, keeping its id, members and history; a kind that does not fit is refused")
    func moveWithNewKind() async throws {
        try await TestApp.withApp { app in
            // given: a cell of a grassroots committee of commune A, with a member
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh-doi-loai", .organizationBoard, at: f.p)
            let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let (school, cell) = try await Self.schoolWithCell(app, f, "Đảng bộ Trường THPT", "Chi bộ Tổ Toán")
            let member = try await f.member(app, "Đoàn Thị Toán", in: cell, female: true)
            func move(_ id: UUID, to parent: UUID, kind: String?) async throws -> TestingHTTPResponse {
                var json: [String: any Sendable] = ["parentId": parent.uuidString]
                if let kind { json["kind"] = kind }
                return try await API.call(app, .POST, "/api/v1/organizations/\(id)/move", token: token, json: json)
            }
            // when: moved under commune B as it is, a cell cannot stand there
            #expect(try await move(cell.id!, to: f.b.id!, kind: nil).status == .unprocessableEntity)
            // nor under a kind a commune cannot hold
            #expect(try await move(cell.id!, to: f.b.id!, kind: "partialCommittee").status == .unprocessableEntity)
            // as a grassroots cell it moves, the same unit
            let res = try await move(cell.id!, to: f.b.id!, kind: "grassrootsCell")
            try #require(res.status == .ok, "\(res.body.string)")
            let moved = try res.content.decode(OrganizationDTO.self)
            #expect(moved.id == cell.id && moved.kind == .grassrootsCell && moved.parentId == f.b.id)
            #expect(try await Member.find(member.id, on: app.db)?.organizationPath == moved.path)
            // The member moved with her cell; her record shows it.
            let transfers = try await API.call(app, .GET, "/api/v1/members/\(member.id!)/transfers", token: token).content.decode([TransferDTO].self)
            #expect(transfers.count == 1)
            #expect(transfers.first?.fromOrganizationId == cell.id && transfers.first?.toOrganizationId == cell.id)
            #expect(transfers.first?.reason?.contains("chuyển về trực thuộc \(f.b.name)") == true)
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "organization.move").filter(\.$entityId == cell.id!).first()
            #expect(audit?.before?.contains("\"kind\":\"cell\"") == true && audit?.after?.contains("\"kind\":\"grassrootsCell\"") == true)
            // A committee with cells cannot become a cell, by PATCH either; a fitting PATCH is applied, not ignored.
            let other = try await s.create(.init(parentId: school.id, name: "Chi bộ Tổ Văn", kind: "cell", sector: "school"), scope: nil)
            let patch = try await API.call(app, .PATCH, "/api/v1/organizations/\(school.id!)", token: token, json: ["kind": "grassrootsCell"])
            #expect(patch.status == .unprocessableEntity, "\(patch.body.string)")
            #expect(try await Organization.find(school.id, on: app.db)?.kind == .grassrootsCommittee)
            let partial = try await API.call(app, .PATCH, "/api/v1/organizations/\(other.id!)", token: token, json: ["kind": "partialCommittee"])
            #expect(partial.status == .ok, "\(partial.body.string)")
            #expect(try await Organization.find(other.id, on: app.db)?.kind == .partialCommittee)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("Issue 15: a case about a unit that closed is handed on to its successor in one request; to no other unit, and not before the close")
    func caseHandedToSuccessor() async throws {
        try await TestApp.withApp { app in
            // given: a petition about cell A2
            let f = try await Fixture.make(app)
            let board = try await f.user(app, "xa-a-tc", .organizationBoard, at: f.a)
            let office = try await f.user(app, "xa-a-vp", .office, at: f.a)
            let caseId = try await Self.petition(app, about: f.a2, title: "Kiến nghị về đường làng thôn Hai")
            func handOn(to unit: UUID) async throws -> TestingHTTPResponse {
                try await API.call(app, .PATCH, "/api/v1/cases/\(caseId)", token: office, json: ["subjectOrganizationId": unit.uuidString])
            }
            // Not while the unit is open.
            #expect(try await handOn(to: f.a1.id!).status == .unprocessableEntity)
            // when: A2 merges into A1
            let closed = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: board,
                                            json: ["closedOn": "01/07/2025", "successorIds": [f.a1.id!.uuidString]])
            try #require(closed.status == .ok, "\(closed.body.string)")
            // then: not to a unit that did not take over
            let wrong = try await handOn(to: f.b1.id!)
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("subjectOrganizationId"))
            // to the successor, in one request, on the record
            let res = try await handOn(to: f.a1.id!)
            try #require(res.status == .ok, "\(res.body.string)")
            let c = try #require(try await CitizenCase.find(caseId, on: app.db))
            #expect(c.$subjectOrg.id == f.a1.id && c.subjectPath == f.a1.path)
            #expect(try await Organization.find(c.$handlingOrg.id, on: app.db)?.isClosed == false)
            let events = try await CaseEvent.query(on: app.db).filter(\.$citizenCase.$id == caseId).all().map(\.action)
            #expect(events.contains("succession"))
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("Issue 15: the move page offers the new kind; without it a cell under a commune is refused in Vietnamese under the kind")
    func movePageWithKind() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.user(app, "tinh-trang-chuyen", .organizationBoard, at: f.p)
            let (_, cell) = try await Self.schoolWithCell(app, f, "Đảng bộ Trường Tiểu học", "Chi bộ Tổ Một")
            let cookie = try await WebSession.cookie(app, "tinh-trang-chuyen")
            let page = try await WebSession.get(app, "/to-chuc/\(cell.id!)/chuyen", cookie: cookie).body.string
            #expect(page.contains("name=\"kind\"") && page.contains("value=\"grassrootsCell\""))
            let refused = try await WebSession.post(app, "/to-chuc/\(cell.id!)/chuyen", cookie: cookie, form: ["parentId": f.b.id!.uuidString])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("không thể có đơn vị trực thuộc loại"))
            let moved = try await WebSession.post(app, "/to-chuc/\(cell.id!)/chuyen", cookie: cookie,
                                                  form: ["parentId": f.b.id!.uuidString, "kind": "grassrootsCell"])
            #expect(moved.status == .seeOther || moved.status == .found, "\(moved.status)")
            let unit = try #require(try await Organization.find(cell.id, on: app.db))
            #expect(unit.kind == .grassrootsCell && unit.$parent.id == f.b.id)
        }
    }

    @Test("A commune cannot be moved under another commune")
    func moveKinds() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a.id!)/move", token: token, json: ["parentId": f.b.id!.uuidString])
            #expect(res.status == .unprocessableEntity)
            #expect(try res.content.get(String.self, at: "errors", 0, "field") == "kind")
        }
    }

    @Test("A move into the unit's own subtree is refused and changes nothing")
    func noCycle() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a.id!)/move", token: token, json: ["parentId": f.a1.id!.uuidString])
            #expect(res.status == .unprocessableEntity)
            #expect(try res.content.get(String.self, at: "errors", 0, "field") == "parentId")
            #expect(try await Organization.find(f.a.id, on: app.db)?.path == f.a.path)
        }
    }

    @Test("Closing a unit keeps it, names successors and transfers its members")
    func close() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "xa-a", .organizationBoard, at: f.a)
            let m = try await f.member(app, "Phạm Thị Hoa", in: f.a2, female: true)
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: token,
                                         json: ["closedOn": "01/07/2025", "successorIds": [f.a1.id!.uuidString], "note": "Sáp nhập thôn"])
            #expect(res.status == .ok)
            #expect(try res.content.get(String?.self, at: "closedOn") == "2025-07-01")
            let moved = try #require(try await Member.find(m.id, on: app.db))
            #expect(moved.$organization.id == f.a1.id)
            let transfers = try await API.call(app, .GET, "/api/v1/members/\(m.id!)/transfers", token: token)
            #expect(try transfers.content.decode([TransferDTO].self).first?.fromOrganizationId == f.a2.id)
            // Still readable, never deleted.
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(f.a2.id!)", token: token).status == .ok)
            // Closed units take no new members.
            let refused = try await API.call(app, .POST, "/api/v1/members", token: token, json: [
                "fullName": "Ngô Văn Nam", "birthDate": "1990-01-01", "gender": "male", "ethnicity": "Kinh",
                "admissionDate": "2015-01-01", "organizationId": f.a2.id!.uuidString])
            #expect(refused.status == .unprocessableEntity)
        }
    }

    @Test("Issue 15: successors keep the order given, the first named takes the members, and the history reads both ways")
    func successorOrderAndLineage() async throws {
        try await TestApp.withApp { app in
            // given: six cells of commune A, a member in each
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "xa-a-tochuc", .organizationBoard, at: f.a)
            var cells: [(UUID, Member)] = []
            for (i, word) in ["Một", "Hai", "Ba", "Bốn", "Năm", "Sáu"].enumerated() {
                let res = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                             json: ["parentId": f.a.id!.uuidString, "name": "Chi bộ Thôn Sáp Nhập \(i + 1)", "kind": "grassrootsCell"])
                try #require(res.status == .created, "\(res.body.string)")
                let unit = try #require(try await Organization.find(try res.content.get(UUID.self, at: "id"), on: app.db))
                cells.append((unit.id!, try await f.member(app, "Nguyễn Văn \(word)", in: unit)))
            }
            // when: each closes into A1 and A2, in alternating order (a Set's order would be right about half the time)
            for (i, (cell, _)) in cells.enumerated() {
                let order = i.isMultiple(of: 2) ? [f.a1, f.a2] : [f.a2, f.a1]
                let res = try await API.call(app, .POST, "/api/v1/organizations/\(cell)/close", token: token,
                                             json: ["closedOn": "01/07/2025", "successorIds": order.map { $0.id!.uuidString }])
                try #require(res.status == .ok, "\(res.body.string)")
            }
            // then: each member is in the first successor named, and the lineage keeps the order
            for (i, (cell, member)) in cells.enumerated() {
                let first = i.isMultiple(of: 2) ? f.a1 : f.a2, second = i.isMultiple(of: 2) ? f.a2 : f.a1
                #expect(try await Member.find(member.id, on: app.db)?.$organization.id == first.id, "cell \(i + 1)")
                let lineage = try await API.call(app, .GET, "/api/v1/organizations/\(cell)/lineage", token: token)
                let read = try lineage.content.decode(OrganizationLineageDTO.self)
                #expect(read.successors.map(\.id) == [first.id!, second.id!])
                #expect(read.predecessors.isEmpty)
            }
            let heir = try await API.call(app, .GET, "/api/v1/organizations/\(f.a1.id!)/lineage", token: token)
            #expect(Set(try heir.content.decode(OrganizationLineageDTO.self).predecessors.map(\.id)) == Set(cells.map(\.0)))
            // The successor's page names its predecessors too.
            let cookie = try await WebSession.cookie(app, "xa-a-tochuc")
            let page = try await WebSession.get(app, SiteURL.unit(f.a1.id!).path, cookie: cookie).body.string
            #expect(page.contains("id=\"predecessors\"") && page.contains("Chi bộ Thôn Sáp Nhập 6"))
            // A unit outside the reader's scope has no lineage to read.
            let other = try await f.user(app, "xa-b-tochuc", .organizationBoard, at: f.b)
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(f.a1.id!)/lineage", token: other).status == .notFound)
        }
    }

    @Test("Issue 15: a pre-2025 tree can be built: a district committee under the province, communes and cells under it")
    func districtLevelTree() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh-tochuc", .organizationBoard, at: f.p)
            func create(_ name: String, _ kind: String, under parent: UUID) async throws -> TestingHTTPResponse {
                try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                   json: ["parentId": parent.uuidString, "name": name, "kind": kind])
            }
            let district = try await create("Đảng bộ huyện Lệ Thủy", "districtCommittee", under: f.p.id!)
            try #require(district.status == .created, "\(district.body.string)")
            let districtId = try district.content.get(UUID.self, at: "id")
            let commune = try await create("Đảng bộ xã Phong Thủy", "communeCommittee", under: districtId)
            #expect(commune.status == .created, "\(commune.body.string)")
            #expect(try await create("Chi bộ Văn phòng Huyện ủy", "grassrootsCell", under: districtId).status == .created)
            // A district never stands under a commune, nor a district under a district.
            #expect(try await create("Đảng bộ huyện Sai Chỗ", "districtCommittee", under: f.a.id!).status == .unprocessableEntity)
            #expect(try await create("Đảng bộ huyện Lồng", "districtCommittee", under: districtId).status == .unprocessableEntity)
        }
    }

    @Test("Closing refuses: open sub-units, members without a successor, a date in the future")
    func closeRefusals() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            _ = try await f.member(app, "Phạm Thị Hoa", in: f.b1, female: true)
            let openChildren = try await API.call(app, .POST, "/api/v1/organizations/\(f.a.id!)/close", token: token, json: ["closedOn": "2025-07-01"])
            #expect(openChildren.status == .unprocessableEntity)
            let noHeir = try await API.call(app, .POST, "/api/v1/organizations/\(f.b1.id!)/close", token: token, json: ["closedOn": "2025-07-01"])
            #expect(try noHeir.content.get(String.self, at: "errors", 0, "field") == "successorIds")
            let future = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: token, json: ["closedOn": "2099-01-01"])
            #expect(try future.content.get(String.self, at: "errors", 0, "field") == "closedOn")
            #expect(try await Organization.query(on: app.db).filter(\.$closedOn != nil).count() == 0)
        }
    }

    @Test("Bad input: unknown kind, empty name, duplicate code, a kind that cannot stand there")
    func badInput() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let res = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                         json: ["parentId": f.a.id!.uuidString, "name": " ", "kind": "galaxy", "code": "A1"])
            #expect(res.status == .unprocessableEntity)
            let fields = Set(try res.content.get([Problem.FieldError].self, at: "errors").map(\.field))
            #expect(fields == ["name", "kind", "code"])
            let wrongKind = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                               json: ["parentId": f.a1.id!.uuidString, "name": "Chi bộ con", "kind": "cell"])
            #expect(try wrongKind.content.get(String.self, at: "errors", 0, "field") == "kind")
            let malformed = try await API.call(app, .POST, "/api/v1/organizations", token: token, json: ["parentId": "not-a-uuid", "name": "x", "kind": "cell"])
            #expect(malformed.status == .unprocessableEntity)
        }
    }

    @Test("Counts cover the whole subtree")
    func counts() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .office, at: f.p)
            _ = try await f.member(app, "Trần Văn Long", in: f.a1)
            _ = try await f.member(app, "Trần Thị Mai", in: f.a2, female: true, official: false)
            _ = try await f.member(app, "Võ Văn Sơn", in: f.b1)
            let res = try await API.call(app, .GET, "/api/v1/organizations/\(f.a.id!)/counts", token: token)
            #expect(try res.content.decode(OrganizationCounts.self) == OrganizationCounts(subUnits: 2, members: 2, fullMembers: 1, probationaryMembers: 1, women: 1))
        }
    }
}
