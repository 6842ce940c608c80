import CapuyCore
import Fluent
import Foundation

/// A task given by a document or a work program to one or more units.
final class PartyTask: Model, @unchecked Sendable {
    static let schema = "tasks"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "document_id") var documentId: UUID?
    @OptionalField(key: "program_id") var programId: UUID?
    @Parent(key: "issuer_id") var issuer: Organization
    @Field(key: "issuer_path") var issuerPath: String
    @Field(key: "category") var categoryRaw: String
    @Field(key: "title") var title: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "deliverable") var deliverableRaw: String
    @Field(key: "assignee_count") var assigneeCount: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var category: TaskCategory { TaskCategory(rawValue: categoryRaw) ?? .task }
    var deliverable: Deliverable { Deliverable(rawValue: deliverableRaw) ?? .doneMark }
}

/// One recipient unit's part of a task: what it acknowledged, reported and
/// handed in. The roll-ups count these.
final class TaskAssignment: Model, @unchecked Sendable {
    static let schema = "task_assignments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "task_id") var task: PartyTask
    /// Copied from the task so that a document's roll-up is one index range.
    @OptionalField(key: "document_id") var documentId: UUID?
    @OptionalField(key: "program_id") var programId: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "deadline") var deadline: String
    @Field(key: "percent") var percent: Int
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "completed_on") var completedOn: String?
    @OptionalField(key: "note") var note: String?
    @OptionalField(key: "deliverable_document_id") var deliverableDocumentId: UUID?
    @OptionalField(key: "deliverable_link") var deliverableLink: String?
    @OptionalField(key: "reminded_on") var remindedOn: String?
    @OptionalField(key: "escalated_on") var escalatedOn: String?

    init() {}

    func standing(today: LocalDate) -> TaskStanding {
        TaskRules.standing(percent: percent, completedOn: completedOn.flatMap(LocalDate.init(parsing:)),
                           deadline: LocalDate(parsing: deadline) ?? today, today: today)
    }
}

/// One progress report on an assignment: the history behind its percentage.
final class TaskReport: Model, @unchecked Sendable {
    static let schema = "task_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "assignment_id") var assignment: TaskAssignment
    @Field(key: "percent") var percent: Int
    @Field(key: "note") var note: String
    @Field(key: "actor_name") var actorName: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

enum NoticeKind: String, Codable, Sendable, CaseIterable {
    case reminder
    case overdue
    case escalation
}

/// An in-app inbox entry for a unit: a reminder before a deadline, a task of
/// its own that is overdue, or an overdue task of a unit below (escalation).
/// New tasks need no notice: the inbox lists them.
final class Notice: Model, @unchecked Sendable {
    static let schema = "notices"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "kind") var kindRaw: String
    @OptionalField(key: "assignment_id") var assignmentId: UUID?
    /// The case a case notice is about (issue 14, item 5): the inbox links to it.
    @OptionalField(key: "case_id") var caseId: UUID?
    @Field(key: "message") var message: String
    /// The same in English (issue 17: English complete); nil for notices
    /// written before it was kept, which then show the Vietnamese.
    @OptionalField(key: "message_en") var messageEn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @OptionalField(key: "read_at") var readAt: Date?

    init() {}

    var kind: NoticeKind { NoticeKind(rawValue: kindRaw) ?? .reminder }

    /// Where the notice's subject is (issue 17: each notice a link to the
    /// thing it speaks of): the case, or the assignment's card in the inbox.
    var thingURL: String? {
        if let caseId { return SiteURL.caseShow(caseId).path }
        if let assignmentId { return SiteURL.inbox.path + "?tatCa=true#a-\(assignmentId)" }
        return nil
    }
}

/// A committee's work program: for the whole term (year nil) or one year,
/// with the year's theme; its key and breakthrough tasks are PartyTasks.
final class WorkProgram: Model, @unchecked Sendable {
    static let schema = "work_programs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @Parent(key: "term_id") var term: Term
    @OptionalField(key: "year") var year: Int?
    @Field(key: "title") var title: String
    @Field(key: "theme") var theme: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}
