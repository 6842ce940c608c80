import CapuyCore
import Fluent
import Foundation

/// A yearly or full-term programme of inspection and supervision of a committee.
final class InspectionProgram: Model, @unchecked Sendable {
    static let schema = "inspection_programs"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    /// "year" or "term".
    @Field(key: "period") var period: String
    @Field(key: "year") var year: Int
    @Field(key: "title") var title: String
    @Field(key: "items") var items: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// An inspection or supervision by a committee (or its inspection committee)
/// of a unit or a member below it; a citizen's case may open one, and its
/// conclusion then concludes the case.
final class Inspection: Model, @unchecked Sendable {
    static let schema = "inspections"

    @ID(key: .id) var id: UUID?
    /// The inspecting unit.
    @Parent(key: "organization_id") var organization: Organization
    @Field(key: "organization_path") var organizationPath: String
    @OptionalField(key: "case_id") var caseId: UUID?
    @Field(key: "title") var title: String
    @Field(key: "opened_on") var openedOn: String
    @Field(key: "status") var status: String
    @OptionalField(key: "kind") var kindRaw: String?
    @OptionalField(key: "program_id") var programId: UUID?
    @OptionalField(key: "subject_member_id") var subjectMemberId: UUID?
    @OptionalField(key: "subject_organization_id") var subjectOrganizationId: UUID?
    @OptionalField(key: "team") var team: String?
    @OptionalField(key: "ends_on") var endsOn: String?
    @OptionalField(key: "findings") var findings: String?
    @OptionalField(key: "conclusion") var conclusion: String?
    @OptionalField(key: "concluded_on") var concludedOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var kind: InspectionKind { kindRaw.flatMap(InspectionKind.init(rawValue:)) ?? .signsOfViolation }
    var state: InspectionStatus { InspectionStatus(rawValue: status) ?? .open }
}

/// One step of an inspection: a meeting, a verification, a document received.
final class InspectionStep: Model, @unchecked Sendable {
    static let schema = "inspection_steps"

    @ID(key: .id) var id: UUID?
    @Parent(key: "inspection_id") var inspection: Inspection
    @Field(key: "done_on") var doneOn: String
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

/// A discipline proposal and, once decided, the decision (R-DISC-1..3). A
/// decision also writes the `discipline_records` row the annual review reads.
final class DisciplineDecision: Model, @unchecked Sendable {
    static let schema = "discipline_decisions"

    @ID(key: .id) var id: UUID?
    @OptionalField(key: "inspection_id") var inspectionId: UUID?
    /// "member", "unit" or "leadership".
    @Field(key: "subject") var subject: String
    @OptionalField(key: "member_id") var memberId: UUID?
    @Field(key: "organization_id") var organizationId: UUID
    @Field(key: "organization_path") var organizationPath: String
    @Field(key: "form") var form: String
    @Field(key: "offence_on") var offenceOn: String
    @Field(key: "reason") var reason: String
    @Field(key: "self_remedied") var selfRemedied: Bool
    /// "proposed", "decided" or "annulled".
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_on") var decidedOn: String?
    @OptionalField(key: "deciding_organization_id") var decidingOrganizationId: UUID?
    @OptionalField(key: "votes_for") var votesFor: Int?
    @OptionalField(key: "full_members") var fullMembers: Int?
    @OptionalField(key: "grassroots_agreed") var grassrootsAgreed: Bool?
    @OptionalField(key: "ratified_by_organization_id") var ratifiedByOrganizationId: UUID?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var sanction: SanctionForm { SanctionForm(rawValue: form) ?? .reprimand }
}

/// A complaint about a discipline decision, handled a level above the body
/// that decided (or above the previous handler, for a further complaint).
final class DisciplineAppeal: Model, @unchecked Sendable {
    static let schema = "discipline_appeals"

    @ID(key: .id) var id: UUID?
    @Parent(key: "decision_id") var decision: DisciplineDecision
    @Field(key: "level") var level: Int
    @Field(key: "filed_on") var filedOn: String
    @Field(key: "text") var text: String
    @Field(key: "handling_organization_id") var handlingOrganizationId: UUID
    @Field(key: "handling_path") var handlingPath: String
    @Field(key: "status") var status: String
    @OptionalField(key: "result_note") var resultNote: String?
    @OptionalField(key: "result_on") var resultOn: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    var state: AppealStatus { AppealStatus(rawValue: status) ?? .pending }
}
