import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The import's final step, in one transaction: staged rows become members
/// (new ones inserted, changed ones updated), the rollups move once, and the
/// audit chain gets one event per unit with the file's SHA-256 and counts,
/// plus, for each member an update changes, its before and after.
struct MemberImportWriter {
    let staging: MemberImportStaging
    let sha256: String
    let mode: MemberImport.Mode
    /// Rows the import adds.
    let adds: Int
    /// From how many added rows the indexes may be rebuilt (tests lower it).
    var rebuildIndexesFrom = MemberIndexes.largeLoad
    var clock: PhaseClock?

    private func step<T>(_ name: String, _ body: () async throws -> T) async rethrows -> T {
        guard let clock else { return try await body() }
        return try await clock.run("move, " + name, body)
    }

    static let memberColumns = ["id", "party_card_number", "full_name", "name_folded", "sort_key", "birth_date", "gender",
                                "ethnicity", "admission_date", "official_date", "status", "organization_id", "organization_path"]
    /// Audit events are written in batches, not gathered for the commit: a
    /// national file touches hundreds of thousands of units.
    static let auditBatch = 2_000

    /// What the audit records for each unit an import touched.
    struct UnitSummary: Encodable {
        let file_sha256: String
        let mode: String
        let added: Int
        let updated: Int
        let unchanged: Int
    }

    func write(as actor: Actor) async throws {
        let t = MemberImportStaging.table
        try await staging.db.write(as: actor) { tx, _ in
            let sql = tx.sql
            let year = try await Rollups.ageYear(on: tx)
            // Counts move by what is added, plus new minus old for what changes.
            var deltas = try await step("counts") {
                try await Rollups.tallies(byPathOf: "\(t) WHERE match_id IS NULL", year: year, on: tx)
            }
            if mode == .update {
                deltas += try await Rollups.tallies(byPathOf: "\(t) WHERE changed = 1", year: year, on: tx)
                deltas += try await Rollups.tallies(
                    byPathOf: "\(Member.schema) WHERE id IN (SELECT match_id FROM \(t) WHERE changed = 1)", year: year, on: tx
                ).map { ($0.path, -$0.tally) }
                try await auditUpdates(as: actor, on: tx)
            }
            let now = Date()
            let columns = Self.memberColumns.joined(separator: ", ")
            let rebuild = try await MemberIndexes.rebuildPays(adding: adds, from: rebuildIndexesFrom, on: tx)
            let lastRow = rebuild ? try await MemberIndexes.drop(on: tx) : 0
            // In the list's order: the rows land in the table, and its path index, in sequence.
            try await step("insert") {
                try await sql.raw("""
                    INSERT INTO \(unsafeRaw: Member.schema) (\(unsafeRaw: columns), created_at, updated_at)
                    SELECT \(unsafeRaw: columns), \(bind: now), \(bind: now) FROM \(unsafeRaw: t) WHERE match_id IS NULL
                    ORDER BY organization_path, sort_key
                    """).run()
            }
            if rebuild { try await step("indexes") { try await MemberIndexes.create(on: tx, newRowsAfter: lastRow) } }
            if mode == .update {
                let sets = (MemberImportStaging.changedFields + ["name_folded", "sort_key"]).map { "\($0) = s.\($0)" }.joined(separator: ", ")
                try await sql.raw("""
                    UPDATE \(unsafeRaw: Member.schema) SET \(unsafeRaw: sets), updated_at = \(bind: now)
                    FROM \(unsafeRaw: t) AS s WHERE \(unsafeRaw: Member.schema).id = s.match_id AND s.changed = 1
                    """).run()
            }
            try await step("rollups") { try await Rollups.add(deltas, on: tx) }
            try await step("audit") { try await auditUnits(as: actor, on: tx) }
        }
    }

    /// One event per unit: the file's hash and what it did there.
    private func auditUnits(as actor: Actor, on tx: any Database) async throws {
        struct Row: Decodable { let organization_id: UUID; let organization_path: String; let added: Int; let updated: Int; let unchanged: Int }
        let rows = try await tx.sql.raw("""
            SELECT organization_id, organization_path,
              CAST(SUM(CASE WHEN match_id IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS added,
              CAST(SUM(CASE WHEN match_id IS NOT NULL AND changed = 1 THEN 1 ELSE 0 END) AS BIGINT) AS updated,
              CAST(SUM(CASE WHEN match_id IS NOT NULL AND changed = 0 THEN 1 ELSE 0 END) AS BIGINT) AS unchanged
            FROM \(unsafeRaw: MemberImportStaging.table) GROUP BY organization_id, organization_path
            """).collect { try $0.decode(model: Row.self) }
        let modeName = mode == .create ? "create" : "update"
        var events: [PendingAuditEvent] = []
        for r in rows where r.added + r.updated > 0 {
            let summary = UnitSummary(file_sha256: sha256, mode: modeName, added: r.added, updated: r.updated, unchanged: r.unchanged)
            events.append(PendingAuditEvent(action: "member.import", entity: "organization", entityId: r.organization_id,
                                            organizationPath: r.organization_path, before: nil, after: AuditJSON.encode(summary)))
            if events.count == Self.auditBatch { try await Self.append(&events, as: actor, on: tx) }
        }
        try await Self.append(&events, as: actor, on: tx)
    }

