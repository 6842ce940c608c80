import Foundation
import SQLKit
import Vapor

/// `/healthz`, `/metrics`, `/openapi.json` and the language switch.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
        routes.get("metrics", use: metrics)
        routes.get("openapi.json", use: openAPI)
    }

    struct Health: Content {
        let status: String
    }

    func health(req: Request) async throws -> Response {
        do {
            try await req.db.sql.raw("SELECT 1").run()
            return try await Health(status: "ok").encodeResponse(status: .ok, for: req)
        } catch {
            return try await Health(status: "unavailable").encodeResponse(status: .serviceUnavailable, for: req)
        }
    }

    /// Only for the scraper holding CAPUY_METRICS_TOKEN (issue 14, item 7);
    /// unset, the route is as absent as any other unknown path.
    func metrics(req: Request) async throws -> Response {
        guard let expected = req.capuy.settings.metricsToken else { throw Refusal.notFound }
        guard let sent = req.headers.bearerAuthorization?.token,
              Digest.sha256Hex(Data(sent.utf8)) == Digest.sha256Hex(Data(expected.utf8)) else {
            throw Refusal(.unauthorized, "Cần mã truy cập số liệu vận hành.", en: "The metrics token is required.")
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
        return Response(status: .ok, headers: headers, body: .init(string: req.capuy.metrics.render()))
    }

    func openAPI(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: OpenAPIDocument.json))
    }
}
