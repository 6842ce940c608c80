import CapuyCore
import Fluent
import Foundation
import Vapor

struct DisciplineRecordInput: Content {
    var subject: String
    var memberId: UUID?
    var organizationId: UUID?
    var form: String
    var decidedOn: String
    var decidedBy: String
    var reason: String
    var selfRemedied: Bool?
}

struct DisciplineRecordDTO: Content {
    let id: UUID
    let subject: String
    let memberId: UUID?
    let organizationId: UUID
    let form: String
    let decidedOn: String
    let decidedBy: String
    let reason: String
    let selfRemedied: Bool

    init(_ r: DisciplineRecord) {
        id = r.id!
        subject = r.subject
        memberId = r.memberId
        organizationId = r.organizationId
        form = r.form
        decidedOn = r.decidedOn
        decidedBy = r.decidedBy
        reason = r.reason
        selfRemedied = r.selfRemedied
    }
}

/// Recording a sanction already decided, so that the review is capped by it.
struct DisciplineRecordService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    /// Staff who keep the member rolls (manageMembers) record sanctions.
    let scope: Scope

    func record(_ input: DisciplineRecordInput) async throws -> DisciplineRecord {
        var c = IssueCollector()
        let subject = input.subject
        if !["member", "unit", "leadership"].contains(subject) {
            c.add("subject", "Đối tượng kỷ luật là đảng viên, tổ chức đảng hoặc tập thể lãnh đạo.", en: "The subject is a member, a unit or its leadership.")
        }
        // R-DISC-1's forms; whether a member holds a post is checked when the inspection feature decides.
        let forms = DisciplineRules.forms(for: subject == "member" ? .fullMember(holdsPost: true) : .organization)
        if !forms.contains(where: { $0.rawValue == input.form }) {
            c.add("form", "Hình thức kỷ luật không áp dụng cho đối tượng này.", en: "This sanction does not apply to this subject.")
        }
        let day = LocalDate(parsing: input.decidedOn)
        if day == nil { c.add("decidedOn", "Ngày quyết định không hợp lệ.", en: "Invalid decision date.") }
        if let day, today < day { c.add("decidedOn", "Ngày quyết định không thể ở tương lai.", en: "The decision date cannot be in the future.") }
        let body = VietnameseText.normalizeSpaces(input.decidedBy)
        if !(2...300).contains(body.count) { c.add("decidedBy", "Ghi cấp có thẩm quyền đã quyết định.", en: "Name the deciding body.") }
        let reason = VietnameseText.normalizeSpaces(input.reason)
        if !(5...5000).contains(reason.count) { c.add("reason", "Ghi nội dung vi phạm.", en: "Describe the breach.") }
        if subject == "member", input.memberId == nil { c.add("memberId", "Chọn đảng viên.", en: "Choose the member.") }
        if subject != "member", input.organizationId == nil { c.add("organizationId", "Chọn tổ chức đảng.", en: "Choose the unit.") }
        try c.throwIfAny()
        let scope = self.scope
        return try await db.write(as: actor) { tx, trail in
            let r = DisciplineRecord()
            r.id = UUID()
            r.subject = subject
            if subject == "member" {
                guard let m = try await Member.find(input.memberId!, on: tx), scope.contains(path: m.organizationPath) else {
                    throw ValidationFailure(field: "memberId", "Không tìm thấy đảng viên này trong phạm vi của bạn.", en: "No such member in your scope.")
                }
                r.memberId = m.id
                r.organizationId = m.$organization.id
                r.organizationPath = m.organizationPath
            } else {
                guard let org = try await Organization.find(input.organizationId!, on: tx), scope.containsStrictly(org.treePath) else {
                    throw ValidationFailure(field: "organizationId", "Chọn tổ chức đảng trực thuộc phạm vi của bạn.", en: "Choose a unit below your scope.")
                }
                r.organizationId = org.id!
                r.organizationPath = org.path
            }
            r.form = input.form
            r.decidedOn = day!.iso
            r.decidedBy = body
            r.reason = reason
            r.selfRemedied = input.selfRemedied ?? false
            try await r.create(on: tx)
            trail.record("discipline.record", entity: "discipline_record", id: r.id!, path: r.organizationPath, after: DisciplineRecordDTO(r))
            return r
        }
    }
}
