import CapuyCore
import Fluent
import SQLKit

/// The member name and card search across the tree (issue 16): on SQLite an
/// FTS5 table with the trigram tokenizer, on PostgreSQL a `pg_trgm` GIN
/// index; either finds any part of a folded name or a card number. SQLite's
/// table is kept by triggers and PostgreSQL's index by the database, so each
/// change of a member updates it in that change's own transaction.
enum MemberSearchIndex {
    static let table = "member_search"
    /// What is searched: the folded name and the card number, as one text.
    static let text = "name_folded || ' ' || COALESCE(party_card_number, '')"
    /// Trigrams need three characters; a shorter text is matched by scanning the subtree.
    static let shortest = 3
}

struct CreateMemberSearchIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        let t = MemberSearchIndex.table, m = Member.schema, text = MemberSearchIndex.text
        guard db.isSQLite else {
            try await Self.postgresIndex(on: db)
            return
        }
        // Contentless: the names live in `members` once; deletes by rowid need contentless_delete.
        // The rowid is the member row's (VACUUM, and so `capuy backup`, keeps rowids).
        try await db.sql.raw("CREATE VIRTUAL TABLE \(unsafeRaw: t) USING fts5(text, content='', contentless_delete=1, tokenize='trigram')").run()
        try await db.sql.raw("INSERT INTO \(unsafeRaw: t) (rowid, text) SELECT rowid, \(unsafeRaw: text) FROM \(unsafeRaw: m)").run()
        try await Self.insertTrigger(on: db)
        try await db.sql.raw("""
            CREATE TRIGGER member_search_delete AFTER DELETE ON \(unsafeRaw: m) BEGIN
              DELETE FROM \(unsafeRaw: t) WHERE rowid = old.rowid;
            END
            """).run()
        try await db.sql.raw("""
            CREATE TRIGGER member_search_update AFTER UPDATE OF name_folded, party_card_number ON \(unsafeRaw: m) BEGIN
              DELETE FROM \(unsafeRaw: t) WHERE rowid = old.rowid;
              INSERT INTO \(unsafeRaw: t) (rowid, text) VALUES (new.rowid, \(unsafeRaw: Self.new(text)));
            END
            """).run()
    }

    /// The search text of the row a trigger sees as `new`.
    static func new(_ s: String) -> String {
        s.replacingOccurrences(of: "name_folded", with: "new.name_folded").replacingOccurrences(of: "party_card_number", with: "new.party_card_number")
    }

    /// SQLite: each new member's row enters the search table.
    static func insertTrigger(on db: any Database) async throws {
        try await db.sql.raw("""
            CREATE TRIGGER member_search_insert AFTER INSERT ON \(unsafeRaw: Member.schema) BEGIN
              INSERT INTO \(unsafeRaw: MemberSearchIndex.table) (rowid, text) VALUES (new.rowid, \(unsafeRaw: new(MemberSearchIndex.text)));
            END
            """).run()
    }

    /// The trigram index. `pg_trgm` is installed once per database, in
    /// `public` unless it is there already; its operator class is named with
    /// its schema, so a database whose search path leaves that schema out
    /// (one schema per tenant, or per test) still finds it.
    static func postgresIndex(on db: any Database) async throws {
        do {
            try await db.sql.raw("CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public").run()
        } catch {
            // Two migrations at once on a new database (instances starting
            // together, the test suite) both pass "IF NOT EXISTS" and one
            // loses the race on pg_extension's unique name: the check below
            // finds the winner's.
        }
        struct Row: Decodable { let nspname: String }
        guard let schema = try await db.sql.raw("""
            SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'
            """).first(decoding: Row.self)?.nspname else { throw MigrationProblem("pg_trgm is not installed") }
        try await db.sql.raw("""
            CREATE INDEX \(unsafeRaw: MemberSearchIndex.table) ON \(unsafeRaw: Member.schema)
            USING gin ((\(unsafeRaw: MemberSearchIndex.text)) \(ident: schema).gin_trgm_ops)
            """).run()
    }

    struct MigrationProblem: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    func revert(on db: any Database) async throws {
        guard db.isSQLite else {
            try await db.sql.raw("DROP INDEX IF EXISTS \(unsafeRaw: MemberSearchIndex.table)").run()
            return
        }
        for trigger in ["member_search_insert", "member_search_delete", "member_search_update"] {
            try await db.sql.raw("DROP TRIGGER IF EXISTS \(unsafeRaw: trigger)").run()
        }
        try await db.sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: MemberSearchIndex.table)").run()
    }
}
