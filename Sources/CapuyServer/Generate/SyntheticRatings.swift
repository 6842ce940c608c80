import CapuyCore
import Fluent
import Foundation
import SQLKit

/// A closed, decided yearly review round over a generated root, so that the
/// results pages and their benchmark have a country's ratings to read.
/// One INSERT … SELECT: each member's review takes her id as its own (one
/// review per member in this round), and her level comes from her birth day,
/// about 6% excellent, 74% good, 16% fulfilled and 3% not fulfilled.
enum SyntheticRatings {
    /// In one audited transaction with the rating rollups rebuilt (the demo's path;
    /// `capuy generate` runs `add` inside its own).
    static func addAudited(root: UUID, path: String, year: Int, on db: any Database) async throws {
        struct Summary: Encodable { let year: Int; let reviews: Int }
        try await db.write(as: .system) { tx, trail in
            let count = try await add(root: root, year: year, on: tx)
            _ = try await RatingRollups.rebuild(on: tx)
            trail.record("dataset.ratings", entity: "organization", id: root, path: path, after: Summary(year: year, reviews: count))
        }
    }

    /// The round and every member's review under `root`, in the caller's transaction.
    static func add(root: UUID, year: Int, on db: any Database) async throws -> Int {
        guard let round = try await openRound(root: root, year: year, on: db), let path = TreePath(round.organizationPath) else { return 0 }
        return try await rate(round: round, under: path, on: db)
    }

    /// The closed yearly round over `root`, with no reviews yet; nil when the unit is unknown.
    static func openRound(root: UUID, year: Int, on db: any Database) async throws -> ReviewRound? {
        guard let org = try await Organization.find(root, on: db) else { return nil }
        let round = ReviewRound()
        round.id = UUID()
        round.$organization.id = root
        round.organizationPath = org.path
        round.year = year
        round.periodRaw = ReviewPeriod.year.rawValue
        round.title = "Kiểm điểm, đánh giá, xếp loại chất lượng năm \(year)"
        round.selfFrom = String(format: "%04d-12-01", year)
        round.selfTo = String(format: "%04d-12-10", year)
        round.unitReviewBy = String(format: "%04d-12-20", year)
        round.decisionBy = String(format: "%04d-12-31", year)
        round.statusRaw = RoundStatus.closed.rawValue
        round.policyJSON = String(decoding: try JSONEncoder().encode(ReviewPolicy.standard), as: UTF8.self)
        round.closedAt = Date()
        try await round.create(on: db)
        return round
    }

    /// The decided reviews of the members of one subtree of the round. The
    /// generator calls it once a province, each in its own transaction: one
    /// statement of 5.6 million rows grew SQLite's log past 3 GB (issue 19).
    /// Members are read in their path order, which for generated members is
    /// also the order of their ids, so the reviews' indexes grow at their end.
    static func rate(round: ReviewRound, under subtree: TreePath, on db: any Database) async throws -> Int {
        let day = "substr(m.birth_date, 9, 2)"
        let level = "CASE WHEN \(day) IN ('01', '02') THEN 'excellent' WHEN \(day) <= '25' THEN 'good' WHEN \(day) <= '30' THEN 'fulfilled' ELSE 'notFulfilled' END"
        let total = "CASE WHEN \(day) IN ('01', '02') THEN 92 WHEN \(day) <= '25' THEN 80 WHEN \(day) <= '30' THEN 62 ELSE 45 END"
        let within = Scope([subtree])
        try await db.sql.raw("""
            INSERT INTO \(unsafeRaw: MemberReview.schema) (id, round_id, member_id, year, period, organization_id, organization_path, grassroots_id,
              form, stage, self_scores, self_total, self_level, self_note, tasks, tasks_on_time, tasks_beyond, self_at_ms,
              unit_level, votes_present, votes_agree, unit_by, unit_at_ms, decided_level, decided_by_organization_id, decided_by, decided_at_ms)
            SELECT m.id, \(bind: round.id!), m.id, \(bind: round.year), 'year', m.organization_id, m.organization_path,
              CASE WHEN o.kind = 'cell' THEN o.parent_id ELSE o.id END,
              '2B', 'decided', '{}', \(unsafeRaw: total), \(unsafeRaw: level), '', 0, 0, 0, 0,
              \(unsafeRaw: level), 0, 0, 'generate', 0, \(unsafeRaw: level), CASE WHEN o.kind = 'cell' THEN o.parent_id ELSE o.id END, 'generate', 0
            FROM \(unsafeRaw: Member.schema) m JOIN \(unsafeRaw: Organization.schema) o ON o.id = m.organization_id
            WHERE \(within.predicate(SQLColumn("organization_path", table: "m")))
            """).run()
        return try await MemberReview.query(on: db).filter(\.$round.$id == round.id!)
            .filter(.sql(within.predicate(SQLColumn("organization_path", table: MemberReview.schema)))).count()
    }
}

extension SyntheticRatings {
    /// The generator's path: the round, then each child of the root (each
    /// province of a country, each commune of a province) in a transaction
    /// of its own, so SQLite's log stays the size of one province. Generated
    /// members sit in cells, never in the root itself.
    static func addByProvince(root: UUID, year: Int, on db: any Database) async throws -> Int {
        guard let round = try await db.transaction({ try await openRound(root: root, year: year, on: $0) }) else { return 0 }
        let children = try await Organization.query(on: db).filter(\.$parent.$id == root).sort(\.$path).all()
        var rated = 0
        for child in children {
            let path = child.treePath
            rated += try await db.transaction { try await rate(round: round, under: path, on: $0) }
        }
        return rated
    }
}
