import CapuyCore
import Fluent
import Foundation
import Vapor

struct UnitSelfAssessmentInput: Content {
    var scores: [String: Double]
    var note: String?
    var tasksBeyond: Int?
    var level: String
}

struct UnitDecisionInput: Content {
    struct Entry: Content {
        var organizationId: UUID
        var level: String
        var note: String?
    }

    var decisions: [Entry]
}

struct UnitReviewDTO: Content {
    let id: UUID
    let roundId: UUID
    let organizationId: UUID
    let stage: String
    let selfScores: [String: Double]
    let selfTotal: Double
    let selfLevel: String
    let selfNote: String
    let tasksBeyond: Int
    let decidedLevel: String?
    let decidedByOrganizationId: UUID?
    let decisionNote: String?
    let bars: [String]

    init(_ r: UnitReview) {
        id = r.id!
        roundId = r.$round.id
        organizationId = r.$organization.id
        stage = r.stageRaw
        selfScores = MemberReviewDTO.scores(r.selfScores)
        selfTotal = r.selfTotal
        selfLevel = r.selfLevel
        selfNote = r.selfNote
        tasksBeyond = r.tasksBeyond
        decidedLevel = r.decidedLevel
        decidedByOrganizationId = r.decidedByOrganizationId
        decisionNote = r.decisionNote
        bars = StoredBars.keys(r.bars)
    }
}

/// What a unit's self-assessment rests on (R-EVAL-6): its members' and its
/// sub-units' decided levels, and the facts the system holds.
struct UnitReviewContext: Content {
    let organizationId: UUID
    let organizationName: String
    let sheet: CriteriaSheet
    let members: [Int]
    let subUnits: [Int]
    let facts: RatingFacts
    let review: UnitReviewDTO?
}

/// A party organization's path: it assesses itself, and the standing
/// committee of the level directly above decides (R-EVAL-6).
struct UnitReviewService {
    let db: any Database
    let actor: Actor
    let principal: Principal
    let round: ReviewRound
    /// Decoded once per request, as in MemberReviewService.
    let policy: ReviewPolicy

    init(db: any Database, actor: Actor, principal: Principal, round: ReviewRound) {
        self.db = db
        self.actor = actor
        self.principal = principal
        self.round = round
        policy = round.policy
    }

    /// A unit of the round: strictly below the unit that opened it.
    func unit(_ id: UUID, scope: Scope) async throws -> Organization {
        guard let org = try await Organization.find(id, on: db), org.path.hasPrefix(round.organizationPath + "."),
              scope.contains(path: org.path) else { throw Refusal.notFound }
        let owner = try await ReviewRound.owning(org.path, year: round.year, period: round.periodRaw, strictly: true, on: db)
        guard owner?.id == round.id else { throw Refusal.notFound }
        return org
    }

    /// R-EVAL-6: the standing committee of the level directly above decides, so
    /// a `manageReviews` grant at `org` itself decides its sub-units.
    func decidesBelow(_ org: Organization) -> Bool {
        principal.grants.contains { AccessPolicy.allows($0.role, .manageReviews) && $0.path.value == org.path }
    }

