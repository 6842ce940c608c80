import CapuyCore
import Fluent
import Foundation

extension MemberService {
    /// Moves a member's party activity to another unit, keeping the history.
    func transfer(_ id: UUID, _ input: TransferInput, view: Scope, manage: Scope) async throws -> Transfer {
        let member = try await find(id, in: view)
        guard manage.contains(path: member.organizationPath) else { throw Refusal.forbidden }
        guard let date = LocalDate(parsing: input.transferredOn) else {
            throw ValidationFailure(field: "transferredOn", "Ngày chuyển không hợp lệ: dùng dạng ngày/tháng/năm.",
                                    en: "Not a valid transfer date: use day/month/year.")
        }
        if date > today {
            throw ValidationFailure(field: "transferredOn", "Ngày chuyển không thể ở tương lai.", en: "The transfer date cannot be in the future.")
        }
        if let admitted = LocalDate(parsing: member.admissionDate), date < admitted {
            throw ValidationFailure(field: "transferredOn", "Ngày chuyển không thể trước ngày vào Đảng.",
                                    en: "The transfer date cannot precede the admission date.")
        }
        return try await db.write(as: actor) { tx, trail in
            guard let m = try await Member.find(id, on: tx) else { throw Refusal.notFound }
            guard let target = try await Organization.find(input.toOrganizationId, on: tx), manage.contains(path: target.path) else {
                throw ValidationFailure(field: "toOrganizationId", "Đơn vị chuyển đến không tồn tại hoặc ngoài phạm vi của bạn.",
                                        en: "The receiving unit does not exist or is outside your scope.")
            }
            if target.id == m.$organization.id {
                throw ValidationFailure(field: "toOrganizationId", "Đảng viên đang sinh hoạt tại đơn vị này.",
                                        en: "The member already belongs to this unit.")
            }
            if target.isClosed {
                throw ValidationFailure(field: "toOrganizationId", "Đơn vị chuyển đến đã giải thể hoặc sáp nhập.", en: "The receiving unit is closed.")
            }
            return try await Self.recordTransfer(m, to: target, on: date, reason: input.reason, db: tx, trail: trail)
        }
    }

    /// The move itself, shared with closing a unit (members go to the successor).
    static func recordTransfer(_ m: Member, to target: Organization, on date: LocalDate, reason: String?,
                               db: any Database, trail: AuditTrail) async throws -> Transfer {
        let before = MemberDTO(m)
        let t = Transfer()
        t.id = UUID()
        t.$member.id = m.id!
        t.$from.id = m.$organization.id
        t.$to.id = target.id!
        t.transferredOn = date.iso
        t.reason = reason.map(VietnameseText.normalizeSpaces)?.nilIfEmpty
        try await t.create(on: db)
        let counted = Rollups.tally(of: m, year: try await Rollups.ageYear(on: db))
        let fromPath = m.organizationPath
        m.$organization.id = target.id!
        m.organizationPath = target.path
        try await m.save(on: db)
        try await Rollups.add([(fromPath, -counted), (target.path, counted)], on: db)
        trail.record("member.transfer", entity: "member", id: m.id!, path: target.path, before: before, after: MemberDTO(m))
        return t
    }

    func transfers(of id: UUID, in scope: Scope) async throws -> [Transfer] {
        try await transfers(of: try await find(id, in: scope))
    }

    /// For a member the caller already found in scope.
    func transfers(of m: Member) async throws -> [Transfer] {
        try await Transfer.query(on: db).filter(\.$member.$id == m.id!)
            .with(\.$from).with(\.$to).sort(\.$transferredOn, .descending).sort(\.$createdAt, .descending).all()
    }

    func positions(of id: UUID, in scope: Scope) async throws -> [Position] {
        try await positions(of: try await find(id, in: scope))
    }

    /// For a member the caller already found in scope.
    func positions(of m: Member) async throws -> [Position] {
        try await Position.query(on: db).filter(\.$member.$id == m.id!).with(\.$organization)
            .sort(\.$startOn, .descending).all()
    }

    /// Gives a member a post in a unit's committee or a concurrent state post.
    func addPosition(_ memberID: UUID, _ input: PositionInput, view: Scope, manage: Scope) async throws -> Position {
        let member = try await find(memberID, in: view)
        guard manage.contains(path: member.organizationPath) else { throw Refusal.forbidden }
        var c = IssueCollector()
        let title = PositionTitle(rawValue: input.title)
        if title == nil { c.add("title", "Chức vụ không hợp lệ.", en: "Unknown position.") }
        let start = LocalDate(parsing: input.startOn)
        if start == nil { c.add("startOn", "Ngày bắt đầu không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid start date.") }
        if let start, start > today { c.add("startOn", "Ngày bắt đầu không thể ở tương lai.", en: "The start date cannot be in the future.") }
        if title == .statePost, (input.detail ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            c.add("detail", "Cần ghi rõ chức vụ kiêm nhiệm (ví dụ: Chủ tịch UBND xã).", en: "Name the concurrent post (e.g. chair of the commune People's Committee).")
        }
        if let term = input.term?.trimmingCharacters(in: .whitespaces), !term.isEmpty, term.count > 20 {
            c.add("term", "Nhiệm kỳ ghi ngắn gọn, ví dụ 2025–2030.", en: "Write the term briefly, e.g. 2025–2030.")
        }
        try c.throwIfAny()
        guard let title, let start else { throw ValidationFailure(c.issues) }
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path) else {
                throw ValidationFailure(field: "organizationId", "Đơn vị không tồn tại hoặc ngoài phạm vi của bạn.",
                                        en: "The unit does not exist or is outside your scope.")
            }
            let p = Position()
            p.id = UUID()
            p.$member.id = memberID
            p.$organization.id = org.id!
            p.organizationPath = org.path
            p.titleRaw = title.rawValue
            p.detail = input.detail.map(VietnameseText.normalizeSpaces)?.nilIfEmpty
            p.term = input.term.map(VietnameseText.normalizeSpaces)?.nilIfEmpty
            p.startOn = start.iso
            try await p.create(on: tx)
            trail.record("position.create", entity: "member", id: memberID, path: org.path, after: PositionDTO(p))
            return p
        }
    }

    func endPosition(_ memberID: UUID, _ positionID: UUID, _ input: PositionEndInput, view: Scope, manage: Scope) async throws -> Position {
        let member = try await find(memberID, in: view)
        guard manage.contains(path: member.organizationPath) else { throw Refusal.forbidden }
        guard let end = LocalDate(parsing: input.endOn) else {
            throw ValidationFailure(field: "endOn", "Ngày kết thúc không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid end date.")
        }
        return try await db.write(as: actor) { tx, trail in
            guard let p = try await Position.find(positionID, on: tx), p.$member.id == memberID,
                  manage.contains(path: p.organizationPath) else { throw Refusal.notFound }
            if p.endOn != nil {
                throw Refusal(.conflict, "Chức vụ này đã kết thúc.", en: "This post has already ended.")
            }
            if let start = LocalDate(parsing: p.startOn), end < start {
                throw ValidationFailure(field: "endOn", "Ngày kết thúc không thể trước ngày bắt đầu.", en: "The end date cannot precede the start date.")
            }
            let before = PositionDTO(p)
            p.endOn = end.iso
            try await p.save(on: tx)
            trail.record("position.end", entity: "member", id: memberID, path: p.organizationPath, before: before, after: PositionDTO(p))
            return p
        }
    }
}
