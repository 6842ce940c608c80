import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Counts per unit for its whole subtree (DESIGN.md, Rollups), kept in the
/// same transaction as every change that moves them, so a dashboard reads a
/// handful of rows instead of counting millions. `capuy rollups verify`
/// recomputes them from the members and units and compares.
enum Rollups {
    static let schema = "rollups"
    static let stateSchema = "rollup_state"
    static let countColumns = ["members", "full_members", "women", "minority",
                               "age_to_30", "age_31_40", "age_41_50", "age_51_60", "age_over_60", "open_units"]

    // MARK: keeping them

    /// Adds each delta to the unit at its path and to every unit above it.
    /// Deltas for the same unit are merged first; one statement writes up to
    /// 500 units.
    static func add(_ deltas: [(path: String, tally: UnitTally)], on db: any Database) async throws {
        var byPath: [String: UnitTally] = [:]
        for (path, tally) in deltas where !tally.isZero {
            for prefix in pathAndAncestors(path) { byPath[prefix, default: UnitTally()] += tally }
        }
        // Read in place, 500 at a time: copies of a national import's 260,000 units' counts cost memory for nothing.
        var batch: [(key: String, value: UnitTally)] = []
        batch.reserveCapacity(500)
        var entries = byPath.makeIterator()
        var exhausted = false
        while !exhausted {
            batch.removeAll(keepingCapacity: true)
            while batch.count < 500 {
                guard let entry = entries.next() else { exhausted = true; break }
                if !entry.value.isZero { batch.append(entry) }
            }
            guard !batch.isEmpty else { continue }
            let tuples = SQLList(batch.map { path, t in
                SQLGroupExpression(SQLList([SQLBind(path)] + values(of: t).map { SQLBind($0) as any SQLExpression }))
            })
            let picked = countColumns.indices.map { "v.column\($0 + 2)" }.joined(separator: ", ")
            let sums = countColumns.map { "\($0) = \(schema).\($0) + excluded.\($0)" }.joined(separator: ", ")
            try await db.sql.raw("""
                INSERT INTO \(unsafeRaw: schema) (organization_id, \(unsafeRaw: countColumns.joined(separator: ", ")))
                SELECT o.id, \(unsafeRaw: picked) FROM \(unsafeRaw: Organization.schema) o
                JOIN (VALUES \(tuples)) AS v ON o.path = v.column1 WHERE 1 = 1
                ON CONFLICT (organization_id) DO UPDATE SET \(unsafeRaw: sums)
                """).run()
        }
    }

    static func add(_ tally: UnitTally, at path: String, on db: any Database) async throws {
        try await add([(path, tally)], on: db)
    }

    /// What a member counts, in the year the stored age bands are counted in.
    static func tally(of m: MemberDTO, year: Int) -> UnitTally {
        UnitTally.member(full: m.status == .full, female: m.gender == .female, ethnicity: m.ethnicity, birthDate: m.birthDate, year: year)
    }

    static func tally(of m: Member, year: Int) -> UnitTally { tally(of: MemberDTO(m), year: year) }

    /// The year the stored age bands count in; the current year when nothing was built yet.
    static func ageYear(on db: any Database) async throws -> Int {
        struct Row: Decodable { let age_year: Int }
        return ageYear(stored: try await db.sql.select().column("age_year").from(stateSchema).where("id", .equal, 1).first(decoding: Row.self)?.age_year)
    }

    /// The stored age year, or the current year when nothing was built yet.
    static func ageYear(stored: Int?) -> Int { stored ?? LocalDate.today(in: .vietnam).year }

    // MARK: reading them

    static func tally(of id: UUID, on db: any Database) async throws -> UnitTally {
        try await tallies(of: [id], on: db)[id] ?? UnitTally()
    }

