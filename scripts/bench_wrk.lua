-- Prints wrk's figures as one JSON line for scripts/bench.py: latency
-- percentiles (p50, p95, p99) in milliseconds, requests per second, errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
                 + summary.errors.status + summary.errors.timeout
  io.write(string.format('WRK {"requests": %d, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, "errors": %d}\n',
    summary.requests, summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, errors))
end
