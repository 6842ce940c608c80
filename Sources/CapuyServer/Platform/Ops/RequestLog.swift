import Foundation
import Vapor

/// One structured line per request: method, route pattern, status, time.
/// The route pattern (`/dang-vien/:id`) is logged instead of the path, and
/// never the query string, so no name or search term reaches the logs.
struct RequestLog: AsyncMiddleware {
    let metrics: Metrics

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        var status = 500
        defer {
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "(unmatched)"
            metrics.observe(method: request.method.rawValue, route: route, status: status, seconds: seconds)
            request.logger.info("request", metadata: [
                "method": .string(request.method.rawValue),
                "route": .string(route),
                "status": .stringConvertible(status),
                "ms": .string(String(format: "%.1f", seconds * 1000)),
            ])
        }
        do {
            let response = try await next.respond(to: request)
            status = Int(response.status.code)
            return response
        } catch {
            status = Int((error as? any AbortError)?.status.code ?? 500)
            throw error
        }
    }
}
