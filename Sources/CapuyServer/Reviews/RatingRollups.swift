import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Decided levels per unit, year and period, counted over the unit's whole
/// subtree (DESIGN.md, Rollups: ratings): members' levels at their unit and
/// every unit above, units' levels at the unit itself and above. Kept in the
/// decision's transaction; `capuy rollups verify` recomputes them.
enum RatingRollups {
    static let schema = "rating_rollups"
    static let memberColumns = ["m_excellent", "m_good", "m_fulfilled", "m_not_fulfilled"]
    static let unitColumns = ["u_excellent", "u_good", "u_fulfilled", "u_not_fulfilled"]
    static let countColumns = memberColumns + unitColumns

    /// One count per column of `countColumns`.
    struct Tally: Sendable, Equatable, Codable {
        var counts = [Int](repeating: 0, count: 8)

        static func member(_ level: RatingLevel?) -> Tally { one(level, offset: 0) }
        static func unit(_ level: RatingLevel?) -> Tally { one(level, offset: 4) }

        private static func one(_ level: RatingLevel?, offset: Int) -> Tally {
            var t = Tally()
            if let level { t.counts[offset + level.rank] = 1 }
            return t
        }

        var members: [Int] { Array(counts[0..<4]) }
        var units: [Int] { Array(counts[4..<8]) }
        var isZero: Bool { counts.allSatisfy { $0 == 0 } }
        static func + (a: Tally, b: Tally) -> Tally { Tally(counts: zip(a.counts, b.counts).map(+)) }
        static prefix func - (a: Tally) -> Tally { Tally(counts: a.counts.map { -$0 }) }
        static func - (a: Tally, b: Tally) -> Tally { a + -b }
        static func += (a: inout Tally, b: Tally) { a = a + b }
    }

    struct Key: Hashable, Sendable { let year: Int; let period: String }

    // MARK: keeping them

    /// Adds each delta to the unit at its path and to every unit above it.
    static func add(_ deltas: [(path: String, tally: Tally)], key: Key, on db: any Database) async throws {
        var byPath: [String: Tally] = [:]
        for (path, tally) in deltas where !tally.isZero {
            for prefix in Rollups.pathAndAncestors(path) { byPath[prefix, default: Tally()] += tally }
        }
        let entries = byPath.filter { !$0.value.isZero }.map { ($0.key, $0.value) }
        for start in stride(from: 0, to: entries.count, by: 500) {
            let batch = entries[start..<min(start + 500, entries.count)]
            let tuples = SQLList(batch.map { path, t in
                SQLGroupExpression(SQLList([SQLBind(path)] + t.counts.map { SQLBind(Int64($0)) as any SQLExpression }))
            })
            let picked = countColumns.indices.map { "v.column\($0 + 2)" }.joined(separator: ", ")
            let sums = countColumns.map { "\($0) = \(schema).\($0) + excluded.\($0)" }.joined(separator: ", ")
            try await db.sql.raw("""
                INSERT INTO \(unsafeRaw: schema) (organization_id, year, period, \(unsafeRaw: countColumns.joined(separator: ", ")))
                SELECT o.id, \(bind: key.year), \(bind: key.period), \(unsafeRaw: picked) FROM \(unsafeRaw: Organization.schema) o
                JOIN (VALUES \(tuples)) AS v ON o.path = v.column1 WHERE 1 = 1
                ON CONFLICT (organization_id, year, period) DO UPDATE SET \(unsafeRaw: sums)
                """).run()
        }
    }

    /// A moved unit carries its subtree's counts from the units above its
    /// old place to those above the new one, for every year.
    static func move(unit id: UUID, from oldParent: String?, to newParent: String, on db: any Database) async throws {
        try await moveAll(units: [id], from: oldParent, to: newParent, on: db)
    }

    /// Sibling units moved together: their counts summed per year and period, moved once.
    static func moveAll(units ids: [UUID], from oldParent: String?, to newParent: String, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        var sums: [Key: Tally] = [:]
        let rows = try await db.sql.select().columns(["year", "period"] + countColumns).from(schema).where("organization_id", .in, ids).all()
        for row in rows {
            let key = Key(year: try row.decode(column: "year", as: Int.self), period: try row.decode(column: "period", as: String.self))
            sums[key, default: Tally()] += try decode(row)
        }
        for (key, tally) in sums {
            try await add([(oldParent, -tally), (newParent, tally)].compactMap { p, t in p.map { ($0, t) } }, key: key, on: db)
        }
    }

    // MARK: reading them

