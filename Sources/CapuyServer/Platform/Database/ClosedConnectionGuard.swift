import FluentKit
import FluentPostgresDriver
import Foundation
import NIOCore
import SQLKit

/// A PostgreSQL transaction's connection, with every statement written to it
/// from its own event loop, and only while its channel is still open.
///
/// Why (issue 14, fault tests): PostgresNIO 1.33 writes a query to its
/// channel with no write promise. When the channel has already closed (the
/// server restarted between two statements of one transaction), NIO drops
/// that write and the query's promise is never completed: the request waited
/// forever, and its pooled connection was never given back. Checking
/// `isClosed` on the channel's event loop and writing in the same turn of
/// that loop leaves no moment for the close to slip in; a closed connection
/// fails at once with `Closed`, which answers 503 (`DatabaseUnavailable`).
struct ClosedConnectionGuard: Database, SQLDatabase {
    struct Closed: Error, CustomStringConvertible {
        var description: String { "the PostgreSQL connection of this transaction has closed" }
    }

    let base: any Database
    let sqlBase: any SQLDatabase
    let connection: PostgresConnection

    /// One transaction on `db`: on PostgreSQL its BEGIN, statements, COMMIT
    /// and ROLLBACK all go through the guard (Fluent's own transaction writes
    /// COMMIT and ROLLBACK unguarded, and a ROLLBACK after the server closed
    /// the connection was the write that hung); any other database runs
    /// Fluent's transaction.
    static func transaction<T: Sendable>(on db: any Database,
                                         _ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard db is any PostgresDatabase else { return try await db.transaction(body) }
        return try await db.withConnection { conn in
            guard let pg = conn as? any PostgresDatabase, let sql = conn as? any SQLDatabase else { return try await conn.transaction(body) }
            let connection = try await pg.withConnection { $0.eventLoop.makeSucceededFuture($0) }.get()
            let tx = ClosedConnectionGuard(base: conn, sqlBase: sql, connection: connection)
            try await tx.execute(sql: SQLRaw("BEGIN"), { _ in })
            do {
                let result = try await body(tx)
                try await tx.execute(sql: SQLRaw("COMMIT"), { _ in })
                return result
            } catch {
                // On a closed connection this fails at once; the server has
                // rolled the transaction back itself.
                try? await tx.execute(sql: SQLRaw("ROLLBACK"), { _ in })
                throw error
            }
        }
    }

    private func guarded(_ work: @escaping @Sendable () -> EventLoopFuture<Void>) -> EventLoopFuture<Void> {
        let connection = self.connection
        return connection.eventLoop.flatSubmit {
            guard !connection.isClosed else {
                return connection.eventLoop.makeFailedFuture(Closed())
            }
            return work()
        }
    }

    // MARK: Database

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> ()) -> EventLoopFuture<Void> {
        guarded { base.execute(query: query, onOutput: onOutput) }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        guarded { base.execute(schema: schema) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        guarded { base.execute(enum: `enum`) }
    }

    /// Already inside the transaction: a nested one is this one.
    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }

    // MARK: SQLDatabase

    var logger: Logger { sqlBase.logger }
    var eventLoop: any EventLoop { sqlBase.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { sqlBase.version }
    var dialect: any SQLDialect { sqlBase.dialect }
    var queryLogLevel: Logger.Level? { sqlBase.queryLogLevel }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guarded { sqlBase.execute(sql: query, onRow) }
    }

    /// Through the future form: PostgresKit's async form writes from the
    /// calling task, off the event loop, which is the race this type closes.
    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await guarded { sqlBase.execute(sql: query, onRow) }.get()
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await closure(self)
    }
}
