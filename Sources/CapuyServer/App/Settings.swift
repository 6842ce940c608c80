import CapuyCore
import Foundation

/// Configuration read from the environment (DESIGN.md, Interfaces). A bad
/// value stops start-up with one sentence that names the variable.
public struct Settings: Sendable {
    public enum DatabaseTarget: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String)
    }

    public var database: DatabaseTarget
    public var dataKeyFile: String
    public var port: Int
    public var hostname: String
    /// bcrypt work factor; lowered only by the test suite, where thousands of
    /// hashes would otherwise dominate the run.
    public var bcryptCost: Int
    /// Cookies carry the Secure flag: set when the site is served over TLS.
    public var secureCookies = false
    /// Read the client address from X-Forwarded-For: only behind a balancer
    /// that sets it, or anyone could dodge the per-client sign-in throttle.
    public var trustProxy = false
    /// PostgreSQL connections per event loop (per core) of this instance.
    public var databasePoolSize = 4
    /// The largest file a document may carry (CAPUY_ATTACHMENT_MAX_MB).
    public var attachmentMaxBytes = 20 * 1_048_576
    /// Portal submissions one client may make an hour (CAPUY_PORTAL_SUBMITS_PER_HOUR).
    public var portalSubmitsPerHour = 10
    /// Receipt-code look-ups one client may make an hour: guessing codes stays hopeless.
    public var portalLookupsPerHour = 60
    /// An open case older than this many days is flagged long-running (CAPUY_CASE_LONG_RUNNING_DAYS).
    public var caseLongRunningDays = LongRunning.defaultThresholdDays
    /// R-CASE-2 and R-CASE-3 as data; today's law by default.
    public var caseTimeLimits = CaseTimeLimits.standard
    /// R-REC-1 as data.
    public var receptionQuota = ReceptionQuota.standard
    /// How often `serve` runs the scheduled jobs (CAPUY_JOB_INTERVAL_SECONDS);
    /// with several instances they still run once a period, under one lease.
    public var jobIntervalSeconds = 600
    /// The bearer token a scraper sends to read `/metrics`
    /// (CAPUY_METRICS_TOKEN, 24 characters or more). Without it the route
    /// answers 404: request counts by route are not for the public.
    public var metricsToken: String?

    public struct Invalid: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) throws -> Settings {
        let database = try parseDatabase(env["CAPUY_DATABASE_URL"] ?? "sqlite://capuy.sqlite", variable: "CAPUY_DATABASE_URL")
        let keyFile = env["CAPUY_DATA_KEY_FILE"] ?? "capuy.key"
        if keyFile.trimmingCharacters(in: .whitespaces).isEmpty {
            throw Invalid(description: "CAPUY_DATA_KEY_FILE is empty: give the path of the 32-byte data key file.")
        }
        let port = try parsePort(env["CAPUY_PORT"], variable: "CAPUY_PORT") ?? 8080
        let cost = try parseCost(env["CAPUY_BCRYPT_COST"])
        var settings = Settings(database: database, dataKeyFile: keyFile, port: port,
                                hostname: env["CAPUY_HOSTNAME"] ?? "127.0.0.1", bcryptCost: cost)
        settings.secureCookies = try parseFlag(env["CAPUY_SECURE_COOKIES"], variable: "CAPUY_SECURE_COOKIES")
        settings.trustProxy = try parseFlag(env["CAPUY_TRUST_PROXY"], variable: "CAPUY_TRUST_PROXY")
        settings.databasePoolSize = try parseWhole(env, "CAPUY_DB_POOL", 1...64) ?? settings.databasePoolSize
        settings.attachmentMaxBytes = try parseWhole(env, "CAPUY_ATTACHMENT_MAX_MB", 1...200, unit: "megabytes").map { $0 * 1_048_576 }
            ?? settings.attachmentMaxBytes
        settings.portalSubmitsPerHour = try parseWhole(env, "CAPUY_PORTAL_SUBMITS_PER_HOUR", 1...100_000) ?? settings.portalSubmitsPerHour
        settings.caseLongRunningDays = try parseWhole(env, "CAPUY_CASE_LONG_RUNNING_DAYS", 1...3650, unit: "days")
            ?? settings.caseLongRunningDays
        settings.jobIntervalSeconds = try parseWhole(env, "CAPUY_JOB_INTERVAL_SECONDS", 1...86_400, unit: "seconds")
            ?? settings.jobIntervalSeconds
        if let token = env["CAPUY_METRICS_TOKEN"], !token.isEmpty {
            guard token.count >= 24, token.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw Invalid(description: "CAPUY_METRICS_TOKEN must be 24 or more ASCII characters without spaces.")
            }
            settings.metricsToken = token
        }
        return settings
    }

    public static func parseDatabase(_ raw: String, variable: String) throws -> DatabaseTarget {
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw Invalid(description: "\(variable) names no file: write sqlite://PATH, for example sqlite://capuy.sqlite.")
            }
            return .sqlite(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard let url = URL(string: raw), url.host != nil, !(url.path.isEmpty || url.path == "/") else {
                throw Invalid(description: "\(variable) is not a usable PostgreSQL address: write postgres://USER:PASSWORD@HOST:PORT/DATABASE.")
            }
            return .postgres(url: raw)
        }
        throw Invalid(description: "\(variable) must start with sqlite:// or postgres:// (got “\(raw.prefix(40))”).")
    }

    /// A whole number in `range` from the variable, nil when it is unset.
    static func parseWhole(_ env: [String: String], _ variable: String, _ range: ClosedRange<Int>, unit: String? = nil) throws -> Int? {
        guard let raw = env[variable] else { return nil }
        guard let n = Int(raw), range.contains(n) else {
            let what = unit.map { "a whole number of \($0)" } ?? "a whole number"
            throw Invalid(description: "\(variable) must be \(what) from \(range.lowerBound) to \(range.upperBound) (got “\(raw.prefix(20))”).")
        }
        return n
    }

    static func parsePort(_ raw: String?, variable: String) throws -> Int? {
        guard let raw else { return nil }
        guard let port = Int(raw), (1...65_535).contains(port) else {
            throw Invalid(description: "\(variable) must be a port number from 1 to 65535 (got “\(raw.prefix(20))”).")
        }
        return port
    }

    static func parseFlag(_ raw: String?, variable: String) throws -> Bool {
        switch raw?.lowercased() {
        case nil, "", "0", "false", "no": return false
        case "1", "true", "yes": return true
        default: throw Invalid(description: "\(variable) must be true or false (got “\(raw!.prefix(20))”).")
        }
    }

    static func parseCost(_ raw: String?) throws -> Int {
        guard let raw else { return 12 }
        guard let cost = Int(raw), (4...31).contains(cost) else {
            throw Invalid(description: "CAPUY_BCRYPT_COST must be a whole number from 4 to 31 (got “\(raw.prefix(20))”).")
        }
        return cost
    }
}
