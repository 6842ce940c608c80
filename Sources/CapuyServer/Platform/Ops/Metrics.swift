import Foundation
import NIOConcurrencyHelpers

/// Request counters and a latency histogram, exposed in Prometheus text at
/// `/metrics`. Labels are route patterns, never concrete paths (no ids, no
/// personal data in series names).
final class Metrics: Sendable {
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct Series: Hashable { let method: String; let route: String; let status: Int }
    private struct State {
        var counts: [Series: Int] = [:]
        var bucketCounts = [Int](repeating: 0, count: Metrics.buckets.count)
        var durationSum: Double = 0
        var durationCount = 0
    }

    private let state = NIOLockedValueBox(State())
    let startedAt = Date()

    func observe(method: String, route: String, status: Int, seconds: Double) {
        state.withLockedValue { s in
            s.counts[Series(method: method, route: route, status: status), default: 0] += 1
            for (i, bound) in Self.buckets.enumerated() where seconds <= bound { s.bucketCounts[i] += 1 }
            s.durationSum += seconds
            s.durationCount += 1
        }
    }

    func render() -> String {
        let s = state.withLockedValue { $0 }
        var out = "# HELP capuy_http_requests_total HTTP requests by route pattern and status.\n"
        out += "# TYPE capuy_http_requests_total counter\n"
        for (series, count) in s.counts.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "capuy_http_requests_total{method=\"\(series.method)\",route=\"\(escape(series.route))\",status=\"\(series.status)\"} \(count)\n"
        }
        out += "# HELP capuy_http_request_duration_seconds Time to answer a request.\n"
        out += "# TYPE capuy_http_request_duration_seconds histogram\n"
        for (i, bound) in Self.buckets.enumerated() {
            out += "capuy_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(s.bucketCounts[i])\n"
        }
        out += "capuy_http_request_duration_seconds_bucket{le=\"+Inf\"} \(s.durationCount)\n"
        out += "capuy_http_request_duration_seconds_sum \(s.durationSum)\n"
        out += "capuy_http_request_duration_seconds_count \(s.durationCount)\n"
        out += "# HELP capuy_uptime_seconds Seconds since this instance started.\n"
        out += "# TYPE capuy_uptime_seconds gauge\n"
        out += "capuy_uptime_seconds \(Int(Date().timeIntervalSince(startedAt)))\n"
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
