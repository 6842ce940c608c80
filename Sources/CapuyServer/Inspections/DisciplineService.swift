import CapuyCore
import Fluent
import Foundation

/// Discipline proposals, decisions (R-DISC-1..3) and the complaints about
/// them, kept by inspection committees. A decision writes the record the
/// annual review caps by (R-EVAL-4); an annulled one takes it back.
struct DisciplineService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let scope: Scope
    var policy = DisciplinePolicy.standard

    func list(limit: Int = 500) async throws -> [DisciplineDecision] {
        try await scope.filter(DisciplineDecision.query(on: db), \.$organizationPath).sort(\.$createdAt, .descending).limit(limit).all()
    }

    func find(_ id: UUID, on db: (any Database)? = nil) async throws -> DisciplineDecision {
        guard let d = try await DisciplineDecision.find(id, on: db ?? self.db), scope.contains(path: d.organizationPath) else { throw Refusal.notFound }
        return d
    }

    /// The complaints about decisions the caller already found in scope, by decision, in order.
    func appeals(of ids: [UUID]) async throws -> [UUID: [DisciplineAppeal]] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(grouping: try await DisciplineAppeal.query(on: db).filter(\.$decision.$id ~~ ids).sort(\.$level).all()) { $0.$decision.id }
    }

    /// The proposals and decisions of one inspection that lie in the caller's scope.
    func decisions(ofInspection id: UUID) async throws -> [DisciplineDecision] {
        try await scope.filter(DisciplineDecision.query(on: db), \.$organizationPath).filter(\.$inspectionId == id).sort(\.$createdAt).all()
    }

    func propose(_ input: DisciplineProposalInput, inspection: UUID?) async throws -> DisciplineDecision {
        var c = IssueCollector()
        if !["member", "unit", "leadership"].contains(input.subject) {
            c.add("subject", "Đối tượng là đảng viên, tổ chức đảng hoặc tập thể lãnh đạo.", en: "The subject is a member, a unit or its leadership.")
        }
        if SanctionForm(rawValue: input.form) == nil { c.add("form", "Chọn hình thức kỷ luật.", en: "Choose the sanction.") }
        let offence = LocalDate(parsing: input.offenceOn)
        if offence == nil || today < offence! { c.add("offenceOn", "Ngày vi phạm không hợp lệ hoặc ở tương lai.", en: "Invalid or future offence date.") }
        let reason = VietnameseText.normalizeSpaces(input.reason)
        if !(5...5000).contains(reason.count) { c.add("reason", "Ghi nội dung vi phạm.", en: "Describe the breach.") }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            let d = DisciplineDecision()
            d.id = UUID()
            d.subject = input.subject
            d.inspectionId = inspection
            if input.subject == "member" {
                guard let mid = input.memberId, let m = try await Member.find(mid, on: tx), self.scope.contains(path: m.organizationPath) else {
                    throw ValidationFailure(field: "memberId", "Chọn đảng viên trong phạm vi của bạn.", en: "Choose a member in your scope.")
                }
                d.memberId = mid
                d.organizationId = m.$organization.id
                d.organizationPath = m.organizationPath
            } else {
                guard let oid = input.organizationId, let o = try await Organization.find(oid, on: tx), self.scope.containsStrictly(o.treePath) else {
                    throw ValidationFailure(field: "organizationId", "Chọn tổ chức đảng cấp dưới trong phạm vi của bạn.", en: "Choose a unit below your scope.")
                }
                d.organizationId = oid
                d.organizationPath = o.path
            }
            // The form is checked against the subject now (R-DISC-1), the authority and period at the decision.
            let subject = try await self.subject(of: d, on: tx)
            if let issue = DisciplineRules.formIssue(SanctionForm(rawValue: input.form)!, for: subject) { throw ValidationFailure([issue]) }
            d.form = input.form
            d.offenceOn = offence!.iso
            d.reason = reason
            d.selfRemedied = input.selfRemedied ?? false
            d.status = "proposed"
            try await d.create(on: tx)
            trail.record("discipline.propose", entity: "discipline", id: d.id!, path: d.organizationPath, after: DisciplineDecisionDTO(d))
            return d
        }
    }

    /// R-DISC-1..3 checked on the facts as they stand at the decision.
    func decide(_ id: UUID, _ input: DisciplineDecisionInput) async throws -> DisciplineDecision {
        guard let decidedOn = LocalDate(parsing: input.decidedOn), !(today < decidedOn) else {
            throw ValidationFailure(field: "decidedOn", "Ngày quyết định không hợp lệ hoặc ở tương lai.", en: "Invalid or future decision date.")
        }
        let policy = self.policy
        return try await db.write(as: actor) { tx, trail in
            let d = try await self.find(id, on: tx)
            guard d.status == "proposed" else {
                throw Refusal(.conflict, "Đề nghị này đã được quyết định.", en: "This proposal has been decided.")
            }
            guard let body = try await Organization.find(input.decidingOrganizationId, on: tx), self.scope.contains(path: body.path) else {
                throw ValidationFailure(field: "decidingOrganizationId", "Chọn cấp quyết định trong phạm vi của bạn.", en: "Choose a deciding body in your scope.")
            }
            let subject = try await self.subject(of: d, on: tx)
            // The subject's own unit (a member's cell, or the organization itself, which the rules refuse), above it, or elsewhere.
            let level: DecidingLevel = body.path == d.organizationPath ? .ownCell : d.organizationPath.hasPrefix(body.path + ".") ? .above : .outside
            let full = try await Rollups.tally(of: d.organizationId, on: tx).fullMembers
            if let votes = input.votesFor, !(0...max(full, 0)).contains(votes) {
                throw ValidationFailure(field: "votesFor", "Số tán thành phải từ 0 đến \(full) đảng viên chính thức của chi bộ.",
                                        en: "Votes in favour run from 0 to the cell's \(full) full members.")
            }
            var ratified = false
            if let rid = input.ratifiedByOrganizationId {
                // Ratification comes from above the grassroots organization the cell belongs to.
                guard let r = try await Organization.find(rid, on: tx), let cell = try await Organization.find(d.organizationId, on: tx) else {
                    throw ValidationFailure(field: "ratifiedBy", "Không tìm thấy cấp chuẩn y.", en: "No such ratifying body.")
                }
                let grassroots = try await ReviewFacts.grassroots(of: cell, on: tx)
                guard grassroots.treePath.isStrictlyBelow(r.treePath) else {
                    throw ValidationFailure(field: "ratifiedBy", "Cấp chuẩn y phải là cấp trên của đảng bộ cơ sở (R-DISC-2).",
                                            en: "Ratification comes from above the grassroots organization (R-DISC-2).")
                }
                ratified = true
            }
            let facts = DisciplineCase(subject: subject, form: d.sanction, level: level,
                                       offenceOn: LocalDate(parsing: d.offenceOn) ?? decidedOn, decidedOn: decidedOn,
                                       votesFor: input.votesFor ?? 0, fullMembers: full, grassrootsAgreed: input.grassrootsAgreed ?? false,
                                       ratified: ratified)
            let issues = DisciplineRules.check(facts, policy: policy)
            guard issues.isEmpty else { throw ValidationFailure(issues) }
            let before = DisciplineDecisionDTO(d)
            d.status = "decided"
            d.decidedOn = decidedOn.iso
            d.decidingOrganizationId = body.id
            d.votesFor = input.votesFor
            d.fullMembers = full
            d.grassrootsAgreed = input.grassrootsAgreed
            d.ratifiedByOrganizationId = input.ratifiedByOrganizationId
            try await d.save(on: tx)
            let r = DisciplineRecord()
            r.id = d.id
            r.subject = d.subject
            r.memberId = d.memberId
            r.organizationId = d.organizationId
            r.organizationPath = d.organizationPath
            r.form = d.form
            r.decidedOn = decidedOn.iso
            r.decidedBy = body.name
            r.reason = d.reason
            r.selfRemedied = d.selfRemedied
            try await r.create(on: tx)
            trail.record("discipline.decide", entity: "discipline", id: id, path: d.organizationPath, before: before, after: DisciplineDecisionDTO(d))
            return d
        }
    }

    /// A complaint goes a level above the body that decided, or above the
    /// unit that handled the previous complaint; one at a time.
    func appeal(_ id: UUID, _ input: AppealInput) async throws -> DisciplineAppeal {
        guard let filed = LocalDate(parsing: input.filedOn), !(today < filed) else {
            throw ValidationFailure(field: "filedOn", "Ngày nhận khiếu nại không hợp lệ.", en: "Invalid filing date.")
        }
        let text = VietnameseText.normalizeSpaces(input.text)
        guard text.count >= 10 else { throw ValidationFailure(field: "text", "Ghi nội dung khiếu nại.", en: "Write the complaint.") }
        return try await db.write(as: actor) { tx, trail in
            let d = try await self.find(id, on: tx)
            guard d.status == "decided", let deciding = d.decidingOrganizationId else {
                throw Refusal(.conflict, "Chỉ khiếu nại quyết định kỷ luật đã ban hành.", en: "Only a decision in force can be appealed.")
            }
            let previous = try await DisciplineAppeal.query(on: tx).filter(\.$decision.$id == id).sort(\.$level, .descending).first()
            if previous?.state == .pending {
                throw Refusal(.conflict, "Khiếu nại trước chưa được giải quyết.", en: "The previous complaint is still pending.")
            }
            let below = previous?.handlingOrganizationId ?? deciding
            guard let under = try await Organization.find(below, on: tx), let handler = try await under.$parent.get(on: tx) else {
                throw Refusal(.conflict, "Không còn cấp trên để giải quyết khiếu nại.", en: "There is no higher level left to appeal to.")
            }
            let a = DisciplineAppeal()
            a.id = UUID()
            a.$decision.id = id
            a.level = (previous?.level ?? 0) + 1
            a.filedOn = filed.iso
            a.text = text
            a.handlingOrganizationId = handler.id!
            a.handlingPath = handler.path
            a.status = AppealStatus.pending.rawValue
            try await a.create(on: tx)
            trail.record("discipline.appeal", entity: "discipline", id: id, path: d.organizationPath, after: DisciplineAppealDTO(a))
            return a
        }
    }

    /// Settled by the handling level's inspection committee. Annulling takes
    /// the sanction off the record the review reads; changing keeps R-DISC-1.
    func settle(_ appealId: UUID, _ input: AppealResultInput) async throws -> DisciplineAppeal {
        guard let status = AppealStatus(rawValue: input.status), status != .pending else {
            throw ValidationFailure(field: "status", "Chọn kết quả giải quyết.", en: "Choose the result.")
        }
        let note = VietnameseText.normalizeSpaces(input.note)
        guard note.count >= 5 else { throw ValidationFailure(field: "note", "Ghi lý do.", en: "Give the reason.") }
        let today = self.today
        return try await db.write(as: actor) { tx, trail in
            guard let a = try await DisciplineAppeal.find(appealId, on: tx), self.scope.contains(path: a.handlingPath), a.state == .pending else {
                throw Refusal.notFound
            }
            guard let d = try await DisciplineDecision.find(a.$decision.id, on: tx) else { throw Refusal.notFound }
            let before = DisciplineDecisionDTO(d)
            switch status {
            case .annulled:
                d.status = "annulled"
                try await DisciplineRecord.query(on: tx).filter(\.$id == d.id!).delete()
            case .changed:
                // A complaint lightens a sanction or leaves it; a heavier one is a new decision with its own checks.
                let allowed = DisciplineRules.forms(for: try await self.subject(of: d, on: tx))
                guard let form = input.form.flatMap(SanctionForm.init(rawValue:)), allowed.contains(form),
                      let now = allowed.firstIndex(of: d.sanction), let new = allowed.firstIndex(of: form), new < now else {
                    throw ValidationFailure(field: "form", "Hình thức mới phải nhẹ hơn và áp dụng được cho đối tượng này (R-DISC-1).",
                                            en: "The new sanction must be lighter and apply to this subject (R-DISC-1).")
                }
                d.form = form.rawValue
                try await DisciplineRecord.query(on: tx).filter(\.$id == d.id!).set(\.$form, to: form.rawValue).update()
            default:
                break
            }
            try await d.save(on: tx)
            a.status = status.rawValue
            a.resultNote = note
            a.resultOn = today.iso
            try await a.save(on: tx)
            struct Settled: Encodable { let decision: DisciplineDecisionDTO; let appeal: DisciplineAppealDTO }
            trail.record("discipline.appeal.settle", entity: "discipline", id: d.id!, path: d.organizationPath, before: before,
                         after: Settled(decision: DisciplineDecisionDTO(d), appeal: DisciplineAppealDTO(a)))
            return a
        }
    }

    /// What R-DISC-1 needs to know about the subject.
    private func subject(of d: DisciplineDecision, on tx: any Database) async throws -> DisciplineSubject {
        guard d.subject == "member", let mid = d.memberId, let m = try await Member.find(mid, on: tx) else { return .organization }
        guard m.status == .full else { return .probationaryMember }
        let posts = try await Position.query(on: tx).filter(\.$member.$id == mid).filter(\.$endOn == nil).count()
        return .fullMember(holdsPost: posts > 0)
    }
}
