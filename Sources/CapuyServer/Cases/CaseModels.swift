import CapuyCore
import Fluent
import Foundation

/// A petition, report, complaint or denunciation (đơn thư) from any channel.
/// The submitter's identity is sealed (R-CASE-4); the receipt code is kept
/// only as its SHA-256, like a session token.
final class CitizenCase: Model, @unchecked Sendable {
    static let schema = "cases"

    @ID(key: .id) var id: UUID?
    @Field(key: "receipt_hash") var receiptHash: String
    @Field(key: "filed_kind") var filedKindRaw: String
    @Field(key: "kind") var kindRaw: String
    @Field(key: "track") var trackRaw: String
    @Field(key: "channel") var channelRaw: String
    @Field(key: "channel_detail") var channelDetail: String
    @Field(key: "topic") var topicRaw: String
    @Field(key: "state") var stateRaw: String
    @Field(key: "complex") var complex: Bool
    @Field(key: "remote") var remote: Bool
    @Field(key: "title") var title: String
    @Field(key: "content") var content: String
    // subject
    @Parent(key: "subject_org_id") var subjectOrg: Organization
    @Field(key: "subject_path") var subjectPath: String
    @OptionalField(key: "subject_person") var subjectPerson: String?
    @OptionalField(key: "subject_member_id") var subjectMemberId: UUID?
    /// The subject is the unit itself or one of its leaders (decides routing).
    @Field(key: "subject_is_leader") var subjectIsLeader: Bool
    /// The subtree that may never see the case: for a denunciation, the
    /// subject unit's own ("" when none).
    @Field(key: "shielded_path") var shieldedPath: String
    // handling
    @Parent(key: "handling_org_id") var handlingOrg: Organization
    @Field(key: "handling_path") var handlingPath: String
    // identity (R-CASE-4)
    @Field(key: "has_identity") var hasIdentity: Bool
    @OptionalField(key: "identity_sealed") var identitySealed: String?
    /// Keyed hash of the normalized name and contact, to find repeats
    /// without opening the seal.
    @OptionalField(key: "identity_fingerprint") var identityFingerprint: String?
    // time
    @Field(key: "received_on") var receivedOn: String
    @OptionalField(key: "accepted_on") var acceptedOn: String?
    @OptionalField(key: "due_on") var dueOn: String?
    @Field(key: "extensions") var extensions: Int
    @OptionalField(key: "finished_on") var finishedOn: String?
    @OptionalField(key: "closed_on") var closedOn: String?
    @OptionalField(key: "reminded_on") var remindedOn: String?
    @OptionalField(key: "escalated_on") var escalatedOn: String?
    // links
    @OptionalField(key: "duplicate_of_id") var duplicateOfId: UUID?
    @OptionalField(key: "reception_session_id") var receptionSessionId: UUID?
    @OptionalField(key: "inspection_id") var inspectionId: UUID?
    // outcome
    @OptionalField(key: "conclusion") var conclusion: String?
    @OptionalField(key: "published_from") var publishedFrom: String?
    @OptionalField(key: "published_until") var publishedUntil: String?
    @Field(key: "search_folded") var searchFolded: String
    /// MinHash of title and content (CaseDuplicates.signature), for finding repeats.
    @Field(key: "text_signature") var textSignature: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var kind: CaseKind { Self.kind(kindRaw) }
    var filedKind: CaseKind { CaseKind(rawValue: filedKindRaw) ?? kind }
    var track: CaseTrack { CaseTrack(rawValue: trackRaw) ?? .feedback }
    var channel: CaseChannel { CaseChannel(rawValue: channelRaw) ?? .letter }
    var topic: CaseTopic { CaseTopic(rawValue: topicRaw) ?? .other }
    var state: CaseState { Self.state(stateRaw) }
    var received: LocalDate { Self.day(received: receivedOn) }
    var due: LocalDate? { dueOn.flatMap(LocalDate.init(parsing:)) }
    var finished: LocalDate? { finishedOn.flatMap(LocalDate.init(parsing:)) }

    // The stored values read back, shared with the list's plain rows.
    static func kind(_ raw: String) -> CaseKind { CaseKind(rawValue: raw) ?? .report }
    static func state(_ raw: String) -> CaseState { CaseState(rawValue: raw) ?? .received }
    static func day(received raw: String) -> LocalDate { LocalDate(parsing: raw) ?? LocalDate(year: 2000, month: 1, day: 1)! }
}

/// One step in a case's history. Public steps are what the submitter reads
/// with the receipt code (R-CASE-6); they never carry identities.
final class CaseEvent: Model, @unchecked Sendable {
    static let schema = "case_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var citizenCase: CitizenCase
    @Field(key: "at") var at: Date
    @Field(key: "action") var action: String
    @Field(key: "note") var note: String
    @Field(key: "public") var isPublic: Bool
    @Field(key: "actor_name") var actorName: String

    init() {}
}

/// A user assigned to handle a case: only they may open the sealed identity.
final class CaseHandler: Model, @unchecked Sendable {
    static let schema = "case_handlers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var citizenCase: CitizenCase
    @Parent(key: "user_id") var user: User
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A member who may never see or handle a case: the person denounced and the
/// subject unit's leadership (R-CASE-5).
final class CaseExclusion: Model, @unchecked Sendable {
    static let schema = "case_exclusions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var citizenCase: CitizenCase
    @Field(key: "member_id") var memberId: UUID

    init() {}
}

final class CaseAttachment: Model, @unchecked Sendable {
    static let schema = "case_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "case_id") var citizenCase: CitizenCase
    @Field(key: "file_name") var fileName: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    @Field(key: "sha256") var sha256: String
    @Field(key: "data") var data: Data
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    /// A file whose kind was read from its bytes (AttachmentKind.sniff).
    init(caseId: UUID, name: String, kind: AttachmentKind, bytes: Data) {
        id = UUID()
        $citizenCase.id = caseId
        fileName = name
        contentType = kind.contentType
        size = bytes.count
        sha256 = Digest.sha256Hex(bytes)
        data = bytes
    }
}

/// A public holiday of the working-day calendar (DESIGN.md, Time).
final class Holiday: Model, @unchecked Sendable {
    static let schema = "holidays"

    @ID(key: .id) var id: UUID?
    @Field(key: "day") var day: String
    @Field(key: "name") var name: String
    /// "off" or "worked" (HolidayKind).
    @Field(key: "kind") var kindRaw: String

    init() {}
}
