import CapuyCore
import Fluent
import Foundation
import Vapor

/// `/ngay-nghi`: the year's calendar as limits count it, and for an
/// administrator at the top, the form for the government's yearly
/// decisions (issue 14, item 6).
struct HolidayWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("ngay-nghi", use: show)
        routes.post("ngay-nghi", use: add)
    }

    struct Page: Encodable {
        struct Row: Encodable { let day: String; let weekday: String; let name: String; let worked: Bool; let byLaw: Bool }
        let year: Int
        let previousYear: Int
        let nextYear: Int
        let previousURL: String
        let nextURL: String
        let rows: [Row]
        let mayEdit: Bool
        let kinds: [SelectOption]
        let v: [String: String]
        let errors: FormErrors
        let action = SiteURL.holidays.path
    }

    func show(req: Request) async throws -> Response {
        try await render(req, values: [:], errors: [:])
    }

    private func render(_ req: Request, values: [String: String], errors: FormErrors, status: HTTPResponseStatus = .ok) async throws -> Response {
        let lang = req.language
        let year = (req.query[String.self, at: "nam"]).flatMap { Int($0) }.flatMap { QueryYear.range.contains($0) ? $0 : nil }
            ?? req.capuy.today().year
        let weekdays = lang == .vi ? ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
            : ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        let rows = try await HolidayService(db: req.db, actor: req.actor).year(year).compactMap { h -> Page.Row? in
            guard let date = LocalDate(parsing: h.day) else { return nil }
            return Page.Row(day: date.display, weekday: weekdays[WorkingCalendar.weekday(date)], name: lang == .en ? h.nameEn ?? h.name : h.name,
                            worked: h.kind == HolidayKind.worked.rawValue, byLaw: h.source == "law")
        }
        let kinds = HolidayKind.allCases.map {
            SelectOption(value: $0.rawValue, label: $0 == .off ? lang.pick("Ngày nghỉ", "Day off") : lang.pick("Ngày làm bù", "Day worked"),
                         selected: values["kind"] == $0.rawValue)
        }
        let model = Page(year: year, previousYear: max(2000, year - 1), nextYear: min(2100, year + 1), previousURL: SiteURL.holidays.path + "?nam=\(max(2000, year - 1))",
                         nextURL: SiteURL.holidays.path + "?nam=\(min(2100, year + 1))", rows: rows,
                         mayEdit: (try? req.principal.administersWholeTree) == true, kinds: kinds, v: values, errors: errors)
        return try await req.page("holidays", title: lang.pick("Lịch ngày nghỉ", "Holiday calendar"), model, status: status)
    }

    func add(req: Request) async throws -> Response {
        guard try req.principal.administersWholeTree else { throw Refusal.forbidden }
        var v: [String: String] = [:]
        for f in ["day", "name", "kind"] { v[f] = req.field(f) ?? "" }
        do {
            let saved = try await HolidayService(db: req.db, actor: req.actor)
                .add(HolidayDTO(day: v["day"] ?? "", name: v["name"] ?? "", kind: v["kind"].flatMap { $0.isEmpty ? nil : $0 }))
            req.capuy.calendar.forget()
            let year = LocalDate(parsing: saved.day)?.year ?? req.capuy.today().year
            return req.redirect(to: SiteURL.holidays.path + "?nam=\(year)&ok=case_saved")
        } catch let failure as ValidationFailure {
            return try await render(req, values: v, errors: FormErrors(failure, req.language), status: .unprocessableEntity)
        }
    }
}
