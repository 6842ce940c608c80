import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Programmes, inspections and supervisions of the inspection committee of a
/// unit (the `inspect` scope): material nobody else reads (issue 6).
struct InspectionService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let scope: Scope
    /// The app clock's instant, for events on a case this inspection concludes.
    var now = Date()

    func programs(limit: Int = 200) async throws -> [InspectionProgram] {
        try await scope.filter(InspectionProgram.query(on: db), \.$organizationPath).sort(\.$year, .descending).limit(limit).all()
    }

    func createProgram(_ input: InspectionProgramInput) async throws -> InspectionProgram {
        var c = IssueCollector()
        let period = input.period ?? "year"
        if !["year", "term"].contains(period) { c.add("period", "Chương trình theo năm hoặc cả nhiệm kỳ.", en: "A programme is yearly or for the term.") }
        if !(2000...2100).contains(input.year) { c.add("year", "Năm không hợp lệ.", en: "Invalid year.") }
        let title = VietnameseText.normalizeSpaces(input.title)
        if !(5...300).contains(title.count) { c.add("title", "Tên chương trình dài 5 đến 300 ký tự.", en: "The title is 5 to 300 characters.") }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            let org = try await self.unitInScope(input.organizationId, field: "organizationId", on: tx)
            let p = InspectionProgram()
            p.id = UUID()
            p.$organization.id = org.id!
            p.organizationPath = org.path
            p.period = period
            p.year = input.year
            p.title = title
            p.items = String((input.items ?? "").prefix(20_000))
            try await p.create(on: tx)
            trail.record("inspection.program", entity: "inspection_program", id: p.id!, path: org.path, after: InspectionProgramDTO(p))
            return p
        }
    }

    func list(limit: Int = 500) async throws -> [Inspection] {
        try await scope.filter(Inspection.query(on: db), \.$organizationPath).sort(\.$openedOn, .descending).limit(limit).all()
    }

    func find(_ id: UUID, on db: (any Database)? = nil) async throws -> Inspection {
        guard let i = try await Inspection.find(id, on: db ?? self.db), scope.contains(path: i.organizationPath) else { throw Refusal.notFound }
        return i
    }

    func steps(of id: UUID) async throws -> [InspectionStep] {
        try await InspectionStep.query(on: db).filter(\.$inspection.$id == id).sort(\.$doneOn).all()
    }

    /// The subject (a unit or a member) must lie in the inspecting unit's subtree.
    func create(_ input: InspectionCreateInput) async throws -> Inspection {
        var c = IssueCollector()
        let kind = InspectionKind(rawValue: input.kind)
        if kind == nil { c.add("kind", "Chọn loại kiểm tra, giám sát.", en: "Choose the kind.") }
        let title = VietnameseText.normalizeSpaces(input.title)
        if !(5...300).contains(title.count) { c.add("title", "Tên cuộc kiểm tra dài 5 đến 300 ký tự.", en: "The title is 5 to 300 characters.") }
        let starts = LocalDate(parsing: input.startsOn), ends = LocalDate(parsing: input.endsOn)
        if starts == nil { c.add("startsOn", "Ngày bắt đầu không hợp lệ.", en: "Invalid start date.") }
        if ends == nil { c.add("endsOn", "Ngày kết thúc không hợp lệ.", en: "Invalid end date.") }
        if let starts, let ends, ends < starts { c.add("endsOn", "Ngày kết thúc trước ngày bắt đầu.", en: "The end is before the start.") }
        if (input.subjectMemberId == nil) == (input.subjectOrganizationId == nil) {
            c.add("subject", "Chọn một đối tượng: một tổ chức đảng hoặc một đảng viên.", en: "Choose one subject: a unit or a member.")
        }
        try c.throwIfAny()
        return try await db.write(as: actor) { tx, trail in
            let org = try await self.unitInScope(input.organizationId, field: "organizationId", on: tx)
            var subjectPath = ""
            if let mid = input.subjectMemberId { subjectPath = try await Member.find(mid, on: tx)?.organizationPath ?? "" }
            if let oid = input.subjectOrganizationId { subjectPath = try await Organization.find(oid, on: tx)?.path ?? "" }
            guard subjectPath == org.path || subjectPath.hasPrefix(org.path + ".") else {
                throw ValidationFailure(field: "subject", "Đối tượng phải thuộc đơn vị tiến hành kiểm tra.", en: "The subject must be within the inspecting unit.")
            }
            if let pid = input.programId, try await InspectionProgram.find(pid, on: tx)?.organizationPath != org.path {
                throw ValidationFailure(field: "programId", "Chương trình không phải của đơn vị này.", en: "Not this unit's programme.")
            }
            let i = Inspection()
            i.id = UUID()
            i.$organization.id = org.id!
            i.organizationPath = org.path
            i.kindRaw = kind!.rawValue
            i.title = title
            i.subjectMemberId = input.subjectMemberId
            i.subjectOrganizationId = input.subjectOrganizationId
            i.team = String(VietnameseText.normalizeSpaces(input.team ?? "").prefix(1000))
            i.openedOn = starts!.iso
            i.endsOn = ends!.iso
            i.programId = input.programId
            i.status = InspectionStatus.open.rawValue
            try await i.create(on: tx)
            trail.record("inspection.open", entity: "inspection", id: i.id!, path: org.path, after: InspectionFullDTO(i))
            return i
        }
    }

    func addStep(_ id: UUID, _ input: TextInput) async throws -> Inspection {
        let text = VietnameseText.normalizeSpaces(input.text)
        guard (3...5000).contains(text.count) else { throw ValidationFailure(field: "text", "Ghi nội dung bước.", en: "Describe the step.") }
        let day = try date(input.on)
        return try await change(id, "inspection.step") { i, tx, _ in
            guard i.state != .concluded else { throw Self.concluded }
            let s = InspectionStep()
            s.$inspection.id = id
            s.doneOn = day.iso
            s.text = text
            try await s.create(on: tx)
        }
    }

    func recordFindings(_ id: UUID, _ input: TextInput) async throws -> Inspection {
        let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...50_000).contains(text.count) else { throw ValidationFailure(field: "text", "Ghi kết quả thẩm tra (ít nhất 10 ký tự).", en: "Write the findings (10 characters or more).") }
        return try await change(id, "inspection.findings") { i, _, _ in
            guard i.state != .concluded else { throw Self.concluded }
            i.findings = text
            i.status = InspectionStatus.findings.rawValue
        }
    }

    /// The conclusion; an inspection opened from a citizen's case concludes the case too.
    func conclude(_ id: UUID, _ input: TextInput) async throws -> Inspection {
        let text = input.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (10...50_000).contains(text.count) else { throw ValidationFailure(field: "text", "Ghi nội dung kết luận (ít nhất 10 ký tự).", en: "Write the conclusion (10 characters or more).") }
        let day = try date(input.on)
        let actor = self.actor, now = self.now
        return try await change(id, "inspection.conclude") { i, tx, trail in
            guard i.state == .findings else {
                throw ValidationFailure(field: "text", "Kết luận sau khi đã có kết quả thẩm tra.", en: "Conclude after the findings are recorded.")
            }
            i.conclusion = text
            i.concludedOn = day.iso
            i.status = InspectionStatus.concluded.rawValue
            if let caseId = i.caseId { try await Self.concludeCase(caseId, day: day, actor: actor, at: now, on: tx, trail: trail) }
        }
    }

    static let concluded = Refusal(.conflict, "Cuộc kiểm tra đã kết luận.", en: "The inspection is concluded.")

    private static func concludeCase(_ id: UUID, day: LocalDate, actor: Actor, at now: Date, on tx: any Database, trail: AuditTrail) async throws {
        // Through the case workflow's own transition table; a case past it (already concluded) is left as it is.
        guard let c = try await CitizenCase.find(id, on: tx), (try? CaseWorkflow.next(from: c.state, .conclude)) != nil else { return }
        let before = CaseAuditDTO(c)
        c.stateRaw = CaseState.concluded.rawValue
        // The inspection's own conclusion is the committee's material (it may name members and
        // sanctions): the submitter reads only that one was reached; the handler words the rest.
        c.conclusion = "Đã có kết luận kiểm tra ngày \(day.display); cơ quan giải quyết sẽ thông báo kết quả."
        c.finishedOn = day.iso
        try await c.save(on: tx)
        try await CaseEvents.add(c, "conclude", note: "Đã có kết luận giải quyết.", public: true, actor: actor, at: now, on: tx)
        trail.record("case.conclude", entity: "case", id: id, path: c.handlingPath, before: before, after: CaseAuditDTO(c))
    }

    private func change(_ id: UUID, _ action: String, _ body: @escaping @Sendable (Inspection, any Database, AuditTrail) async throws -> Void) async throws -> Inspection {
        try await db.write(as: actor) { tx, trail in
            let i = try await self.find(id, on: tx)
            let before = InspectionFullDTO(i)
            try await body(i, tx, trail)
            try await i.save(on: tx)
            trail.record(action, entity: "inspection", id: id, path: i.organizationPath, before: before, after: InspectionFullDTO(i))
            return i
        }
    }

    private func date(_ raw: String?) throws -> LocalDate {
        guard let raw, !raw.isEmpty else { return today }
        guard let d = LocalDate(parsing: raw), !(today < d) else {
            throw ValidationFailure(field: "on", "Ngày không hợp lệ hoặc ở tương lai.", en: "Invalid or future date.")
        }
        return d
    }

    func unitInScope(_ id: UUID, field: String, on tx: any Database) async throws -> Organization {
        guard let org = try await Organization.find(id, on: tx), scope.contains(path: org.path) else {
            throw ValidationFailure(field: field, "Chọn đơn vị trong phạm vi của bạn.", en: "Choose a unit in your scope.")
        }
        return org
    }
}
