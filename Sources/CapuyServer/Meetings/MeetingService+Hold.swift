import CapuyCore
import Fluent
import Foundation
import SQLKit

extension MeetingService {
    /// Marks a meeting held with its duration, minutes, conclusion and
    /// follow-up tasks, and scores it (R-MEET-2) in the same transaction.
    /// Refused, with nothing saved, when it lies in the future or its
    /// duration is not positive.
    func hold(_ id: UUID, _ input: HoldInput) async throws -> Meeting {
        let m = try await find(id)
        guard access.mayManage(m.organizationPath) else { throw Refusal.forbidden }
        guard m.status == .scheduled else { throw MeetingMessages.notScheduled }
        guard let heldOn = LocalDate(parsing: m.heldOn) else { throw Refusal.notFound }
        var c = IssueCollector()
        do { try MeetingRules.checkHeld(heldOn: heldOn, today: today, durationMinutes: input.durationMinutes) } catch let f as ValidationFailure {
            f.issues.forEach { c.add($0) }
        }
        let judgedCodes = Set(policy.sheet.filter { $0.automatic == nil }.map(\.code))
        let judged = Set(input.judged ?? [])
        if !judged.isSubset(of: judgedCodes) {
            c.add("judged", "Tiêu chí chấm không có trong phiếu chấm điểm.", en: "A judged criterion is not on the scoring sheet.")
        }
        let tasks = input.tasks ?? []
        for (i, t) in tasks.enumerated() {
            if VietnameseText.normalizeSpaces(t.title).isEmpty { c.add("tasks[\(i)].title", "Cần nội dung nhiệm vụ.", en: "The task needs a title.") }
            if LocalDate(parsing: t.dueOn) == nil { c.add("tasks[\(i)].dueOn", "Hạn hoàn thành không hợp lệ.", en: "Invalid due date.") }
        }
        try c.throwIfAny()
        let meetingId = m.id!
        let policy = self.policy
        let minutes = input.minutes ?? ""
        let conclusion = input.conclusion ?? ""
        let duration = input.durationMinutes!
        let complete = input.minutesComplete ?? false
        return try await db.write(as: actor) { tx, trail in
            guard let m = try await Meeting.find(meetingId, on: tx), m.status == .scheduled else { throw MeetingMessages.notScheduled }
            let before = MeetingDTO(m)
            let facts = try await Self.facts(of: m, duration: duration, minutesComplete: complete, judged: judged, on: tx)
            let quality = MeetingQuality.score(facts, policy: policy)
            m.statusRaw = MeetingStatus.held.rawValue
            m.durationMinutes = duration
            m.minutes = minutes
            m.minutesComplete = complete
            m.conclusion = conclusion
            m.score = quality.score
            m.level = quality.level.rawValue
            m.qualityJSON = String(decoding: try JSONEncoder().encode(quality), as: UTF8.self)
            m.attendanceRate = facts.attendanceRate
            try await m.save(on: tx)
            for t in tasks {
                let task = MeetingTask()
                task.$meeting.id = meetingId
                task.organizationPath = m.organizationPath
                task.title = String(VietnameseText.normalizeSpaces(t.title).prefix(500))
                task.owner = String(VietnameseText.normalizeSpaces(t.owner ?? "").prefix(200))
                task.dueOn = LocalDate(parsing: t.dueOn)!.iso
                task.done = false
                try await task.create(on: tx)
            }
            trail.record("meeting.hold", entity: "meeting", id: meetingId, path: m.organizationPath, before: before, after: MeetingDTO(m))
            return m
        }
    }

    /// The facts R-MEET-2 scores: the cell's current roll is who was
    /// expected, and a member with no line on the roll counts as absent
    /// without reason (she neither came nor sent word).
    static func facts(of m: Meeting, duration: Int, minutesComplete: Bool, judged: Set<String>,
                      on db: any Database) async throws -> MeetingFacts {
        let cellId = m.$organization.id
        let roll = try await Member.query(on: db).filter(\.$organization.$id == cellId).all(\.$id)
        let lines = try await MeetingAttendance.query(on: db).filter(\.$meeting.$id == m.id!).filter(\.$isGuest == false).all()
        let status = Dictionary(lines.compactMap { l in l.memberId.map { ($0, l.status) } }, uniquingKeysWith: { a, _ in a })
        let present = roll.filter { status[$0] == .present }.count
        let unexcused = roll.filter { status[$0] == nil || status[$0] == .unexcused }.count
        // This year's earlier held meetings of the cell, in order, for the excused-run criterion.
        struct Row: Decodable { let member_id: UUID; let status: String }
        let yearStart = String(m.heldOn.prefix(4)) + "-01-01"
        let past = try await db.sql.raw("""
            SELECT a.member_id, a.status FROM meeting_attendance a JOIN meetings mt ON mt.id = a.meeting_id
            WHERE mt.organization_id = \(bind: cellId) AND mt.status = 'held' AND a.is_guest = \(bind: false)
              AND mt.held_on >= \(bind: yearStart) AND mt.held_on < \(bind: m.heldOn) AND a.member_id IS NOT NULL
            ORDER BY mt.held_on, mt.starts_at
            """).all(decoding: Row.self)
        var history: [UUID: [AttendanceStatus]] = [:]
        for row in past { history[row.member_id, default: []].append(AttendanceStatus(rawValue: row.status) ?? .present) }
        let longest = roll.map { MeetingRules.longestExcusedRun((history[$0] ?? []) + [status[$0] ?? .unexcused]) }.max() ?? 0
        return MeetingFacts(expected: roll.count, present: present, unexcused: unexcused, longestExcusedRun: longest,
                            durationMinutes: duration, minutesComplete: minutesComplete, judgedMet: judged)
    }
}