    /// This period's reviews of many units, by unit.
    func reviews(of orgIds: [UUID]) async throws -> [UUID: UnitReview] {
        guard !orgIds.isEmpty else { return [:] }
        let rows = try await UnitReview.query(on: db).filter(\.$organization.$id ~~ orgIds)
            .filter(\.$year == round.year).filter(\.$period == round.periodRaw).all()
        return Dictionary(rows.map { ($0.$organization.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func review(of orgId: UUID, on db: any Database) async throws -> UnitReview? {
        try await UnitReview.query(on: db).filter(\.$organization.$id == orgId)
            .filter(\.$year == round.year).filter(\.$period == round.periodRaw).first()
    }

    func context(for id: UUID) async throws -> UnitReviewContext {
        let org = try await unit(id, scope: principal.scope(.viewOrganizations))
        // Its figures are results: staff see them as they come, members once the round is published.
        guard ReviewResults(db: db, principal: principal, round: round).mayRead(org) else { throw Refusal.notFound }
        let existing = try await review(of: id, on: db)
        let tally = try await RatingRollups.tallies(of: [id], key: .init(year: round.year, period: round.periodRaw), on: db)[id] ?? .init()
        let own = RatingRollups.Tally.unit(existing?.decided)
        let facts = try await ReviewFacts.unit(org, year: round.year, beyond: existing?.tasksBeyond ?? 0, on: db)
        return UnitReviewContext(organizationId: id, organizationName: org.name, sheet: policy.sheet(.collective)!,
                                 members: tally.members, subUnits: (tally - own).units, facts: facts,
                                 review: existing.map(UnitReviewDTO.init))
    }

    func selfAssess(_ id: UUID, _ input: UnitSelfAssessmentInput) async throws -> UnitReview {
        guard round.isOpen else { throw ReviewMessages.closed }
        let org = try await unit(id, scope: principal.scope(.reviewUnits))
        var c = IssueCollector()
        var total = 0.0
        switch policy.sheet(.collective)!.total(of: input.scores) {
        case .success(let t): total = t
        case .failure(let e):
            for entry in e.entries {
                c.add("scores.\(entry.code)", "Điểm tiêu chí \(entry.code) thiếu hoặc ngoài khoảng 0–\(DisplayFormat.points(entry.max)) (R-EVAL-2).",
                      en: "Criterion \(entry.code) is missing or outside 0–\(DisplayFormat.points(entry.max)) (R-EVAL-2).")
            }
        }
        let beyond = input.tasksBeyond ?? 0
        if beyond < 0 || beyond > 10_000 { c.add("tasksBeyond", "Số nhiệm vụ vượt yêu cầu không hợp lệ.", en: "Invalid number of tasks beyond requirements.") }
        let level = ReviewMessages.level(input.level, field: "level", into: &c)
        try c.throwIfAny()
        let facts = try await ReviewFacts.unit(org, year: round.year, beyond: beyond, on: db)
        if facts.tasks > 0, beyond > facts.tasks {
            throw ValidationFailure(field: "tasksBeyond", "Số nhiệm vụ vượt yêu cầu lớn hơn số nhiệm vụ được giao (\(facts.tasks)).",
                                    en: "More tasks beyond requirements than tasks assigned (\(facts.tasks)).")
        }
        let ceiling = RatingRules.ceiling(total: total, facts: facts, collective: true, policy: policy)
        if let level, level > ceiling.level { throw ValidationFailure([ReviewMessages.tooHigh("level", ceiling: ceiling)]) }
        let scoresJSON = String(decoding: try JSONEncoder().encode(input.scores), as: UTF8.self)
        let note = String((input.note ?? "").prefix(10_000))
        let round = self.round, by = actor.name, sheetTotal = total
        return try await db.write(as: actor) { tx, trail in
            try await ReviewRound.requireOpen(round.id!, on: tx)
            let existing = try await self.review(of: id, on: tx)
            if let existing, existing.$round.id != round.id {
                throw Refusal(.conflict, "Tổ chức đảng đã được đánh giá trong một đợt khác cùng kỳ.", en: "The unit is reviewed in another round of the same period.")
            }
            guard ReviewWorkflow.allows(.selfAssess, from: existing?.stage, collective: true) else {
                throw Refusal(.conflict, "Cấp trên đã quyết định xếp loại: không sửa được bản tự đánh giá (R-EVAL-6).",
                              en: "The level above has decided: the self-assessment can no longer change (R-EVAL-6).")
            }
            let r = existing ?? UnitReview()
            let before = existing.map(UnitReviewDTO.init)
            if existing == nil {
                r.id = UUID()
                r.$round.id = round.id!
                r.$organization.id = id
                r.organizationPath = org.path
                r.year = round.year
                r.period = round.periodRaw
            }
            r.stageRaw = ReviewStage.selfAssessed.rawValue
            r.selfScores = scoresJSON
            r.selfTotal = sheetTotal
            r.selfLevel = level!.rawValue
            r.selfNote = note
            r.tasksBeyond = beyond
            r.selfBy = by
            r.selfAtMs = Int64((Date().timeIntervalSince1970 * 1000).rounded())
            try await r.save(on: tx)
            trail.record("review.unit.self", entity: "unit_review", id: r.id!, path: org.path, before: before, after: UnitReviewDTO(r))
            return r
        }
    }

    /// R-EVAL-6: only the level directly above (or a level above it) decides.
    func decide(_ input: UnitDecisionInput) async throws -> [UnitReview] {
        guard round.isOpen else { throw ReviewMessages.closed }
        guard !input.decisions.isEmpty, input.decisions.count <= 2000 else {
            throw ValidationFailure(field: "decisions", "Chọn ít nhất một tổ chức đảng.", en: "Choose at least one unit.")
        }
        var c = IssueCollector()
        var plan: [(UUID, RatingLevel, [RatingBar], String, String, UUID)] = []
        for (i, e) in input.decisions.enumerated() {
            let field = "decisions.\(i)"
            let org = try await unit(e.organizationId, scope: principal.scope(.viewOrganizations))
            // The standing committee of the level directly above: a grant at the parent itself, not anywhere above.
            guard let parentPath = org.treePath.parent, let parentId = org.$parent.id,
                  principal.grants.contains(where: { AccessPolicy.allows($0.role, .manageReviews) && $0.path == parentPath }) else {
                throw Refusal(.forbidden, "\(org.name): việc xếp loại do ban thường vụ cấp ủy cấp trên trực tiếp quyết định (R-EVAL-6).",
                              en: "\(org.name): the standing committee of the level directly above decides (R-EVAL-6).")
            }
            guard let r = try await review(of: org.id!, on: db), ReviewWorkflow.allows(.decide, from: r.stage, collective: true) else {
                c.add(field, "\(org.name): chưa tự đánh giá (R-EVAL-6).", en: "\(org.name): no self-assessment yet (R-EVAL-6).")
                continue
            }
            guard let level = ReviewMessages.level(e.level, field: "\(field).level", into: &c) else { continue }
            let facts = try await ReviewFacts.unit(org, year: round.year, beyond: r.tasksBeyond, on: db)
            let ceiling = RatingRules.ceiling(total: r.selfTotal, facts: facts, collective: true, policy: policy)
            if level > ceiling.level { c.add(ReviewMessages.tooHigh("\(field).level", ceiling: ceiling, who: org.name)) }
            plan.append((r.id!, level, ceiling.bars, String((e.note ?? "").prefix(2000)), org.path, parentId))
        }
        try c.throwIfAny()
        let key = RatingRollups.Key(year: round.year, period: round.periodRaw), by = actor.name, planned = plan
        let roundID = round.id!
        return try await db.write(as: actor) { tx, trail in
            try await ReviewRound.requireOpen(roundID, on: tx)
            var saved: [UnitReview] = []
            var deltas: [(path: String, tally: RatingRollups.Tally)] = []
            for (id, level, bars, note, _, parentId) in planned {
                guard let r = try await UnitReview.find(id, on: tx) else { throw Refusal.notFound }
                let path = r.organizationPath
                let before = UnitReviewDTO(r)
                deltas.append((path, .unit(level) - .unit(r.decided)))
                r.stageRaw = ReviewStage.decided.rawValue
                r.decidedLevel = level.rawValue
                r.decidedByOrganizationId = parentId
                r.decisionNote = note
                r.bars = StoredBars.encode(bars)
                r.decidedBy = by
                r.decidedAtMs = Int64((Date().timeIntervalSince1970 * 1000).rounded())
                try await r.save(on: tx)
                trail.record("review.unit.decide", entity: "unit_review", id: id, path: path, before: before, after: UnitReviewDTO(r))
                saved.append(r)
            }
            try await RatingRollups.add(deltas, key: key, on: tx)
            return saved
        }
    }
}
