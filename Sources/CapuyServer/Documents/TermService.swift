import CapuyCore
import Fluent
import Foundation

/// Committee terms. Numbering restarts with each (R-DOC-1), so a unit must
/// have a term covering a date before it can issue a document on it.
struct TermService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    func list(organizationId: UUID, in scope: Scope) async throws -> [Term] {
        let org = try await OrganizationService(db: db, actor: actor, today: today).find(organizationId, in: scope)
        return try await Term.query(on: db).filter(\.$organization.$id == org.id!).sort(\.$startsOn).all()
    }

    func find(_ id: UUID, in scope: Scope) async throws -> Term {
        guard let t = try await Term.find(id, on: db), scope.contains(path: t.organizationPath) else { throw Refusal.notFound }
        return t
    }

    /// The term of `org` that holds `date`, if any.
    static func term(of orgID: UUID, on date: LocalDate, db: any Database) async throws -> Term? {
        let terms = try await Term.query(on: db).filter(\.$organization.$id == orgID).sort(\.$startsOn).all()
        return TermRules.index(containing: date, in: terms.map(\.span)).map { terms[$0] }
    }

    func create(_ input: TermInput, manage: Scope) async throws -> Term {
        var c = IssueCollector()
        let starts = LocalDate(parsing: input.startsOn)
        let ends = LocalDate(parsing: input.endsOn)
        if starts == nil { c.add("startsOn", "Ngày bắt đầu không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid start date.") }
        if ends == nil { c.add("endsOn", "Ngày kết thúc không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid end date.") }
        try c.throwIfAny()
        let span = TermSpan(startsOn: starts!, endsOn: ends!)
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path) else {
                throw Refusal.notFound
            }
            let existing = try await Term.query(on: tx).filter(\.$organization.$id == org.id!).all()
            var c = IssueCollector()
            for issue in TermRules.check(span, against: existing.map(\.span)) { c.add(issue.field, issue.message, en: issue.messageEn) }
            try c.throwIfAny()
            let t = Term()
            t.id = UUID()
            t.$organization.id = org.id!
            t.organizationPath = org.path
            t.name = VietnameseText.normalizeSpaces(input.name ?? "").nilIfEmpty ?? span.defaultName
            t.startsOn = span.startsOn.iso
            t.endsOn = span.endsOn.iso
            try await t.create(on: tx)
            trail.record("term.create", entity: "term", id: t.id!, path: org.path, after: TermDTO(t))
            return t
        }
    }
}