    static func tallies(of ids: [UUID], on db: any Database) async throws -> [UUID: UnitTally] {
        var out: [UUID: UnitTally] = [:]
        // In chunks: a national plan touches 14,000 units, past what one IN list should carry.
        for chunk in PlanSnapshotLoader.chunks(ids, of: 1_000) {
            let rows = try await db.sql.select().column("organization_id").columns(countColumns).from(schema)
                .where("organization_id", .in, chunk).all()
            for row in rows {
                out[try row.decode(column: "organization_id", as: UUID.self)] = try tally(from: row)
            }
        }
        return out
    }

    // MARK: recomputing them

    struct Difference: Sendable, Equatable {
        let organizationID: UUID
        let stored: UnitTally
        let recomputed: UnitTally
    }

    /// Every unit's subtree counts, from the members and units themselves.
    static func recompute(year: Int, on db: any Database) async throws -> [UUID: UnitTally] {
        var direct: [UUID: UnitTally] = [:]
        let rows = try await db.sql.raw("""
            SELECT organization_id, \(unsafeRaw: memberCounts(year: year)) FROM \(unsafeRaw: Member.schema) GROUP BY organization_id
            """).all()
        for row in rows {
            direct[try row.decode(column: "organization_id", as: UUID.self)] = try tally(from: row)
        }
        struct Unit: Decodable { let id: UUID; let parent_id: UUID?; let depth: Int; let closed_on: String? }
        let units = try await db.sql.select().columns("id", "parent_id", "depth", "closed_on").from(Organization.schema)
            .all(decoding: Unit.self)
        for u in units where u.closed_on == nil {
            if let parent = u.parent_id { direct[parent, default: UnitTally()] += .oneOpenUnit }
        }
        // Deepest first: a unit's subtree is complete before it is added to its parent.
        for u in units.sorted(by: { $0.depth > $1.depth }) {
            guard let parent = u.parent_id, let own = direct[u.id], !own.isZero else { continue }
            direct[parent, default: UnitTally()] += own
        }
        return direct.filter { !$0.value.isZero }
    }

    /// The count columns of a set of member rows, as SQL select expressions
    /// (the age bands counted in `year`).
    static func memberCounts(year: Int) -> String {
        let bands = zip(AgeBand.allCases, countColumns[4..<9]).map { band, column -> String in
            let low = band.earliestBirthYear(in: year).map { "birth_date >= '\(String(format: "%04d", $0))'" }
            let high = AgeBand(rawValue: band.rawValue - 1)?.earliestBirthYear(in: year).map { "birth_date < '\(String(format: "%04d", $0))'" }
            // The oldest band has no lower bound: an empty birth date ('' sorts first) must stay out of it.
            let cond = [low ?? "birth_date <> ''", high].compactMap { $0 }.joined(separator: " AND ")
            return "CAST(SUM(CASE WHEN \(cond) THEN 1 ELSE 0 END) AS BIGINT) AS \(column)"
        }
        return """
            CAST(COUNT(*) AS BIGINT) AS members,
              CAST(SUM(CASE WHEN status = 'full' THEN 1 ELSE 0 END) AS BIGINT) AS full_members,
              CAST(SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END) AS BIGINT) AS women,
              CAST(SUM(CASE WHEN LOWER(TRIM(ethnicity)) <> 'kinh' THEN 1 ELSE 0 END) AS BIGINT) AS minority,
              \(bands.joined(separator: ", ")), CAST(0 AS BIGINT) AS open_units
            """
    }

    /// What the member rows of `source` (a table and its WHERE, built by the
    /// caller from fixed text) count, by the path of their unit: the deltas a
    /// bulk change hands to `add` (issue 16: an import moves the rollups once).
    static func tallies(byPathOf source: String, year: Int, on db: any Database) async throws -> [(path: String, tally: UnitTally)] {
        try await db.sql.raw("""
            SELECT organization_path, \(unsafeRaw: memberCounts(year: year)) FROM \(unsafeRaw: source) GROUP BY organization_path
            """).collect { (try $0.decode(column: "organization_path", as: String.self), try tally(from: $0)) }
    }

