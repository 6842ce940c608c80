import CapuyCore
import Fluent
import Foundation

/// Work programs: a committee's full-term program and its yearly ones, with
/// the year's theme and its key and breakthrough tasks (tracked as tasks).
struct WorkProgramService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    func find(_ id: UUID, in scope: Scope) async throws -> WorkProgram {
        guard let p = try await WorkProgram.find(id, on: db), scope.contains(path: p.organizationPath) else { throw Refusal.notFound }
        return p
    }

    func list(organizationId: UUID?, in scope: Scope) async throws -> [WorkProgram] {
        var q = scope.filter(WorkProgram.query(on: db), \.$organizationPath)
        if let orgID = organizationId { q = q.filter(\.$organization.$id == orgID) }
        return try await q.sort(\.$organizationPath).sort(\.$year).limit(500).all()
    }

    func create(_ input: WorkProgramInput, manage: Scope) async throws -> WorkProgram {
        try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path) else {
                throw Refusal.notFound
            }
            guard let term = try await Term.find(input.termId, on: tx), term.$organization.id == org.id else {
                throw ValidationFailure(field: "termId", "Nhiệm kỳ không thuộc đơn vị này.", en: "The term is not the unit's.")
            }
            if let year = input.year, !(term.span.startsOn.year...term.span.endsOn.year).contains(year) {
                throw ValidationFailure(field: "year", "Năm \(year) không thuộc nhiệm kỳ \(term.name).", en: "Year \(year) is outside term \(term.name).")
            }
            var dup = WorkProgram.query(on: tx).filter(\.$organization.$id == org.id!).filter(\.$term.$id == term.id!)
            dup = input.year.map { dup.filter(\.$year == $0) } ?? dup.filter(\.$year == nil)
            if try await dup.count() > 0 {
                throw ValidationFailure(field: "year", "Đơn vị đã có chương trình công tác cho \(input.year.map { "năm \($0)" } ?? "toàn khóa").",
                                        en: "The unit already has a program for \(input.year.map { "\($0)" } ?? "the whole term").")
            }
            let p = WorkProgram()
            p.id = UUID()
            p.$organization.id = org.id!
            p.organizationPath = org.path
            p.$term.id = term.id!
            p.year = input.year
            let fallback = input.year.map { "Chương trình công tác năm \($0)" } ?? "Chương trình công tác toàn khóa \(term.name)"
            p.title = VietnameseText.normalizeSpaces(input.title ?? "").nilIfEmpty ?? fallback
            p.theme = VietnameseText.normalizeSpaces(input.theme ?? "")
            try await p.create(on: tx)
            trail.record("workProgram.create", entity: "workProgram", id: p.id!, path: org.path, after: WorkProgramDTO(p))
            return p
        }
    }
}
