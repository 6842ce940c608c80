import CapuyCore
import Fluent
import Foundation

/// A day on which a committee head receives citizens (R-REC-1); published
/// on the portal.
final class ReceptionSession: Model, @unchecked Sendable {
    static let schema = "reception_sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "host_name") var hostName: String
    @Field(key: "host_title") var hostTitle: String
    @Field(key: "place") var place: String
    /// An extra session for complex, prolonged or many-person cases.
    @Field(key: "extra") var extra: Bool
    @Field(key: "notes") var notes: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A dialogue between the committee head and citizens, with its minutes.
final class Dialogue: Model, @unchecked Sendable {
    static let schema = "dialogues"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "held_on") var heldOn: String
    @Field(key: "topic") var topic: String
    @Field(key: "participants") var participants: String
    @Field(key: "minutes") var minutes: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// Something a dialogue promised, with a deadline and when it was done.
final class DialogueFollowUp: Model, @unchecked Sendable {
    static let schema = "dialogue_follow_ups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "dialogue_id") var dialogue: Dialogue
    @Field(key: "text") var text: String
    @Field(key: "due_on") var dueOn: String
    @OptionalField(key: "done_on") var doneOn: String?

    init() {}
}
