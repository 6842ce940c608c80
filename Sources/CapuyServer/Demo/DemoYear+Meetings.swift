import CapuyCore
import Fluent
import Foundation
import Vapor

/// Last year's cell meetings, who followed the cells, and the survey of
/// their quality: what the report's fourth section reads.
extension DemoYear {
    /// Each cell meets every month with its roll taken and is scored by the
    /// hold step (R-MEET-2); a third of the cells hold a thematic meeting each
    /// quarter; now and then a cell skips a month (R-MEET-1's shortfall).
    /// Half the communes' cells are followed by a member of their committee.
    static func meetings(_ c: Context) async throws {
        var r = SeededRandom(seed: UInt64(c.year))
        let access = MeetingAccess(manage: c.scope, view: c.scope, memberId: nil, followed: [])
        let service = MeetingService(db: c.db, actor: .system, access: access, today: c.today)
        let topics = ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Nâng cao chất lượng sinh hoạt chi bộ",
                      "Chuyển đổi số trong công tác đảng viên", "Phát triển kinh tế hộ gia đình gắn với xây dựng nông thôn mới"]
        for (ci, cell) in c.cells.enumerated() {
            let roll = try await Member.query(on: c.db).filter(\.$organization.$id == cell.id!).sort(\.$sortKey).all()
            guard !roll.isEmpty else { continue }
            let evening = cell.sector == .residential
            for month in c.first.month...c.last.month {
                if r.chance(0.04) { continue }
                try await hold(.regular, title: nil, cell: cell, roll: roll, on: c.on(month, 3 + ci % 20), evening: evening,
                               service: service, &r)
                if ci % 3 == 0, month % 3 == 0 {
                    try await hold(.thematic, title: "Sinh hoạt chuyên đề: \(topics[(ci / 3 + month / 3) % topics.count])", cell: cell,
                                   roll: roll, on: c.on(month, 25), evening: evening, service: service, &r)
                }
            }
        }
        try await follows(c, access: access)
    }

    /// Schedules, takes the roll and holds one meeting: mostly present, a
    /// few excused, rarely someone absent without word; the judged criteria
    /// vary, so the levels do.
    private static func hold(_ kind: MeetingKind, title: String?, cell: Organization, roll: [Member], on day: LocalDate, evening: Bool,
                             service: MeetingService, _ r: inout SeededRandom) async throws {
        let m = try await service.schedule(MeetingInput(organizationId: cell.id!, kind: kind.rawValue, title: title, heldOn: day.iso,
                                                        startsAt: evening ? "19:30" : "14:00",
                                                        place: evening ? "Nhà văn hóa" : "Phòng họp cơ quan", agenda: nil))
        let lines = roll.map { member -> AttendanceLineInput in
            let draw = r.int(0...99)
            let status: AttendanceStatus = draw < 90 ? .present : draw < 98 ? .excused : .unexcused
            let reason = status == .excused ? r.pick(["Đi công tác", "Ốm", "Việc gia đình"]) : nil
            return AttendanceLineInput(memberId: member.id!, status: status.rawValue, reason: reason)
        }
        _ = try await service.recordAttendance(m.id!, AttendanceInput(lines: lines))
        // Most meetings meet two to four of the judged criteria; one in ten only the first.
        let judged = Array(["J1", "J2", "J3", "J4"].prefix(r.chance(0.1) ? 1 : r.int(2...4)))
        _ = try await service.hold(m.id!, HoldInput(
            durationMinutes: r.chance(0.9) ? r.int(90...150) : 75, minutes: "Chi bộ đánh giá kết quả thực hiện nhiệm vụ và triển khai nhiệm vụ kỳ tới.",
            minutesComplete: r.chance(0.85), conclusion: "Chi bộ thống nhất các nhiệm vụ trọng tâm kỳ tới.", judged: judged, tasks: nil))
    }

    /// Every other cell of each commune is followed, for the year's second
    /// half, by one of its committee's members (from when the posts began).
    private static func follows(_ c: Context, access: MeetingAccess) async throws {
        let service = FollowAssignmentService(db: c.db, actor: .system, access: access, today: c.today)
        for commune in c.communes {
            let posts = try await Position.query(on: c.db).filter(\.$organization.$id == commune.id!)
                .filter(\.$titleRaw != PositionTitle.statePost.rawValue).filter(\.$endOn == nil).sort(\.$startOn).all()
            guard !posts.isEmpty else { continue }
            for (n, cell) in c.cells(under: commune).enumerated() where n % 2 == 0 {
                let post = posts[(n / 2) % posts.count]
                let from = max(c.first, LocalDate(parsing: post.startOn) ?? c.first)
                guard from < c.last else { continue }
                _ = try await service.assign(FollowAssignmentInput(memberId: post.$member.id, organizationId: cell.id!,
                                                                   assignedByOrganizationId: commune.id!, fromOn: from.iso, toOn: c.last.iso,
                                                                   note: "Theo dõi, dự sinh hoạt chi bộ"))
            }
        }
    }

    /// A province-wide survey round of the year: the admin observes ten
    /// cells at their November meeting, and the round is closed.
    static func survey(_ c: Context) async throws {
        guard let admin = try await User.query(on: c.db).filter(\.$username == "admin").first() else { return }
        let principal = Principal(userId: admin.id!, username: admin.username, displayName: admin.displayName, sessionId: UUID(),
                                  grants: [GrantInfo(role: .admin, organizationId: c.province.id!, path: c.province.treePath)])
        let rounds = SurveyRoundService(db: c.db, actor: .system, principal: principal)
        let round = try await rounds.open(SurveyRoundInput(organizationId: c.province.id!, year: c.year,
                                                           title: "Khảo sát chất lượng sinh hoạt chi bộ năm \(c.year)", form: nil))
        let observed = Array(stride(from: 0, to: c.cells.count, by: max(1, c.cells.count / 10)).map { c.cells[$0] }.prefix(10))
        _ = try await rounds.assign(round, SurveyAssignInput(userId: admin.id!, memberId: nil, organizationIds: observed.map { $0.id! }))
        let evaluations = SurveyEvaluationService(db: c.db, actor: .system, principal: principal, round: round, today: c.today)
        for (i, cell) in observed.enumerated() {
            let meeting = try await Meeting.query(on: c.db).filter(\.$organization.$id == cell.id!)
                .filter(\.$heldOn >= c.on(11, 1).iso).filter(\.$heldOn <= c.on(11, 30).iso)
                .filter(\.$statusRaw == MeetingStatus.held.rawValue).sort(\.$heldOn).first()
            // From about half marks to nearly full: the levels spread.
            let share = Double(55 + (i * 37) % 44) / 100
            var scores: [String: Double] = [:]
            for criterion in round.form.criteria { scores[criterion.code] = (criterion.maxPoints * share).rounded() }
            _ = try await evaluations.evaluate(SurveyEvaluationInput(
                organizationId: cell.id!, meetingId: meeting?.id, observedOn: meeting?.heldOn ?? c.on(11, 20).iso, scores: scores,
                goodPractices: share >= 0.8 ? "Chuẩn bị nội dung kỹ, nhiều đảng viên phát biểu" : nil,
                weaknesses: share < 0.7 ? "Nội dung sinh hoạt còn chung chung, ít liên hệ thực tiễn" : nil))
        }
        _ = try await rounds.close(round.id!)
    }
}
