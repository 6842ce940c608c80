import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Scheduling, attendance and closing of cell meetings (R-MEET-1..3), each
/// change in one audited transaction.
struct MeetingService {
    let db: any Database
    let actor: Actor
    let access: MeetingAccess
    let today: LocalDate
    var policy: MeetingPolicy = .standard

    /// A meeting the user may see, or 404.
    func find(_ id: UUID) async throws -> Meeting {
        guard let m = try await Meeting.find(id, on: db), access.maySee(m.organizationPath) else { throw Refusal.notFound }
        return m
    }

    /// Meetings of the units in view under `root` (all of the view without
    /// one), between two dates, newest first.
    func list(under root: Organization?, from: String?, to: String?, limit: Int = 500) async throws -> [Meeting] {
        var q = Meeting.query(on: db)
        q = access.view.filter(q, \.$organizationPath)
        if let root { q = Scope([root.treePath]).filter(q, \.$organizationPath) }
        if let from { q = q.filter(\.$heldOn >= from) }
        if let to { q = q.filter(\.$heldOn <= to) }
        return try await q.sort(\.$heldOn, .descending).sort(\.$startsAt).limit(limit).all()
    }

    func schedule(_ input: MeetingInput) async throws -> Meeting {
        var c = IssueCollector()
        let kind = MeetingKind(rawValue: input.kind)
        if kind == nil { c.add("kind", "Loại sinh hoạt phải là thường kỳ hoặc chuyên đề.", en: "The kind is regular or thematic.") }
        let date = LocalDate(parsing: input.heldOn)
        if date == nil { c.add("heldOn", "Ngày họp không hợp lệ: dùng dạng ngày/tháng/năm.", en: "Not a valid date: use day/month/year.") }
        if !MeetingRules.isClockTime(input.startsAt) { c.add("startsAt", "Giờ bắt đầu dạng giờ:phút, ví dụ 19:30.", en: "Start time as HH:mm, e.g. 19:30.") }
        let agenda = (input.agenda ?? MeetingAgenda.standard.map(\.rawValue))
            .map { VietnameseText.normalizeSpaces($0) }.filter { !$0.isEmpty }
        if agenda.count > 40 { c.add("agenda", "Chương trình quá dài (tối đa 40 mục).", en: "The agenda is too long (at most 40 items).") }
        try c.throwIfAny()
        let manage = access.manage
        let title = VietnameseText.normalizeSpaces(input.title ?? "")
        let place = VietnameseText.normalizeSpaces(input.place ?? "")
        let agendaJSON = String(decoding: try JSONEncoder().encode(agenda), as: UTF8.self)
        return try await db.write(as: actor) { tx, trail in
            guard let org = try await Organization.find(input.organizationId, on: tx), manage.contains(path: org.path),
                  [.cell, .grassrootsCell].contains(org.kind), !org.isClosed else { throw MeetingMessages.notACell }
            let m = Meeting()
            m.id = UUID()
            m.$organization.id = org.id!
            m.organizationPath = org.path
            m.kindRaw = kind!.rawValue
            m.title = title.isEmpty ? "\(kind!.label) tháng \(YearMonth(date!).display)" : String(title.prefix(300))
            m.heldOn = date!.iso
            m.startsAt = input.startsAt
            m.place = String(place.prefix(300))
            m.statusRaw = MeetingStatus.scheduled.rawValue
            m.agendaJSON = agendaJSON
            m.minutes = ""
            m.minutesComplete = false
            m.conclusion = ""
            try await m.create(on: tx)
            trail.record("meeting.schedule", entity: "meeting", id: m.id!, path: org.path, after: MeetingDTO(m))
            return m
        }
    }

