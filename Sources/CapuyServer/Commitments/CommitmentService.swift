import CapuyCore
import Fluent
import Foundation
import Vapor

/// Responsibility commitments between levels: set up and assessed by the
/// level above, reported on by the committing unit.
struct CommitmentService {
    let db: any Database
    let actor: Actor
    let today: LocalDate
    let policy: CommitmentPolicy

    func canSee(_ c: Commitment) -> Bool { policy.mayRead(unit: c.organizationPath, superior: c.superiorPath) }
    func canReport(_ c: Commitment) -> Bool { policy.mayReport(unit: c.organizationPath) }
    func canAssess(_ c: Commitment) -> Bool { policy.mayAssess(superior: c.superiorPath) }

    /// Commitments in scope, from either side, newest year first.
    func list(year: Int?, organizationId: UUID? = nil, limit: Int = 500) async throws -> [Commitment] {
        var q = Commitment.query(on: db).group(.or) { or in
            _ = policy.view.filter(or, \.$organizationPath)
            _ = policy.view.filter(or, \.$superiorPath)
        }
        if let year { q = q.filter(\.$year == year) }
        if let organizationId { q = q.group(.or) { $0.filter(\.$organization.$id == organizationId).filter(\.$superior.$id == organizationId) } }
        return try await q.sort(\.$year, .descending).sort(\.$superiorPath).sort(\.$organizationPath).limit(limit).all()
    }

    func find(_ id: UUID) async throws -> Commitment {
        guard let c = try await Commitment.find(id, on: db), canSee(c) else { throw Refusal.notFound }
        return c
    }

    func record(_ id: UUID) async throws -> CommitmentRecord {
        try await Self.records([try await find(id)], on: db)[0]
    }

    /// The commitments with their indicators and reports, in two queries.
    static func records(_ commitments: [Commitment], on db: any Database) async throws -> [CommitmentRecord] {
        let ids = commitments.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let indicators = try await CommitmentIndicator.query(on: db).filter(\.$commitment.$id ~~ ids).sort(\.$position).all()
        let reports = try await CommitmentProgress.query(on: db).filter(\.$commitment.$id ~~ ids)
            .sort(\.$reportedOn, .descending).sort(\.$seq, .descending).all()
        let indicatorsOf = Dictionary(grouping: indicators, by: { $0.$commitment.id })
        let reportsOf = Dictionary(grouping: reports, by: { $0.$commitment.id })
        return commitments.map { c in
            CommitmentRecord(commitment: c, indicators: indicatorsOf[c.id!] ?? [],
                             progress: Dictionary(grouping: reportsOf[c.id!] ?? [], by: { $0.$indicator.id }))
        }
    }