    static func all(of id: UUID, on db: any Database) async throws -> [Key: Tally] {
        let rows = try await db.sql.select().columns(["year", "period"] + countColumns).from(schema)
            .where("organization_id", .equal, id).all()
        var out: [Key: Tally] = [:]
        for row in rows { out[Key(year: try row.decode(column: "year", as: Int.self), period: try row.decode(column: "period", as: String.self))] = try decode(row) }
        return out
    }

    static func tallies(of ids: [UUID], key: Key, on db: any Database) async throws -> [UUID: Tally] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await db.sql.select().column("organization_id").columns(countColumns).from(schema)
            .where("organization_id", .in, ids).where("year", .equal, key.year).where("period", .equal, key.period).all()
        var out: [UUID: Tally] = [:]
        for row in rows { out[try row.decode(column: "organization_id", as: UUID.self)] = try decode(row) }
        return out
    }

    /// The unit's counts year by year (newest first), for the trend.
    static func years(of id: UUID, period: String, on db: any Database) async throws -> [(year: Int, tally: Tally)] {
        try await all(of: id, on: db).filter { $0.key.period == period }.map { ($0.key.year, $0.value) }.sorted { $0.year > $1.year }
    }

    // MARK: recomputing them

    /// Every unit's counts from the decided reviews, propagated up the current tree.
    static func recompute(on db: any Database) async throws -> [Key: [UUID: Tally]] {
        var direct: [Key: [UUID: Tally]] = [:]
        for (table, offset) in [(MemberReview.schema, 0), (UnitReview.schema, 4)] {
            let rows = try await db.sql.raw("""
                SELECT organization_id, year, period, decided_level, CAST(COUNT(*) AS BIGINT) AS n FROM \(unsafeRaw: table)
                WHERE decided_level IS NOT NULL GROUP BY organization_id, year, period, decided_level
                """).all()
            for row in rows {
                guard let level = RatingLevel(rawValue: try row.decode(column: "decided_level", as: String.self)) else { continue }
                let key = Key(year: try row.decode(column: "year", as: Int.self), period: try row.decode(column: "period", as: String.self))
                let id = try row.decode(column: "organization_id", as: UUID.self)
                direct[key, default: [:]][id, default: Tally()].counts[offset + level.rank] += Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        guard !direct.isEmpty else { return [:] }
        struct Unit: Decodable { let id: UUID; let parent_id: UUID?; let depth: Int }
        let units = try await db.sql.select().columns("id", "parent_id", "depth").from(Organization.schema).all(decoding: Unit.self)
            .sorted { $0.depth > $1.depth }
        for key in direct.keys {
            var counts = direct[key]!
            for u in units {
                guard let parent = u.parent_id, let own = counts[u.id], !own.isZero else { continue }
                counts[parent, default: Tally()] += own
            }
            direct[key] = counts
        }
        return direct
    }

    static func stored(on db: any Database) async throws -> [Key: [UUID: Tally]] {
        let rows = try await db.sql.select().columns(["organization_id", "year", "period"] + countColumns).from(schema).all()
        var out: [Key: [UUID: Tally]] = [:]
        for row in rows {
            let key = Key(year: try row.decode(column: "year", as: Int.self), period: try row.decode(column: "period", as: String.self))
            out[key, default: [:]][try row.decode(column: "organization_id", as: UUID.self)] = try decode(row)
        }
        return out
    }

    /// (unit, year, period) whose stored counts differ from the recomputed ones.
    static func verify(on db: any Database) async throws -> [(UUID, Key, stored: Tally, recomputed: Tally)] {
        let fresh = try await recompute(on: db), stored = try await stored(on: db)
        var out: [(UUID, Key, stored: Tally, recomputed: Tally)] = []
        for key in Set(fresh.keys).union(stored.keys) {
            let f = fresh[key] ?? [:], s = stored[key] ?? [:]
            for id in Set(f.keys).union(s.keys) {
                let a = s[id] ?? Tally(), b = f[id] ?? Tally()
                if a != b { out.append((id, key, a, b)) }
            }
        }
        return out
    }

    static func rebuild(on db: any Database) async throws -> Int {
        let fresh = try await recompute(on: db)
        try await db.sql.delete(from: schema).run()
        var rows: [[any SQLExpression]] = []
        for (key, units) in fresh {
            for (id, t) in units where !t.isZero {
                rows.append([SQLBind(id), SQLBind(key.year), SQLBind(key.period)] + t.counts.map { SQLBind(Int64($0)) as any SQLExpression })
            }
        }
        try await BulkInsert.rows(rows, columns: ["organization_id", "year", "period"] + countColumns, into: schema, on: db)
        return rows.count
    }

    private static func decode(_ row: any SQLRow) throws -> Tally {
        Tally(counts: try countColumns.map { Int(try row.decode(column: $0, as: Int64.self)) })
    }
}