    /// Each member an update changes: its values before and after.
    private func auditUpdates(as actor: Actor, on tx: any Database) async throws {
        var after = 0
        var events: [PendingAuditEvent] = []
        while true {
            let pairs = try await Self.changedPairs(on: tx.sql, afterLine: after, limit: Self.auditBatch)
            guard let last = pairs.last else { break }
            after = last.line
            for p in pairs {
                events.append(PendingAuditEvent(action: "member.import.update", entity: "member", entityId: p.old.id,
                                                organizationPath: p.path, before: AuditJSON.encode(p.old), after: AuditJSON.encode(p.new)))
            }
            try await Self.append(&events, as: actor, on: tx)
        }
    }

    private static func append(_ events: inout [PendingAuditEvent], as actor: Actor, on tx: any Database) async throws {
        guard !events.isEmpty else { return }
        // The head row is already locked by this transaction; reading it again gives the chain's end so far.
        let head = try await AuditHead.lock(on: tx)
        try await AuditWriter.append(events, after: head, actor: actor, on: tx)
        events.removeAll(keepingCapacity: true)
    }

    // MARK: reading changed rows

    struct ChangedPair {
        let line: Int
        let path: String
        let old: MemberDTO
        let new: MemberDTO
    }

    static func changedPairs(on sql: any SQLDatabase, afterLine: Int, limit: Int) async throws -> [ChangedPair] {
        let fields = MemberImportStaging.changedFields + ["organization_id"]
        let picked = fields.flatMap { ["m.\($0) AS old_\($0)", "s.\($0) AS new_\($0)"] }.joined(separator: ", ")
        let rows = try await sql.raw("""
            SELECT s.line, s.organization_path, m.id, \(unsafeRaw: picked)
            FROM \(unsafeRaw: MemberImportStaging.table) s JOIN \(unsafeRaw: Member.schema) m ON m.id = s.match_id
            WHERE s.changed = 1 AND s.line > \(bind: afterLine) ORDER BY s.line LIMIT \(unsafeRaw: String(limit))
            """).all()
        return try rows.map { row in
            func dto(_ p: String) throws -> MemberDTO {
                MemberDTO(id: try row.decode(column: "id", as: UUID.self),
                          fullName: try row.decode(column: p + "full_name", as: String.self),
                          partyCardNumber: try row.decode(column: p + "party_card_number", as: String?.self),
                          birthDate: try row.decode(column: p + "birth_date", as: String.self),
                          gender: Gender(rawValue: try row.decode(column: p + "gender", as: String.self)) ?? .male,
                          ethnicity: try row.decode(column: p + "ethnicity", as: String.self),
                          admissionDate: try row.decode(column: p + "admission_date", as: String.self),
                          officialDate: try row.decode(column: p + "official_date", as: String?.self),
                          status: MemberStatus(rawValue: try row.decode(column: p + "status", as: String.self)) ?? .probationary,
                          organizationId: try row.decode(column: p + "organization_id", as: UUID.self))
            }
            return ChangedPair(line: try row.decode(column: "line", as: Int.self),
                               path: try row.decode(column: "organization_path", as: String.self),
                               old: try dto("old_"), new: try dto("new_"))
        }
    }

    /// The first `limit` updates, each as the fields it changes, for the report.
    static func changes(in staging: MemberImportStaging, limit: Int) async throws -> [MemberImport.Change] {
        try await changedPairs(on: staging.sql, afterLine: 0, limit: limit).map { p in
            MemberImport.Change(row: p.line, name: p.new.fullName, fields: MemberImportDiff.fields(from: p.old, to: p.new))
        }
    }
}

/// The changed fields of a member, in the list's own column titles and the
/// dates as an office writes them.
enum MemberImportDiff {
    static func fields(from old: MemberDTO, to new: MemberDTO) -> [String] {
        func date(_ iso: String?) -> String { iso.flatMap(LocalDate.init(parsing:))?.display ?? (iso ?? "") }
        let pairs: [(MemberListColumn, String, String)] = [
            (.fullName, old.fullName, new.fullName),
            (.partyCardNumber, old.partyCardNumber ?? "", new.partyCardNumber ?? ""),
            (.birthDate, date(old.birthDate), date(new.birthDate)),
            (.gender, old.gender.label, new.gender.label),
            (.ethnicity, old.ethnicity, new.ethnicity),
            (.admissionDate, date(old.admissionDate), date(new.admissionDate)),
            (.officialDate, date(old.officialDate), date(new.officialDate)),
        ]
        return pairs.filter { $0.1 != $0.2 }.map { "\($0.0.title): \($0.1.isEmpty ? "(trống)" : $0.1) → \($0.2.isEmpty ? "(trống)" : $0.2)" }
    }
}