    /// The names the DTOs show: both units and the signing head.
    static func names(for commitments: [Commitment], on db: any Database) async throws -> (units: [UUID: Organization], heads: [UUID: String]) {
        let units = try await Organization.many(ids: commitments.flatMap { [$0.$organization.id, $0.$superior.id] }, on: db)
        let headIds = commitments.compactMap { $0.$headMember.id }
        let heads = headIds.isEmpty ? [] : try await Member.query(on: db).filter(\.$id ~~ headIds).all()
        return (Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0) }), Dictionary(uniqueKeysWithValues: heads.map { ($0.id!, $0.fullName) }))
    }

    func dto(_ record: CommitmentRecord) async throws -> CommitmentDTO {
        let (units, heads) = try await Self.names(for: [record.commitment], on: db)
        return record.dto(organizations: units, headName: record.commitment.$headMember.id.flatMap { heads[$0] })
    }

    func create(_ input: CommitmentInput) async throws -> Commitment {
        let checked = try Self.check(input, today: today)
        let policy = self.policy
        return try await db.write(as: actor) { tx, trail in
            var c = IssueCollector()
            let org = try await Organization.find(input.organizationId, on: tx)
            let superior = try await Organization.find(input.superiorId, on: tx)
            if org == nil || !policy.manage.contains(path: org!.path) {
                c.add("organizationId", "Chọn đơn vị cam kết trong phạm vi của bạn.", en: "Choose a committing unit in your scope.")
            } else if org!.isClosed {
                c.add("organizationId", "Đơn vị này đã giải thể, sáp nhập.", en: "This unit is closed.")
            }
            if superior == nil || !policy.maySetUp(superior: superior!.path) {
                c.add("superiorId", "Chọn đơn vị cấp trên trong phạm vi của bạn.", en: "Choose a superior unit in your scope.")
            } else if superior!.isClosed {
                c.add("superiorId", "Đơn vị cấp trên này đã giải thể, sáp nhập.", en: "This superior unit is closed.")
            } else if let org, !org.treePath.isStrictlyBelow(superior!.treePath) {
                c.add("superiorId", "Đơn vị nhận cam kết phải là cấp trên của đơn vị cam kết.",
                      en: "The superior unit must be above the committing unit.")
            }
            try c.throwIfAny()
            let (unit, above) = (org!, superior!)
            if let headId = input.headMemberId {
                guard let head = try await Member.find(headId, on: tx), TreePath(head.organizationPath)?.isWithin(unit.treePath) == true else {
                    throw ValidationFailure(field: "headMemberId", "Người ký phải là đảng viên của đơn vị cam kết.",
                                            en: "The signer must be a member of the committing unit.")
                }
            }
            let exists = try await Commitment.query(on: tx).filter(\.$organization.$id == unit.id!)
                .filter(\.$superior.$id == above.id!).filter(\.$year == input.year).count()
            guard exists == 0 else {
                throw ValidationFailure(field: "year", "Đơn vị đã có cam kết với cấp trên này trong năm \(input.year).",
                                        en: "The unit already has a commitment with this superior for \(input.year).")
            }
            let m = Commitment()
            m.id = UUID()
            m.year = input.year
            m.title = checked.title
            m.signedOn = checked.signedOn.iso
            m.status = Commitment.open
            m.$organization.id = unit.id!
            m.organizationPath = unit.path
            m.$superior.id = above.id!
            m.superiorPath = above.path
            m.$headMember.id = input.headMemberId
            try await m.create(on: tx)
            for (n, i) in checked.indicators.enumerated() {
                let row = CommitmentIndicator()
                row.$commitment.id = m.id!
                row.position = n + 1
                row.name = i.name
                row.unit = i.unit
                row.target = i.target
                row.directionRaw = i.direction.rawValue
                row.dueOn = i.dueOn.iso
                try await row.create(on: tx)
            }
            trail.record("commitment.create", entity: "commitment", id: m.id!, path: unit.path,
                         after: ["commitmentTitle": m.title, "year": String(m.year), "superior": above.name, "indicators": String(checked.indicators.count)])
            return m
        }
    }

    struct CheckedIndicator: Sendable {
        let name: String, unit: String, target: Double, direction: IndicatorDirection, dueOn: LocalDate
    }

    /// Every problem of the input at once, before the database is touched.
    static func check(_ input: CommitmentInput, today: LocalDate) throws -> (title: String, signedOn: LocalDate, indicators: [CheckedIndicator]) {
        var c = IssueCollector()
        let yearOK = (2000...(today.year + 1)).contains(input.year)
        if !yearOK { c.add("year", "Năm cam kết không hợp lệ.", en: "Invalid year.") }
        let title = VietnameseText.normalizeSpaces(input.title)
        if !(5...300).contains(title.count) { c.add("title", "Ghi tên bản cam kết (5–300 ký tự).", en: "Give the title (5–300 characters).") }
        let signed = LocalDate(parsing: input.signedOn)
        if signed == nil || (yearOK && !((input.year - 1)...input.year).contains(signed!.year)) {
            c.add("signedOn", "Ngày ký không hợp lệ (trong năm cam kết hoặc cuối năm trước).",
                  en: "Invalid signing date (in the year or late the year before).")
        }
        if input.indicators.isEmpty {
            c.add("indicators", "Bản cam kết cần ít nhất một chỉ tiêu.", en: "Add at least one indicator.")
        } else if input.indicators.count > CommitmentMath.maxIndicators {
            c.add("indicators", "Tối đa \(CommitmentMath.maxIndicators) chỉ tiêu.", en: "At most \(CommitmentMath.maxIndicators) indicators.")
        }
        var out: [CheckedIndicator] = []
        for (n, i) in input.indicators.prefix(CommitmentMath.maxIndicators).enumerated() {
            let key = "indicators.\(n)."
            let name = VietnameseText.normalizeSpaces(i.name)
            if !(2...300).contains(name.count) { c.add(key + "name", "Ghi tên chỉ tiêu.", en: "Name the indicator.") }
            let unit = VietnameseText.normalizeSpaces(i.unit)
            if !(1...50).contains(unit.count) { c.add(key + "unit", "Ghi đơn vị tính (%, hộ, đảng viên…).", en: "Give the unit of measure.") }
            let direction = IndicatorDirection(rawValue: i.direction ?? IndicatorDirection.higherIsBetter.rawValue)
            if direction == nil { c.add(key + "direction", "Chiều đánh giá không hợp lệ.", en: "Invalid direction.") }
            // A target beyond any office's figure (1e300) was once accepted and then stopped the server on every page view.
            if let issue = DecimalInput.issue(i.target, field: key + "target") {
                c.add(issue)
            } else if !(direction ?? .higherIsBetter).accepts(target: i.target) {
                c.add(key + "target", "Chỉ tiêu phải là số dương (số vụ việc tối đa có thể là 0).",
                      en: "The target must be positive (a ceiling may be 0).")
            }
            let dueText = (i.dueOn ?? "").trimmingCharacters(in: .whitespaces)
            let due = dueText.isEmpty ? LocalDate(year: input.year, month: 12, day: 31) : LocalDate(parsing: dueText)
            if yearOK && due?.year != input.year {
                c.add(key + "dueOn", "Thời hạn phải nằm trong năm \(input.year).", en: "The due date must fall in \(input.year).")
            }
            if let direction, let due { out.append(.init(name: name, unit: unit, target: i.target, direction: direction, dueOn: due)) }
        }
        try c.throwIfAny()
        return (title, signed!, out)
    }
}

extension Request {
    var commitments: CommitmentService {
        get throws {
            CommitmentService(db: db, actor: actor, today: capuy.today(), policy: CommitmentPolicy(try principal))
        }
    }
}
