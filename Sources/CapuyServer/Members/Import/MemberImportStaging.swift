import CapuyCore
import Fluent
import Foundation
import FluentSQLiteDriver
import SQLKit

/// The import's staging table: a temporary table on the import's own
/// connection (on SQLite in its temporary file, not the database's log), with
/// the members table's column types. Rows go in as they are read; the checks
/// across rows and against the registry run here in SQL; one final step
/// moves them into `members`.
struct MemberImportStaging {
    static let table = "member_import_staging"
    let db: any Database

    var sql: any SQLDatabase { db.sql }

    func create() async throws {
        if db.isSQLite {
            // A file, not memory, for millions of rows; and no memory-mapped
            // reads, whose touched pages count against the import's memory.
            try await sql.raw("PRAGMA temp_store = FILE").run()
            try await sql.raw("PRAGMA mmap_size = 0").run()
        }
        try await drop()
        try await sql.raw("""
            CREATE TEMPORARY TABLE \(unsafeRaw: Self.table) AS SELECT 0 AS line, id, id AS match_id, 0 AS changed,
              party_card_number, full_name, name_folded, sort_key, birth_date, gender, ethnicity, admission_date,
              official_date, status, organization_id, organization_path
            FROM \(unsafeRaw: Member.schema) WHERE 1 = 0
            """).run()
    }

    func drop() async throws {
        try await sql.raw("DROP TABLE IF EXISTS \(unsafeRaw: Self.table)").run()
    }

    func insert(_ rows: [MemberImportRowCheck.Staged]) async throws {
        guard !rows.isEmpty else { return }
        let columns = MemberImportRowCheck.Staged.columns
        guard let sqlite = db as? any SQLiteDatabase else {
            try await BulkInsert.rows(rows.map { $0.fields.map(\.bind) }, columns: columns, into: Self.table, on: db)
            return
        }
        // One statement per batch, bound with SQLite's own values.
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        let sql = "INSERT INTO \(Self.table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows.count).joined(separator: ",")
        var binds: [SQLiteData] = []
        binds.reserveCapacity(rows.count * columns.count)
        for row in rows { binds += row.fields.map(\.sqlite) }
        try await sqlite.query(sql, binds) { _ in }
    }

    /// Indexes for the checks, built once after the load (cheaper than
    /// keeping them up row by row).
    func index() async throws {
        try await sql.raw("CREATE INDEX member_import_staging_line ON \(unsafeRaw: Self.table) (line)").run()
        try await sql.raw("CREATE INDEX member_import_staging_card ON \(unsafeRaw: Self.table) (party_card_number)").run()
        try await sql.raw("CREATE INDEX member_import_staging_uncarded ON \(unsafeRaw: Self.table) (organization_id, name_folded, birth_date)").run()
    }

    // MARK: checks across rows

    /// A staged row is the same member as a registered one by its card, or,
    /// for a member without a card, by unit, folded name and birth date.
    static let sameCard = "m.party_card_number = s.party_card_number"
    static let sameUncarded = """
        m.organization_id = s.organization_id AND m.name_folded = s.name_folded AND m.birth_date = s.birth_date \
        AND \(noCard)
        """
    /// "No card", written so that no index serves it: as `IS NULL`, SQLite
    /// walked the card index's NULL entries (every probationary member of the
    /// nation) for each staged row; this way it takes the unit's index. A
    /// province's `--update` against the national database ran past 15
    /// minutes before.
    static let noCard = "COALESCE(m.party_card_number, '') = ''"
    static let identifiable = "s.organization_id IS NOT NULL AND s.birth_date <> '' AND s.full_name <> ''"

