@testable import CapuyServer
import CapuyCore
import Foundation
import PropertyBased
import Testing
import Vapor
import VaporTesting

/// Issue 14, item 1: page, per, year, index and month parameters of the API
/// and of the pages, and search words, are request input that reaches
/// arithmetic (`(page - 1) * per`, `year ± 1`, ranges). Whatever Int or text
/// they carry, the server answers, never with a 5xx, and keeps answering.
@Suite("Query numbers and words: any value is answered, never fatal (issue 14, item 1)")
struct QueryNumberPropertyTests {
    /// Paths with two numbers to fill in: API first (token), then pages (cookie).
    static let apiPaths: [@Sendable (Int, Int) -> String] = [
        { a, b in "/api/v1/cases?page=\(a)&per=\(b)" },
        { a, b in "/api/v1/members?page=\(a)&per=\(b)" },
        { a, b in "/api/v1/documents?page=\(a)&per=\(b)&year=\(a)" },
        { a, _ in "/api/v1/commitments?year=\(a)" },
        { a, b in "/api/v1/cases/statistics?year=\(a)&index=\(b)" },
        { a, b in "/api/v1/cases/statistics?period=quarter&year=\(a)&index=\(b)" },
        { a, _ in "/api/v1/inspections/statistics?year=\(a)" },
        { a, b in "/api/v1/reception-sessions?month=\(a)-\(b)" },
    ]
    static let pagePaths: [@Sendable (Int, Int) -> String] = [
        { a, b in "/van-ban?trang=\(a)&nam=\(b)" },
        { a, _ in "/dang-vien?trang=\(a)" },
        { a, _ in "/cam-ket?nam=\(a)" },
        { a, _ in "/don-thu?trang=\(a)" },
        { a, b in "/don-thu/thong-ke?period=month&year=\(a)&index=\(b)" },
        { a, _ in "/kiem-tra?nam=\(a)" },
    ]
    static let edgeInts: [Int] = [.max, .min, .max - 1, .min + 1, 0, -1, 1, 9999, 10_000, 100_001, 1_000_001]

    @Test("page, per, year, index and month: any Int pair answers below 500, then the server still answers")
    func anyNumbers() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "quan-tri", .admin, at: f.p)
            let cookie = try await WebSession.cookie(app, "quan-tri")
            func probe(_ a: Int, _ b: Int) async throws {
                for path in Self.apiPaths.map({ $0(a, b) }) {
                    let res = try await API.call(app, .GET, path, token: token)
                    #expect(res.status.code < 500, "\(path) → \(res.status)")
                }
                for path in Self.pagePaths.map({ $0(a, b) }) {
                    let res = try await WebSession.get(app, path, cookie: cookie)
                    #expect(res.status.code < 500, "\(path) → \(res.status)")
                }
            }
            // when / then
            for a in Self.edgeInts { try await probe(a, a == .max ? .min : .max) }
            await propertyCheck(count: 15, input: Gen.int(), Gen.int()) { a, b in try await probe(a, b) }
            #expect(try await API.call(app, .GET, "/api/v1/members", token: token).status == .ok)
        }
    }

    @Test("Search words of any Unicode, NUL included, answer below 500")
    func anyWords() async throws {
        try await TestApp.withApp { app in
            // given
            let f = try await Fixture.make(app)
            let token = try await f.user(app, "quan-tri", .admin, at: f.p)
            let words = Gen<UInt32>.value(in: 0...0x10FFFF).map { Unicode.Scalar($0) ?? "\u{FFFD}" }.array(of: 0...20)
                .map { scalars -> String in
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars)
                    return String(view)
                }
            func probe(_ text: String) async throws {
                var query = URLComponents()
                query.queryItems = [URLQueryItem(name: "q", value: text)]
                let encoded = query.percentEncodedQuery ?? ""
                for path in ["/api/v1/members?", "/api/v1/cases?", "/api/v1/documents?", "/api/v1/organizations?", "/api/v1/public/units?"] {
                    let res = try await API.call(app, .GET, path + encoded, token: token)
                    #expect(res.status.code < 500, "\(path)\(encoded) → \(res.status)")
                }
            }
            // when / then
            for text in ["\u{0}", "%", "_", "'", "\\", "Nguyễn\u{0}Văn", String(repeating: "a", count: 500)] { try await probe(text) }
            await propertyCheck(count: 15, input: words) { text in try await probe(text) }
        }
    }
}
