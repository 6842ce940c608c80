@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

// DESIGN.md Rollups: counts per unit for its whole subtree, updated in the
// same transaction as every member and unit change. Each test reads the
// figures at the unit, its parent and the root through the API, and checks
// that a recount agrees (`Rollups.verify`).
@Suite("Rollups: kept exact by every member change")
struct RollupMemberTests {
    @Test("Creating a member counts it at its cell, the commune and the province, and nowhere else")
    func create() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let y = try await Rollup.year(app)
            #expect(try await Rollup.counts(app, token: token, [f.a1, f.a, f.p, f.b]) == [
                RollupCounts(), RollupCounts(subUnits: 2), RollupCounts(subUnits: 5), RollupCounts(subUnits: 1)])
            // when: a probationary woman of a minority, 35 this year
            let res = try await API.call(app, .POST, "/api/v1/members", token: token, json: Rollup.memberJSON(
                "Hoàng Thị Mai", in: f.a1, birthYear: y - 35, female: true, ethnicity: "Tày", admissionYear: y - 5))
            #expect(res.status == .created)
            // then
            let one = RollupCounts(members: 1, full: 0, women: 1, minority: 1, ages: [.from31To40: 1])
            var atA = one, atP = one
            atA.subUnits = 2
            atP.subUnits = 5
            #expect(try await Rollup.counts(app, token: token, [f.a1, f.a, f.p, f.a2, f.b]) == [
                one, atA, atP, RollupCounts(), RollupCounts(subUnits: 1)])
            try await Rollup.expectClean(app)
        }
    }

    @Test("Updating a member moves its counts: probationary to full, woman to man, one age band to another")
    func update() async throws {
        try await TestApp.withApp { app in
            // given: a probationary woman aged 30 this year, and a full member beside her
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let y = try await Rollup.year(app)
            _ = try await f.member(app, "Trần Văn Long", in: f.a2)
            let older = AgeBand.of(birthYear: 1980, in: y)
            var json = Rollup.memberJSON("Lê Thị Hạnh", in: f.a1, birthYear: y - 30, female: true, admissionYear: y - 3)
            let created = try await API.call(app, .POST, "/api/v1/members", token: token, json: json)
            let id = try created.content.get(UUID.self, at: "id")
            func expectAt(_ cell: RollupCounts, _ comment: Comment) async throws {
                var a = cell, p = cell
                a.members += 1; a.full += 1; a.ages[older, default: 0] += 1; a.subUnits = 2
                p.members += 1; p.full += 1; p.ages[older, default: 0] += 1; p.subUnits = 5
                #expect(try await Rollup.counts(app, token: token, [f.a1, f.a, f.p]) == [cell, a, p], comment)
                try await Rollup.expectClean(app)
            }
            try await expectAt(RollupCounts(members: 1, women: 1, ages: [.upTo30: 1]), "created")

            // when: she becomes a full member (an official date)
            json["officialDate"] = "01/02/\(y - 2)"
            #expect(try await API.call(app, .PUT, "/api/v1/members/\(id)", token: token, json: json).status == .ok)
            try await expectAt(RollupCounts(members: 1, full: 1, women: 1, ages: [.upTo30: 1]), "official date")

            // when: the gender was recorded wrongly
            json["gender"] = "male"
            #expect(try await API.call(app, .PUT, "/api/v1/members/\(id)", token: token, json: json).status == .ok)
            try await expectAt(RollupCounts(members: 1, full: 1, ages: [.upTo30: 1]), "gender")

            // when: the birth date was a year off: 31 this year, the next band
            json["birthDate"] = "31/12/\(y - 31)"
            #expect(try await API.call(app, .PUT, "/api/v1/members/\(id)", token: token, json: json).status == .ok)
            try await expectAt(RollupCounts(members: 1, full: 1, ages: [.from31To40: 1]), "birth date")

            // when: the ethnicity is corrected to a minority
            json["ethnicity"] = "Khmer"
            #expect(try await API.call(app, .PUT, "/api/v1/members/\(id)", token: token, json: json).status == .ok)
            try await expectAt(RollupCounts(members: 1, full: 1, minority: 1, ages: [.from31To40: 1]), "ethnicity")
        }
    }

    @Test("A transfer from A1 to B1 leaves A1 and A, reaches B1 and B, and leaves the province as it was")
    func transfer() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let band = AgeBand.of(birthYear: 1980, in: try await Rollup.year(app))
            let moving = try await f.member(app, "Phạm Thị Hoa", in: f.a1, female: true)
            _ = try await f.member(app, "Đỗ Văn Hùng", in: f.a2, official: false)
            let before = try await Rollup.counts(app, token: token, [f.p])
            // when
            let res = try await API.call(app, .POST, "/api/v1/members/\(moving.id!)/transfers", token: token,
                                         json: ["toOrganizationId": f.b1.id!.uuidString, "transferredOn": "01/03/2025"])
            #expect(res.status == .created)
            // then
            let hoa = RollupCounts(members: 1, full: 1, women: 1, ages: [band: 1])
            var b = hoa
            b.subUnits = 1
            #expect(try await Rollup.counts(app, token: token, [f.a1, f.a, f.b1, f.b, f.p]) == [
                RollupCounts(),
                RollupCounts(members: 1, subUnits: 2, ages: [band: 1]),
                hoa, b,
                RollupCounts(members: 2, full: 1, women: 1, subUnits: 5, ages: [band: 2]),
            ])
            #expect(try await Rollup.counts(app, token: token, [f.p]) == before)
            try await Rollup.expectClean(app)
        }
    }

    @Test("An import counts every row at its own unit and the units above, in one go")
    func importCSV() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let y = try await Rollup.year(app)
            let csv = MemberImportExportTests.header + """
            Nguyễn Văn An,15/03/\(y - 25),Nam,Kinh,44000001,03/02/\(y - 3),03/02/\(y - 2),A1
            Lò Thị Xuân,15/03/\(y - 45),Nữ,Thái,,03/02/\(y - 1),,A1
            Trần Văn Bảy,15/03/\(y - 70),Nam, kinh ,44000003,03/02/1980,03/02/1981,\(f.b1.path)
            """
            // when
            let report = try await MemberImport(db: app.db, today: app.capuy.today()).run(Data(csv.utf8), dryRun: false)
            #expect(report.issues.isEmpty, "\(report.issues)")
            #expect(report.imported == 3)
            // then
            let a1 = RollupCounts(members: 2, full: 1, women: 1, minority: 1, ages: [.upTo30: 1, .from41To50: 1])
            var a = a1
            a.subUnits = 2
            let b1 = RollupCounts(members: 1, full: 1, ages: [.over60: 1])
            #expect(try await Rollup.counts(app, token: token, [f.a1, f.a, f.b1, f.p]) == [
                a1, a, b1,
                RollupCounts(members: 3, full: 2, women: 1, minority: 1, subUnits: 5, ages: [.upTo30: 1, .from41To50: 1, .over60: 1]),
            ])
            try await Rollup.expectClean(app)
        }
    }

    @Test("A member without a birth date is counted, in no age band, both as kept and as recounted")
    func noBirthDate() async throws {
        try await TestApp.withApp { app in
            // given: an old record (written before birth dates were required) lands in A1
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            try await app.db.transaction { tx in
                let m = Member()
                m.id = UUID()
                MemberService.apply(MemberFacts(fullName: "Vũ Văn Cũ", birthDate: nil, ethnicity: "Kinh", partyCardNumber: nil,
                                                admissionDate: LocalDate(year: 1970, month: 1, day: 1), officialDate: nil),
                                    gender: .male, to: m)
                m.$organization.id = f.a1.id!
                m.organizationPath = f.a1.path
                try await m.create(on: tx)
                try await Rollups.add(Rollups.tally(of: m, year: try await Rollups.ageYear(on: tx)), at: f.a1.path, on: tx)
            }
            // then: no band as kept, and the recount agrees
            #expect(try await Rollup.counts(app, token: token, [f.a1]) == [RollupCounts(members: 1)])
            try await Rollup.expectClean(app)
            // and a rebuild puts it in no band either
            _ = try await Rollups.rebuild(year: try await Rollup.year(app), on: app.db)
            #expect(try await Rollup.counts(app, token: token, [f.a1]) == [RollupCounts(members: 1)])
        }
    }
}

