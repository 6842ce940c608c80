import CapuyCore
import Fluent
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import Vapor

/// Which trigrams of a search to hand to SQLite's FTS5 table (issue 16).
///
/// A phrase of every trigram made FTS5 intersect all of them: a full name is
/// some 12 trigrams, most of them in millions of names ("ngu", "yen", " th"),
/// and its search took 112 ms at p95 over the national 5.58 M members. The
/// few rarest trigrams already narrow the names to about the matches, and
/// the member row's own text (`LIKE`) confirms each one. Measured on the
/// national dataset, 150 searches (full names, last two words, six digits of
/// a card): every trigram as a phrase p95 94 ms; the 2 rarest 121 ms (too
/// many to confirm); 3 rarest 42 ms; 4 rarest 26 ms; 5 rarest 27 ms; 6
/// rarest 26 ms; 8 rarest 41 ms. So: the 5 rarest.
///
/// How rare a trigram is comes from the index itself (`member_search_vocab`,
/// an fts5vocab table: the number of names holding it). `capuy serve` reads
/// the whole vocabulary at start and every hour; elsewhere (commands, tests)
/// each search asks for its own trigrams. The counts steer the choice only,
/// the `LIKE` decides what is found.
enum MemberSearchTerms {
    static let vocabulary = "member_search_vocab"
    static let used = 5
    /// How often the server reads the vocabulary again.
    static let remembered: TimeInterval = 3_600
    /// A vocabulary larger than this is not held (names and cards have some 1,400 trigrams nationally).
    static let maxTerms = 200_000

    /// The counts of one database's vocabulary, read whole: at national size
    /// one pass over the index (2.2 s, 1,443 trigrams), where one trigram at
    /// a time cost 2–6 ms each and made every new trigram slow a search.
    private struct Snapshot {
        var docs: [String: Int]
        var at: Date
    }

    /// Per database file: one process may open several.
    private static let snapshots = NIOLockedValueBox<[String: Snapshot]>([:])

    /// `capuy serve` reads the vocabulary at start and again every `remembered` seconds.
    static func keepCounts(_ app: Application) -> RepeatedTask? {
        guard app.db.isSQLite else { return nil }
        let db = app.db
        let loop = app.eventLoopGroup.next()
        return loop.scheduleRepeatedAsyncTask(initialDelay: .zero, delay: .seconds(Int64(remembered))) { _ in
            loop.makeFutureWithTask { await refresh(on: db) }
        }
    }

    /// The distinct trigrams of `text`, in its order.
    static func trigrams(of text: String) -> [String] {
        let chars = Array(text)
        guard chars.count >= 3 else { return [] }
        var seen = Set<String>()
        return (0...(chars.count - 3)).compactMap { i in
            let t = String(chars[i..<(i + 3)])
            return seen.insert(t).inserted ? t : nil
        }
    }

    /// The `used` rarest trigrams of `text`, as an FTS5 query: each a quoted term, joined by AND.
    static func query(for text: String, on db: any Database) async throws -> String {
        let terms = trigrams(of: text)
        let docs = try await counts(of: terms, on: db)
        let rarest = terms.enumerated().sorted { (docs[$0.element] ?? 0, $0.offset) < (docs[$1.element] ?? 0, $1.offset) }
            .prefix(used).map(\.element)
        return rarest.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: " AND ")
    }

    /// How many names hold each term: from the database's snapshot when the
    /// server keeps one (a term it lacks is newer, so rare), else from the
    /// index, term by term.
    static func counts(of terms: [String], on db: any Database) async throws -> [String: Int] {
        // Only `capuy serve` keeps snapshots: elsewhere the file need not be asked for.
        let key = snapshots.withLockedValue { $0.isEmpty } ? nil : try await databaseFile(db)
        if let key, let snapshot = snapshots.withLockedValue({ $0[key] }) { return Dictionary(terms.map { ($0, snapshot.docs[$0] ?? 0) }, uniquingKeysWith: { a, _ in a }) }
        var docs: [String: Int] = [:]
        for t in terms { docs[t] = try await db.sql.raw("SELECT doc FROM \(ident: vocabulary) WHERE term = \(bind: t)").first(decoding: Doc.self)?.doc ?? 0 }
        return docs
    }

    private struct Doc: Decodable { let doc: Int }
    private struct Term: Decodable { let term: String; let doc: Int }

    /// Reads the whole vocabulary into the database's snapshot.
    static func refresh(on db: any Database) async {
        guard let key = try? await databaseFile(db),
              let rows = try? await db.sql.raw("SELECT term, doc FROM \(ident: vocabulary) LIMIT \(unsafeRaw: String(maxTerms + 1))")
            .all(decoding: Term.self), rows.count <= maxTerms else { return }
        let docs = Dictionary(rows.map { ($0.term, $0.doc) }, uniquingKeysWith: +)
        snapshots.withLockedValue { $0[key] = Snapshot(docs: docs, at: Date()) }
    }

    /// The main database's file, naming its snapshot.
    private static func databaseFile(_ db: any Database) async throws -> String {
        struct Row: Decodable { let name: String; let file: String }
        let rows = try await db.sql.raw("PRAGMA database_list").all(decoding: Row.self)
        return rows.first { $0.name == "main" }?.file ?? ""
    }
}

/// SQLite: the search table's vocabulary, read for how many names hold a trigram.
struct CreateMemberSearchVocabulary: AsyncMigration {
    func prepare(on db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("""
            CREATE VIRTUAL TABLE \(unsafeRaw: MemberSearchTerms.vocabulary) USING fts5vocab(\(unsafeRaw: MemberSearchIndex.table), row)
            """).run()
    }

    func revert(on db: any Database) async throws {
        guard db.isSQLite else { return }
        try await db.sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: MemberSearchTerms.vocabulary)").run()
    }
}
