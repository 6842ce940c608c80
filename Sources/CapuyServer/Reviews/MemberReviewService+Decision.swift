import CapuyCore
import Fluent
import Foundation
import SQLKit

extension MemberReviewService {
    /// The competent committee decides (R-EVAL-6): for a member, her
    /// grassroots organization's committee or a level above it. All the
    /// decisions of one request stand or fall together; the quota (R-EVAL-5)
    /// is checked on the result, inside the same transaction.
    func decide(_ input: DecisionInput) async throws -> [MemberReview] {
        guard round.isOpen else { throw ReviewMessages.closed }
        guard !input.decisions.isEmpty, input.decisions.count <= 2000 else {
            throw ValidationFailure(field: "decisions", "Chọn ít nhất một đảng viên.", en: "Choose at least one member.")
        }
        let ids = input.decisions.map(\.memberId)
        guard Set(ids).count == ids.count else {
            throw ValidationFailure(field: "decisions", "Mỗi đảng viên chỉ được quyết định một lần trong một lần lưu.", en: "Each member once per request.")
        }
        let reviews = try await loadReviews(ids)
        let names = try await memberNames(ids)
        // The grassroots organization is found again now: a cell may have moved since she assessed herself.
        var bodyOfUnit: [UUID: Organization] = [:]
        for unit in try await Organization.many(ids: Array(Set(reviews.values.map(\.organizationId))), on: db) {
            bodyOfUnit[unit.id!] = try await ReviewFacts.grassroots(of: unit, on: db)
        }
        let bodyById = Dictionary(bodyOfUnit.values.map { ($0.id!, $0) }, uniquingKeysWith: { a, _ in a })
        let known = try await ReviewFacts.members(Array(reviews.values), year: round.year, on: db)
        let manage = principal.scope(.manageReviews)
        let visible = principal.scope(.reviewUnits)
        var c = IssueCollector()
        var plan: [(id: UUID, level: RatingLevel, bars: [RatingBar], note: String, body: UUID)] = []
        for (i, e) in input.decisions.enumerated() {
            let field = "decisions.\(i)"
            guard let r = reviews[e.memberId], let body = bodyOfUnit[r.organizationId],
                  manage.contains(path: r.organizationPath) || visible.contains(path: r.organizationPath) else {
                c.add(ReviewMessages.notReviewable(field, row: i))
                continue
            }
            let who = names[e.memberId] ?? "Đảng viên"
            guard manage.contains(path: body.path) else {
                throw Refusal(.forbidden, "Chỉ cấp ủy \(body.name) hoặc cấp trên có thẩm quyền quyết định xếp loại đảng viên của đơn vị này (R-EVAL-6).",
                              en: "Only the committee of \(body.name) or a level above may decide this unit's members' ratings (R-EVAL-6).")
            }
            guard ReviewWorkflow.allows(.decide, from: r.stage) else {
                c.add(field, "\(who): chi bộ chưa nhận xét, đề xuất xếp loại (R-EVAL-6).", en: "\(who): the cell has not reviewed yet (R-EVAL-6).")
                continue
            }
            guard let level = ReviewMessages.level(e.level, field: "\(field).level", into: &c) else { continue }
            var facts = known[e.memberId] ?? RatingFacts()
            facts.degradationConcluded = e.degradation ?? false
            facts.exampleBreach = e.exampleBreach ?? false
            let ceiling = RatingRules.ceiling(total: r.total, facts: facts, collective: false, policy: policy)
            if level > ceiling.level { c.add(ReviewMessages.tooHigh("\(field).level", ceiling: ceiling, who: who)) }
            plan.append((r.id!, level, ceiling.bars, String((e.note ?? "").prefix(2000)), body.id!))
        }
        try c.throwIfAny()
        let by = actor.name
        let key = RatingRollups.Key(year: round.year, period: round.periodRaw)
        let round = self.round
        let share = policy.excellentQuota
        let planned = plan
        return try await db.write(as: actor) { tx, trail in
            try await ReviewRound.requireOpen(round.id!, on: tx)
            var saved: [MemberReview] = []
            var deltas: [(path: String, tally: RatingRollups.Tally)] = []
            let fresh = try await Self.reload(planned.map(\.id), on: tx)
            for p in planned {
                guard let r = fresh[p.id] else { throw Refusal.notFound }
                let before = MemberReviewDTO(r)
                deltas.append((r.organizationPath, .member(p.level) - .member(r.decided)))
                r.stageRaw = ReviewStage.decided.rawValue
                r.decidedLevel = p.level.rawValue
                r.grassrootsId = p.body
                r.decidedByOrganizationId = p.body
                r.decisionNote = p.note
                r.bars = StoredBars.encode(p.bars)
                r.decidedBy = by
                r.decidedAtMs = Int64((Date().timeIntervalSince1970 * 1000).rounded())
                try await r.save(on: tx)
                trail.record("review.decide", entity: "member_review", id: p.id, path: r.organizationPath, before: before, after: MemberReviewDTO(r))
                saved.append(r)
            }
            for grassrootsId in Set(saved.map(\.grassrootsId)) {
                let q = try await Self.quota(round: round.id!, grassroots: grassrootsId, share: share, on: tx)
                guard q.excess > 0 else { continue }
                let over = saved.filter { $0.grassrootsId == grassrootsId && $0.decided == .excellent }
                    .sorted { $0.total < $1.total }.prefix(q.excess).map { names[$0.$member.id] ?? "" }
                let body = bodyById[grassrootsId]?.name ?? ""
                let pct = Int((share * 100).rounded())
                throw ValidationFailure(field: "decisions", """
                    \(body): chỉ được xếp loại tối đa \(q.maxExcellent) đảng viên Hoàn thành xuất sắc nhiệm vụ (\(pct)% của \(q.good) đảng viên \
                    Hoàn thành tốt nhiệm vụ, R-EVAL-5); lần lưu này dẫn tới \(q.excellent), vượt \(q.excess): \(over.joined(separator: ", ")).
                    """, en: """
                    \(body): at most \(q.maxExcellent) members may be rated excellent (\(pct)% of the \(q.good) rated good, R-EVAL-5); \
                    this would make \(q.excellent), \(q.excess) over: \(over.joined(separator: ", ")).
                    """)
            }
            try await RatingRollups.add(deltas, key: key, on: tx)
            return saved
        }
    }

