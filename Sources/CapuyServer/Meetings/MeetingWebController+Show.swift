import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

extension MeetingWebController {
    struct ShowPage: Encodable {
        struct Line: Encodable { let label: String; let met: Bool; let points: String }
        struct Check: Encodable { let code: String; let label: String }
        let title: String
        let unit: String
        let kind: String
        let date: String
        let time: String
        let place: String
        let status: String
        let isScheduled: Bool
        let isCancelled: Bool
        let agenda: [String]
        let agendaWarnings: [String]
        let duration: String?
        let score: String?
        let level: String?
        let attendanceRate: String?
        let quality: [Line]
        let minutes: String
        let conclusion: String
        /// The meeting's tasks, their due dates as dd/mm/yyyy (the API's DTO carries ISO dates).
        let tasks: [TaskLine]
        struct TaskLine: Encodable { let title: String; let owner: String; let dueOn: String }
        /// Roll rows written by the server (60 members: Leaf escaping per cell was the cost).
        let rollHTML: String
        let present: Int
        let total: Int
        let canManage: Bool
        let canFollow: Bool
        let formHTML: String
        let judged: [Check]
        let errors: FormErrors
        let rollURL: String
        let guestURL: String
        let holdURL: String
        let cancelURL: String
        let followerMemberId: String
    }

    func show(req: Request) async throws -> Response {
        try await renderShow(req, errors: [:])
    }

    func renderShow(_ req: Request, errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let s = try await req.meetings()
        let m = try await s.find(try req.id())
        let lang = req.language
        let lines = try await s.attendance(of: m.id!)
        let manages = s.access.mayManage(m.organizationPath)
        let rollHTML: String = lines.map { l -> String in
            let status = AttendanceStatus(rawValue: l.status).map { lang.pick($0.label, $0.labelEn) } ?? l.status
            let who = l.isGuest ? lang.pick(l.follower ? "Người theo dõi" : "Khách mời", l.follower ? "Follower" : "Guest") : ""
            return "<tr><td>\(HTMLText.escape(l.name))</td><td>\(HTMLText.escape(status))</td><td>\(HTMLText.escape(l.reason ?? ""))</td><td>\(HTMLText.escape(who))</td></tr>"
        }.joined()
        var formHTML = ""
        if manages && m.status != .cancelled {
            // One row per member on the cell's roll, the recorded status preselected (present by default).
            struct Row: Decodable { let id: UUID; let full_name: String }
            let roll = try await req.db.sql.raw("SELECT id, full_name FROM members WHERE organization_id = \(bind: m.$organization.id) ORDER BY sort_key")
                .all(decoding: Row.self)
            let reasonLabel = HTMLText.escape(lang.pick("Lý do", "Reason"))
            let recorded = Dictionary(lines.compactMap { l in l.memberId.map { ($0, l) } }, uniquingKeysWith: { a, _ in a })
            formHTML = roll.map { r -> String in
                let current = recorded[r.id]?.status ?? AttendanceStatus.present.rawValue
                let options: String = AttendanceStatus.allCases.map { a -> String in
                    "<option value=\"\(a.rawValue)\"\(a.rawValue == current ? " selected" : "")>\(HTMLText.escape(lang.pick(a.label, a.labelEn)))</option>"
                }.joined()
                let id = r.id.uuidString
                let name = HTMLText.escape(r.full_name), reason = HTMLText.escape(recorded[r.id]?.reason ?? "")
                let select: String = "<td><select id=\"s-\(id)\" name=\"status_\(id)\">\(options)</select></td>"
                let input: String = "<td><input name=\"reason_\(id)\" aria-label=\"\(reasonLabel)\" value=\"\(reason)\"></td>"
                return "<tr><td><label for=\"s-\(id)\">\(name)</label></td>\(select)\(input)</tr>"
            }.joined()
        }
        let quality = m.quality
        let sheet = s.policy.sheet
        let model = ShowPage(
            title: m.title, unit: try await Organization.find(m.$organization.id, on: req.db)?.name ?? "",
            kind: lang.pick(m.kind.label, m.kind.labelEn), date: LocalDate(parsing: m.heldOn)?.display ?? m.heldOn, time: m.startsAt,
            place: m.place, status: lang.pick(m.status.label, m.status.labelEn), isScheduled: m.status == .scheduled, isCancelled: m.status == .cancelled,
            agenda: m.agenda.map { raw in AgendaItem(rawValue: raw).map { lang.pick($0.label, $0.labelEn) } ?? raw },
            agendaWarnings: MeetingAgenda.warnings(m.agenda).map { lang.pick($0.message, $0.messageEn) },
            duration: m.durationMinutes.map(String.init), score: m.score.map { String(format: "%.0f", $0) },
            level: m.level.flatMap(MeetingLevel.init(rawValue:)).map { lang.pick($0.label, $0.labelEn) },
            attendanceRate: m.attendanceRate.map { DisplayFormat.percent($0, decimals: 0, lang) },
            quality: (quality?.lines ?? []).map { line in
                let c = sheet.first { $0.code == line.code }
                return .init(label: c.map { lang.pick($0.title, $0.titleEn) } ?? line.code, met: line.met, points: String(format: "%.0f", line.points))
            },
            minutes: m.minutes, conclusion: m.conclusion, tasks: try await s.tasks(of: m.id!).map { ShowPage.TaskLine(title: $0.title, owner: $0.owner, dueOn: DisplayFormat.date($0.dueOn)) },
            rollHTML: rollHTML,
            present: lines.filter { !$0.isGuest && $0.status == AttendanceStatus.present.rawValue }.count,
            total: lines.filter { !$0.isGuest }.count, canManage: manages,
            canFollow: s.access.follows(m.organizationPath) && !lines.contains { $0.memberId == s.access.memberId } && m.status != .cancelled,
            formHTML: formHTML,
            judged: sheet.filter { $0.automatic == nil }.map { .init(code: $0.code, label: lang.pick($0.title, $0.titleEn)) },
            errors: errors, rollURL: SiteURL.meetings(.roll(m.id!)).path, guestURL: SiteURL.meetings(.guest(m.id!)).path,
            holdURL: SiteURL.meetings(.hold(m.id!)).path, cancelURL: SiteURL.meetings(.cancel(m.id!)).path,
            followerMemberId: s.access.memberId?.uuidString ?? "")
        return try await req.page("meeting", title: m.title, model, status: status)
    }

