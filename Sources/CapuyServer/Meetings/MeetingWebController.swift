import CapuyCore
import Fluent
import Foundation
import Vapor

/// The meeting pages: a member's upcoming meetings on her phone, a cell's
/// list and scheduling form, one meeting with its roll and closing forms,
/// statistics with trends and coverage, and follow assignments.
struct MeetingWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let s = routes.grouped("sinh-hoat")
        s.get(use: list)
        s.post(use: schedule)
        s.get("thong-ke", use: statistics)
        s.get("thong-ke.xlsx", use: xlsx)
        s.get("theo-doi", use: follows)
        s.post("theo-doi", use: assign)
        s.get(":id", use: show)
        s.post(":id", "diem-danh", use: roll)
        s.post(":id", "khach-moi", use: guest)
        s.post(":id", "da-hop", use: hold)
        s.post(":id", "huy", use: cancel)
    }

    struct Row: Encodable {
        let url: String; let title: String; let unit: String; let date: String; let time: String; let place: String
        let status: String; let level: String?
    }

    struct ListPage: Encodable {
        let upcoming: [Row]
        let followed: [Row]
        let recent: [Row]
        let warnings: [String]
        /// Warnings past the first `shownWarnings`, said rather than silently cut (issue 17).
        let moreWarnings: Int
        let canSchedule: Bool
        /// The cell picker (HTML).
        let cells: String
        let kinds: [SelectOption]
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.meetings(.list).path
        let statisticsURL = SiteURL.meetings(.statistics()).path
        let followsURL = SiteURL.meetings(.follows).path
    }

    static func rows(_ meetings: [Meeting], names: [UUID: String], _ lang: Language) -> [Row] {
        meetings.map { m in
            Row(url: SiteURL.meetings(.show(m.id!)).path, title: m.title, unit: names[m.$organization.id] ?? "",
                date: LocalDate(parsing: m.heldOn)?.display ?? m.heldOn, time: m.startsAt, place: m.place,
                status: lang.pick(m.status.label, m.status.labelEn),
                level: m.level.flatMap(MeetingLevel.init(rawValue:)).map { lang.pick($0.label, $0.labelEn) })
        }
    }

    static func names(_ meetings: [Meeting], on db: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(meetings.map(\.$organization.id)))
        guard !ids.isEmpty else { return [:] }
        return Dictionary(try await Organization.query(on: db).filter(\.$id ~~ ids).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req, values: [:], errors: [:])
    }

    private func renderList(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let s = try await req.meetings()
        let lang = req.language
        let today = s.today
        let upcoming = try await s.list(under: nil, from: today.iso, to: today.adding(days: 62).iso, limit: 50)
            .filter { $0.status == .scheduled }.reversed()
        let recent = try await s.list(under: nil, from: today.adding(days: -92).iso, to: today.adding(days: -1).iso, limit: 50)
        var followed: [Meeting] = []
        if let memberId = s.access.memberId {
            let f = FollowAssignmentService(db: req.db, actor: req.actor, access: s.access, today: today)
            followed = try await f.calendar(memberId: memberId, from: today, to: today.adding(days: 92))
        }
        let all = Array(upcoming) + recent + followed
        let names = try await Self.names(all, on: req.db)
        var warnings: [String] = [], moreWarnings = 0
        let manage = s.access.manage
        if let root = manage.roots.first, let org = try await Organization.query(on: req.db).filter(\.$path == root.value).first() {
            let all = try await req.meetingReports().warnings(under: org)
            warnings = all.prefix(Self.shownWarnings).map { lang.pick($0.message, $0.messageEn) }
            moreWarnings = all.count - warnings.count
        }
        // Meetings are held by cells: the picker offers the cells the user manages.
        let cellSource = UnitPicker.Source(manage, kinds: [.cell, .grassrootsCell])
        let canSchedule = manage.isEmpty ? false : try await !cellSource.isEmpty(on: req.db)
        let cells = canSchedule ? try await req.unitPicker("organizationId", from: cellSource,
                                                           selected: values["organizationId"].flatMap(UUID.init(uuidString:))) : ""
        let model = ListPage(
            upcoming: Self.rows(Array(upcoming), names: names, lang), followed: Self.rows(followed, names: names, lang),
            recent: Self.rows(recent, names: names, lang), warnings: warnings, moreWarnings: moreWarnings, canSchedule: canSchedule, cells: cells,
            kinds: MeetingKind.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: values["kind"] == $0.rawValue) },
            v: values.isEmpty ? ["heldOn": today.display, "startsAt": "19:30"] : values, errors: errors)
        return try await req.page("meetings", title: lang.pick("Sinh hoạt chi bộ", "Cell meetings"), model, status: status)
    }

    /// The list page shows this many cadence warnings; the statistics page has every cell.
    static let shownWarnings = 30

    func schedule(req: Request) async throws -> Response {
        var v: [String: String] = [:]
        for f in ["organizationId", "kind", "title", "heldOn", "startsAt", "place"] { v[f] = req.field(f) ?? "" }
        if req.isUnitPickerStep { return try await renderList(req, values: v, errors: [:]) }
        do {
            let m = try await req.meetings().schedule(MeetingInput(
                organizationId: v["organizationId"].flatMap(UUID.init(uuidString:)) ?? UUID(), kind: v["kind"] ?? "",
                title: v["title"], heldOn: v["heldOn"] ?? "", startsAt: v["startsAt"] ?? "", place: v["place"], agenda: nil))
            return req.redirect(to: SiteURL.meetings(.show(m.id!)).path + "?ok=meeting_saved")
        } catch let failure as ValidationFailure {
            return try await renderList(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }

    func xlsx(req: Request) async throws -> Response {
        // The pages name the unit `donVi` and the period `tu`/`den`; the export reads `organizationId`, `from` and `to`.
        var query: [String: String] = [:]
        if let unit = req.query[UUID.self, at: "donVi"] { query["organizationId"] = unit.uuidString }
        for (page, api) in [("tu", "from"), ("den", "to")] {
            if let day = req.query[String.self, at: page] { query[api] = day }
        }
        if !query.isEmpty { try req.query.encode(query) }
        return try await MeetingExport.download(req)
    }
}
