import CapuyCore
import Foundation
import Vapor

struct InspectionProgramInput: Content {
    var organizationId: UUID
    var period: String?
    var year: Int
    var title: String
    var items: String?
}

struct InspectionProgramDTO: Content {
    let id: UUID
    let organizationId: UUID
    let period: String
    let year: Int
    let title: String
    let items: String

    init(_ p: InspectionProgram) {
        id = p.id!
        organizationId = p.$organization.id
        period = p.period
        year = p.year
        title = p.title
        items = p.items
    }
}

struct InspectionCreateInput: Content {
    var organizationId: UUID
    var kind: String
    var title: String
    var subjectMemberId: UUID?
    var subjectOrganizationId: UUID?
    var team: String?
    var startsOn: String
    var endsOn: String
    var programId: UUID?
}

struct InspectionFullDTO: Content {
    struct Step: Content { let doneOn: String; let text: String }
    let id: UUID
    let organizationId: UUID
    let caseId: UUID?
    let kind: String
    let title: String
    let subjectMemberId: UUID?
    let subjectOrganizationId: UUID?
    let team: String?
    let openedOn: String
    let endsOn: String?
    let status: String
    let findings: String?
    let conclusion: String?
    let concludedOn: String?
    let steps: [Step]

    init(_ i: Inspection, steps: [InspectionStep] = []) {
        id = i.id!
        organizationId = i.$organization.id
        caseId = i.caseId
        kind = i.kind.rawValue
        title = i.title
        subjectMemberId = i.subjectMemberId
        subjectOrganizationId = i.subjectOrganizationId
        team = i.team
        openedOn = i.openedOn
        endsOn = i.endsOn
        status = i.status
        findings = i.findings
        conclusion = i.conclusion
        concludedOn = i.concludedOn
        self.steps = steps.map { Step(doneOn: $0.doneOn, text: $0.text) }
    }
}

struct TextInput: Content { var text: String; var on: String? }

struct DisciplineProposalInput: Content {
    var subject: String
    var memberId: UUID?
    var organizationId: UUID?
    var form: String
    var offenceOn: String
    var reason: String
    var selfRemedied: Bool?
}

extension DisciplineProposalInput {
    /// A proposal made from an inspection is about the inspection's subject,
    /// whatever the request names (the leadership of a unit subject may be chosen).
    func about(_ i: Inspection) -> DisciplineProposalInput {
        var x = self
        x.memberId = i.subjectMemberId
        x.organizationId = i.subjectOrganizationId
        x.subject = i.subjectMemberId != nil ? "member" : subject == "leadership" ? "leadership" : "unit"
        return x
    }
}

struct DisciplineDecisionInput: Content {
    var decidingOrganizationId: UUID
    var decidedOn: String
    var votesFor: Int?
    var grassrootsAgreed: Bool?
    var ratifiedByOrganizationId: UUID?
}

struct DisciplineDecisionDTO: Content {
    let id: UUID
    let inspectionId: UUID?
    let subject: String
    let memberId: UUID?
    let organizationId: UUID
    let form: String
    let offenceOn: String
    let reason: String
    let status: String
    let decidedOn: String?
    let decidingOrganizationId: UUID?
    let votesFor: Int?
    let fullMembers: Int?

    init(_ d: DisciplineDecision) {
        id = d.id!
        inspectionId = d.inspectionId
        subject = d.subject
        memberId = d.memberId
        organizationId = d.organizationId
        form = d.form
        offenceOn = d.offenceOn
        reason = d.reason
        status = d.status
        decidedOn = d.decidedOn
        decidingOrganizationId = d.decidingOrganizationId
        votesFor = d.votesFor
        fullMembers = d.fullMembers
    }
}

struct AppealInput: Content { var filedOn: String; var text: String }
struct AppealResultInput: Content { var status: String; var note: String; var form: String? }

struct DisciplineAppealDTO: Content {
    let id: UUID
    let decisionId: UUID
    let level: Int
    let filedOn: String
    let handlingOrganizationId: UUID
    let status: String
    let resultNote: String?

    init(_ a: DisciplineAppeal) {
        id = a.id!
        decisionId = a.$decision.id
        level = a.level
        filedOn = a.filedOn
        handlingOrganizationId = a.handlingOrganizationId
        status = a.status
        resultNote = a.resultNote
    }
}
