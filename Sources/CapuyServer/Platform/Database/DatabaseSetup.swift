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

/// SQLite pragmas that must be set before the app serves. WAL mode belongs to
/// the file; `synchronous` belongs to each connection, and there is one per
/// event loop, so it is set on every one. With WAL and NORMAL a commit is in
/// the log before it returns: a killed process (even SIGKILL) loses nothing
/// acknowledged; only a power cut may lose the last commits before a
/// checkpoint. FULL would add an fsync to every commit (measured: the portal
/// fell from ~200+ to ~50 submissions a second).
enum SQLiteTuning {
    static func apply(_ app: Application) async throws {
        guard app.db.isSQLite else { return }
        try await app.db.sql.raw("PRAGMA journal_mode=WAL").run()
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) else { continue }
            try await db.sql.raw("PRAGMA synchronous=NORMAL").run()
            // Each commit of one connection empties the other's page cache;
            // memory-mapped reads make refilling it cheap (portal flood: CPU
            // time in the pager's shared lock was a fifth of the total).
            try await db.sql.raw("PRAGMA mmap_size=268435456").run()
        }
    }

    /// A larger page cache for one long write (issue 15: a national
    /// reorganization spilled its dirty pages to the log again and again,
    /// and every read then searched a log of gigabytes). Only a connection
    /// that writes that much fills it. The file is read without memory
    /// mapping then: the mapped pages a write of gigabytes touches count in
    /// the process's memory on top of the cache, and the cache serves it better.
    static func cache(_ app: Application, mebibytes: Int) async throws {
        guard app.db.isSQLite else { return }
        for loop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: loop) else { continue }
            try await db.sql.raw("PRAGMA cache_size=\(unsafeRaw: String(-mebibytes * 1024))").run()
            try await db.sql.raw("PRAGMA mmap_size=0").run()
        }
    }
}
