@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

// Issue 16, item 7: every unit picker scales. A small scope is one list; a
// large one is a search that works without JavaScript (the form comes back
// with the matches, nothing written) and with it (GET /chon-don-vi), and
// never offers a unit outside what the user may see.
@Suite("Unit pickers")
struct UnitPickerTests {
    /// `n` cells under B ("Chi bộ tổ dân phố 1" … , codes B-1 …), making the tree larger than one list.
    static func crowd(_ app: Application, _ f: Fixture, _ n: Int) async throws {
        let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
        for i in 1...n {
            _ = try await s.create(.init(parentId: f.b.id, name: "Chi bộ tổ dân phố \(i)", kind: "grassrootsCell", sector: "residential",
                                         code: "B-\(i)"), scope: nil)
        }
    }

    @Test("A small scope is one list in tree order, without a search box")
    func smallScope() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "bantc", .organizationBoard, at: f.p)
            let cookie = try await WebSession.cookie(app, "bantc")
            let page = try await WebSession.get(app, "/to-chuc/\(f.a1.id!)/chuyen", cookie: cookie).body.string
            #expect(page.contains("<select id=\"parentId\" name=\"parentId\">"))
            #expect(page.contains("value=\"\(f.b.id!.uuidString)\""))
            #expect(page.contains("— Đảng bộ phường Bình Minh"))
            // The unit itself cannot be its own new parent.
            #expect(!page.contains("value=\"\(f.a1.id!.uuidString)\""))
            #expect(!page.contains("data-search"))
            #expect(!page.contains(UnitPicker.stepField))
        }
    }

    @Test("A large scope searches: the form comes back with the matches, named with their parent, and nothing is written")
    func largeScopeWithoutScript() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await Self.crowd(app, f, UnitPicker.listAll + 10)
            try await f.user(app, "bantc", .organizationBoard, at: f.p)
            let cookie = try await WebSession.cookie(app, "bantc")
            let path = "/to-chuc/\(f.a1.id!)/chuyen"
            let first = try await WebSession.get(app, path, cookie: cookie).body.string
            #expect(first.contains("data-search=\"/chon-don-vi?trong="))
            #expect(first.contains("name=\"parentId__tim\""))
            // The upper levels to start from, not the whole scope.
            #expect(first.contains("Đảng bộ phường Bình Minh · Đảng bộ tỉnh Thử nghiệm (B)"))
            #expect(!first.contains("Chi bộ tổ dân phố 157 "))

            let audits = try await AuditEvent.query(on: app.db).count()
            let step = try await WebSession.post(app, path, cookie: cookie, form: [
                UnitPicker.stepField: "parentId", "parentId__tim": "to dan pho 157", "kind": "cell"])
            #expect(step.status == .ok)
            let found = step.body.string
            // The one match found is chosen.
            let match = try #require(try await Organization.query(on: app.db).filter(\.$code == "B-157").first())
            #expect(found.contains("<option value=\"\(match.id!.uuidString)\" selected>Chi bộ tổ dân phố 157 · Đảng bộ phường Bình Minh (B-157)</option>"))
            #expect(found.contains("1 đơn vị khớp"))
            #expect(found.contains("value=\"to dan pho 157\""))
            // The other fields keep what was chosen.
            #expect(found.contains("<option value=\"cell\" selected>"))
            #expect(try await AuditEvent.query(on: app.db).count() == audits)
            #expect(try await Organization.find(f.a1.id, on: app.db)?.$parent.id == f.a.id)

            // By code, too; and a text that matches nothing says so.
            let byCode = try await WebSession.post(app, path, cookie: cookie, form: [UnitPicker.stepField: "parentId", "parentId__tim": "b-203"])
            #expect(byCode.body.string.contains("Chi bộ tổ dân phố 203 · Đảng bộ phường Bình Minh (B-203)"))
            let none = try await WebSession.post(app, path, cookie: cookie, form: [UnitPicker.stepField: "parentId", "parentId__tim": "khong co dau"])
            #expect(none.body.string.contains("Không có đơn vị nào khớp «khong co dau»."))
            let many = try await WebSession.post(app, path, cookie: cookie, form: [UnitPicker.stepField: "parentId", "parentId__tim": "to dan pho"])
            #expect(many.body.string.contains("Hơn \(UnitPicker.shown) đơn vị khớp"))

            // Then the choice is sent as usual and the unit moves.
            let moved = try await WebSession.post(app, path, cookie: cookie, form: ["parentId": f.b.id!.uuidString, "kind": ""])
            #expect(moved.status == .seeOther)
            #expect(try await Organization.find(f.a1.id, on: app.db)?.$parent.id == f.b.id)
        }
    }

    @Test("The type-ahead answers within the picker's subtrees and never beyond what the user may see")
    func typeAheadScope() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "xa-a", .office, at: f.a)
            let cookie = try await WebSession.cookie(app, "xa-a")
            func items(_ query: String) async throws -> [String] {
                let res = try await WebSession.get(app, "/chon-don-vi?" + query, cookie: cookie)
                #expect(res.status == .ok)
                return try res.content.decode(UnitPickerController.Answer.self).items.map(\.label)
            }
            #expect(try await items("q=chi%20bo&trong=\(f.a.path)") == ["Chi bộ thôn 1 · Đảng bộ xã An Phú (A1)", "Chi bộ thôn 2 · Đảng bộ xã An Phú (A2)"])
            // A subtree outside the user's view is dropped, not searched.
            #expect(try await items("q=chi%20bo&trong=\(f.b.path)").isEmpty)
            #expect(try await items("q=chi%20bo&trong=\(f.p.path)").isEmpty)
            // Without a subtree: the user's own view.
            #expect(try await items("q=khu%20pho").isEmpty)
            #expect(try await items("q=thon%202") == ["Chi bộ thôn 2 · Đảng bộ xã An Phú (A2)"])
            // Kinds narrow it (the meeting form offers cells only), a subtree can be left out.
            #expect(try await items("trong=\(f.a.path)&loai=communeCommittee") == ["Đảng bộ xã An Phú · Đảng bộ tỉnh Thử nghiệm (A)"])
            #expect(try await items("q=thon&trong=\(f.a.path)&tru=\(f.a1.path)") == ["Chi bộ thôn 2 · Đảng bộ xã An Phú (A2)"])
            // Wildcards mean nothing.
            #expect(try await items("q=%25&trong=\(f.a.path)&loai=grassrootsCell").count == 2)
            // Signed out: the sign-in page, no units.
            let out = try await WebSession.get(app, "/chon-don-vi?q=chi", cookie: nil)
            #expect(out.status == .seeOther)
        }
    }

    @Test("Labels are escaped, and a closed unit is never offered")
    func escapedAndOpenOnly() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let s = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            _ = try await s.create(.init(parentId: f.b.id, name: "Chi bộ <b>đậm</b> & \"ngoặc\"", kind: "grassrootsCell", sector: "residential",
                                         code: "B-X"), scope: nil)
            try await Self.crowd(app, f, UnitPicker.listAll)
            try await f.user(app, "bantc", .organizationBoard, at: f.p)
            let cookie = try await WebSession.cookie(app, "bantc")
            let step = try await WebSession.post(app, "/to-chuc/\(f.a1.id!)/chuyen", cookie: cookie,
                                                 form: [UnitPicker.stepField: "parentId", "parentId__tim": "<b>"])
            let html = step.body.string
            #expect(html.contains("Chi bộ &lt;b&gt;đậm&lt;/b&gt; &amp; &quot;ngoặc&quot; · Đảng bộ phường Bình Minh (B-X)"))
            #expect(!html.contains("<b>đậm"))
            #expect(html.contains("value=\"&lt;b&gt;\""))

            let closed = try #require(try await Organization.query(on: app.db).filter(\.$code == "B-7").first())
            closed.closedOn = "2026-01-01"
            try await closed.save(on: app.db)
            let res = try await WebSession.get(app, "/chon-don-vi?q=b-7", cookie: cookie)
            let labels = try res.content.decode(UnitPickerController.Answer.self).items.map(\.label)
            #expect(!labels.contains { $0.hasSuffix("(B-7)") })
            #expect(labels.contains { $0.hasSuffix("(B-70)") })
        }
    }

    @Test("The unit search names each unit found with its parent and code")
    func treeSearchNamesParents() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            try await f.user(app, "bantc", .organizationBoard, at: f.p)
            let cookie = try await WebSession.cookie(app, "bantc")
            let page = try await WebSession.get(app, "/to-chuc?q=chi%20bo", cookie: cookie).body.string
            #expect(page.contains("Chi bộ thôn 1</a> · Đảng bộ xã An Phú <span class=\"muted\">A1 · "))
            #expect(page.contains("Chi bộ khu phố 1</a> · Đảng bộ phường Bình Minh <span class=\"muted\">B1 · "))
        }
    }
}
