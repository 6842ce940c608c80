import CapuyCore
import Foundation
import Vapor

/// Who receives a task: one unit, a list, the open units directly below a
/// unit, or every open unit of a kind under a unit ("all commune committees
/// of the province"). `under` defaults to the issuer.
struct TaskTargetInput: Content {
    var organizationIds: [UUID]?
    var kind: String?
    var under: UUID?
    var children: Bool?

    init(organizationIds: [UUID]? = nil, kind: String? = nil, under: UUID? = nil, children: Bool? = nil) {
        self.organizationIds = organizationIds
        self.kind = kind
        self.under = under
        self.children = children
    }
}

extension ValidationFailure {
    /// The task forms have one error slot for the whole choice of recipients
    /// (`targets`, `targets.kind`, `targets.organizationIds`…).
    var targetsFolded: ValidationFailure {
        ValidationFailure(issues.map { FieldIssue(field: $0.field.hasPrefix("targets") ? "targets" : $0.field, $0.message, en: $0.messageEn) })
    }
}

struct TaskInput: Content {
    var title: String
    var deadline: String
    var deliverable: String?
    var category: String?
    var targets: TaskTargetInput
}

struct TaskDTO: Content, Equatable {
    let id: UUID
    let documentId: UUID?
    let programId: UUID?
    let category: TaskCategory
    let title: String
    let deadline: String
    let deliverable: Deliverable
    let assigneeCount: Int

    init(_ t: PartyTask) {
        id = t.id!
        documentId = t.documentId
        programId = t.programId
        category = t.category
        title = t.title
        deadline = t.deadline
        deliverable = t.deliverable
        assigneeCount = t.assigneeCount
    }
}

struct AssignmentDTO: Content, Equatable {
    let id: UUID
    let taskId: UUID
    let documentId: UUID?
    let programId: UUID?
    let organizationId: UUID
    let deadline: String
    let percent: Int
    let standing: TaskStanding
    let acknowledged: Bool
    let completedOn: String?
    let note: String?
    let deliverableDocumentId: UUID?
    let deliverableLink: String?

    init(_ a: TaskAssignment, today: LocalDate) {
        id = a.id!
        taskId = a.$task.id
        documentId = a.documentId
        programId = a.programId
        organizationId = a.$organization.id
        deadline = a.deadline
        percent = a.percent
        standing = a.standing(today: today)
        acknowledged = a.acknowledgedAt != nil
        completedOn = a.completedOn
        note = a.note
        deliverableDocumentId = a.deliverableDocumentId
        deliverableLink = a.deliverableLink
    }
}

struct DeadlineInput: Content {
    var deadline: String
    var reason: String?
}

struct ProgressInput: Content {
    var percent: Int
    var note: String?
    var deliverableDocumentId: UUID?
    var deliverableLink: String?
    /// The day the task was done, with 100%: an office entering a past
    /// term's records gives the real day; today when omitted (issue 18).
    var completedOn: String? = nil
}

/// The roll-up of a document (or its whole cascade): totals, and one row per
/// unit directly below the unit drilled into.
struct RollupDTO: Content, Equatable {
    struct Row: Content, Equatable {
        let organizationId: UUID
        let name: String
        let kind: OrganizationKind
        let tally: TaskTally
    }
    let organizationId: UUID
    let total: TaskTally
    let rows: [Row]
}

struct NoticeDTO: Content, Equatable {
    let id: UUID
    let organizationId: UUID
    let kind: NoticeKind
    let assignmentId: UUID?
    let caseId: UUID?
    let message: String
    /// The English wording; nil for notices written before it was kept.
    let messageEn: String?
    let read: Bool

    init(_ n: Notice) {
        id = n.id!
        organizationId = n.$organization.id
        kind = n.kind
        assignmentId = n.assignmentId
        caseId = n.caseId
        message = n.message
        messageEn = n.messageEn
        read = n.readAt != nil
    }
}

struct WorkProgramInput: Content {
    var organizationId: UUID
    var termId: UUID
    var year: Int?
    var title: String?
    var theme: String?
}

struct WorkProgramDTO: Content, Equatable {
    let id: UUID
    let organizationId: UUID
    let termId: UUID
    let year: Int?
    let title: String
    let theme: String

    init(_ p: WorkProgram) {
        id = p.id!
        organizationId = p.$organization.id
        termId = p.$term.id
        year = p.year
        title = p.title
        theme = p.theme
    }
}
