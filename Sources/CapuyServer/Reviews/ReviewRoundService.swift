import CapuyCore
import Fluent
import Foundation
import Vapor

struct ReviewRoundInput: Content {
    var organizationId: UUID
    var year: Int
    var period: String?
    var title: String?
    var selfFrom: String
    var selfTo: String
    var unitReviewBy: String
    var decisionBy: String
    /// A province's own criteria sheet and caps; the standard one if absent.
    var policy: ReviewPolicy?
}

struct ReviewRoundDTO: Content {
    let id: UUID
    let organizationId: UUID
    let organizationName: String?
    let year: Int
    let period: String
    let title: String
    let selfFrom: String
    let selfTo: String
    let unitReviewBy: String
    let decisionBy: String
    let status: String
    let policy: ReviewPolicy?

    init(_ r: ReviewRound, unitName: String? = nil, withPolicy: Bool = false) {
        id = r.id!
        organizationId = r.$organization.id
        organizationName = unitName
        year = r.year
        period = r.periodRaw
        title = r.title
        selfFrom = r.selfFrom
        selfTo = r.selfTo
        unitReviewBy = r.unitReviewBy
        decisionBy = r.decisionBy
        status = r.statusRaw
        policy = withPolicy ? r.policy : nil
    }
}

/// Opening, closing and reopening review rounds (R-EVAL-6), and which
/// rounds a user can see: those of her units and those that cover them.
struct ReviewRoundService {
    let db: any Database
    let actor: Actor
    let principal: Principal

    /// Rounds of units in the user's scope, and rounds of the units above
    /// that cover it (a cell sees the province's round).
    func visible(limit: Int = 200) async throws -> [ReviewRound] {
        let view = principal.scope(.viewOrganizations)
        guard !view.isEmpty else { return [] }
        let above = view.rootsAndAncestors
        return try await ReviewRound.query(on: db).group(.or) { or in
            or.filter(\.$organizationPath ~~ above)
            for root in view.roots {
                or.group(.and) { $0.filter(\.$organizationPath >= root.value).filter(\.$organizationPath < root.value + "/") }
            }
        }.sort(\.$year, .descending).sort(\.$periodRaw).limit(limit).all()
    }

    func find(_ id: UUID) async throws -> ReviewRound {
        guard let round = try await ReviewRound.find(id, on: db) else { throw Refusal.notFound }
        let view = principal.scope(.viewOrganizations)
        guard view.contains(path: round.organizationPath) || view.rootsAndAncestors.contains(round.organizationPath) else {
            throw Refusal.notFound
        }
        return round
    }

