@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 16, "Search across the tree": any part of a name (accents and case
/// aside) or of a card number, through the trigram index on a large
/// subtree, kept in the same transaction as each change; the unit search
/// finds codes too.
@Suite("Member search across the tree")
struct MemberSearchTests {
    /// A list query that takes the large-subtree path (the trigram index) even in a small fixture.
    static func search(_ text: String, large: Bool = true) -> MemberService.ListQuery {
        var q = MemberService.ListQuery(text: text)
        if large { q.walkNameOrderAbove = 0 }
        return q
    }

    static func names(_ app: Application, _ text: String, in scope: Scope, large: Bool = true) async throws -> [String] {
        try await MemberService(db: app.db, actor: .system, today: app.capuy.today())
            .list(search(text, large: large), in: scope).items.map(\.fullName)
    }

    @Test("Any part of a name, accents and case aside, or of a card number, finds the member; scope still bounds it")
    func findsByPart() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Nguyễn Văn An", in: f.a1, card: "44012345")
            _ = try await f.member(app, "Trần Thị Ánh", in: f.a2, female: true)
            _ = try await f.member(app, "Đặng Văn Đức", in: f.b1)
            let all = Scope([f.p.treePath])
            #expect(try await Self.names(app, "ANH", in: all) == ["Trần Thị Ánh"])
            #expect(try await Self.names(app, "văn an", in: all) == ["Nguyễn Văn An"])
            #expect(try await Self.names(app, "dang van duc", in: all) == ["Đặng Văn Đức"])
            #expect(try await Self.names(app, "1234", in: all) == ["Nguyễn Văn An"])
            #expect(try await Self.names(app, "Văn", in: all) == ["Nguyễn Văn An", "Đặng Văn Đức"])
            // Another committee's member stays out of a scoped search.
            #expect(try await Self.names(app, "Văn", in: Scope([f.b.treePath])) == ["Đặng Văn Đức"])
            // A quote or a LIKE wildcard is text, not syntax.
            #expect(try await Self.names(app, "\"an", in: all).isEmpty)
            #expect(try await Self.names(app, "%%%", in: all).isEmpty)
            // Two letters are too few for the index over a large list; a small list is scanned.
            await #expect(throws: ValidationFailure.self) { _ = try await Self.names(app, "an", in: all) }
            // "an" is in Đặng and Văn too.
            #expect(try await Self.names(app, "an", in: all, large: false) == ["Nguyễn Văn An", "Trần Thị Ánh", "Đặng Văn Đức"])
        }
    }

    @Test("The index changes with the member, in the same transaction: rename, new card, delete, import")
    func keptWithChanges() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let an = try await f.member(app, "Nguyễn Văn An", in: f.a1)
            let all = Scope([f.p.treePath])
            let service = MemberService(db: app.db, actor: .system, today: app.capuy.today())
            _ = try await service.update(an.id!, MemberInput(fullName: "Nguyễn Văn Bình", birthDate: "15/03/1980", gender: "male",
                                                              ethnicity: "Kinh", partyCardNumber: "44077777", admissionDate: "03/02/2005",
                                                              officialDate: "03/02/2006", organizationId: f.a1.id), view: all, manage: all)
            #expect(try await Self.names(app, "van an", in: all).isEmpty)
            #expect(try await Self.names(app, "van binh", in: all) == ["Nguyễn Văn Bình"])
            #expect(try await Self.names(app, "77777", in: all) == ["Nguyễn Văn Bình"])
            let csv = MemberImportExportTests.header + "Lê Thị Hoa,01/01/1990,Nữ,Kinh,44088888,01/01/2015,01/01/2016,A2\n"
            #expect(try await MemberImport(db: app.db, today: app.capuy.today()).run(Data(csv.utf8), dryRun: false).imported == 1)
            #expect(try await Self.names(app, "thi hoa", in: all) == ["Lê Thị Hoa"])
            try await Member.query(on: app.db).filter(\.$fullName == "Lê Thị Hoa").delete()
            #expect(try await Self.names(app, "thi hoa", in: all).isEmpty)
        }
    }

    @Test("A search with more than 1,000 matches lists the first 1,000 in name order and says so, in the API and the page")
    func capped() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            // 1,005 namesakes, six of them with a second given name.
            let rows = (0..<1_005).map { i in
                "Nguyễn Văn Sơn\(i < 6 ? " Hà" : ""),01/01/1980,Nam,Kinh,4410\(String(format: "%04d", i)),01/01/2005,01/01/2006,A1"
            }
            let report = try await MemberImport(db: app.db, today: app.capuy.today())
                .run(Data((MemberImportExportTests.header + rows.joined(separator: "\n")).utf8), dryRun: false)
            #expect(report.imported == 1_005)
            let page = try await MemberService(db: app.db, actor: .system, today: app.capuy.today())
                .list(Self.search("nguyen van son"), in: Scope([f.p.treePath]))
            #expect(page.capped && page.total == MemberService.searchCap)
            #expect(page.items.map(\.fullName) == page.items.map(\.fullName).sorted { VietnameseCollation.sortKey(fullName: $0) < VietnameseCollation.sortKey(fullName: $1) })
            // Below the cap, the count is exact and not marked.
            let few = try await MemberService(db: app.db, actor: .system, today: app.capuy.today())
                .list(Self.search("son ha"), in: Scope([f.p.treePath]))
            #expect(!few.capped && few.total == 6)
        }
    }

    @Test("The unit search finds a unit by its code as well as its name")
    func unitsByCode() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let service = OrganizationService(db: app.db, actor: .system, today: app.capuy.today())
            let found = try await service.search(f.a1.code.lowercased(), kind: nil, in: Scope([f.p.treePath]))
            #expect(found.map(\.id).contains(f.a1.id))
        }
    }

    @Test("The rarest trigrams only narrow the search: a name holding every trigram of the text but not the text is not found")
    func rareTrigramsThenConfirm() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Trần Hoa Mai", in: f.a1, female: true)
            // "hoa", "oa ", "a m", " ma", "mai" are all in this name; "hoa mai" is not.
            _ = try await f.member(app, "Lê Hoa Mạnh Mai", in: f.a2, female: true)
            for given in ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam"] {
                _ = try await f.member(app, "Nguyễn Văn Mai \(given)", in: f.b1)
            }
            let all = Scope([f.p.treePath])
            #expect(try await Self.names(app, "hoa mai", in: all) == ["Trần Hoa Mai"])
            #expect(MemberSearchTerms.trigrams(of: "hoa mai") == ["hoa", "oa ", "a m", " ma", "mai"])
            // On SQLite the query keeps at most five terms, the rarest first: "mai" is in 14 names,
            // the others in 13 or fewer (PostgreSQL's trigram index plans its own search).
            if app.db.isSQLite {
                let query = try await MemberSearchTerms.query(for: "nguyen van mai", on: app.db)
                #expect(query.components(separatedBy: " AND ").count == MemberSearchTerms.used)
                #expect(!query.contains("\"mai\""))
            }
            #expect(try await Self.names(app, "nguyen van mai", in: all).count == 12)
            #expect(try await Self.names(app, "van mai h", in: all) == ["Nguyễn Văn Mai Hải", "Nguyễn Văn Mai Hùng"])
        }
    }

    @Test("A large search pages its hits in name order, by cursor both ways and by page number, with no loss and no repeat")
    func searchPagesByCursor() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let given = ["An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Khoa", "Long", "Minh", "Nam"]
            for (n, g) in given.reversed().enumerated() { _ = try await f.member(app, "Nguyễn Văn Mai \(g)", in: n % 2 == 0 ? f.a1 : f.b1) }
            let service = MemberService(db: app.db, actor: .system, today: app.capuy.today())
            let all = Scope([f.p.treePath])
            var q = Self.search("van mai")
            q.per = 5
            let first = try await service.list(q, in: all)
            #expect(first.total == 12 && first.previous == nil)
            q.keyset = .after(try #require(first.next))
            let second = try await service.list(q, in: all)
            q.keyset = .after(try #require(second.next))
            let third = try await service.list(q, in: all)
            #expect(third.next == nil && third.items.count == 2)
            let walked = (first.items + second.items + third.items).map(\.fullName)
            #expect(walked == given.map { "Nguyễn Văn Mai \($0)" })
            q.keyset = .before(try #require(third.previous))
            #expect(try await service.list(q, in: all).items.map(\.fullName) == second.items.map(\.fullName))
            q.keyset = nil
            q.page = 2
            #expect(try await service.list(q, in: all).items.map(\.fullName) == second.items.map(\.fullName))
        }
    }
}
