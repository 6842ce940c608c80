import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

extension Application {
    /// Points Fluent at the configured database. SQLite runs in WAL mode so
    /// that readers never wait for the writer.
    func useDatabase(_ target: Settings.DatabaseTarget, poolSize: Int, searchPath: [String]? = nil) throws {
        switch target {
        case .sqlite(let path):
            databases.use(.sqlite(.file(path), sqlLogLevel: .trace), as: .sqlite)
        case .postgres(let url):
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = searchPath
            databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: poolSize, sqlLogLevel: .trace), as: .psql)
        }
    }
}

extension Database {
    var sql: any SQLDatabase {
        // Both configured drivers are SQL drivers; this cast cannot fail at run time.
        self as! any SQLDatabase
    }

    var isSQLite: Bool { sql.dialect.name == "sqlite" }
}

/// SQLite pragmas that must be set on the file before the app serves.
enum SQLiteTuning {
    static func apply(_ db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("PRAGMA journal_mode=WAL").run()
        try await db.sql.raw("PRAGMA synchronous=NORMAL").run()
    }
}
