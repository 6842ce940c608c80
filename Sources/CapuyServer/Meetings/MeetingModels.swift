import CapuyCore
import Fluent
import Foundation

/// A cell's meeting (R-MEET-1): regular monthly or thematic, scheduled then
/// held or cancelled; once held it carries its minutes, score and level.
final class Meeting: Model, @unchecked Sendable {
    static let schema = "meetings"

    // identity
    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    /// Copy of the cell's path so that scope filters need no join.
    @Field(key: "organization_path") var organizationPath: String
    // data
    @Field(key: "kind") var kindRaw: String
    @Field(key: "title") var title: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "starts_at") var startsAt: String
    @Field(key: "place") var place: String
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "duration_minutes") var durationMinutes: Int?
    /// The agenda items in order, as a JSON array of `AgendaItem` raw values
    /// or free text (R-MEET-3).
    @Field(key: "agenda") var agendaJSON: String
    @Field(key: "minutes") var minutes: String
    @Field(key: "minutes_complete") var minutesComplete: Bool
    @Field(key: "conclusion") var conclusion: String
    @OptionalField(key: "score") var score: Double?
    @OptionalField(key: "level") var level: String?
    /// The R-MEET-2 criteria met and the scoring sheet's points, as JSON.
    @OptionalField(key: "quality") var qualityJSON: String?
    @OptionalField(key: "attendance_rate") var attendanceRate: Double?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var kind: MeetingKind { MeetingKind(rawValue: kindRaw) ?? .regular }
    var status: MeetingStatus { MeetingStatus(rawValue: statusRaw) ?? .scheduled }
    var agenda: [String] { (try? JSONDecoder().decode([String].self, from: Data(agendaJSON.utf8))) ?? [] }
    var quality: MeetingQuality? {
        qualityJSON.flatMap { try? JSONDecoder().decode(MeetingQuality.self, from: Data($0.utf8)) }
    }
}

/// One line of a meeting's roll: a member of the cell or a guest (a follower
/// from a higher level is a guest with `follower`).
final class MeetingAttendance: Model, @unchecked Sendable {
    static let schema = "meeting_attendance"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @OptionalField(key: "member_id") var memberId: UUID?
    @OptionalField(key: "guest_name") var guestName: String?
    @OptionalField(key: "guest_title") var guestTitle: String?
    @OptionalField(key: "guest_organization_id") var guestOrganizationId: UUID?
    @Field(key: "status") var statusRaw: String
    @OptionalField(key: "reason") var reason: String?
    @Field(key: "is_guest") var isGuest: Bool
    @Field(key: "follower") var follower: Bool

    init() {}

    var status: AttendanceStatus { AttendanceStatus(rawValue: statusRaw) ?? .present }
}

/// A follow-up task set by a meeting's conclusion, with its due date.
final class MeetingTask: Model, @unchecked Sendable {
    static let schema = "meeting_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "meeting_id") var meeting: Meeting
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "title") var title: String
    @Field(key: "owner") var owner: String
    @Field(key: "due_on") var dueOn: String
    @Field(key: "done") var done: Bool

    init() {}
}

/// A committee member assigned to follow a lower unit for a term (phân công
/// theo dõi): she attends its meetings as a guest with `follower`.
final class FollowAssignment: Model, @unchecked Sendable {
    static let schema = "follow_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "member_id") var member: Member
    /// The unit followed, and its path for scope filters.
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    /// The committee that made the assignment (an ancestor of the unit).
    @Field(key: "assigned_by_organization_id") var assignedByOrganizationId: UUID
    @Field(key: "assigned_by_path") var assignedByPath: String
    @Field(key: "from_on") var fromOn: String
    @Field(key: "to_on") var toOn: String
    @Field(key: "note") var note: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
