@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

// DESIGN.md Rollups: the unit dashboard reads the maintained counts of the
// unit and of each open sub-unit; it shows members, so it needs the members
// view of the unit.
@Suite("Unit dashboard")
struct UnitDashboardTests {
    /// A1: a full man and a probationary minority woman; A2: one man; B1: one woman.
    static func populated(_ app: Application) async throws -> Fixture {
        let f = try await Fixture.make(app)
        _ = try await f.member(app, "Trần Văn Long", in: f.a1)
        _ = try await MemberService(db: app.db, actor: .system, today: app.capuy.today()).create(
            MemberInput(fullName: "Lò Thị Xuân", birthDate: "01/01/2000", gender: "female", ethnicity: "Thái",
                        partyCardNumber: nil, admissionDate: "01/01/2024", officialDate: nil, organizationId: f.a1.id),
            manage: Scope([f.p.treePath]))
        _ = try await f.member(app, "Đỗ Văn Hùng", in: f.a2)
        _ = try await f.member(app, "Phạm Thị Hoa", in: f.b1, female: true)
        return f
    }

    @Test("The API gives the subtree's totals, the age bands, and each open sub-unit with its own figures")
    func apiShape() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Self.populated(app)
            let token = try await f.user(app, "xa-a", .office, at: f.a)
            // when
            let d = try await Rollup.dashboard(app, f.a, token: token)
            // then
            #expect(d.unit.id == f.a.id)
            #expect(d.ageYear == app.capuy.today().year)
            #expect(d.totals.members == 3 && d.totals.fullMembers == 2 && d.totals.probationaryMembers == 1)
            #expect(d.totals.women == 1 && d.totals.minority == 1 && d.totals.subUnits == 2)
            #expect(d.totals.ages.map(\.count).reduce(0, +) <= d.totals.members)
            #expect(d.totals.ages.map(\.count).reduce(0, +) == 3, "every member here has a birth date")
            #expect(d.totals.ages.first { $0.band == "\(AgeBand.of(birthYear: 2000, in: d.ageYear))" }?.count == 1)
            #expect(d.totals.ages.map(\.label) == AgeBand.allCases.map(\.label))
            #expect(d.children.map(\.id) == [f.a1.id!, f.a2.id!])
            #expect(d.children.map(\.code) == ["A1", "A2"])
            #expect(d.children.map(\.figures.members) == [2, 1])
            #expect(d.children.map(\.figures.women) == [1, 0])
            #expect(d.children.map(\.figures.minority) == [1, 0])
            #expect(d.children.map(\.kind) == ["grassrootsCell", "grassrootsCell"])
            // The children add up to the unit: A itself holds no members.
            #expect(d.children.map(\.figures.members).reduce(0, +) == d.totals.members)
            // A cell has no sub-units to list.
            #expect(try await Rollup.dashboard(app, f.a1, token: token).children.isEmpty)
        }
    }

    @Test("A closed sub-unit is not listed, and its members count at the successor")
    func closedChildren() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Self.populated(app)
            let token = try await f.user(app, "tinh", .organizationBoard, at: f.p)
            // when
            let res = try await API.call(app, .POST, "/api/v1/organizations/\(f.a2.id!)/close", token: token,
                                         json: ["closedOn": "01/07/2025", "successorIds": [f.a1.id!.uuidString]])
            #expect(res.status == .ok)
            // then
            let d = try await Rollup.dashboard(app, f.a, token: token)
            #expect(d.children.map(\.id) == [f.a1.id!])
            #expect(d.children.first?.figures.members == 3)
            #expect(d.totals.members == 3 && d.totals.subUnits == 1)
            let root = try await Rollup.dashboard(app, f.p, token: token)
            #expect(root.children.map(\.id) == [f.a.id!, f.b.id!])
            #expect(root.children.map(\.figures.subUnits) == [1, 1])
        }
    }

    @Test("A user granted only B gets 404 for A's dashboard, in the API and on the page, and sees B's")
    func scoped() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Self.populated(app)
            let token = try await f.user(app, "phuong-b", .office, at: f.b)
            let cookie = try await WebSession.cookie(app, "phuong-b")
            // then
            for org in [f.a, f.a1, f.p] {
                #expect(try await API.call(app, .GET, "/api/v1/organizations/\(org.id!)/dashboard", token: token).status == .notFound)
                #expect(try await WebSession.get(app, "/to-chuc/\(org.id!)/tong-quan", cookie: cookie).status == .notFound)
            }
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(UUID())/dashboard", token: token).status == .notFound)
            let b = try await Rollup.dashboard(app, f.b, token: token)
            #expect(b.totals.members == 1 && b.totals.women == 1)
            #expect(try await API.call(app, .GET, "/api/v1/organizations/\(f.b.id!)/dashboard").status == .unauthorized)
        }
    }

    @Test("The page shows the figures and links each sub-unit's own dashboard, in Vietnamese and in English")
    func page() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Self.populated(app)
            try await f.user(app, "xa-a", .office, at: f.a)
            let cookie = try await WebSession.cookie(app, "xa-a")
            // when
            let vi = try await WebSession.get(app, "/to-chuc/\(f.a.id!)/tong-quan", cookie: cookie)
            let en = try await WebSession.get(app, "/to-chuc/\(f.a.id!)/tong-quan", cookie: cookie + "; \(Language.cookieName)=en")
            // then
            #expect(vi.status == .ok && en.status == .ok)
            let viBody = vi.body.string, enBody = en.body.string
            #expect(viBody.contains("<html lang=\"vi\">"))
            #expect(viBody.contains("Tổng quan · Đảng bộ xã An Phú"))
            #expect(viBody.contains("<dd id=\"dash-members\">3</dd>"))
            #expect(viBody.contains("<dd id=\"dash-subunits\">2</dd>"))
            #expect(viBody.contains("Dân tộc thiểu số"))
            #expect(viBody.contains("Độ tuổi (tính theo năm \(app.capuy.today().year))"))
            #expect(viBody.contains("<a href=\"/to-chuc/\(f.a1.id!)/tong-quan\">Chi bộ thôn 1</a>"))
            #expect(viBody.contains("<a href=\"/to-chuc/\(f.a2.id!)/tong-quan\">Chi bộ thôn 2</a>"))
            #expect(viBody.contains("66,7%"), "A1’s share of A’s members, with the Vietnamese decimal comma")
            #expect(enBody.contains("66.7%"))
            #expect(enBody.contains("<html lang=\"en\">"))
            #expect(enBody.contains("Overview · Đảng bộ xã An Phú"))
            #expect(enBody.contains("<dd id=\"dash-members\">3</dd>"))
            #expect(enBody.contains("Ethnic minorities"))
            #expect(enBody.contains("Age (counted in \(app.capuy.today().year))"))
            #expect(enBody.contains("<a href=\"/to-chuc/\(f.a1.id!)/tong-quan\">Chi bộ thôn 1</a>"))
            #expect(!enBody.contains("Dân tộc thiểu số"))
            // A cell's page says it has no sub-units.
            let cell = try await WebSession.get(app, "/to-chuc/\(f.a1.id!)/tong-quan", cookie: cookie)
            #expect(cell.body.string.contains("<dd id=\"dash-members\">2</dd>"))
            #expect(!cell.body.string.contains("id=\"dashboard-children\""))
        }
    }

    @Test("Sub-unit names are escaped in the dashboard's table and chart")
    func escaping() async throws {
        try await TestApp.withApp { app in
            // given: a name carrying markup
            let f = try await Self.populated(app)
            let a1 = try #require(try await Organization.find(f.a1.id, on: app.db))
            a1.name = "Chi bộ <script>alert(1)</script> & \"Bến\" 'Đò'"
            try await a1.save(on: app.db)
            try await f.user(app, "xa-a", .office, at: f.a)
            // when
            let res = try await WebSession.get(app, "/to-chuc/\(f.a.id!)/tong-quan", cookie: try await WebSession.cookie(app, "xa-a"))
            // then
            let body = res.body.string
            #expect(res.status == .ok)
            #expect(!body.contains("<script>alert(1)</script>"))
            #expect(!body.contains("\"Bến\""))
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"))
            #expect(body.contains("href=\"/to-chuc/\(f.a1.id!)/tong-quan\""))
        }
    }

    @Test("The unit page links to its dashboard and shows the same counts")
    func unitPageLink() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Self.populated(app)
            try await f.user(app, "xa-a", .office, at: f.a)
            let cookie = try await WebSession.cookie(app, "xa-a")
            // when
            let res = try await WebSession.get(app, "/to-chuc/\(f.a.id!)", cookie: cookie)
            // then
            #expect(res.status == .ok)
            #expect(res.body.string.contains("href=\"/to-chuc/\(f.a.id!)/tong-quan\" id=\"unit-dashboard\""))
            #expect(res.body.string.contains("<dd id=\"count-members\">3</dd>"))
        }
    }
}
