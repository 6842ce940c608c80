import CapuyCore
import Foundation
import Vapor

/// What a citizen sends from the portal (API or form).
struct CaseSubmission: Content {
    var kind: String
    var topic: String?
    var title: String
    var content: String
    var subjectOrganizationId: UUID
    var subjectPerson: String?
    /// The person named is the unit's head or in its committee: a denunciation goes a level up.
    var subjectIsLeader: Bool?
    var identity: SubmitterIdentity?
}

/// What staff enter for a case that came by any other channel.
struct CaseIntakeInput: Content {
    var kind: String
    var channel: String
    /// The outlet and article, the elected body, the voters' meeting, the letter's reference.
    var channelDetail: String?
    var topic: String?
    var title: String
    var content: String
    var receivedOn: String?
    var subjectOrganizationId: UUID
    var subjectPerson: String?
    var subjectMemberId: UUID?
    var subjectIsLeader: Bool?
    var handlingOrganizationId: UUID?
    var handlingReason: String?
    var track: String?
    var complex: Bool?
    var remote: Bool?
    var receptionSessionId: UUID?
    var identity: SubmitterIdentity?
}

/// Classification and routing after intake: any field left out stays.
struct CaseClassifyInput: Content {
    var kind: String?
    var topic: String?
    var track: String?
    var complex: Bool?
    var remote: Bool?
    var subjectMemberId: UUID?
    var subjectIsLeader: Bool?
    /// A case about a unit that has closed is handed on to one of the units
    /// that took over from it (issue 15); no other change of subject.
    var subjectOrganizationId: UUID?
    var handlingOrganizationId: UUID?
    /// Required when the handling unit changes.
    var reason: String?
    /// The level above's decision (number, date, substance) to send a case
    /// about a unit's leadership down to that unit (issue 14, item 3).
    var downDecision: String?
}

struct CaseActionInput: Content {
    var action: String
    var note: String?
    /// For `conclude`: the conclusion, as the submitter and, if published, the public will read it.
    var conclusion: String?
}

struct CaseReasonInput: Content {
    var reason: String
}

struct CaseHandlerInput: Content {
    var userId: UUID
}

struct CasePublicationInput: Content {
    /// At least 15 days (R-CASE-4, Decree 31/2019).
    var days: Int?
}

struct CaseInspectionInput: Content {
    var title: String
}

/// The receipt given once, at submission.
struct CaseReceiptDTO: Content {
    let id: UUID
    let receiptCode: String
    let kind: String
    let filedKind: String
    let receivedOn: String
    /// The date by which acceptance is decided.
    let decisionBy: String?
    let duplicateOf: Bool
    let message: String
    let messageEn: String
}

/// A case as staff see it: never with the identity, which has its own call.
struct CaseDTO: Content {
    let id: UUID
    let kind: String
    let filedKind: String
    let track: String
    let channel: String
    let channelDetail: String
    let topic: String
    let state: String
    let standing: String?
    let longRunning: Bool
    let complex: Bool
    let remote: Bool
    let title: String
    let content: String
    let subjectOrganizationId: UUID
    let subjectPerson: String?
    let subjectMemberId: UUID?
    let subjectIsLeader: Bool
    let handlingOrganizationId: UUID
    let hasIdentity: Bool
    let receivedOn: String
    let acceptedOn: String?
    let dueOn: String?
    let extensions: Int
    let finishedOn: String?
    let closedOn: String?
    let duplicateOfId: UUID?
    let inspectionId: UUID?
    let conclusion: String?
    let publishedUntil: String?
    let escalatedOn: String?

    init(_ c: CitizenCase, today: LocalDate, longRunningDays: Int) {
        id = c.id!
        kind = c.kindRaw
        filedKind = c.filedKindRaw
        track = c.trackRaw
        channel = c.channelRaw
        channelDetail = c.channelDetail
        topic = c.topicRaw
        state = c.stateRaw
        standing = CaseStanding.of(due: c.due, finished: c.finished, today: today, warnDays: CaseRules.warnDays)?.rawValue
        longRunning = LongRunning.isLongRunning(received: c.received, today: today, open: c.state.isOpen, thresholdDays: longRunningDays)
        complex = c.complex
        remote = c.remote
        title = c.title
        content = c.content
        subjectOrganizationId = c.$subjectOrg.id
        subjectPerson = c.subjectPerson
        subjectMemberId = c.subjectMemberId
        subjectIsLeader = c.subjectIsLeader
        handlingOrganizationId = c.$handlingOrg.id
        hasIdentity = c.hasIdentity
        receivedOn = c.receivedOn
        acceptedOn = c.acceptedOn
        dueOn = c.dueOn
        extensions = c.extensions
        finishedOn = c.finishedOn
        closedOn = c.closedOn
        duplicateOfId = c.duplicateOfId
        inspectionId = c.inspectionId
        conclusion = c.conclusion
        publishedUntil = c.publishedUntil
        escalatedOn = c.escalatedOn
    }
}

/// What the audit chain keeps of a case: its classification and route,
/// never the text of the letter or who wrote it (R-CASE-4).
struct CaseAuditDTO: Codable {
    let kind: String
    let track: String
    let channel: String
    let topic: String
    let state: String
    let subjectOrganizationId: UUID
    let subjectMemberId: UUID?
    let handlingOrganizationId: UUID
    let dueOn: String?
    let extensions: Int
    let complex: Bool
    let published: Bool

    init(_ c: CitizenCase) {
        kind = c.kindRaw
        track = c.trackRaw
        channel = c.channelRaw
        topic = c.topicRaw
        state = c.stateRaw
        subjectOrganizationId = c.$subjectOrg.id
        subjectMemberId = c.subjectMemberId
        handlingOrganizationId = c.$handlingOrg.id
        dueOn = c.dueOn
        extensions = c.extensions
        complex = c.complex
        published = c.publishedUntil != nil
    }
}

struct CaseEventDTO: Content {
    let at: Date
    let action: String
    let note: String
    let isPublic: Bool
    let actorName: String

    init(_ e: CaseEvent) {
        at = e.at
        action = e.action
        note = e.note
        isPublic = e.isPublic
        actorName = e.actorName
    }
}

/// What a citizen reads with the receipt code: state, dates, public steps
/// and the result; no staff names, no internal notes.
struct CaseStatusDTO: Content {
    struct Step: Content {
        let on: String
        let text: String
    }

    let kind: String
    let state: String
    let stateLabel: String
    let receivedOn: String
    let dueOn: String?
    let handlingUnit: String
    let steps: [Step]
    let conclusion: String?
}

struct PublishedConclusionDTO: Content {
    let title: String
    let kind: String
    let unit: String
    let concludedOn: String?
    let publishedUntil: String
    let conclusion: String
}

