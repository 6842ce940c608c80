import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Use cases on members. Reads take the caller's view scope; changes take the
/// manage scope, and every change is audited in its transaction.
struct MemberService {
    let db: any Database
    let actor: Actor
    let today: LocalDate

    struct ListQuery {
        var organizationId: UUID?
        var text: String?
        var status: MemberStatus?
        var page = 1
        var per = 50
    }

    static let maxPage = 1_000_000

    func find(_ id: UUID, in scope: Scope) async throws -> Member {
        guard let m = try await Member.find(id, on: db), scope.contains(path: m.organizationPath) else {
            throw Refusal.notFound
        }
        return m
    }

    /// Members in Vietnamese name order; a unit filter means its whole subtree.
    func list(_ q: ListQuery, in scope: Scope) async throws -> (items: [Member], total: Int) {
        var query = scope.filter(Member.query(on: db), \.$organizationPath)
        if let orgID = q.organizationId {
            let org = try await OrganizationService(db: db, actor: actor, today: today).find(orgID, in: scope)
            query = Scope([org.treePath]).filter(query, \.$organizationPath)
        }
        if let text = q.text.map(VietnameseText.fold), !text.isEmpty {
            query = query.group(.or) { $0.filter(\.$nameFolded ~~ text).filter(\.$partyCardNumber == text) }
        }
        if let status = q.status { query = query.filter(\.$statusRaw == status.rawValue) }
        let total = try await query.count()
        let per = min(max(q.per, 1), 200)
        // Clamped so that the offset can never overflow, whatever a client sends.
        let page = min(max(q.page, 1), Self.maxPage)
        let items = try await query.sort(\.$sortKey).sort(\.$id).range((page - 1) * per..<page * per).all()
        return (items, total)
    }

    /// Validates an input into the values to store, reporting every bad field.
    func checked(_ input: MemberInput, excluding id: UUID?) async throws -> MemberFacts {
        var c = IssueCollector()
        let gender = Gender(rawValue: input.gender) ?? Gender(loose: input.gender)
        if gender == nil { c.add("gender", "Giới tính phải là Nam hoặc Nữ.", en: "Gender must be male or female.") }
        let facts = MemberFacts(
            fullName: VietnameseText.normalizeName(input.fullName),
            birthDate: LocalDate(parsing: input.birthDate),
            ethnicity: VietnameseText.normalizeSpaces(input.ethnicity),
            partyCardNumber: input.partyCardNumber?.trimmingCharacters(in: .whitespaces).nilIfEmpty,
            admissionDate: LocalDate(parsing: input.admissionDate),
            officialDate: input.officialDate?.trimmingCharacters(in: .whitespaces).nilIfEmpty.flatMap(LocalDate.init(parsing:)))
        if let raw = input.officialDate?.trimmingCharacters(in: .whitespaces), !raw.isEmpty, facts.officialDate == nil {
            c.add("officialDate", "Ngày chính thức không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid official date: use day/month/year.")
        }
        for issue in MemberRules.check(facts, today: today) { c.add(issue.field, issue.message, en: issue.messageEn) }
        if let card = facts.partyCardNumber, MemberRules.isValidCardNumber(card) {
            var q = Member.query(on: db).filter(\.$partyCardNumber == card)
            if let id { q = q.filter(\.$id != id) }
            if try await q.count() > 0 {
                c.add("partyCardNumber", "Số thẻ đảng \(card) đã có trong hệ thống.", en: "Party card number \(card) is already registered.")
            }
        }
        try c.throwIfAny()
        return facts
    }

    func create(_ input: MemberInput, manage: Scope) async throws -> Member {
        guard let orgID = input.organizationId else {
            throw ValidationFailure(field: "organizationId", "Cần chọn chi bộ, đơn vị sinh hoạt.", en: "Choose the member's unit.")
        }
        guard let target = try await Organization.find(orgID, on: db), manage.contains(path: target.path) else {
            throw Refusal.notFound
        }
        let facts = try await checked(input, excluding: nil)
        let gender = Gender(rawValue: input.gender) ?? Gender(loose: input.gender) ?? .male
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(orgID, on: tx), manage.contains(path: org.path) else {
                throw Refusal.notFound
            }
            guard !org.isClosed else {
                throw ValidationFailure(field: "organizationId", "Đơn vị đã giải thể hoặc sáp nhập.", en: "The unit is closed.")
            }
            let m = Member()
            m.id = UUID()
            Self.apply(facts, gender: gender, to: m)
            m.$organization.id = orgID
            m.organizationPath = org.path
            try await m.create(on: tx)
            try await Rollups.add(Rollups.tally(of: m, year: try await Rollups.ageYear(on: tx)), at: org.path, on: tx)
            trail.record("member.create", entity: "member", id: m.id!, path: org.path, after: MemberDTO(m))
            return m
        }
    }

    func update(_ id: UUID, _ input: MemberInput, view: Scope, manage: Scope) async throws -> Member {
        let current = try await find(id, in: view)
        guard manage.contains(path: current.organizationPath) else { throw Refusal.forbidden }
        let facts = try await checked(input, excluding: id)
        let gender = Gender(rawValue: input.gender) ?? Gender(loose: input.gender) ?? .male
        return try await db.write(as: actor) { tx, trail in
            guard let m = try await Member.find(id, on: tx) else { throw Refusal.notFound }
            let before = MemberDTO(m)
            let year = try await Rollups.ageYear(on: tx)
            let counted = Rollups.tally(of: m, year: year)
            Self.apply(facts, gender: gender, to: m)
            try await m.save(on: tx)
            try await Rollups.member(before: counted, at: m.organizationPath, after: Rollups.tally(of: m, year: year),
                                     at: m.organizationPath, on: tx)
            trail.record("member.update", entity: "member", id: id, path: m.organizationPath, before: before, after: MemberDTO(m))
            return m
        }
    }

    static func apply(_ f: MemberFacts, gender: Gender, to m: Member) {
        m.fullName = f.fullName
        m.nameFolded = VietnameseText.fold(f.fullName)
        m.sortKey = VietnameseCollation.sortKey(fullName: f.fullName)
        m.birthDate = f.birthDate?.iso ?? ""
        m.genderRaw = gender.rawValue
        m.ethnicity = f.ethnicity
        m.partyCardNumber = f.partyCardNumber
        m.admissionDate = f.admissionDate?.iso ?? ""
        m.officialDate = f.officialDate?.iso
        m.statusRaw = MemberRules.status(officialDate: f.officialDate).rawValue
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
