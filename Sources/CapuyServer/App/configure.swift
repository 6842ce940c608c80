import Foundation
import Fluent
import Leaf
import LeafKit
import Vapor

/// Wires the app: settings, database, middleware, views, routes. Shared by
/// the server and every CLI command.
public func configure(_ app: Application, settings: Settings, searchPath: [String]? = nil,
                      clock: (@Sendable () -> Date)? = nil) async throws {
    let dataKey = try DataKey.loadOrCreate(path: settings.dataKeyFile)
    app.capuy = CapuyContext(settings: settings,
                             hasher: PasswordHasher(cost: settings.bcryptCost, threadPool: app.threadPool),
                             dataKey: dataKey, metrics: Metrics(), clock: clock ?? { Date() })
    try app.useDatabase(settings.database, poolSize: settings.databasePoolSize, searchPath: searchPath)
    CapuyMigrations.all.forEach { app.migrations.add($0) }

    app.http.server.configuration.hostname = settings.hostname
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = "2mb"
    // Clients (and the test suite) read problem documents as JSON.
    ContentConfiguration.global.use(decoder: JSONDecoder(), for: HTTPMediaType(type: "application", subType: "problem+json"))
    NulCharacterGuard.install(in: &ContentConfiguration.global)

    // Order matters: the log sees every answer, errors are rendered before
    // headers are added, and sessions are read before anything needs them.
    app.middleware = .init()
    app.middleware.use(RequestLog(metrics: app.capuy.metrics))
    app.middleware.use(SecurityHeaders())
    app.middleware.use(CapuyErrorMiddleware())
    app.middleware.use(NulCharacterGuard())
    app.middleware.use(FileMiddleware(publicDirectory: AppPaths.publicDirectory(app)))
    app.middleware.use(SessionAuthenticator())
    app.middleware.use(CSRFProtection())

    app.views.use(.leaf)
    app.leaf.sources = .singleSource(NIOLeafFiles(fileio: app.fileio, limits: .default,
                                                  sandboxDirectory: AppPaths.viewsDirectory(app),
                                                  viewDirectory: AppPaths.viewsDirectory(app)))
    app.leaf.cache.isEnabled = app.environment.isRelease

    try routes(app)
}

/// Where templates and static files are: in the working directory when run
/// from the project root (`swift run`, CI), else beside the sources.
enum AppPaths {
    static func root(_ app: Application) -> String {
        let cwd = app.directory.workingDirectory
        if FileManager.default.fileExists(atPath: cwd + "Resources/Views") { return cwd }
        let source = URL(fileURLWithPath: #filePath) // Sources/CapuyServer/App/configure.swift
        return source.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path + "/"
    }

    static func viewsDirectory(_ app: Application) -> String { root(app) + "Resources/Views/" }
    static func publicDirectory(_ app: Application) -> String { root(app) + "Public/" }
}