@Suite("Rollups: kept exact by every unit change")
struct RollupUnitTests {
    @Test("A new sub-unit counts as an open unit at every unit above it")
    func createUnit() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            // when: a grassroots committee under A, then a cell under it
            let res = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                         json: ["parentId": f.a.id!.uuidString, "name": "Đảng bộ Trường THCS", "kind": "grassrootsCommittee", "sector": "school"])
            #expect(res.status == .created)
            let ag = try #require(try await Organization.find(try res.content.get(UUID.self, at: "id"), on: app.db))
            #expect(try await Rollup.counts(app, token: token, [ag, f.a, f.p, f.b]) == [
                RollupCounts(), RollupCounts(subUnits: 3), RollupCounts(subUnits: 6), RollupCounts(subUnits: 1)])
            let cell = try await API.call(app, .POST, "/api/v1/organizations", token: token,
                                          json: ["parentId": ag.id!.uuidString, "name": "Chi bộ giáo viên", "kind": "cell", "sector": "school"])
            #expect(cell.status == .created)
            // then
            #expect(try await Rollup.counts(app, token: token, [ag, f.a, f.p, f.b]) == [
                RollupCounts(subUnits: 1), RollupCounts(subUnits: 4), RollupCounts(subUnits: 7), RollupCounts(subUnits: 1)])
            try await Rollup.expectClean(app)
        }
    }

    @Test("Moving a unit with members carries its members and sub-units from A to B; the province keeps its totals")
    func move() async throws {
        try await TestApp.withApp { app in
            // given: A holds a grassroots committee with a cell of two members, and A1 one member
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let band = AgeBand.of(birthYear: 1980, in: try await Rollup.year(app))
            let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let ag = try await s.create(.init(parentId: f.a.id, name: "Đảng bộ Trường THCS", kind: "grassrootsCommittee", sector: "school"), scope: nil)
            let cell = try await s.create(.init(parentId: ag.id, name: "Chi bộ giáo viên", kind: "cell", sector: "school"), scope: nil)
            _ = try await f.member(app, "Lê Văn Bình", in: cell)
            _ = try await f.member(app, "Lê Thị Hồng", in: cell, female: true, official: false)
            _ = try await f.member(app, "Trần Văn Long", in: f.a1)
            let province = try await Rollup.counts(app, token: token, [f.p])
            #expect(province == [RollupCounts(members: 3, full: 2, women: 1, subUnits: 7, ages: [band: 3])])
            // when
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(ag.id!)/move", token: token, json: ["parentId": f.b.id!.uuidString])
            #expect(res.status == .ok)
            // then
            let two = RollupCounts(members: 2, full: 1, women: 1, ages: [band: 2])
            var agCounts = two, bCounts = two
            agCounts.subUnits = 1
            bCounts.subUnits = 3
            #expect(try await Rollup.counts(app, token: token, [cell, ag, f.b, f.a, f.p]) == [
                two, agCounts, bCounts,
                RollupCounts(members: 1, full: 1, subUnits: 2, ages: [band: 1]),
                province[0],
            ])
            try await Rollup.expectClean(app)
        }
    }

    @Test("Closing a unit hands its members to the successor and stops counting it as open")
    func close() async throws {
        try await TestApp.withApp { app in
            // given: A2 with two members, A1 with one
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let band = AgeBand.of(birthYear: 1980, in: try await Rollup.year(app))
            _ = try await f.member(app, "Phạm Thị Hoa", in: f.a2, female: true)
            _ = try await f.member(app, "Ngô Văn Nam", in: f.a2, official: false)
            _ = try await f.member(app, "Trần Văn Long", in: f.a1)
            // when
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: token,
                                         json: ["closedOn": "01/07/2025", "successorIds": [f.a1.id!.uuidString]])
            #expect(res.status == .ok)
            // then
            let three = RollupCounts(members: 3, full: 2, women: 1, ages: [band: 3])
            var a = three, p = three
            a.subUnits = 1
            p.subUnits = 4
            #expect(try await Rollup.counts(app, token: token, [f.a2, f.a1, f.a, f.p, f.b]) == [
                RollupCounts(), three, a, p, RollupCounts(subUnits: 1)])
            try await Rollup.expectClean(app)
        }
    }
}