    /// The cross-row problems of a new-members import, up to `limit` of them
    /// and the count of all.
    func createIssues(limit: Int) async throws -> (issues: [MemberImport.Issue], count: Int) {
        let registeredCard = "EXISTS (SELECT 1 FROM \(Member.schema) m WHERE \(Self.sameCard))"
        let registeredUncarded = "EXISTS (SELECT 1 FROM \(Member.schema) m WHERE \(Self.sameUncarded))"
        var found = ImportIssueList(limit: limit)
        try await found.add(self, """
            SELECT s.line, s.party_card_number AS card, s.full_name, s.birth_date, 0 AS first FROM \(Self.table) s
            WHERE s.party_card_number IS NOT NULL AND \(registeredCard)
            """) { r in (.partyCardNumber, "Số thẻ đảng \(r.card ?? "") đã có trong hệ thống.") }
        try await found.add(self, duplicateCards(excluding: registeredCard), Self.duplicateCardMessage)
        try await found.add(self, """
            SELECT s.line, s.party_card_number AS card, s.full_name, s.birth_date, 0 AS first FROM \(Self.table) s
            WHERE s.party_card_number IS NULL AND \(Self.identifiable) AND \(registeredUncarded)
            """) { r in
            (.fullName, "Đảng viên “\(r.full_name)”, sinh ngày \(r.birthDisplay), chưa có thẻ, đã có trong đơn vị này: không thêm lần nữa.")
        }
        try await found.add(self, duplicateUncarded(excluding: registeredUncarded), Self.duplicateUncardedMessage)
        return (found.issues, found.count)
    }

    /// The cross-row problems of an update: duplicates in the file, and
    /// matched members the file would move to another unit. Call after `match()`.
    func updateIssues(limit: Int) async throws -> (issues: [MemberImport.Issue], count: Int) {
        var found = ImportIssueList(limit: limit)
        try await found.add(self, duplicateCards(excluding: nil), Self.duplicateCardMessage)
        try await found.add(self, duplicateUncarded(excluding: nil), Self.duplicateUncardedMessage)
        try await found.add(self, """
            SELECT s.line, s.party_card_number AS card, s.full_name, s.birth_date, 0 AS first FROM \(Self.table) s
            JOIN \(Member.schema) m ON m.id = s.match_id WHERE m.organization_id <> s.organization_id
            """) { r in
            (.unit, "Đảng viên “\(r.full_name)” đang sinh hoạt ở đơn vị khác: chuyển sinh hoạt làm trên trang đảng viên, không qua nhập tệp.")
        }
        return (found.issues, found.count)
    }

    private func duplicateCards(excluding registered: String?) -> String {
        """
        SELECT s.line, s.party_card_number AS card, s.full_name, s.birth_date, d.first FROM \(Self.table) s
        JOIN (SELECT party_card_number, MIN(line) AS first FROM \(Self.table) WHERE party_card_number IS NOT NULL
              GROUP BY party_card_number HAVING COUNT(*) > 1) d ON d.party_card_number = s.party_card_number
        WHERE s.line > d.first\(registered.map { " AND NOT \($0)" } ?? "")
        """
    }

    private func duplicateUncarded(excluding registered: String?) -> String {
        """
        SELECT s.line, s.party_card_number AS card, s.full_name, s.birth_date, d.first FROM \(Self.table) s
        JOIN (SELECT organization_id, name_folded, birth_date, MIN(line) AS first FROM \(Self.table)
              WHERE party_card_number IS NULL AND organization_id IS NOT NULL AND birth_date <> '' AND full_name <> ''
              GROUP BY organization_id, name_folded, birth_date HAVING COUNT(*) > 1) d
          ON d.organization_id = s.organization_id AND d.name_folded = s.name_folded AND d.birth_date = s.birth_date
        WHERE s.party_card_number IS NULL AND s.line > d.first\(registered.map { " AND NOT \($0)" } ?? "")
        """
    }

    static func duplicateCardMessage(_ r: FoundRow) -> (MemberListColumn, String) {
        (.partyCardNumber, "Số thẻ đảng \(r.card ?? "") trùng với dòng \(r.first).")
    }

    static func duplicateUncardedMessage(_ r: FoundRow) -> (MemberListColumn, String) {
        (.fullName, "Đảng viên “\(r.full_name)”, sinh ngày \(r.birthDisplay), trùng với dòng \(r.first) (cùng đơn vị, chưa có thẻ).")
    }

