import Fluent
import Foundation

/// A member's yearly pledge (bản cam kết) with her personal action program
/// (chương trình hành động cá nhân); one per member per year.
final class Pledge: Model, @unchecked Sendable {
    static let schema = "pledges"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Field(key: "year") var year: Int
    // data
    @Field(key: "pledge_text") var pledgeText: String
    @Field(key: "reviewed") var reviewed: Bool
    @OptionalField(key: "self_review") var selfReview: String?
    @OptionalField(key: "reviewed_on") var reviewedOn: String?
    @OptionalField(key: "reviewed_by") var reviewedBy: String?
    /// The member's unit when the pledge was made, for the audit trail;
    /// access is decided by where she is now.
    @Field(key: "organization_path") var organizationPath: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}
}

/// One item of the personal action program.
final class PledgeItem: Model, @unchecked Sendable {
    static let schema = "pledge_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "pledge_id") var pledge: Pledge
    @Field(key: "position") var position: Int
    @Field(key: "text") var text: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "done_on") var doneOn: String?
    @OptionalField(key: "result") var result: String?

    init() {}
}

/// One "I will not…" of the pledge, copied from the checklist in use when
/// the pledge was made; `kept` is answered at the year-end self-review.
final class PledgeChecklistItem: Model, @unchecked Sendable {
    static let schema = "pledge_checklist_items"

    @ID(key: .id) var id: UUID?
    @Parent(key: "pledge_id") var pledge: Pledge
    @Field(key: "position") var position: Int
    @Field(key: "text") var text: String
    @OptionalField(key: "kept") var kept: Bool?

    init() {}
}
