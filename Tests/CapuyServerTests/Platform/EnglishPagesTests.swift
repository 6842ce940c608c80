@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 6: English complete. The demo province is walked in
/// English from the home, following every link to a page (one page per
/// route), and no page may show a Vietnamese string of the string tables:
/// only names and document titles stay Vietnamese. A second check catches
/// text written in the code: any Vietnamese word on an English page must be
/// a word of the data.
@Suite("English pages")
struct EnglishPagesTests {
    /// Vietnamese values of the string tables that English says otherwise,
    /// as a page would show them: a whole text (">Chi bộ<") or a whole
    /// attribute value ("=\"Chi bộ\""). A name that holds the same words
    /// ("Chi bộ Thôn 1") is data, not a leaked label, and does not match.
    static func vietnameseOnly() -> [(key: String, forms: [String])] {
        Strings.vi.compactMap { key, value in
            guard let en = Strings.en[key], en != value, value.unicodeScalars.contains(where: { $0.value > 0x7F }) else { return nil }
            let escaped = HTMLText.escape(value)
            return (key, [">\(escaped)<", "=\"\(escaped)\"", "> \(escaped)<", ">\(escaped) <"])
        }.sorted { $0.key < $1.key }
    }

    static func route(_ path: String) -> String {
        "/" + path.split(separator: "/").map { $0.count == 36 && UUID(uuidString: String($0)) != nil ? ":id" : String($0) }.joined(separator: "/")
    }

    /// Links to pages in an HTML body: downloads, the language switch, sign-out and the API are not pages.
    static func links(_ body: String) -> [String] {
        body.components(separatedBy: "href=\"").dropFirst().compactMap { rest in
            guard let end = rest.firstIndex(of: "\"") else { return nil }
            let href = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            guard href.hasPrefix("/"), !href.hasPrefix("/api/"), !href.hasPrefix("/ngon-ngu/"), !href.hasPrefix("/css/"),
                  !href.hasPrefix("/js/") else { return nil }
            let path = href.split(separator: "#").first.map(String.init) ?? href
            let bare = path.split(separator: "?").first.map(String.init) ?? path
            guard ![".xlsx", ".docx", ".csv", ".json"].contains(where: { bare.hasSuffix($0) }), !bare.contains("/dinh-kem/") else { return nil }
            return path
        }
    }

    /// Whether a word holds a letter only Vietnamese uses (ă, đ, ơ, ư, and
    /// the tone marks): English text has none.
    static func isVietnamese(_ word: Substring) -> Bool {
        word.unicodeScalars.contains { (0x00C0...0x1EF9).contains($0.value) }
    }

    /// The words of a page's text, with scripts, styles and tags taken out.
    static func textWords(_ html: String) -> [Substring] {
        var text = html
        for tag in ["script", "style"] {
            while let open = text.range(of: "<\(tag)"), let close = text.range(of: "</\(tag)>", range: open.upperBound..<text.endIndex) {
                text.removeSubrange(open.lowerBound..<close.upperBound)
            }
        }
        var out = "", inTag = false
        for ch in text {
            if ch == "<" { inTag = true; out.append(" ") } else if ch == ">" { inTag = false } else if !inTag { out.append(ch) }
        }
        return out.lowercased().split { !$0.isLetter }
    }

    /// Every word the database holds in a text column: names, titles,
    /// notes and the rest of the data, which English pages show as they are.
    static func dataWords(_ db: any SQLDatabase) async throws -> Set<String> {
        let tables = try await db.raw(TestApp.postgresURL == nil
            ? "SELECT name AS t FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()").all()
            .map { try $0.decode(column: "t", as: String.self) }
        var words: Set<String> = []
        for table in tables where !table.hasPrefix("sqlite_") {
            for row in try await db.raw("SELECT * FROM \(ident: table)").all() {
                for column in row.allColumns {
                    guard let value = try? row.decode(column: column, as: String?.self) else { continue }
                    for word in value.lowercased().split(whereSeparator: { !$0.isLetter }) where isVietnamese(word) { words.insert(String(word)) }
                }
            }
        }
        return words
    }

    @Test("Every page of the demo, walked in English from the home, shows no Vietnamese-only string of the string tables")
    func walk() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let cookie = try await WebSession.cookie(app, "admin") + "; \(Language.cookieName)=en"
            let strings = Self.vietnameseOnly()
            #expect(strings.count > 300, "the tables hold hundreds of Vietnamese strings: \(strings.count)")
            // The language switch names Vietnamese in Vietnamese, as such switches do.
            let data = try await Self.dataWords(app.db as! any SQLDatabase).union(["tiếng", "việt"])
            var seen: Set<String> = [], queue = ["/", "/cong-dan"], leaks: [String] = [], loose: [String: Set<String>] = [:]
            while !queue.isEmpty, seen.count < 200 {
                let path = queue.removeFirst()
                let route = Self.route(path.split(separator: "?").first.map(String.init) ?? path)
                guard seen.insert(route).inserted else { continue }
                let res = try await WebSession.get(app, path, cookie: cookie)
                #expect(res.status == .ok, "\(path): \(res.status)")
                let body = res.body.string
                #expect(body.contains("<html lang=\"en\">"), "\(path) is not in English")
                for (key, forms) in strings {
                    if let form = forms.first(where: body.contains) { leaks.append("\(route): \(key) \(form)") }
                }
                // Text written in the code rather than the tables: a Vietnamese
                // word that no name, title or other data holds.
                for word in Self.textWords(body) where Self.isVietnamese(word) && !data.contains(String(word)) {
                    loose[route, default: []].insert(String(word))
                }
                queue += Self.links(body).filter { !seen.contains(Self.route($0.split(separator: "?").first.map(String.init) ?? $0)) }
            }
            #expect(seen.count >= 40, "the walk reached \(seen.count) routes: \(seen.sorted())")
            #expect(seen.count < 200, "the walk was cut at 200 routes")
            #expect(leaks.isEmpty, "\(leaks.count) Vietnamese strings in English pages:\n\(leaks.joined(separator: "\n"))")
            #expect(loose.isEmpty, "Vietnamese words outside the data in English pages:\n\(loose.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.sorted().joined(separator: " "))" }.joined(separator: "\n"))")
        }
    }
}
