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
        /// A keyset page: the rows after, or before, a cursor (issue 16).
        var keyset: ListCursor.Direction? = nil
        /// Where the plan switches to walking the name index; tests lower it
        /// to read a small list both ways.
        var walkNameOrderAbove = MemberService.walkNameOrderAbove
    }

    static let maxPage = 1_000_000

    func find(_ id: UUID, in scope: Scope) async throws -> Member {
        guard let m = try await Member.find(id, on: db), scope.contains(path: m.organizationPath) else {
            throw Refusal.notFound
        }
        return m
    }

    /// The unit's own members (not its sub-units'), in name order.
    func directMembers(of unitID: UUID, limit: Int) async throws -> [MemberDTO] {
        try await MemberRowQuery.select(on: db).where("organization_id", .equal, unitID)
            .orderBy("sort_key").orderBy("id").limit(limit).all(decoding: MemberRowQuery.Row.self).map(\.dto)
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
            try await Rollups.add([(m.organizationPath, Rollups.tally(of: m, year: year) - counted)], on: tx)
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

/// Members read as plain rows for lists, straight into their DTO.
enum MemberRowQuery {
    struct Row: Decodable {
        let id: UUID, full_name: String, party_card_number: String?, birth_date: String, gender: String, ethnicity: String
        let admission_date: String, official_date: String?, status: String, organization_id: UUID

        var dto: MemberDTO {
            MemberDTO(id: id, fullName: full_name, partyCardNumber: party_card_number, birthDate: birth_date,
                      gender: Gender(rawValue: gender) ?? .male, ethnicity: ethnicity, admissionDate: admission_date,
                      officialDate: official_date, status: MemberStatus(rawValue: status) ?? .probationary, organizationId: organization_id)
        }
    }

    /// Written out once: SQLKit quotes each identifier again for every
    /// query, and on the list API that quoting showed in the profile.
    private static let columns = SQLRaw("id, full_name, party_card_number, birth_date, gender, ethnicity, admission_date, official_date, status, organization_id")

    static func select(on db: any Database) -> SQLSelectBuilder {
        db.sql.select().column(columns).from(SQLRaw(Member.schema))
    }
}

/// The member list's index covers its query: the subtree range, the name
/// order and the id that breaks ties (and the status filter), so a page of a
/// commune's 4,000 members is sorted from the index alone and only its 50
/// rows are read from the table.
struct CreateMemberListIndex: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "members_list").on(Member.schema)
            .column("organization_path").column("sort_key").column("id").column("status").run()
        try await db.sql.drop(index: "members_path_sort").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.create(index: "members_path_sort").on(Member.schema).column("organization_path").column("sort_key").run()
        try await db.sql.drop(index: "members_list").run()
    }
}