    // MARK: matching (update mode)

    /// Points each row at the registered member it updates: by card, else
    /// (a member without a card, or one whose card is new) by unit, name and
    /// birth date among members without a card. Then marks the rows whose
    /// values differ.
    func match() async throws {
        let t = Self.table
        try await sql.raw("""
            UPDATE \(unsafeRaw: t) SET match_id = (SELECT m.id FROM \(unsafeRaw: Member.schema) m
              WHERE m.party_card_number = \(unsafeRaw: t).party_card_number)
            WHERE party_card_number IS NOT NULL
            """).run()
        try await sql.raw("""
            UPDATE \(unsafeRaw: t) SET match_id = (SELECT m.id FROM \(unsafeRaw: Member.schema) m
              WHERE m.organization_id = \(unsafeRaw: t).organization_id AND m.name_folded = \(unsafeRaw: t).name_folded
                AND m.birth_date = \(unsafeRaw: t).birth_date AND \(unsafeRaw: Self.noCard) ORDER BY m.id LIMIT 1)
            WHERE match_id IS NULL AND organization_id IS NOT NULL AND birth_date <> '' AND full_name <> ''
            """).run()
        let differs = MemberImportStaging.changedFields.map { field in
            "COALESCE(m.\(field), '') <> COALESCE(\(t).\(field), '')"
        }.joined(separator: " OR ")
        try await sql.raw("""
            UPDATE \(unsafeRaw: t) SET changed = 1 WHERE match_id IS NOT NULL AND EXISTS (
              SELECT 1 FROM \(unsafeRaw: Member.schema) m WHERE m.id = \(unsafeRaw: t).match_id AND (\(unsafeRaw: differs)))
            """).run()
    }

    /// The stored fields an update may change (the unit is not one of them: a
    /// move is a transfer).
    static let changedFields = ["full_name", "party_card_number", "birth_date", "gender", "ethnicity", "admission_date",
                                "official_date", "status"]

    /// Rows that add, update, or leave a member as it is.
    func counts() async throws -> (added: Int, updated: Int, unchanged: Int) {
        struct Row: Decodable { let added: Int?; let updated: Int?; let unchanged: Int? }
        let row = try await sql.raw("""
            SELECT CAST(SUM(CASE WHEN match_id IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS added,
                   CAST(SUM(CASE WHEN match_id IS NOT NULL AND changed = 1 THEN 1 ELSE 0 END) AS BIGINT) AS updated,
                   CAST(SUM(CASE WHEN match_id IS NOT NULL AND changed = 0 THEN 1 ELSE 0 END) AS BIGINT) AS unchanged
            FROM \(unsafeRaw: Self.table)
            """).first(decoding: Row.self)
        return (row?.added ?? 0, row?.updated ?? 0, row?.unchanged ?? 0)
    }
}

/// One row of a cross-row check.
struct FoundRow: Decodable {
    let line: Int
    let card: String?
    let full_name: String
    let birth_date: String
    let first: Int

    var birthDisplay: String { LocalDate(parsing: birth_date)?.display ?? birth_date }
}

/// Issues up to a limit, and the count of all of them: a file of millions of
/// bad rows is reported, not held in memory.
struct ImportIssueList {
    let limit: Int
    var issues: [MemberImport.Issue] = []
    var count = 0

    mutating func add(_ staging: MemberImportStaging, _ query: String,
                      _ message: (FoundRow) -> (MemberListColumn, String)) async throws {
        struct Count: Decodable { let n: Int }
        let n = try await staging.sql.raw("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM (\(unsafeRaw: query)) q").first(decoding: Count.self)?.n ?? 0
        guard n > 0 else { return }
        count += n
        let room = max(0, limit - issues.count)
        guard room > 0 else { return }
        let rows = try await staging.sql.raw("\(unsafeRaw: query) ORDER BY s.line LIMIT \(unsafeRaw: String(room))").all(decoding: FoundRow.self)
        for r in rows {
            let (column, text) = message(r)
            issues.append(.init(row: r.line, column: column.title, message: text))
        }
    }
}
