import CapuyCore
import Fluent
import Foundation
import SQLKit

/// A member's path through a round (R-EVAL-6): she assesses herself, her
/// cell reviews and proposes, the grassroots committee decides. Every step
/// is one transaction and one audit event per member.
struct MemberReviewService {
    let db: any Database
    let actor: Actor
    let principal: Principal
    let round: ReviewRound
    /// Decoded once: the round keeps it as JSON, and a cell's table checks it per member.
    let policy: ReviewPolicy

    init(db: any Database, actor: Actor, principal: Principal, round: ReviewRound) {
        self.db = db
        self.actor = actor
        self.principal = principal
        self.round = round
        policy = round.policy
    }

    private static func nowMs() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    // MARK: reading

    /// The member herself, or staff who review her unit.
    private func mayAct(for m: Member) -> Bool {
        guard round.covers(m.organizationPath) else { return false }
        return principal.memberId == m.id || principal.scope(.reviewUnits).contains(path: m.organizationPath)
            || principal.scope(.manageReviews).contains(path: m.organizationPath)
    }

    func member(_ id: UUID) async throws -> Member {
        guard let m = try await Member.find(id, on: db), mayAct(for: m) else { throw Refusal.notFound }
        let owner = try await ReviewRound.owning(m.organizationPath, year: round.year, period: round.periodRaw, strictly: false, on: db)
        if let owner, owner.id != round.id {
            throw Refusal(.conflict, "Đảng viên này được đánh giá trong đợt “\(owner.title)” của đơn vị mình.",
                          en: "This member is reviewed in her own unit's round, “\(owner.title)”.")
        }
        return m
    }

    func review(of memberId: UUID, on db: any Database) async throws -> MemberReview? {
        try await MemberReview.query(on: db).filter(\.$member.$id == memberId)
            .filter(\.$year == round.year).filter(\.$period == round.periodRaw).first()
    }

    /// The form a member fills by default: 2A if she holds a committee post.
    func defaultForm(of memberId: UUID) async throws -> ReviewForm {
        let posts = try await Position.query(on: db).filter(\.$member.$id == memberId).filter(\.$endOn == nil)
            .filter(\.$titleRaw != PositionTitle.statePost.rawValue).count()
        return posts > 0 ? .leader : .staff
    }

    func context(for memberId: UUID) async throws -> SelfAssessmentContext {
        let m = try await member(memberId)
        let existing = try await review(of: memberId, on: db)
        var form = ReviewForm.staff
        if let existing { form = existing.form } else { form = try await defaultForm(of: memberId) }
        let disciplined = try await ReviewFacts.disciplined([memberId], year: round.year, on: db).contains(memberId)
        let pledge = try await CommitmentResults.pledge(memberId: memberId, year: round.year, on: db)
        return SelfAssessmentContext(round: ReviewRoundDTO(round), memberId: memberId, memberName: m.fullName, form: form.rawValue,
                                     sheet: policy.sheet(form) ?? ReviewPolicy.standard.sheet(form)!, disciplined: disciplined,
                                     pledge: pledge, review: existing.map { MemberReviewDTO($0, memberName: m.fullName) })
    }

    // MARK: 1. self-assessment

