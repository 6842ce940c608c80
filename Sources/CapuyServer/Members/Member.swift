import CapuyCore
import Fluent
import Foundation

/// A party member on the roll of one unit.
final class Member: Model, @unchecked Sendable {
    static let schema = "members"

    // identity
    @ID(key: .id) var id: UUID?
    @OptionalField(key: "party_card_number") var partyCardNumber: String?
    // data
    @Field(key: "full_name") var fullName: String
    /// Accent-free lower-case name for search (đ folded to d).
    @Field(key: "name_folded") var nameFolded: String
    /// Digits-only key that sorts the Vietnamese way (given name first).
    @Field(key: "sort_key") var sortKey: String
    @Field(key: "birth_date") var birthDate: String
    @Field(key: "gender") var genderRaw: String
    @Field(key: "ethnicity") var ethnicity: String
    @Field(key: "admission_date") var admissionDate: String
    @OptionalField(key: "official_date") var officialDate: String?
    @Field(key: "status") var statusRaw: String
    // relations
    @Parent(key: "organization_id") var organization: Organization
    /// Copy of the unit's path so that scope filters need no join.
    @Field(key: "organization_path") var organizationPath: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var gender: Gender { Gender(rawValue: genderRaw) ?? .male }
    var status: MemberStatus { MemberStatus(rawValue: statusRaw) ?? .probationary }
}

/// A post held by a member for a term, in a unit's committee or in the state.
final class Position: Model, @unchecked Sendable {
    static let schema = "positions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "title") var titleRaw: String
    /// Free text for the exact post, e.g. "Chủ tịch HĐND xã" for a state post.
    @OptionalField(key: "detail") var detail: String?
    @OptionalField(key: "term") var term: String?
    @Field(key: "start_on") var startOn: String
    @OptionalField(key: "end_on") var endOn: String?

    init() {}

    var title: PositionTitle { PositionTitle(rawValue: titleRaw) ?? .committeeMember }
}

/// A move of a member's party activity between units (chuyển sinh hoạt đảng).
final class Transfer: Model, @unchecked Sendable {
    static let schema = "transfers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    @Parent(key: "from_organization_id") var from: Organization
    @Parent(key: "to_organization_id") var to: Organization
    @Field(key: "transferred_on") var transferredOn: String
    @OptionalField(key: "reason") var reason: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
