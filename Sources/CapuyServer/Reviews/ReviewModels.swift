import CapuyCore
import Fluent
import Foundation

/// A review round a committee opens for its subtree (R-EVAL-6): a year or a
/// quarter, a timetable, and the policy it rates by, copied at opening.
final class ReviewRound: Model, @unchecked Sendable {
    static let schema = "review_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "year") var year: Int
    @Field(key: "period") var periodRaw: String
    @Field(key: "title") var title: String
    @Field(key: "self_from") var selfFrom: String
    @Field(key: "self_to") var selfTo: String
    @Field(key: "unit_review_by") var unitReviewBy: String
    @Field(key: "decision_by") var decisionBy: String
    @Field(key: "status") var statusRaw: String
    /// The ReviewPolicy as JSON: bands, caps, quota and the criteria sheets.
    @Field(key: "policy") var policyJSON: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var period: ReviewPeriod { ReviewPeriod(rawValue: periodRaw) ?? .year }
    var status: RoundStatus { RoundStatus(rawValue: statusRaw) ?? .closed }
    var isOpen: Bool { status == .open }

    /// Re-read inside a writing transaction: a close that committed while a
    /// request was being checked must still stop its write.
    static func requireOpen(_ id: UUID, on tx: any Database) async throws {
        guard let r = try await ReviewRound.find(id, on: tx), r.isOpen else { throw ReviewMessages.closed }
    }

    /// The round a member or unit at `path` belongs to for a period: the
    /// deepest covering it (a grassroots organization may run its own round
    /// inside its commune's). A unit is rated by the level above, so in the
    /// deepest round strictly above it (`strictly`).
    static func owning(_ path: String, year: Int, period: String, strictly: Bool, on db: any Database) async throws -> ReviewRound? {
        var above = Rollups.pathAndAncestors(path)
        if strictly { above.removeLast() }
        guard !above.isEmpty else { return nil }
        return try await ReviewRound.query(on: db).filter(\.$year == year).filter(\.$periodRaw == period)
            .filter(\.$organizationPath ~~ above).all().max { $0.organizationPath.count < $1.organizationPath.count }
    }

    /// Whether a unit or member at `path` is in the round: its own unit or below.
    func covers(_ path: String) -> Bool { path == organizationPath || path.hasPrefix(organizationPath + ".") }

    var policy: ReviewPolicy {
        (try? JSONDecoder().decode(ReviewPolicy.self, from: Data(policyJSON.utf8))) ?? .standard
    }
}

/// One member's review in one round: her self-assessment, her cell's review
/// and the competent committee's decision, each with who and when.
final class MemberReview: Model, @unchecked Sendable {
    static let schema = "member_reviews"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: ReviewRound
    @Parent(key: "member_id") var member: Member
    @Field(key: "year") var year: Int
    @Field(key: "period") var period: String
    /// The member's unit when the review began, and the grassroots
    /// organization whose quota she counts in (R-EVAL-5).
    @Field(key: "organization_id") var organizationId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "grassroots_id") var grassrootsId: UUID
    @Field(key: "form") var formRaw: String
    @Field(key: "stage") var stageRaw: String
    // self-assessment
    @Field(key: "self_scores") var selfScores: String
    @Field(key: "self_total") var selfTotal: Double
    @Field(key: "self_level") var selfLevel: String
    @Field(key: "self_note") var selfNote: String
    @Field(key: "tasks") var tasks: Int
    @Field(key: "tasks_on_time") var tasksOnTime: Int
    @Field(key: "tasks_beyond") var tasksBeyond: Int
    @Field(key: "self_at_ms") var selfAtMs: Int64
    // the cell's review
    @OptionalField(key: "unit_total") var unitTotal: Double?
    @OptionalField(key: "unit_level") var unitLevel: String?
    @OptionalField(key: "unit_discussion") var unitDiscussion: String?
    @OptionalField(key: "votes_present") var votesPresent: Int?
    @OptionalField(key: "votes_agree") var votesAgree: Int?
    @OptionalField(key: "unit_by") var unitBy: String?
    @OptionalField(key: "unit_at_ms") var unitAtMs: Int64?
    // the decision
    @OptionalField(key: "decided_level") var decidedLevel: String?
    @OptionalField(key: "decided_by_organization_id") var decidedByOrganizationId: UUID?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "bars") var bars: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at_ms") var decidedAtMs: Int64?

    init() {}

    var form: ReviewForm { ReviewForm(rawValue: formRaw) ?? .staff }
    var stage: ReviewStage { ReviewStage(rawValue: stageRaw) ?? .selfAssessed }
    var decided: RatingLevel? { decidedLevel.flatMap(RatingLevel.init(rawValue:)) }
    var total: Double { unitTotal ?? selfTotal }
}

/// One party organization's review in one round: its self-assessment from
/// its members' and sub-units' results, decided by the level above.
final class UnitReview: Model, @unchecked Sendable {
    static let schema = "unit_reviews"

    @ID(key: .id) var id: UUID?
    @Parent(key: "round_id") var round: ReviewRound
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "year") var year: Int
    @Field(key: "period") var period: String
    @Field(key: "stage") var stageRaw: String
    @Field(key: "self_scores") var selfScores: String
    @Field(key: "self_total") var selfTotal: Double
    @Field(key: "self_level") var selfLevel: String
    @Field(key: "self_note") var selfNote: String
    @Field(key: "tasks_beyond") var tasksBeyond: Int
    @Field(key: "self_by") var selfBy: String
    @Field(key: "self_at_ms") var selfAtMs: Int64
    @OptionalField(key: "decided_level") var decidedLevel: String?
    @OptionalField(key: "decided_by_organization_id") var decidedByOrganizationId: UUID?
    @OptionalField(key: "decision_note") var decisionNote: String?
    @OptionalField(key: "bars") var bars: String?
    @OptionalField(key: "decided_by") var decidedBy: String?
    @OptionalField(key: "decided_at_ms") var decidedAtMs: Int64?

    init() {}

    var stage: ReviewStage { ReviewStage(rawValue: stageRaw) ?? .selfAssessed }
    var decided: RatingLevel? { decidedLevel.flatMap(RatingLevel.init(rawValue:)) }
}

/// A disciplinary sanction on a member or a unit, as the annual review needs
/// it (R-EVAL-4). The inspection feature's decisions will write these.
final class DisciplineRecord: Model, @unchecked Sendable {
    static let schema = "discipline_records"

    @ID(key: .id) var id: UUID?
    /// "member", "unit" (the organization) or "leadership" (its committee).
    @Field(key: "subject") var subject: String
    @OptionalField(key: "member_id") var memberId: UUID?
    @Field(key: "organization_id") var organizationId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "form") var form: String
    @Field(key: "decided_on") var decidedOn: String
    @Field(key: "decided_by") var decidedBy: String
    @Field(key: "reason") var reason: String
    /// Self-detected and remedied: R-EVAL-4 then does not force the level.
    @Field(key: "self_remedied") var selfRemedied: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
