import CapuyCore
import Fluent
import Foundation

/// A responsibility commitment (cam kết trách nhiệm) a unit signs with the
/// level above for one year: a ward with its city, a city with the province.
final class Commitment: Model, @unchecked Sendable {
    static let schema = "commitments"

    // identity
    @ID(key: .id) var id: UUID?
    @Field(key: "year") var year: Int
    // data
    @Field(key: "title") var title: String
    @Field(key: "signed_on") var signedOn: String
    /// `open` while progress is reported; `assessed` once the year-end
    /// assessment closes it (only a reopening with a reason undoes that).
    @Field(key: "status") var status: String
    @OptionalField(key: "overall_percent") var overallPercent: Double?
    @OptionalField(key: "assessed_on") var assessedOn: String?
    @OptionalField(key: "assessed_at") var assessedAt: Date?
    @OptionalField(key: "assessed_by") var assessedBy: String?
    @OptionalField(key: "assessment_note") var assessmentNote: String?
    @OptionalField(key: "reopen_reason") var reopenReason: String?
    // relations: both paths are copies so scope filters need no join
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Parent(key: "superior_id") var superior: Organization
    @Field(key: "superior_path") var superiorPath: String
    /// The unit's head who signs; a member within the committing unit.
    @OptionalParent(key: "head_member_id") var headMember: Member?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var isAssessed: Bool { status == Self.assessed }
    static let open = "open"
    static let assessed = "assessed"
}

/// One target of a commitment, with what the assessment found.
final class CommitmentIndicator: Model, @unchecked Sendable {
    static let schema = "commitment_indicators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: Commitment
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    /// Unit of measure as people write it: "%", "hộ", "đảng viên mới".
    @Field(key: "unit") var unit: String
    @Field(key: "target") var target: Double
    @Field(key: "direction") var directionRaw: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "assessed_value") var assessedValue: Double?
    @OptionalField(key: "percent") var percent: Double?

    init() {}

    var direction: IndicatorDirection { IndicatorDirection(rawValue: directionRaw) ?? .higherIsBetter }
}

/// A progress report on one indicator. Reports are never overwritten: the
/// newest (by reported day, then by entry order) is the current value.
final class CommitmentProgress: Model, @unchecked Sendable {
    static let schema = "commitment_progress"

    @ID(key: .id) var id: UUID?
    @Parent(key: "commitment_id") var commitment: Commitment
    @Parent(key: "indicator_id") var indicator: CommitmentIndicator
    /// Entry order within the commitment: timestamps can tie.
    @Field(key: "seq") var seq: Int
    @Field(key: "reported_on") var reportedOn: String
    @Field(key: "value") var value: Double
    @Field(key: "note") var note: String
    @Field(key: "reported_by") var reportedBy: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
