import Fluent
import Foundation
import SQLKit

/// `capuy backup` and `capuy restore` (issue 14). On SQLite the copy is made
/// with `VACUUM INTO` inside one read transaction, so it is consistent while
/// the server keeps writing; on PostgreSQL `pg_dump` makes a custom-format
/// archive. The data key is never inside a backup: without it the sealed
/// identities of denouncers cannot be opened, and with it anyone holding
/// the backup could open them, so it is kept apart.
enum Backup {
    enum Format: Equatable {
        case sqlite
        case postgresDump
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What a file holds, from its first bytes.
    static func format(of path: String) -> Format? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 16)) ?? Data()
        if head.starts(with: Data("SQLite format 3\u{0}".utf8)) { return .sqlite }
        if head.starts(with: Data("PGDMP".utf8)) { return .postgresDump }
        return nil
    }

    /// Copies a serving SQLite database to `path`, which must not exist.
    static func sqlite(to path: String, on db: any Database) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "Tệp \(path) đã có; chọn tên khác. \(path) exists already; choose another name.")
        }
        try await db.sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Archives a PostgreSQL database with pg_dump (custom format).
    static func postgres(url: String, to path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "Tệp \(path) đã có; chọn tên khác. \(path) exists already; choose another name.")
        }
        try run("pg_dump", ["--format=custom", "--no-owner", "--file=\(path)", "--dbname=\(url)"])
    }

    /// Puts a SQLite backup in place of a database file that does not exist
    /// yet (or is empty), after checking the backup's integrity.
    static func restoreSQLite(from backup: String, to target: String) throws {
        let fm = FileManager.default
        if fm.fileExists(atPath: target), ((try? fm.attributesOfItem(atPath: target)[.size] as? Int) ?? 0) > 0 {
            throw Failure(description: "CAPUY_DATABASE_URL (\(target)) đã có dữ liệu: chỉ khôi phục vào cơ sở dữ liệu trống. "
                + "It holds data already: restore only into an empty database.")
        }
        for suffix in ["-wal", "-shm"] where fm.fileExists(atPath: target + suffix) { try fm.removeItem(atPath: target + suffix) }
        if fm.fileExists(atPath: target) { try fm.removeItem(atPath: target) }
        let aside = target + ".restoring"
        try? fm.removeItem(atPath: aside)
        try fm.copyItem(atPath: backup, toPath: aside)
        try fm.moveItem(atPath: aside, toPath: target)
    }

    /// Restores a pg_dump archive into a PostgreSQL database with no tables.
    static func restorePostgres(from backup: String, url: String, on db: any Database) async throws {
        struct Count: Decodable { let n: Int }
        let tables = try await db.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM information_schema.tables WHERE table_schema = current_schema()")
            .first(decoding: Count.self)?.n ?? 0
        guard tables == 0 else {
            throw Failure(description: "CAPUY_DATABASE_URL đã có \(tables) bảng: chỉ khôi phục vào cơ sở dữ liệu trống. "
                + "It has \(tables) tables already: restore only into an empty database.")
        }
        try run("pg_restore", ["--no-owner", "--exit-on-error", "--dbname=\(url)", backup])
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let errors = Pipe()
        process.standardError = errors
        do { try process.run() } catch {
            throw Failure(description: "Không chạy được \(tool) (apt-get install postgresql-client). Cannot run \(tool).")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed: " + String(decoding: message.prefix(1000), as: UTF8.self))
        }
    }
}
