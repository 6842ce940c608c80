import CapuyCore
import Fluent
import Foundation
import Vapor

extension MeetingWebController {
    struct StatisticsPage: Encodable {
        let unit: String
        let from: String
        let to: String
        let rowsHTML: String
        let unfollowed: [String]
        let shortfallsHTML: String
        /// A cell's 12-month trend of average score; none for a unit above cells.
        let trend: BarChart?
        let xlsxURL: String
        let followsURL: String
    }

    func statistics(req: Request) async throws -> Response {
        let r = try await req.meetingReports()
        let lang = req.language
        let unit = try await req.meetingUnit(req.query[UUID.self, at: "donVi"], access: r.access)
        // This year by default; `tu`/`den` for another period (a year-end report links its year here).
        let from = try req.dateQuery("tu") ?? LocalDate(year: r.today.year, month: 1, day: 1)!, to = try req.dateQuery("den") ?? r.today
        guard from <= to else { throw ValidationFailure(field: "den", "Khoảng thời gian không hợp lệ.", en: "The period ends before it starts.") }
        let stats = try await r.statistics(under: unit, from: from, to: to)
        let coverage = try await r.coverage(under: unit, from: from, to: to)
        let pct = { (share: Double?) in DisplayFormat.percent(share, decimals: 0, lang) }
        let rowsHTML = stats.map { s in
            HTMLText.row(link: SiteURL.meetings(.statistics(unit: s.organizationId)).path, s.label, cells: [
                String(s.held), String(s.regular), String(s.thematic), s.averageScore.map { DisplayFormat.decimal($0, decimals: 1, lang) } ?? "—",
                pct(s.averageAttendance),
            ] + MeetingLevel.allCases.map { String(s.levels[$0.rawValue] ?? 0) } + [String(s.followers)])
        }.joined()
        let shortfallsHTML: String = coverage.shortfalls.map { f -> String in
            "<tr><td>\(HTMLText.escape(f.memberName))</td><td>\(HTMLText.escape(f.organizationLabel))</td><td>\(f.attended)</td><td>\(f.required)</td></tr>"
        }.joined()
        // A cell's own page shows its 12-month trend of average score (0–100), as whole points.
        var trend: BarChart?
        if [.cell, .grassrootsCell].contains(unit.kind) {
            let months = try await r.trend(of: unit)
            trend = BarChart(id: "meeting-trend", title: Strings.table(lang)["meet_trend"] ?? "",
                             rows: months.map { p in (p.month, p.score.flatMap { CheckedNumber.int($0.rounded()) } ?? 0) })
        }
        let model = StatisticsPage(
            unit: unit.name, from: from.display, to: to.display, rowsHTML: rowsHTML, unfollowed: coverage.unfollowed.map(\.label),
            shortfallsHTML: shortfallsHTML, trend: trend,
            xlsxURL: SiteURL.meetings(.xlsx(unit: unit.id!)).path + "&tu=\(from.iso)&den=\(to.iso)", followsURL: SiteURL.meetings(.follows).path)
        return try await req.page("meeting-stats", title: lang.pick("Thống kê sinh hoạt chi bộ", "Meeting statistics") + " · " + unit.name, model)
    }

    struct FollowsPage: Encodable {
        struct Row: Encodable { let member: String; let unit: String; let from: String; let to: String; let note: String }
        let rows: [Row]
        let canAssign: Bool
        /// The unit picker (HTML).
        let units: String
        let committee: [SelectOption]
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.meetings(.follows).path
    }

    func follows(req: Request) async throws -> Response {
        try await renderFollows(req, values: [:], errors: [:])
    }

    private func renderFollows(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let s = try await req.follows()
        let lang = req.language
        let rows = try await s.list(under: nil).map {
            FollowsPage.Row(member: $0.memberName ?? "", unit: $0.organizationName ?? "",
                            from: LocalDate(parsing: $0.fromOn)?.display ?? $0.fromOn, to: LocalDate(parsing: $0.toOn)?.display ?? $0.toOn, note: $0.note)
        }
        let manage = s.access.manage
        var committee: [SelectOption] = []
        if !manage.isEmpty {
            // Current committee posts in the manager's subtree: the people who may follow.
            let today = s.today.iso
            var q = Position.query(on: req.db).with(\.$member).filter(\.$titleRaw != PositionTitle.statePost.rawValue).filter(\.$startOn <= today)
            q = manage.filter(q, \.$organizationPath)
            let posts = try await q.limit(500).all().filter { ($0.endOn ?? "9999") >= today }
            var seen = Set<UUID>()
            for p in posts where seen.insert(p.$member.id).inserted {
                committee.append(SelectOption(value: p.$member.id.uuidString, label: p.member.fullName, selected: values["memberId"] == p.$member.id.uuidString))
            }
        }
        let units = manage.isEmpty ? "" : try await req.unitPicker("organizationId", from: .init(manage), selected: values["organizationId"].flatMap(UUID.init(uuidString:)))
        let model = FollowsPage(rows: rows, canAssign: !committee.isEmpty, units: units, committee: committee,
                                v: values.isEmpty ? ["fromOn": s.today.display, "toOn": s.today.adding(days: 365).display] : values, errors: errors)
        return try await req.page("follow-assignments", title: lang.pick("Phân công theo dõi chi bộ", "Follow assignments"), model, status: status)
    }

    func assign(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["memberId", "organizationId", "fromOn", "toOn", "note"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderFollows(req, values: v, errors: [:]) }
        do {
            _ = try await req.follows().assign(FollowAssignmentInput(
                memberId: v["memberId"].flatMap(UUID.init(uuidString:)) ?? UUID(), organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(),
                assignedByOrganizationId: nil, fromOn: v["fromOn"] ?? "", toOn: v["toOn"] ?? "", note: v["note"]))
            return req.redirect(to: SiteURL.meetings(.follows).path + "?ok=follow_saved")
        } catch let failure as ValidationFailure {
            return try await renderFollows(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }
}
