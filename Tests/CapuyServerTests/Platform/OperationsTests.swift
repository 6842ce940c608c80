@testable import CapuyServer
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite("Operations endpoints and the OpenAPI document")
struct OperationsTests {
    @Test("/healthz answers ok when the database answers")
    func health() async throws {
        try await TestApp.withApp { app in
            let res = try await API.call(app, .GET, "/healthz")
            #expect(res.status == .ok)
            #expect(try res.content.get(String.self, at: "status") == "ok")
        }
    }

    static let metricsToken = "scraper-token-0123456789abcdef"

    @Test("/metrics counts requests by route pattern, never by concrete path")
    func metrics() async throws {
        try await TestApp.withApp(configure: { $0.metricsToken = Self.metricsToken }) { app in
            _ = try await API.call(app, .GET, "/healthz")
            _ = try await API.call(app, .GET, "/api/v1/organizations/\(UUID())")
            let text = try await API.call(app, .GET, "/metrics", token: Self.metricsToken).body.string
            #expect(text.contains("capuy_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"))
            #expect(text.contains("route=\"/api/v1/organizations/:id\",status=\"401\""))
            #expect(text.contains("capuy_http_request_duration_seconds_count"))
        }
    }

    @Test("/metrics is not public: 401 without the scraper's token or with a user's, 404 when no token is configured (issue 14, item 7)")
    func metricsPrivate() async throws {
        try await TestApp.withApp(configure: { $0.metricsToken = Self.metricsToken }) { app in
            let f = try await Fixture.make(app)
            let admin = try await f.user(app, "quan-tri", .admin, at: f.p)
            #expect(try await API.call(app, .GET, "/metrics").status == .unauthorized)
            #expect(try await API.call(app, .GET, "/metrics", token: admin).status == .unauthorized)
            #expect(try await API.call(app, .GET, "/metrics", token: Self.metricsToken + "x").status == .unauthorized)
        }
        try await TestApp.withApp { app async throws in
            #expect(try await API.call(app, .GET, "/metrics").status == .notFound)
        }
        #expect(throws: Settings.Invalid.self) { try Settings.fromEnvironment(["CAPUY_METRICS_TOKEN": "short"]) }
        #expect(try Settings.fromEnvironment(["CAPUY_METRICS_TOKEN": Self.metricsToken]).metricsToken == Self.metricsToken)
    }

    @Test("The OpenAPI document describes exactly the registered API and operations routes")
    func specMatchesRoutes() async throws {
        try await TestApp.withApp { app in
            let res = try await API.call(app, .GET, "/openapi.json")
            #expect(res.status == .ok)
            let doc = try JSONSerialization.jsonObject(with: Data(buffer: res.body)) as? [String: Any]
            #expect(doc?["openapi"] as? String == "3.1.0")
            let paths = try #require(doc?["paths"] as? [String: [String: Any]])
            var documented: Set<String> = []
            for (path, methods) in paths { for method in methods.keys { documented.insert(method.uppercased() + " " + path) } }
            var registered: Set<String> = []
            for route in app.routes.all {
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                if path.hasPrefix("/api/") || ["/healthz", "/metrics", "/openapi.json"].contains(path) {
                    registered.insert(route.method.rawValue + " " + path)
                }
            }
            #expect(documented.subtracting(registered).isEmpty, "documented but not routed: \(documented.subtracting(registered))")
            #expect(registered.subtracting(documented).isEmpty, "routed but not documented: \(registered.subtracting(documented))")
            // Every referenced schema exists.
            let schemas = try #require((doc?["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let text = res.body.string
            let refs = text.components(separatedBy: "#/components/schemas/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(refs.allSatisfy { schemas[$0] != nil })
        }
    }

    @Test("Errors from the API are problem documents with field details")
    func problem() async throws {
        try await TestApp.withApp { app in
            let res = try await API.call(app, .POST, "/api/v1/sessions", json: ["username": "x"])
            #expect(res.status == .unprocessableEntity)
            #expect(res.headers.contentType?.description.hasPrefix("application/problem+json") == true)
            #expect(try res.content.get(String.self, at: "errors", 0, "field") == "password")
            let unknown = try await API.call(app, .GET, "/api/v1/nothing-here")
            #expect(unknown.status == .notFound)
            #expect(unknown.headers.contentType?.description.hasPrefix("application/problem+json") == true)
        }
    }
}

@Suite("Health when the database is down")
struct HealthDownTests {
    @Test("/healthz answers 503 when the database does not answer")
    func down() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-down-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Nothing listens on port 1 of the loopback address.
        let settings = Settings(database: .postgres(url: "postgres://capuy:capuy@127.0.0.1:1/none"), dataKeyFile: dir.path + "/k",
                                port: 0, hostname: "127.0.0.1", bcryptCost: 4)
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings)
            let res = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(res.status == .serviceUnavailable)
            #expect(try res.content.get(String.self, at: "status") == "unavailable")
        } catch {
            Issue.record("\(error)")
        }
        try await app.asyncShutdown()
    }
}