    /// Records the roll for the cell's own members; the whole list is
    /// checked before anything is written, so a bad line saves nothing.
    func recordAttendance(_ id: UUID, _ input: AttendanceInput) async throws -> [AttendanceLineDTO] {
        let m = try await find(id)
        guard access.mayManage(m.organizationPath) else { throw Refusal.forbidden }
        guard m.status != .cancelled else { throw MeetingMessages.notScheduled }
        // The score, level and rate were computed from the roll when it was marked held.
        guard m.status != .held else {
            throw Refusal(.conflict, "Buổi sinh hoạt đã chấm điểm: không sửa điểm danh được nữa.", en: "The meeting is scored: the roll can no longer change.")
        }
        var c = IssueCollector()
        for (i, line) in input.lines.enumerated() {
            guard let s = AttendanceStatus(rawValue: line.status) else {
                c.add("lines[\(i)].status", "Trạng thái điểm danh không hợp lệ.", en: "Unknown attendance status."); continue
            }
            if s == .excused && VietnameseText.normalizeSpaces(line.reason ?? "").isEmpty {
                c.add("lines[\(i)].reason", "Vắng có lý do cần ghi lý do.", en: "An excused absence needs its reason.")
            }
        }
        // A cell holds dozens; the cap keeps one request within the database's bound parameters.
        if input.lines.count > 2000 { c.add("lines", "Quá nhiều dòng điểm danh (tối đa 2000).", en: "Too many roll lines (at most 2000).") }
        if Set(input.lines.map(\.memberId)).count != input.lines.count {
            c.add("lines", "Một đảng viên chỉ được điểm danh một lần.", en: "A member appears once on the roll.")
        }
        try c.throwIfAny()
        let lines = input.lines
        let meetingId = m.id!, cellId = m.$organization.id, path = m.organizationPath
        try await db.write(as: actor) { tx, trail in
            let ids = lines.map(\.memberId)
            let inCell = Set(try await Member.query(on: tx).filter(\.$id ~~ ids).filter(\.$organization.$id == cellId).all(\.$id))
            var bad = IssueCollector()
            for (i, line) in lines.enumerated() where !inCell.contains(line.memberId) { bad.add(MeetingMessages.notInCell("lines[\(i)].memberId")) }
            try bad.throwIfAny()
            try await MeetingAttendance.query(on: tx).filter(\.$meeting.$id == meetingId).filter(\.$memberId ~~ ids).delete()
            for line in lines {
                let a = MeetingAttendance()
                a.$meeting.id = meetingId
                a.memberId = line.memberId
                a.statusRaw = line.status
                a.reason = line.status == AttendanceStatus.present.rawValue ? nil : VietnameseText.normalizeSpaces(line.reason ?? "")
                a.isGuest = false
                a.follower = false
                try await a.create(on: tx)
            }
            trail.record("meeting.attendance", entity: "meeting", id: meetingId, path: path, after: lines.map { [$0.memberId.uuidString, $0.status] })
        }
        return try await attendance(of: meetingId)
    }

