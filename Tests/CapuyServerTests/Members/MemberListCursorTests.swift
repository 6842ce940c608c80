@testable import CapuyServer
import CapuyCore
import Crypto
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 16, "Any page of any list": member lists page by keyset on
/// `(sort_key, id)` with a signed cursor; a tampered cursor is refused.
@Suite("Member list cursors")
struct MemberListCursorTests {
    static let names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em",
                        "Vũ Thị Giang", "Đặng Văn Hải", "Bùi Thị Khánh", "Ngô Văn Long"]

    static func world(_ app: Application) async throws -> (Fixture, String) {
        let f = try await Fixture.make(app)
        for (i, name) in names.enumerated() { _ = try await f.member(app, name, in: [f.a1, f.a2, f.b1][i % 3], female: name.contains("Thị")) }
        return (f, try await f.user(app, "bantochuc-tinh", .organizationBoard, at: f.p))
    }

    static func page(_ app: Application, _ token: String, _ query: String) async throws -> PageOf<MemberDTO> {
        let res = try await API.call(app, .GET, "/api/v1/members?" + query, token: token)
        try #require(res.status == .ok, "\(res.body.string)")
        return try res.content.decode(PageOf<MemberDTO>.self)
    }

    static func escaped(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? s }

    @Test("Walking the list by cursor, forwards then back, gives exactly the offset order, each member once, with no cursor past either end")
    func walksBothWays() async throws {
        try await TestApp.withApp { app in
            let (_, token) = try await Self.world(app)
            let whole = try await Self.page(app, token, "per=100").items.map(\.id)
            #expect(whole.count == Self.names.count)
            var pages: [[UUID]] = []
            var page = try await Self.page(app, token, "per=2")
            #expect(page.previous == nil)
            pages.append(page.items.map(\.id))
            while let next = page.next {
                page = try await Self.page(app, token, "per=2&after=" + Self.escaped(next))
                pages.append(page.items.map(\.id))
            }
            #expect(pages.flatMap { $0 } == whole && pages.count == 5 && page.next == nil)
            // Back from the last page, page by page, to the first.
            var back: [[UUID]] = [page.items.map(\.id)]
            while let previous = page.previous {
                page = try await Self.page(app, token, "per=2&before=" + Self.escaped(previous))
                back.insert(page.items.map(\.id), at: 0)
            }
            #expect(back == pages && page.previous == nil)
        }
    }

    @Test("A large subtree walks the name index; the page is the same as the subtree index gives")
    func bothPlansAgree() async throws {
        try await TestApp.withApp { app in
            let (f, _) = try await Self.world(app)
            let service = MemberService(db: app.db, actor: .system, today: app.capuy.today())
            let ordinary = MemberService.ListQuery(organizationId: f.a.id, per: 2)
            var walking = ordinary
            walking.walkNameOrderAbove = 0
            var seen: [[UUID]] = []
            for query in [ordinary, walking] {
                var q = query
                var ids: [UUID] = []
                while true {
                    let page = try await service.list(q, in: Scope([f.p.treePath]))
                    ids += page.items.map(\.id)
                    guard let next = page.next else { break }
                    q.keyset = .after(next)
                }
                seen.append(ids)
            }
            #expect(seen[0] == seen[1] && seen[0].count == 6)
        }
    }

    @Test("Offset paging stays for small lists; deep in a large list it is refused with a pointer to the cursors")
    func deepOffsets() async throws {
        try await TestApp.withApp { app in
            let (f, _) = try await Self.world(app)
            let service = MemberService(db: app.db, actor: .system, today: app.capuy.today())
            let deep = MemberService.maxOffset / 2 + 2
            let small = try await service.list(.init(organizationId: f.p.id, page: deep, per: 2), in: Scope([f.p.treePath]))
            #expect(small.items.isEmpty && small.total == Self.names.count)
            var large = MemberService.ListQuery(organizationId: f.p.id, page: deep, per: 2)
            large.walkNameOrderAbove = 0
            await #expect(throws: ValidationFailure.self) { try await service.list(large, in: Scope([f.p.treePath])) }
            // A shallow offset page of a large list reads the same rows either way.
            large.page = 2
            var plain = large
            plain.walkNameOrderAbove = MemberService.walkNameOrderAbove
            let a = try await service.list(large, in: Scope([f.p.treePath])), b = try await service.list(plain, in: Scope([f.p.treePath]))
            #expect(a.items.map(\.id) == b.items.map(\.id) && a.items.count == 2)
        }
    }

    @Test("A tampered, truncated, foreign or oversized cursor is refused with a reason in Vietnamese, on the API and the page")
    func tamperedCursors() async throws {
        try await TestApp.withApp { app in
            let (_, token) = try await Self.world(app)
            let good = try #require(try await Self.page(app, token, "per=2").next)
            let (payload, mac) = (good.split(separator: ".")[0], good.split(separator: ".")[1])
            // The same place signed by another server's key.
            let foreign = ListCursor.decodeUnchecked(good).map { $0.encoded(key: DataKey(key: .init(size: .bits256))) } ?? ""
            let flipped = String(payload.dropLast()) + (payload.last == "A" ? "B" : "A") + "." + mac
            for bad in [flipped, String(good.dropLast(3)), "\(payload)", "khong-phai-con-tro", foreign, String(repeating: "A", count: 10_000) + "." + mac] {
                let res = try await API.call(app, .GET, "/api/v1/members?after=" + Self.escaped(bad), token: token)
                #expect(res.status == .unprocessableEntity, "\(bad.prefix(40))")
                #expect(res.body.string.contains("\"after\"") && res.body.string.contains("Con trỏ trang không hợp lệ"))
            }
            let both = try await API.call(app, .GET, "/api/v1/members?after=\(Self.escaped(good))&before=\(Self.escaped(good))", token: token)
            #expect(both.status == .unprocessableEntity)
            let cookie = try await WebSession.cookie(app, "bantochuc-tinh")
            let html = try await WebSession.get(app, SiteURL.members.path + "?sau=" + Self.escaped(flipped), cookie: cookie)
            #expect(html.status == .unprocessableEntity && html.body.string.contains("Con trỏ trang không hợp lệ"))
        }
    }

    @Test("The page's next and previous links carry cursors that lead to the neighbouring pages, three pages deep and back")
    func pageLinks() async throws {
        try await TestApp.withApp { app in
            let (f, _) = try await Self.world(app)
            // 9 + 96 members: three pages of 50.
            let families = ["Nguyễn", "Trần", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
            let given = ["An", "Bảo", "Chí", "Đức", "Hùng", "Khoa", "Lâm", "Minh", "Nhân", "Phúc", "Quân", "Sơn"]
            for i in 0..<96 { _ = try await f.member(app, "\(families[i / 12]) Hữu \(given[i % 12])", in: f.b1) }
            let cookie = try await WebSession.cookie(app, "bantochuc-tinh")
            func link(_ rel: String, _ html: String) -> String? {
                guard let r = html.range(of: #"<a href="([^"]+)" rel="\#(rel)""#, options: .regularExpression) else { return nil }
                return String(html[r]).components(separatedBy: "\"")[1].replacingOccurrences(of: "&amp;", with: "&")
            }
            func rows(_ html: String) -> [String] {
                html.components(separatedBy: "href=\"/dang-vien/").dropFirst().map { String($0.prefix(36)) }.filter { UUID(uuidString: $0) != nil }
            }
            var pages: [String] = []
            var path: String? = SiteURL.members.path
            while let p = path, pages.count < 5 {
                let res = try await WebSession.get(app, p, cookie: cookie)
                try #require(res.status == .ok)
                pages.append(res.body.string)
                path = link("next", res.body.string)
            }
            #expect(pages.count == 3 && pages.map { rows($0).count } == [50, 50, 5])
            #expect(Set(pages.flatMap(rows)).count == 105)
            #expect(link("next", pages[1])?.contains("sau=") == true && link("prev", pages[2])?.contains("truoc=") == true)
            // Back from the third page by its link: the second page again.
            let back = try await WebSession.get(app, try #require(link("prev", pages[2])), cookie: cookie).body.string
            #expect(rows(back) == rows(pages[1]) && back.contains("Trang 2 / 3"))
        }
    }

    @Test("Any string read as a cursor is refused or read back exactly, and never traps (property)")
    func cursorReaderProperty() throws {
        let key = DataKey(key: .init(size: .bits256))
        var r = SeededRandom(seed: 16)
        let alphabet = Array("ABCxyz019-_.=+/ \n\u{0}đĐ€😀")
        for i in 0..<3_000 {
            let original = ListCursor(sortKey: String((0..<r.int(0...40)).map { _ in alphabet[r.int(0...(alphabet.count - 1))] }), id: UUID())
            let text = original.encoded(key: key)
            #expect(try ListCursor.decode(text, key: key) == original)
            // One character changed, dropped or added anywhere: refused.
            var chars = Array(text)
            let at = r.int(0...(chars.count - 1))
            switch i % 3 {
            case 0: chars[at] = chars[at] == "A" ? "B" : "A"
            case 1: chars.remove(at: at)
            default: chars.insert(alphabet[r.int(0...(alphabet.count - 1))], at: at)
            }
            let mutated = String(chars)
            if mutated != text { #expect(throws: ValidationFailure.self) { try ListCursor.decode(mutated, key: key) } }
            // Random text: refused.
            let noise = String((0..<r.int(0...300)).map { _ in alphabet[r.int(0...(alphabet.count - 1))] })
            #expect(throws: ValidationFailure.self) { try ListCursor.decode(noise, key: key) }
        }
    }
}

extension ListCursor {
    /// The cursor's place without checking its signature, for the test that re-signs it.
    static func decodeUnchecked(_ text: String) -> ListCursor? {
        guard let payload = text.split(separator: ".").first,
              let data = Data(base64Encoded: payload.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
                + String(repeating: "=", count: (4 - payload.count % 4) % 4)),
              let s = String(data: data, encoding: .utf8), let nl = s.firstIndex(of: "\n"), let id = UUID(uuidString: String(s[..<nl])) else { return nil }
        return ListCursor(sortKey: String(s[s.index(after: nl)...]), id: id)
    }
}
