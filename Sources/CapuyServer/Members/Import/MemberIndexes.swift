import Fluent
import SQLKit

/// The members table's secondary indexes, as their migrations made them. A
/// load larger than the table already holds (an office's first import, the
/// national file) drops them and builds them again after the insert, in the
/// same transaction: one sort per index instead of millions of inserts at
/// random places in each (issue 16). A test holds this list to the database's.
enum MemberIndexes {
    struct Index {
        let name: String
        let columns: [String]
    }

    /// Loads from this many rows may rebuild the indexes.
    static let largeLoad = 50_000

    static let secondary = [
        Index(name: "members_org", columns: ["organization_id"]),
        Index(name: "members_list", columns: ["organization_path", "sort_key", "id", "status"]),
        Index(name: "members_sort", columns: ["sort_key", "id", "organization_path", "status"]),
        // A year's admissions in a subtree, for the year-end report (issue 18).
        Index(name: "members_admission", columns: ["admission_date", "organization_path"]),
    ]

    /// Whether adding `rows` is worth rebuilding the indexes: a large load,
    /// larger than the table (on PostgreSQL the trigram index goes too).
    static func rebuildPays(adding rows: Int, from minimum: Int = largeLoad, on db: any Database) async throws -> Bool {
        guard rows >= minimum else { return false }
        struct Count: Decodable { let n: Int }
        // Counted up to the load's size only: whether the table is smaller is all that matters.
        let existing = try await db.sql.raw("""
            SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (SELECT 1 FROM \(ident: Member.schema) LIMIT \(unsafeRaw: String(rows))) t
            """).first(decoding: Count.self)?.n ?? 0
        return existing < rows
    }

    /// Whether the members table holds no row at all.
    static func isEmpty(on db: any Database) async throws -> Bool {
        struct Row: Decodable { let one: Int }
        return try await db.sql.raw("SELECT 1 AS one FROM \(ident: Member.schema) LIMIT 1").first(decoding: Row.self) == nil
    }

    /// Drops the indexes (on SQLite the search table's insert trigger: the
    /// new rows enter it in one statement after) and returns where the new
    /// rows will start: every rowid added in this transaction is above it.
    static func drop(on db: any Database) async throws -> Int64 {
        for index in secondary { try await db.sql.drop(index: index.name).run() }
        guard db.isSQLite else {
            try await db.sql.raw("DROP INDEX \(unsafeRaw: MemberSearchIndex.table)").run()
            return 0
        }
        try await db.sql.raw("DROP TRIGGER member_search_insert").run()
        struct Row: Decodable { let last: Int64? }
        return try await db.sql.raw("SELECT MAX(rowid) AS last FROM \(ident: Member.schema)").first(decoding: Row.self)?.last ?? 0
    }

    static func create(on db: any Database, newRowsAfter last: Int64) async throws {
        for index in secondary {
            let builder = db.sql.create(index: index.name).on(Member.schema)
            for column in index.columns { _ = builder.column(column) }
            try await builder.run()
        }
        guard db.isSQLite else {
            try await CreateMemberSearchIndex.postgresIndex(on: db)
            return
        }
        try await db.sql.raw("""
            INSERT INTO \(unsafeRaw: MemberSearchIndex.table) (rowid, text)
            SELECT rowid, \(unsafeRaw: MemberSearchIndex.text) FROM \(unsafeRaw: Member.schema) WHERE rowid > \(bind: last)
            """).run()
        try await CreateMemberSearchIndex.insertTrigger(on: db)
    }
}