    /// Runs a form's use case; a refusal re-renders the meeting with the messages.
    private func attempt(_ req: Request, ok: String, _ body: () async throws -> Void) async throws -> Response {
        do {
            try await body()
            return req.redirect(to: SiteURL.meetings(.show(try req.id())).path + "?ok=" + ok)
        } catch let failure as ValidationFailure {
            return try await renderShow(req, errors: Self.grouped(FormErrors(failure, req.language)), status: .unprocessableEntity)
        }
    }

    func roll(req: Request) async throws -> Response {
        let fields = (try? req.content.decode([String: String].self)) ?? [:]
        let lines: [AttendanceLineInput] = fields.compactMap { key, value in
            guard key.hasPrefix("status_"), let id = UUID(uuidString: String(key.dropFirst(7))) else { return nil }
            return AttendanceLineInput(memberId: id, status: value, reason: fields["reason_" + id.uuidString])
        }
        return try await attempt(req, ok: "meeting_roll_saved") { _ = try await req.meetings().recordAttendance(try req.id(), AttendanceInput(lines: lines)) }
    }

    func guest(req: Request) async throws -> Response {
        let input = GuestInput(memberId: req.field("memberId").flatMap(UUID.init(uuidString:)), name: req.field("name"),
                               title: req.field("title"), organizationId: nil)
        return try await attempt(req, ok: "meeting_guest_saved") { _ = try await req.meetings().addGuest(try req.id(), input) }
    }

    func hold(req: Request) async throws -> Response {
        let judged = MeetingPolicy.standard.sheet.map(\.code).filter { req.field("judged_" + $0) != nil }
        var tasks: [MeetingTaskInput] = []
        if let title = req.field("taskTitle"), !title.isEmpty {
            tasks.append(MeetingTaskInput(title: title, owner: req.field("taskOwner"), dueOn: req.field("taskDue") ?? ""))
        }
        let durationText = req.field("durationMinutes") ?? ""
        guard let duration = Int(durationText) else {
            return try await renderShow(req, errors: FormErrors(ValidationFailure(field: "durationMinutes",
                "Thời lượng cuộc họp phải lớn hơn 0 phút (R-MEET-2)", en: "A meeting's duration must be more than zero minutes (R-MEET-2)"), req.language),
                status: .unprocessableEntity)
        }
        let input = HoldInput(durationMinutes: duration, minutes: req.field("minutes"), minutesComplete: req.field("minutesComplete") != nil,
                              conclusion: req.field("conclusion"), judged: judged, tasks: tasks)
        return try await attempt(req, ok: "meeting_held") { _ = try await req.meetings().hold(try req.id(), input) }
    }

    func cancel(req: Request) async throws -> Response {
        try await attempt(req, ok: "meeting_cancelled") { _ = try await req.meetings().cancel(try req.id()) }
    }

    /// A roll line's or a task's error ("lines[3].reason") shown where the page prints them ("lines").
    static func grouped(_ errors: FormErrors) -> FormErrors {
        var out = errors
        for (key, message) in errors {
            for group in ["lines", "tasks"] where key.hasPrefix(group + "[") {
                out[group] = out[group].map { $0.contains(message) ? $0 : $0 + " " + message } ?? message
            }
        }
        return out
    }
}