    /// A guest from a higher level. A follower of the cell records herself
    /// (`memberId` = her own member record); a manager may record any guest.
    func addGuest(_ id: UUID, _ input: GuestInput) async throws -> [AttendanceLineDTO] {
        let m = try await find(id)
        let manages = access.mayManage(m.organizationPath)
        let selfFollower = input.memberId != nil && input.memberId == access.memberId && access.follows(m.organizationPath)
        guard manages || selfFollower else { throw Refusal.forbidden }
        guard m.status != .cancelled else { throw MeetingMessages.notScheduled }
        let meetingId = m.id!, path = m.organizationPath
        let heldOn = m.heldOn
        let name = VietnameseText.normalizeSpaces(input.name ?? "")
        let title = VietnameseText.normalizeSpaces(input.title ?? "")
        try await db.write(as: actor) { tx, trail in
            let a = MeetingAttendance()
            a.$meeting.id = meetingId
            a.isGuest = true
            a.statusRaw = AttendanceStatus.present.rawValue
            a.guestTitle = title.isEmpty ? nil : String(title.prefix(200))
            // A guest's unit is one the user may see or one above the meeting's
            // cell (the committees that send followers); any other answers as
            // absent, so the roll never names a unit out of scope (issue 14, item 2).
            if let org = input.organizationId {
                guard let unit = try await Organization.find(org, on: tx),
                      access.maySee(unit.path) || TreePath(path)?.isStrictlyBelow(unit.treePath) == true else {
                    throw ValidationFailure(field: "organizationId", "Không tìm thấy đơn vị của khách mời.", en: "No such unit for the guest.")
                }
            }
            a.guestOrganizationId = input.organizationId
            a.follower = false
            if let memberId = input.memberId {
                // Recorded as a follower only when an assignment covers the meeting's day.
                let assigned = try await FollowAssignment.query(on: tx).filter(\.$member.$id == memberId)
                    .filter(\.$organizationPath == path).filter(\.$fromOn <= heldOn).filter(\.$toOn >= heldOn).count()
                // A member guest is one the user may see, or one assigned to follow
                // this cell that day; anyone else answers as absent, with no name
                // (issue 14, item 2). Others come by name and title.
                guard let guest = try await Member.find(memberId, on: tx),
                      assigned > 0 || access.maySee(guest.organizationPath) else {
                    throw ValidationFailure(field: "memberId", "Không tìm thấy đảng viên.", en: "No such member.")
                }
                if assigned == 0 && selfFollower {
                    throw ValidationFailure(field: "memberId", "Không có phân công theo dõi chi bộ vào ngày họp.",
                                            en: "No follow assignment covers this cell on the meeting's day.")
                }
                a.follower = assigned > 0
                a.memberId = memberId
                a.guestName = guest.fullName
                if a.guestOrganizationId == nil { a.guestOrganizationId = guest.$organization.id }
                if try await MeetingAttendance.query(on: tx).filter(\.$meeting.$id == meetingId).filter(\.$memberId == memberId).count() > 0 {
                    throw ValidationFailure(field: "memberId", "Người này đã có trong danh sách dự họp.", en: "Already on the roll.")
                }
            } else {
                guard !name.isEmpty else { throw ValidationFailure(field: "name", "Cần họ tên khách mời.", en: "The guest's name is required.") }
                a.guestName = String(name.prefix(200))
            }
            try await a.create(on: tx)
            trail.record("meeting.guest", entity: "meeting", id: meetingId, path: path,
                         after: ["name": a.guestName ?? "", "follower": a.follower ? "yes" : "no"])
        }
        return try await attendance(of: meetingId)
    }

    func cancel(_ id: UUID) async throws -> Meeting {
        let m = try await find(id)
        guard access.mayManage(m.organizationPath) else { throw Refusal.forbidden }
        guard m.status == .scheduled else { throw MeetingMessages.notScheduled }
        let meetingId = m.id!
        return try await db.write(as: actor) { tx, trail in
            guard let m = try await Meeting.find(meetingId, on: tx), m.status == .scheduled else { throw MeetingMessages.notScheduled }
            m.statusRaw = MeetingStatus.cancelled.rawValue
            try await m.save(on: tx)
            trail.record("meeting.cancel", entity: "meeting", id: meetingId, path: m.organizationPath, after: MeetingDTO(m))
            return m
        }
    }

    /// The roll with names, members first in Vietnamese order, then guests:
    /// one plain SQL read (a cell of 60 renders this on every page view).
    func attendance(of meetingId: UUID) async throws -> [AttendanceLineDTO] {
        struct Row: Decodable {
            let id: UUID; let member_id: UUID?; let full_name: String?; let guest_name: String?
            let status: String; let reason: String?; let is_guest: Bool; let follower: Bool; let guest_title: String?
        }
        let rows = try await db.sql.raw("""
            SELECT a.id, a.member_id, mb.full_name, a.guest_name, a.status, a.reason, a.is_guest, a.follower, a.guest_title
            FROM meeting_attendance a LEFT JOIN members mb ON mb.id = a.member_id
            WHERE a.meeting_id = \(bind: meetingId)
            ORDER BY a.is_guest, mb.sort_key, a.guest_name
            """).all(decoding: Row.self)
        return rows.map {
            AttendanceLineDTO(id: $0.id, memberId: $0.member_id, name: $0.is_guest ? ($0.guest_name ?? "") : ($0.full_name ?? ""),
                              status: $0.status, reason: $0.reason, isGuest: $0.is_guest, follower: $0.follower, guestTitle: $0.guest_title)
        }
    }

    func tasks(of meetingId: UUID) async throws -> [MeetingTaskDTO] {
        try await MeetingTask.query(on: db).filter(\.$meeting.$id == meetingId).sort(\.$dueOn).all().map(MeetingTaskDTO.init)
    }
}
