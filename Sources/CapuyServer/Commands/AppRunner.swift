import Fluent
import Foundation
import Logging
import Vapor

/// Starts a configured app for a command and always shuts it down.
enum AppRunner {
    /// Commands other than `serve` log notices and worse unless LOG_LEVEL says otherwise.
    static var quietArguments: [String] {
        ["capuy", "--log", ProcessInfo.processInfo.environment["LOG_LEVEL"] ?? "notice"]
    }

    static func withApp<T>(arguments: [String] = AppRunner.quietArguments, migrate: Bool = true,
                           _ body: (Application) async throws -> T) async throws -> T {
        let settings: Settings
        do { settings = try Settings.fromEnvironment() } catch let e as Settings.Invalid { throw CleanExit.message(e.description) }
        var env = Environment(name: ProcessInfo.processInfo.environment["CAPUY_ENV"] ?? "production", arguments: arguments)
        try LoggingBootstrap.once(&env)
        let app = try await Application.make(env)
        do {
            do {
                try await configure(app, settings: settings)
            } catch let e as DataKey.Failure {
                throw CleanExit.message(e.description)
            }
            if migrate { try await Self.migrate(app) }
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    static func migrate(_ app: Application) async throws {
        do {
            try await app.autoMigrate()
            try await SQLiteTuning.apply(app)
        } catch {
            throw CleanExit.message("The database (CAPUY_DATABASE_URL) cannot be opened or migrated: \(Self.describe(error))")
        }
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "…" : text
    }
}

/// A failure a command reports as one sentence, with no stack trace.
enum CleanExit: Error, CustomStringConvertible {
    case message(String)
    var description: String { if case .message(let m) = self { return m }; return "" }
}

enum LoggingBootstrap {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func once(_ env: inout Environment) throws {
        lock.lock(); defer { lock.unlock() }
        guard !done else { return }
        try LoggingSystem.bootstrap(from: &env)
        done = true
    }
}