    func open(_ input: ReviewRoundInput) async throws -> ReviewRound {
        var c = IssueCollector()
        let period = ReviewPeriod(rawValue: input.period ?? "year")
        if period == nil { c.add("period", "Kỳ đánh giá phải là cả năm hoặc một quý.", en: "The period is the year or a quarter.") }
        if !(2000...2100).contains(input.year) { c.add("year", "Năm đánh giá không hợp lệ.", en: "Invalid year.") }
        let dates = [("selfFrom", input.selfFrom), ("selfTo", input.selfTo), ("unitReviewBy", input.unitReviewBy), ("decisionBy", input.decisionBy)]
            .map { field, raw -> LocalDate? in
                let d = LocalDate(parsing: raw)
                if d == nil { c.add(field, "Ngày không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid date: use day/month/year.") }
                return d
            }
        if dates.allSatisfy({ $0 != nil }), !(dates[0]! <= dates[1]! && dates[1]! <= dates[2]! && dates[2]! <= dates[3]!) {
            c.add("decisionBy", "Lịch phải theo thứ tự: tự đánh giá, chi bộ nhận xét, quyết định xếp loại.",
                  en: "The timetable runs self-assessment, then the cell's review, then the decision.")
        }
        let policy = input.policy ?? .standard
        let problems = policy.problems
        if !problems.isEmpty {
            c.add("policy", "Bộ tiêu chí không dùng được: " + problems.joined(separator: "; "), en: "The criteria sheet is unusable: " + problems.joined(separator: "; "))
        }
        try c.throwIfAny()
        let manage = principal.scope(.manageReviews)
        let policyJSON = String(decoding: try JSONEncoder().encode(policy), as: UTF8.self)
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path) else {
                throw ValidationFailure(field: "organizationId", "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
            }
            // A round above already covers this unit. Rounds below are kept: their units stay
            // in them (ReviewRound.owning), so nobody is rated twice.
            let overlapping = try await ReviewRound.owning(org.path, year: input.year, period: period!.rawValue, strictly: false, on: tx)
            if let overlapping {
                throw Refusal(.conflict, "Đã có đợt đánh giá “\(overlapping.title)” cùng kỳ bao trùm đơn vị này.",
                              en: "A round of the same period (“\(overlapping.title)”) already covers this unit.")
            }
            let r = ReviewRound()
            r.id = UUID()
            r.$organization.id = org.id!
            r.organizationPath = org.path
            r.year = input.year
            r.periodRaw = period!.rawValue
            let title = VietnameseText.normalizeSpaces(input.title ?? "")
            r.title = title.isEmpty ? "Kiểm điểm, đánh giá, xếp loại chất lượng năm \(input.year)" + (period == .year ? "" : " – \(period!.label)") : String(title.prefix(300))
            r.selfFrom = dates[0]!.iso
            r.selfTo = dates[1]!.iso
            r.unitReviewBy = dates[2]!.iso
            r.decisionBy = dates[3]!.iso
            r.statusRaw = RoundStatus.open.rawValue
            r.policyJSON = policyJSON
            try await r.create(on: tx)
            trail.record("review.round.open", entity: "review_round", id: r.id!, path: org.path, after: ReviewRoundDTO(r))
            return r
        }
    }

    /// Closing publishes the results to the members and stops every edit.
    func close(_ id: UUID) async throws -> ReviewRound {
        let round = try await find(id)
        // Authority first: the names below are for the deciding committee only.
        guard principal.scope(.manageReviews).contains(path: round.organizationPath) else { throw Refusal.forbidden }
        // A sanction recorded after a decision would leave a level R-EVAL-4 forbids in the published results.
        struct Over: Decodable { let full_name: String }
        let span = ReviewFacts.yearSpan(round.year)
        let over = try await db.sql.raw("""
            SELECT DISTINCT m.full_name FROM \(unsafeRaw: MemberReview.schema) r
            JOIN \(unsafeRaw: Member.schema) m ON m.id = r.member_id
            JOIN \(unsafeRaw: DisciplineRecord.schema) d ON d.member_id = r.member_id
            WHERE r.round_id = \(bind: id) AND r.decided_level IS NOT NULL AND r.decided_level <> 'notFulfilled'
              AND d.decided_on >= \(bind: span.from) AND d.decided_on <= \(bind: span.to) AND d.self_remedied = \(bind: false)
            ORDER BY m.full_name LIMIT 20
            """).all(decoding: Over.self).map(\.full_name)
        guard over.isEmpty else {
            throw ValidationFailure(field: "round", "Chưa đóng được: đã có quyết định kỷ luật trong năm với " + over.joined(separator: ", ")
                                    + "; hãy quyết định lại mức xếp loại (R-EVAL-4).",
                                    en: "Cannot close yet: a sanction of the year was recorded for " + over.joined(separator: ", ")
                                    + "; decide their levels again (R-EVAL-4).")
        }
        return try await setStatus(id, .closed, reason: nil)
    }

    /// Reopening needs a reason, kept in the audit trail.
    func reopen(_ id: UUID, reason: String) async throws -> ReviewRound {
        let reason = VietnameseText.normalizeSpaces(reason)
        guard reason.count >= 5 else {
            throw ValidationFailure(field: "reason", "Ghi lý do mở lại đợt đánh giá.", en: "Give the reason for reopening the round.")
        }
        return try await setStatus(id, .open, reason: reason)
    }

    private func setStatus(_ id: UUID, _ status: RoundStatus, reason: String?) async throws -> ReviewRound {
        let round = try await find(id)
        guard principal.scope(.manageReviews).contains(path: round.organizationPath) else { throw Refusal.forbidden }
        return try await db.write(as: actor) { tx, trail in
            guard let r = try await ReviewRound.find(id, on: tx) else { throw Refusal.notFound }
            guard r.status != status else {
                throw Refusal(.conflict, status == .open ? "Đợt đánh giá đang mở." : "Đợt đánh giá đã đóng.",
                              en: status == .open ? "The round is open." : "The round is already closed.")
            }
            let before = ReviewRoundDTO(r)
            r.statusRaw = status.rawValue
            r.closedAt = status == .closed ? Date() : nil
            try await r.save(on: tx)
            struct After: Encodable { let round: ReviewRoundDTO; let reason: String? }
            trail.record(status == .open ? "review.round.reopen" : "review.round.close", entity: "review_round", id: id,
                         path: r.organizationPath, before: before, after: After(round: ReviewRoundDTO(r), reason: reason))
            return r
        }
    }
}