    /// Replaces every stored row by the recomputed ones, counting ages in `year`.
    static func rebuild(year: Int, on db: any Database) async throws -> Int {
        let all = try await recompute(year: year, on: db)
        try await db.sql.delete(from: schema).run()
        let rows: [[any SQLExpression]] = all.map { id, t in [SQLBind(id)] + values(of: t).map { SQLBind($0) as any SQLExpression } }
        try await BulkInsert.rows(rows, columns: ["organization_id"] + countColumns, into: schema, on: db)
        try await db.sql.delete(from: stateSchema).run()
        try await db.sql.insert(into: stateSchema).columns("id", "age_year").values(SQLBind(1), SQLBind(year)).run()
        return all.count
    }

    /// The units whose stored counts differ from the recomputed ones.
    static func verify(on db: any Database) async throws -> (checked: Int, differences: [Difference]) {
        let year = try await ageYear(on: db)
        let fresh = try await recompute(year: year, on: db)
        let rows = try await db.sql.select().column("organization_id").columns(countColumns).from(schema).all()
        var stored: [UUID: UnitTally] = [:]
        for row in rows { stored[try row.decode(column: "organization_id", as: UUID.self)] = try tally(from: row) }
        var differences: [Difference] = []
        for id in Set(fresh.keys).union(stored.keys) {
            let s = stored[id] ?? UnitTally(), f = fresh[id] ?? UnitTally()
            if s != f { differences.append(Difference(organizationID: id, stored: s, recomputed: f)) }
        }
        let units = try await Organization.query(on: db).count()
        return (units, differences)
    }

    // MARK: plumbing

    private static func values(of t: UnitTally) -> [Int64] {
        [t.members, t.fullMembers, t.women, t.minority].map(Int64.init) + t.ages.map(Int64.init) + [Int64(t.openUnits)]
    }

    /// The count columns as a query LEFT JOINing the rollups under `alias` selects them.
    static func joinedColumns(_ alias: String) -> String {
        countColumns.map { "\(alias).\($0)" }.joined(separator: ", ")
    }

    /// The counts of a row that LEFT JOINed the rollups: zero for a unit
    /// without a rollup row (its columns are NULL).
    static func tally(joined row: any SQLRow) throws -> UnitTally {
        try row.decodeNil(column: countColumns[0]) ? UnitTally() : try tally(from: row)
    }

    /// The counts of a row that carries `countColumns`.
    static func tally(from row: any SQLRow) throws -> UnitTally {
        let v = try countColumns.map { Int(try row.decode(column: $0, as: Int64.self)) }
        var t = UnitTally()
        t.members = v[0]; t.fullMembers = v[1]; t.women = v[2]; t.minority = v[3]
        t.ages = Array(v[4..<9]); t.openUnits = v[9]
        return t
    }

    /// "0001.0002.0003" → ["0001", "0001.0002", "0001.0002.0003"].
    static func pathAndAncestors(_ path: String) -> [String] {
        var out: [String] = []
        var end = path.startIndex
        while let dot = path[end...].firstIndex(of: ".") {
            out.append(String(path[..<dot]))
            end = path.index(after: dot)
        }
        out.append(path)
        return out
    }
}

struct CreateRollups: AsyncMigration {
    func prepare(on db: any Database) async throws {
        var rollups = db.schema(Rollups.schema)
            .field("organization_id", .uuid, .identifier(auto: false), .references(Organization.schema, "id"))
        for column in Rollups.countColumns { rollups = rollups.field(.definition(name: .key(.init(stringLiteral: column)), dataType: .int64, constraints: [.required])) }
        try await rollups.create()
        try await db.schema(Rollups.stateSchema)
            .field("id", .int, .identifier(auto: false))
            .field("age_year", .int, .required)
            .create()
        // A database that already holds units and members gets its counts now.
        _ = try await Rollups.rebuild(year: LocalDate.today(in: .vietnam).year, on: db)
    }

    func revert(on db: any Database) async throws {
        try await db.schema(Rollups.stateSchema).delete()
        try await db.schema(Rollups.schema).delete()
    }
}
