@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A year of a province's work written into the Fixture tree, and the counts
/// the test expects of the report, kept as it writes (issue 18: "a test
/// builds a year of demo activity and checks every figure of the report
/// against counts it makes itself"). Documents, tasks and cases go through
/// the API, members through their service; the rest are rows written as the
/// features write them, since the report reads the rows.
struct ReportYear {
    let w: DocWorld
    let year: Int
    /// Row key → the value the report must give for the province P.
    var expected: [String: Double] = [:]

    var db: any SQLDatabase { w.app.db as! any SQLDatabase }

    func day(_ month: Int, _ d: Int) -> LocalDate { LocalDate(year: year, month: month, day: d)! }

    mutating func add(_ key: String, _ n: Int = 1) { expected[key, default: 0] += Double(n) }

    /// `n` resolutions and a directive by P, a draft that stays a draft, a
    /// plan by A (not P's); a task to A and B, A on time, B late or never.
    mutating func documents(resolutions n: Int, lateBReports: Bool) async throws {
        var first: DocumentDTO?
        for i in 0..<n {
            let d = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết số \(i + 1) năm \(year)", on: day(2, 1 + i))
            first = first ?? d
            add("documents.issued"); add("documents.issued.resolution")
        }
        _ = try await w.issued(w.p, type: "directive", issuer: w.f.p, title: "Chỉ thị năm \(year)", on: day(3, 1))
        add("documents.issued"); add("documents.issued.directive")
        _ = try await w.draft(w.p, issuer: w.f.p, title: "Dự thảo không tính")
        _ = try await w.issued(w.a, type: "plan", issuer: w.f.a, title: "Kế hoạch của xã", on: day(3, 5))

        let task = try await w.assign(w.p, try #require(first).id, title: "Báo cáo sơ kết \(year)", deadline: day(6, 30), units: [w.f.a, w.f.b])
        add("tasks.given", 2)
        try await report(w.a, task.id, at: w.f.a, completedOn: day(6, 20))
        add("tasks.onTime")
        if lateBReports {
            try await report(w.b, task.id, at: w.f.b, completedOn: day(7, 10))
            add("tasks.late")
        } else {
            add("tasks.overdue")
        }
    }

    private func report(_ token: String, _ task: UUID, at org: Organization, completedOn: LocalDate) async throws {
        let a = try await w.assignment(task, at: org)
        let res = try await API.call(w.app, .POST, "/api/v1/assignments/\(a.id!)/progress", token: token,
                                     json: ["percent": 100, "completedOn": completedOn.iso])
        try #require(res.status == .ok, "progress: \(res.body.string)")
    }

    /// `n` letters and one press report about A, handled by P's office; one
    /// letter settled on time, the press report settled late.
    mutating func cases(letters n: Int, token: String) async throws {
        var ids: [UUID] = []
        for i in 0..<n {
            ids.append(try await intake(token, kind: "petition", channel: "letter", on: day(4, 1 + i)))
            add("cases.channel.letter"); add("cases.kind.petition")
        }
        ids.append(try await intake(token, kind: "report", channel: "press", on: day(5, 2)))
        add("cases.channel.press"); add("cases.kind.report")
        add("cases.received", n + 1)
        // Settled: the first on time, the press report late (the dates as the handling would write them).
        try await settle(ids[0], accepted: day(4, 3), due: day(5, 1), finished: day(4, 20))
        try await settle(ids[n], accepted: day(5, 4), due: day(6, 1), finished: day(6, 15))
        add("cases.accepted", 2); add("cases.finished", 2); add("cases.onTime"); add("cases.settledLate")
    }

    private func intake(_ token: String, kind: String, channel: String, on received: LocalDate) async throws -> UUID {
        let res = try await API.call(w.app, .POST, "/api/v1/cases", token: token, json: [
            "kind": kind, "channel": channel, "title": "Đơn \(kind) \(received.iso)", "content": "Người dân kiến nghị về đường giao thông.",
            "subjectOrganizationId": w.f.a.id!.uuidString, "receivedOn": received.iso, "channelDetail": "Thư số \(received.day)",
        ])
        try #require(res.status == .created, "intake: \(res.body.string)")
        return try #require(try await CitizenCase.query(on: w.app.db).filter(\.$receivedOn == received.iso).first()?.id)
    }

    private func settle(_ id: UUID, accepted: LocalDate, due: LocalDate, finished: LocalDate) async throws {
        try await db.raw("""
            UPDATE cases SET state = 'concluded', accepted_on = \(bind: accepted.iso), due_on = \(bind: due.iso), finished_on = \(bind: finished.iso)
            WHERE id = \(bind: id)
            """).run()
    }

    /// P's head receives citizens on `days` days (two sessions on the first
    /// day count once), one extra session, a session at A; a dialogue at A
    /// with two follow-ups, one done.
    mutating func reception(days: Int) async throws {
        for i in 0..<days { try await session(w.f.p, day(1 + i, 10), extra: false) }
        try await session(w.f.p, day(1, 10), extra: false)
        try await session(w.f.p, day(8, 20), extra: true)
        try await session(w.f.a, day(9, 9), extra: false)
        add("reception.headDays", days + 1)      // the extra day is a day too
        add("reception.required", 12)
        add("reception.sessions", days + 3); add("reception.extra")
        let dialogue = UUID()
        try await db.raw("""
            INSERT INTO dialogues (id, organization_id, organization_path, held_on, topic, participants, minutes)
            VALUES (\(bind: dialogue), \(bind: w.f.a.id!), \(bind: w.f.a.path), \(bind: day(10, 1).iso), 'Giải phóng mặt bằng', 'Nhân dân thôn 1', 'Biên bản')
            """).run()
        for (i, done) in [day(10, 20), nil].enumerated() {
            try await db.raw("""
                INSERT INTO dialogue_follow_ups (id, dialogue_id, text, due_on, done_on)
                VALUES (\(bind: UUID()), \(bind: dialogue), \(bind: "Việc \(i)"), \(bind: day(11, 1).iso), \(bind: done?.iso))
                """).run()
        }
        add("dialogues.held"); add("dialogues.followUps", 2); add("dialogues.done"); add("dialogues.overdue")
    }

    private func session(_ org: Organization, _ on: LocalDate, extra: Bool) async throws {
        try await db.raw("""
            INSERT INTO reception_sessions (id, organization_id, organization_path, held_on, host_name, host_title, place, extra, notes)
            VALUES (\(bind: UUID()), \(bind: org.id!), \(bind: org.path), \(bind: on.iso), 'Nguyễn Văn A', 'Bí thư', 'Trụ sở', \(bind: extra), '')
            """).run()
    }

    /// Regular meetings in each of the three cells, `n` months each, scored;
    /// a thematic one in A1; a cancelled one that does not count; a follower for A1.
    mutating func meetings(months n: Int, follower: Member) async throws {
        var scores: [Double] = [], rates: [Double] = []
        for (c, cell) in [w.f.a1, w.f.a2, w.f.b1].enumerated() {
            for m in 1...n {
                let score = Double(70 + c * 10 + m), rate = 0.8 + Double(c) * 0.05
                let level: MeetingLevel = score >= 90 ? .good : score >= 80 ? .fair : .average
                try await meeting(cell, "regular", day(m, 15), status: "held", score: score, level: level.rawValue, rate: rate)
                scores.append(score); rates.append(rate)
                add("meetings.level.\(level.rawValue)")
            }
        }
        try await meeting(w.f.a1, "thematic", day(3, 20), status: "held", score: nil, level: nil, rate: nil)
        try await meeting(w.f.b1, "regular", day(2, 20), status: "cancelled", score: 99, level: "good", rate: 1)
        add("meetings.regular", 3 * n); add("meetings.thematic")
        add("meetings.regularExpected", 3 * 12); add("meetings.thematicExpected", 3 * 4)
        expected["meetings.average.score"] = (scores.reduce(0, +) / Double(scores.count) * 10).rounded() / 10
        expected["meetings.attendance.share"] = rates.reduce(0, +) / Double(rates.count)
        expected["meetings.regular.share"] = Double(3 * n) / 36
        try await db.raw("""
            INSERT INTO follow_assignments (id, member_id, organization_id, organization_path, assigned_by_organization_id, assigned_by_path,
              from_on, to_on, note)
            VALUES (\(bind: UUID()), \(bind: follower.id!), \(bind: w.f.a1.id!), \(bind: w.f.a1.path), \(bind: w.f.a.id!), \(bind: w.f.a.path),
              \(bind: day(1, 1).iso), \(bind: day(12, 31).iso), '')
            """).run()
        add("meetings.unfollowed", 2)
    }

    private func meeting(_ cell: Organization, _ kind: String, _ on: LocalDate, status: String, score: Double?, level: String?,
                         rate: Double?) async throws {
        try await db.raw("""
            INSERT INTO meetings (id, organization_id, organization_path, kind, title, held_on, starts_at, place, status, agenda, minutes,
              minutes_complete, conclusion, score, level, attendance_rate)
            VALUES (\(bind: UUID()), \(bind: cell.id!), \(bind: cell.path), \(bind: kind), 'Sinh hoạt', \(bind: on.iso), '19:30', 'Nhà văn hóa',
              \(bind: status), '[]', '', \(bind: true), '', \(bind: score), \(bind: level), \(bind: rate))
            """).run()
    }

    /// Decided ratings, written to the rating rollups as a decision writes them.
    mutating func ratings(excellent: Int, good: Int, fulfilled: Int, units: Int) async throws {
        var deltas: [(path: String, tally: RatingRollups.Tally)] = []
        for (level, n) in [(RatingLevel.excellent, excellent), (.good, good), (.fulfilled, fulfilled)] {
            deltas += Array(repeating: (w.f.a1.path, RatingRollups.Tally.member(level)), count: n)
            add("reviews.members.\(level.rawValue)", n)
        }
        deltas += Array(repeating: (w.f.a1.path, RatingRollups.Tally.unit(.good)), count: units)
        add("reviews.units.good", units); add("reviews.units.rated", units)
        add("reviews.members.rated", excellent + good + fulfilled)
        try await RatingRollups.add(deltas, key: .init(year: year, period: ReviewPeriod.year.rawValue), on: w.app.db)
        expected["reviews.members.excellent.share"] = Double(excellent) / Double(excellent + good + fulfilled)
        expected["reviews.members.quota.share"] = Double(excellent) / Double(good)
    }

    /// A's and B's commitments to P: A assessed with both targets met, B
    /// assessed with one of two; pledges of two members, three items, two done.
    mutating func commitments(members: [Member]) async throws {
        for (org, met) in [(w.f.a, 2), (w.f.b, 1)] {
            let id = UUID()
            let overall = met == 2 ? 100.0 : 75.0
            try await db.raw("""
                INSERT INTO commitments (id, year, title, signed_on, status, overall_percent, organization_id, organization_path, superior_id, superior_path)
                VALUES (\(bind: id), \(bind: year), 'Cam kết', \(bind: day(1, 15).iso), \(bind: Commitment.assessed), \(bind: overall),
                  \(bind: org.id!), \(bind: org.path), \(bind: w.f.p.id!), \(bind: w.f.p.path))
                """).run()
            for i in 0..<2 {
                try await db.raw("""
                    INSERT INTO commitment_indicators (id, commitment_id, position, name, unit, target, direction, due_on, assessed_value, percent)
                    VALUES (\(bind: UUID()), \(bind: id), \(bind: i), 'Chỉ tiêu', '%', 100, 'higherIsBetter', \(bind: day(12, 1).iso), 90,
                      \(bind: i < met ? 100.0 : 50.0))
                    """).run()
            }
        }
        add("commitments.signed", 2); add("commitments.assessed", 2); add("commitments.met")
        add("commitments.indicators", 4); add("commitments.indicatorsMet", 3)
        expected["commitments.indicatorsMet.share"] = 0.75
        for (i, m) in members.prefix(2).enumerated() {
            let pledge = UUID()
            try await db.raw("""
                INSERT INTO pledges (id, member_id, year, pledge_text, reviewed, organization_path)
                VALUES (\(bind: pledge), \(bind: m.id!), \(bind: year), 'Rèn luyện', \(bind: i == 0), \(bind: m.organizationPath))
                """).run()
            for j in 0..<(i == 0 ? 2 : 1) {
                try await db.raw("""
                    INSERT INTO pledge_items (id, pledge_id, position, text, due_on, done_on)
                    VALUES (\(bind: UUID()), \(bind: pledge), \(bind: j), 'Việc', \(bind: day(6, 1).iso), \(bind: j == 0 ? day(5, 1).iso : nil))
                    """).run()
            }
        }
        add("pledges.made", 2); add("pledges.reviewed"); add("pledges.items", 3); add("pledges.done", 2)
        expected["pledges.done.share"] = 2.0 / 3
    }

    /// Two supervisions at A, one concluded; a reprimand of a member, an
    /// expulsion, and a warning still proposed (not counted).
    mutating func inspections(member: Member) async throws {
        for (i, status) in ["concluded", "open"].enumerated() {
            try await db.raw("""
                INSERT INTO inspections (id, organization_id, organization_path, title, opened_on, status, kind)
                VALUES (\(bind: UUID()), \(bind: w.f.a.id!), \(bind: w.f.a.path), 'Giám sát', \(bind: day(3 + i, 1).iso), \(bind: status), 'regularSupervision')
                """).run()
        }
        add("inspection.opened", 2); add("inspection.kind.regularSupervision", 2); add("inspection.concluded")
        for (form, status) in [("reprimand", "decided"), ("expulsion", "decided"), ("warning", "proposed")] {
            try await db.raw("""
                INSERT INTO discipline_decisions (id, subject, member_id, organization_id, organization_path, form, offence_on, reason,
                  self_remedied, status, decided_on)
                VALUES (\(bind: UUID()), 'member', \(bind: member.id!), \(bind: w.f.a1.id!), \(bind: w.f.a1.path), \(bind: form),
                  \(bind: day(2, 1).iso), 'Vi phạm', \(bind: false), \(bind: status), \(bind: status == "decided" ? day(6, 1).iso : nil))
                """).run()
        }
        add("discipline.decided", 2); add("discipline.form.reprimand"); add("discipline.form.expulsion"); add("discipline.subject.member", 2)
        add("members.expelled")
    }

    static let names = ["Trần Thị An", "Lê Văn Bình", "Phạm Thị Cúc", "Hoàng Văn Dũng", "Vũ Thị Hà", "Đỗ Văn Khánh"]

    /// `n` (at most three) members admitted in the year in A1, and a move from A1 to B1 (inside P).
    mutating func members(admitted n: Int) async throws -> [Member] {
        let service = MemberService(db: w.app.db, actor: .system, today: w.today)
        var out: [Member] = []
        for i in 0..<n {
            out.append(try await service.create(MemberInput(
                fullName: Self.names[(year % 2) * 3 + i], birthDate: "15/03/1995", gender: "female", ethnicity: "Tày",
                partyCardNumber: nil, admissionDate: day(5, 10 + i).display, officialDate: nil, organizationId: w.f.a1.id), manage: Scope([w.f.p.treePath])))
        }
        add("members.admitted", n)
        try await db.raw("""
            INSERT INTO transfers (id, member_id, from_organization_id, to_organization_id, transferred_on)
            VALUES (\(bind: UUID()), \(bind: out[0].id!), \(bind: w.f.a1.id!), \(bind: w.f.b1.id!), \(bind: day(8, 1).iso))
            """).run()
        return out
    }
}