    struct QuotaCounts: Sendable {
        let counts: [Int]
        let maxExcellent: Int
        var excellent: Int { counts[0] }
        var good: Int { counts[1] }
        var excess: Int { max(0, excellent - maxExcellent) }
    }

    /// R-EVAL-5 for one grassroots organization: one indexed GROUP BY.
    static func quota(round: UUID, grassroots: UUID, share: Double, on db: any Database) async throws -> QuotaCounts {
        let rows = try await db.sql.raw("""
            SELECT decided_level, CAST(COUNT(*) AS BIGINT) AS n FROM \(unsafeRaw: MemberReview.schema)
            WHERE round_id = \(bind: round) AND grassroots_id = \(bind: grassroots) AND decided_level IS NOT NULL GROUP BY decided_level
            """).all()
        var counts = [0, 0, 0, 0]
        for row in rows {
            if let level = RatingLevel(rawValue: try row.decode(column: "decided_level", as: String.self)) {
                counts[level.rank] = Int(try row.decode(column: "n", as: Int64.self))
            }
        }
        return QuotaCounts(counts: counts, maxExcellent: RatingQuota.maxExcellent(good: counts[1], share: share))
    }

    func quotaStatus(of grassroots: Organization) async throws -> QuotaStatusDTO {
        let q = try await Self.quota(round: round.id!, grassroots: grassroots.id!, share: policy.excellentQuota, on: db)
        return QuotaStatusDTO(organizationId: grassroots.id!, organizationName: grassroots.name, excellent: q.counts[0], good: q.counts[1],
                              fulfilled: q.counts[2], notFulfilled: q.counts[3], maxExcellent: q.maxExcellent, excess: q.excess)
    }
}