    func selfAssess(_ memberId: UUID, _ input: SelfAssessmentInput) async throws -> MemberReview {
        guard round.isOpen else { throw ReviewMessages.closed }
        let m = try await member(memberId)
        var c = IssueCollector()
        var form = ReviewForm.staff
        if let raw = input.form, !raw.isEmpty {
            if let f = ReviewForm(rawValue: raw), ReviewForm.individual.contains(f) { form = f } else {
                c.add("form", "Chọn mẫu 2A, 2B hoặc 2C.", en: "Choose form 2A, 2B or 2C.")
            }
        } else {
            form = try await defaultForm(of: memberId)
        }
        var total = 0.0
        if let sheet = policy.sheet(form) {
            switch sheet.total(of: input.scores) {
            case .success(let t): total = t
            case .failure(let e):
                for entry in e.entries {
                    switch entry.problem {
                    case .missing: c.add("scores.\(entry.code)", "Chưa chấm tiêu chí \(entry.code).", en: "Criterion \(entry.code) is not scored.")
                    case .outOfRange: c.add("scores.\(entry.code)", "Điểm tiêu chí \(entry.code) phải từ 0 đến \(DisplayFormat.points(entry.max)) (R-EVAL-2).",
                                            en: "Criterion \(entry.code) is scored from 0 to \(DisplayFormat.points(entry.max)) (R-EVAL-2).")
                    case .unknown: c.add("scores.\(entry.code)", "Không có tiêu chí \(entry.code) trong mẫu này.", en: "Form has no criterion \(entry.code).")
                    }
                }
            }
        }
        let tasks = input.tasks ?? 0, onTime = input.tasksOnTime ?? 0, beyond = input.tasksBeyond ?? 0
        if tasks < 0 || tasks > 10_000 { c.add("tasks", "Số nhiệm vụ không hợp lệ.", en: "Invalid number of tasks.") }
        if onTime < 0 || onTime > tasks { c.add("tasksOnTime", "Số nhiệm vụ đúng hạn phải từ 0 đến tổng số nhiệm vụ.", en: "On-time tasks run from 0 to the number of tasks.") }
        if beyond < 0 || beyond > tasks { c.add("tasksBeyond", "Số nhiệm vụ vượt yêu cầu phải từ 0 đến tổng số nhiệm vụ.", en: "Tasks beyond requirements run from 0 to the number of tasks.") }
        let note = String((input.note ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(10_000))
        let level = ReviewMessages.level(input.level, field: "level", into: &c)
        try c.throwIfAny()
        let facts = try await ReviewFacts.members([.init(memberId: memberId, tasks: tasks, onTime: onTime, beyond: beyond)],
                                                  year: round.year, on: db)[memberId] ?? RatingFacts()
        let ceiling = RatingRules.ceiling(total: total, facts: facts, collective: false, policy: policy)
        if let level, level > ceiling.level { throw ValidationFailure([ReviewMessages.tooHigh("level", ceiling: ceiling)]) }
        let grassroots = try await ReviewFacts.grassroots(of: try await Organization.find(m.$organization.id, on: db) ?? { throw Refusal.notFound }(), on: db)
        let scoresJSON = String(decoding: try JSONEncoder().encode(input.scores), as: UTF8.self)
        let round = self.round, chosenForm = form, sheetTotal = total
        return try await db.write(as: actor) { tx, trail in
            try await ReviewRound.requireOpen(round.id!, on: tx)
            let existing = try await self.review(of: memberId, on: tx)
            if let existing, existing.$round.id != round.id {
                throw Refusal(.conflict, "Đảng viên đã được đánh giá trong một đợt khác cùng kỳ.", en: "The member is reviewed in another round of the same period.")
            }
            guard ReviewWorkflow.allows(.selfAssess, from: existing?.stage) else {
                throw Refusal(.conflict, "Chi bộ đã nhận xét bản tự đánh giá này: không sửa được nữa (R-EVAL-6).",
                              en: "The cell has already reviewed this self-assessment: it can no longer change (R-EVAL-6).")
            }
            let r = existing ?? MemberReview()
            let before = existing.map { MemberReviewDTO($0) }
            if existing == nil {
                r.id = UUID()
                r.$round.id = round.id!
                r.$member.id = memberId
                r.year = round.year
                r.period = round.periodRaw
                r.organizationId = m.$organization.id
                r.organizationPath = m.organizationPath
                r.grassrootsId = grassroots.id!
            }
            r.formRaw = chosenForm.rawValue
            r.stageRaw = ReviewStage.selfAssessed.rawValue
            r.selfScores = scoresJSON
            r.selfTotal = sheetTotal
            r.selfLevel = level!.rawValue
            r.selfNote = note
            r.tasks = tasks
            r.tasksOnTime = onTime
            r.tasksBeyond = beyond
            r.selfAtMs = Self.nowMs()
            try await r.save(on: tx)
            trail.record("review.self", entity: "member_review", id: r.id!, path: r.organizationPath, before: before, after: MemberReviewDTO(r))
            return r
        }
    }

    // MARK: 2. the cell's review

    func cellReview(_ input: CellReviewInput) async throws -> [MemberReview] {
        guard round.isOpen else { throw ReviewMessages.closed }
        guard !input.entries.isEmpty, input.entries.count <= 2000 else {
            throw ValidationFailure(field: "entries", "Chọn ít nhất một đảng viên.", en: "Choose at least one member.")
        }
        let ids = input.entries.map(\.memberId)
        let reviews = try await loadReviews(ids)
        let names = try await memberNames(ids)
        let facts = try await ReviewFacts.members(Array(reviews.values), year: round.year, on: db)
        let scope = principal.scope(.reviewUnits)
        var c = IssueCollector()
        var plan: [(MemberReview, RatingLevel, CellReviewInput.Entry)] = []
        for (i, e) in input.entries.enumerated() {
            let field = "entries.\(i)"
            guard let r = reviews[e.memberId], scope.contains(path: r.organizationPath) else {
                // Named by row only: a name would tell an id outside the scope exists and whose it is (issue 14, item 2).
                c.add(ReviewMessages.notReviewable(field, row: i))
                continue
            }
            guard ReviewWorkflow.allows(.unitReview, from: r.stage) else {
                c.add(field, "\(names[e.memberId] ?? ""): đã có quyết định xếp loại (R-EVAL-6).", en: "\(names[e.memberId] ?? ""): already decided (R-EVAL-6).")
                continue
            }
            if let t = e.total, !(t.isFinite && t >= 0 && t <= 100) {
                c.add("\(field).total", "Tổng điểm phải từ 0 đến 100 (R-EVAL-2).", en: "The total runs from 0 to 100 (R-EVAL-2).")
            }
            if e.present < 1 || e.present > 10_000 || e.agree < 0 || e.agree > e.present {
                c.add("\(field).agree", "Số tán thành phải từ 0 đến số đảng viên có mặt.", en: "Votes in favour run from 0 to the members present.")
            }
            guard let level = ReviewMessages.level(e.level, field: "\(field).level", into: &c) else { continue }
            let ceiling = RatingRules.ceiling(total: e.total ?? r.selfTotal, facts: facts[e.memberId] ?? RatingFacts(), collective: false, policy: policy)
            if level > ceiling.level { c.add(ReviewMessages.tooHigh("\(field).level", ceiling: ceiling, who: names[e.memberId])) }
            plan.append((r, level, e))
        }
        try c.throwIfAny()
        let by = actor.name
        let planned = plan.map { ($0.0.id!, $0.1, $0.2) }
        let roundID = round.id!
        return try await db.write(as: actor) { tx, trail in
            try await ReviewRound.requireOpen(roundID, on: tx)
            var saved: [MemberReview] = []
            let fresh = try await Self.reload(planned.map(\.0), on: tx)
            for (id, level, e) in planned {
                guard let r = fresh[id] else { throw Refusal.notFound }
                let before = MemberReviewDTO(r)
                r.stageRaw = ReviewStage.unitReviewed.rawValue
                r.unitLevel = level.rawValue
                r.unitTotal = e.total
                r.unitDiscussion = String((e.discussion ?? "").prefix(10_000))
                r.votesPresent = e.present
                r.votesAgree = e.agree
                r.unitBy = by
                r.unitAtMs = Self.nowMs()
                try await r.save(on: tx)
                trail.record("review.cell", entity: "member_review", id: id, path: r.organizationPath, before: before, after: MemberReviewDTO(r))
                saved.append(r)
            }
            return saved
        }
    }

    // MARK: helpers shared with the decision

    func loadReviews(_ memberIds: [UUID]) async throws -> [UUID: MemberReview] {
        let rows = try await MemberReview.query(on: db).filter(\.$round.$id == round.id!).filter(\.$member.$id ~~ memberIds).all()
        return Dictionary(rows.map { ($0.$member.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// The rows again inside the writing transaction, in one query.
    static func reload(_ ids: [UUID], on db: any Database) async throws -> [UUID: MemberReview] {
        Dictionary(uniqueKeysWithValues: try await MemberReview.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0) })
    }

    func memberNames(_ ids: [UUID]) async throws -> [UUID: String] {
        struct Row: Decodable { let id: UUID; let full_name: String }
        let rows = try await db.sql.select().columns("id", "full_name").from(Member.schema).where("id", .in, ids).all(decoding: Row.self)
        return Dictionary(rows.map { ($0.id, $0.full_name) }, uniquingKeysWith: { a, _ in a })
    }
}
