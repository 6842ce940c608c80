import ArgumentParser
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

extension Bench {
    /// Issue 5's yardsticks on one large grassroots organization: every
    /// cell's decisions recorded in one call each (the quota, the caps, the
    /// audit and the rating rollups included), then the quota check and the
    /// results read on its full count.
    struct Reviews: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Xếp loại một đảng bộ cơ sở lớn và đo. Decide a large grassroots organization's ratings and time them.")

        @ArgumentParser.Option(help: "Chi bộ. Cells.") var cells = 167
        @ArgumentParser.Option(help: "Đảng viên mỗi chi bộ. Members per cell.") var perCell = 30
        @ArgumentParser.Option(help: "Số lần đo. Timing runs.") var runs = 200

        func validate() throws {
            guard cells >= 1, perCell >= 3, runs >= 1 else { throw ValidationError("--cells ≥ 1, --per-cell ≥ 3, --runs ≥ 1") }
        }

        func run() async throws {
            try await AppRunner.withApp { app in
                guard try await Organization.query(on: app.db).count() == 0 else {
                    throw CleanExit.message("bench reviews needs an empty database (CAPUY_DATABASE_URL).")
                }
                let today = app.capuy.today()
                let units = OrganizationService(db: app.db, actor: .system, today: today)
                let province = try await units.create(.init(parentId: nil, name: "Đảng bộ tỉnh Đo", kind: "provincialCommittee", sector: "agency", code: "BT"), scope: nil)
                let commune = try await units.create(.init(parentId: province.id, name: "Đảng bộ xã Đo", kind: "communeCommittee", sector: "agency", code: "BX"), scope: nil)
                let big = try await units.create(.init(parentId: commune.id, name: "Đảng bộ Khối cơ quan Đo", kind: "grassrootsCommittee", sector: "agency", code: "BG"), scope: nil)
                var rows = SyntheticRows(db: app.db, today: today)
                rows.startCommune(big.id!)
                var summary = SyntheticCountry.Summary()
                var cellIDs: [UUID] = []
                for i in 1...cells {
                    let cell = try await units.create(.init(parentId: big.id, name: "Chi bộ \(i)", kind: "cell", sector: "agency", code: "BC\(i)"), scope: nil)
                    cellIDs.append(cell.id!)
                    _ = try await rows.members(of: cell.id!, path: cell.path, count: perCell, &summary)
                }
                try await rows.finish()
                _ = try await Rollups.rebuild(year: today.year, on: app.db)
                let principal = Principal(userId: UUID(), username: "bench", displayName: "bench", sessionId: UUID(),
                                          grants: [GrantInfo(role: .admin, organizationId: province.id!, path: province.treePath)])
                let round = try await ReviewRoundService(db: app.db, actor: .system, principal: principal).open(ReviewRoundInput(
                    organizationId: province.id!, year: today.year, period: "year", title: nil, selfFrom: today.iso, selfTo: today.iso,
                    unitReviewBy: today.iso, decisionBy: today.iso))
                // Self-assessed and reviewed by the cells, behind the services' back: the decisions are what is measured.
                try await app.db.sql.raw("""
                    INSERT INTO \(unsafeRaw: MemberReview.schema) (id, round_id, member_id, year, period, organization_id, organization_path, grassroots_id,
                      form, stage, self_scores, self_total, self_level, self_note, tasks, tasks_on_time, tasks_beyond, self_at_ms,
                      unit_level, votes_present, votes_agree, unit_by, unit_at_ms)
                    SELECT id, \(bind: round.id!), id, \(bind: today.year), 'year', organization_id, organization_path, \(bind: big.id!),
                      '2B', 'unitReviewed', '{}', 92, 'excellent', '', 10, 10, 4, 0, 'excellent', \(bind: perCell), \(bind: perCell), 'bench', 0
                    FROM \(unsafeRaw: Member.schema)
                    """).run()
                let service = MemberReviewService(db: app.db, actor: .system, principal: principal, round: round)
                var decide: [Double] = []
                for cell in cellIDs {
                    let ids = try await app.db.sql.select().column("id").from(Member.schema).where("organization_id", .equal, cell)
                        .all(decoding: IDRow.self).map(\.id)
                    // Two excellent, the rest mostly good: within the quota at every step.
                    let input = DecisionInput(decisions: ids.enumerated().map { i, id in
                        .init(memberId: id, level: i < 2 ? "excellent" : i < perCell - 3 ? "good" : "fulfilled")
                    })
                    let started = ContinuousClock.now
                    _ = try await service.decide(input)
                    decide.append(Bench.ms(ContinuousClock.now - started))
                }
                Bench.report("reviews", "decisions (\(perCell) in one call)", decide)
                var quota: [Double] = []
                var counts = MemberReviewService.QuotaCounts(counts: [0, 0, 0, 0], maxExcellent: 0)
                for _ in 0..<runs {
                    let started = ContinuousClock.now
                    counts = try await MemberReviewService.quota(round: round.id!, grassroots: big.id!, share: 0.2, on: app.db)
                    quota.append(Bench.ms(ContinuousClock.now - started))
                }
                Bench.report("reviews", "quota check (\(counts.counts.reduce(0, +)) members: \(counts.counts))", quota)
                let results = ReviewResults(db: app.db, principal: principal, round: round)
                var reads: [Double] = []
                for _ in 0..<runs {
                    let started = ContinuousClock.now
                    _ = try await results.distribution(of: province)
                    reads.append(Bench.ms(ContinuousClock.now - started))
                }
                Bench.report("reviews", "distribution (province)", reads)
                let wrong = try await RatingRollups.verify(on: app.db)
                print("rating rollups verify: \(wrong.isEmpty ? "OK" : "\(wrong.count) differ")")
            }
        }

        private struct IDRow: Decodable { let id: UUID }


    }
}