@Suite("Rollups: verify, rebuild, and failed writes")
struct RollupRepairTests {
    @Test("A corrupted or missing row is reported by verify, shown as stored, and repaired by rebuild")
    func corruptedRow() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            _ = try await f.member(app, "Phạm Thị Hoa", in: f.a1, female: true)
            _ = try await f.member(app, "Trần Văn Long", in: f.b1)
            try await Rollup.expectClean(app)
            let good = try await Rollup.counts(app, token: token, [f.a, f.b1])
            // when: A's row is bent and B1's row is lost
            try await app.db.sql.update(Rollups.schema).set(SQLIdentifier("members"), to: SQLRaw("members + 7"))
                .set(SQLIdentifier("women"), to: SQLRaw("0")).where("organization_id", .equal, f.a.id!).run()
            try await app.db.sql.delete(from: Rollups.schema).where("organization_id", .equal, f.b1.id!).run()
            // then: the dashboard shows what is stored, and verify names exactly those units
            let bent = try await Rollup.counts(app, token: token, [f.a, f.b1])
            #expect(bent[0].members == good[0].members + 7 && bent[0].women == 0)
            #expect(bent[1] == RollupCounts())
            let (_, differences) = try await Rollups.verify(on: app.db)
            #expect(Set(differences.map(\.organizationID)) == [f.a.id!, f.b1.id!])
            let a = try #require(differences.first { $0.organizationID == f.a.id })
            #expect(a.stored.members == a.recomputed.members + 7)
            #expect(a.recomputed.members == 1 && a.recomputed.women == 1 && a.stored.women == 0)
            let b1 = try #require(differences.first { $0.organizationID == f.b1.id })
            #expect(b1.stored == UnitTally() && b1.recomputed.members == 1)
            // when: rebuilt
            _ = try await Rollups.rebuildAudited(year: app.capuy.today().year, on: app.db)
            // then
            try await Rollup.expectClean(app)
            #expect(try await Rollup.counts(app, token: token, [f.a, f.b1]) == good)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "rollups.rebuild").count() == 1)
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("Refused writes leave every rollup row as it was")
    func refusedWrites() async throws {
        try await TestApp.withApp { app in
            // given: A2 closed (empty), a member in A1
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            let y = try await Rollup.year(app)
            let m = try await f.member(app, "Phạm Thị Hoa", in: f.a1, female: true)
            #expect(try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: token,
                                       json: ["closedOn": "01/07/2025"]).status == .ok)
            let before = try await Rollup.snapshot(app)
            #expect(before[f.a.id!]?.openUnits == 1 && before[f.p.id!]?.members == 1)
            let attempts: [(String, HTTPMethod, String, [String: any Sendable])] = [
                ("a member born in the future", .POST, "/api/v1/members",
                 Rollup.memberJSON("Ngô Văn Nam", in: f.a1, birthYear: y + 1, admissionYear: y)),
                ("a member in a closed unit", .POST, "/api/v1/members",
                 Rollup.memberJSON("Ngô Văn Nam", in: f.a2, birthYear: 1990, admissionYear: 2015)),
                ("an update with a bad official date", .PUT, "/api/v1/members/\(m.id!)",
                 ["fullName": "Phạm Thị Hoa", "birthDate": "15/03/1980", "gender": "male", "ethnicity": "Tày",
                  "admissionDate": "03/02/2005", "officialDate": "31/02/2006", "organizationId": f.a1.id!.uuidString]),
                ("a transfer to a closed unit", .POST, "/api/v1/members/\(m.id!)/transfers",
                 ["toOrganizationId": f.a2.id!.uuidString, "transferredOn": "01/08/2025"]),
                ("a transfer to the member's own unit", .POST, "/api/v1/members/\(m.id!)/transfers",
                 ["toOrganizationId": f.a1.id!.uuidString, "transferredOn": "01/08/2025"]),
                ("a move into the unit's own subtree", .POST, "/api/v1/organizations/\(f.a.id!)/move", ["parentId": f.a1.id!.uuidString]),
                ("a move under a closed unit", .POST, "/api/v1/organizations/\(f.b1.id!)/move", ["parentId": f.a2.id!.uuidString]),
                ("closing a unit with open sub-units", .POST, "/api/v1/organizations/\(f.a.id!)/close", ["closedOn": "01/07/2025"]),
                ("closing a unit with members and no successor", .POST, "/api/v1/organizations/\(f.a1.id!)/close", ["closedOn": "01/07/2025"]),
                ("a sub-unit under a closed unit", .POST, "/api/v1/organizations",
                 ["parentId": f.a2.id!.uuidString, "name": "Tổ đảng", "kind": "cell", "sector": "residential"]),
            ]
            for (what, method, path, json) in attempts {
                // when
                let res = try await API.call(app, method, path, token: token, json: json)
                // then
                #expect(!(200..<300).contains(res.status.code), "\(what) was accepted")
                #expect(try await Rollup.snapshot(app) == before, "\(what) changed the rollups")
            }
            try await Rollup.expectClean(app)
        }
    }
}
