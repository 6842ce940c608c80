import CapuyCore
import Fluent
import Foundation
import Vapor

/// The working-day calendar as it is counted (issue 14, item 6): the
/// statutory holidays computed for any year (Tết and Giỗ Tổ from the lunar
/// calendar), plus the government's yearly arrangement kept as data: extra
/// days off and days worked in exchange ("ngày làm bù").
enum HolidayKind: String, Codable, CaseIterable, Sendable {
    case off
    case worked
}

struct HolidayDTO: Content {
    let day: String
    let name: String
    /// "off" (a day off) or "worked" (a day worked though off); "off" when omitted.
    var kind: String?
    /// "law" for the statutory days, "decision" for the office's entries.
    var source: String?
    /// The statutory day's English name; a decision's name is the office's own words.
    var nameEn: String? = nil
}

struct HolidayService {
    let db: any Database
    let actor: Actor

    /// Statutory days for the years the calendar is asked about; computed
    /// once per process (about 2,000 days for 2000–2100, the years time
    /// limits run in); an older year a query asks for is computed on demand.
    static let statutory: [Int: [StatutoryHolidays.Day]] = Dictionary(
        uniqueKeysWithValues: (2000...2100).map { ($0, StatutoryHolidays.days(year: $0)) })

    /// Every statutory date of those years, made once: the calendar is
    /// loaded each minute and every decision is checked against it.
    static let statutoryDateSet: Set<LocalDate> = Set(statutory.values.flatMap { $0.map(\.date) })

    static func statutoryDates() -> Set<LocalDate> { statutoryDateSet }

    /// The year's days as counted: statutory ones unless a decision says
    /// they are worked, and the decisions, in date order.
    func year(_ year: Int) async throws -> [HolidayDTO] {
        let from = LocalDate(year: year, month: 1, day: 1)?.iso ?? "", to = LocalDate(year: year, month: 12, day: 31)?.iso ?? ""
        let decisions = try await Holiday.query(on: db).filter(\.$day >= from).filter(\.$day <= to).sort(\.$day).all()
        let decided = Set(decisions.map(\.day))
        let law = (Self.statutory[year] ?? StatutoryHolidays.days(year: year)).filter { !decided.contains($0.date.iso) }
            .map { HolidayDTO(day: $0.date.iso, name: $0.name, kind: HolidayKind.off.rawValue, source: "law", nameEn: $0.nameEn) }
        let office = decisions.map { HolidayDTO(day: $0.day, name: $0.name, kind: $0.kindRaw, source: "decision") }
        return (law + office).sorted { $0.day < $1.day }
    }

    /// Records a decision: a day off, or a day worked in exchange.
    func add(_ input: HolidayDTO) async throws -> HolidayDTO {
        var c = IssueCollector()
        let day = LocalDate(parsing: input.day)
        if day == nil { c.add("day", "Ngày không hợp lệ.", en: "Invalid date.") }
        let name = VietnameseText.normalizeSpaces(input.name)
        if !(2...100).contains(name.count) { c.add("name", "Ghi tên hoặc căn cứ của ngày (2–100 ký tự).", en: "Name the day or its basis (2–100 characters).") }
        let kind = HolidayKind(rawValue: input.kind ?? HolidayKind.off.rawValue)
        if kind == nil { c.add("kind", "Chọn ngày nghỉ hoặc ngày làm bù.", en: "Choose a day off or a day worked.") }
        try c.throwIfAny()
        guard let day, let kind else { return input }
        let statutory = Self.statutoryDates().contains(day)
        if kind == .worked, WorkingCalendar.weekday(day) < 5, !statutory {
            throw ValidationFailure(field: "day", "Ngày \(day.display) vốn là ngày làm việc.", en: "\(day.display) is a working day already.")
        }
        if kind == .off, statutory {
            throw ValidationFailure(field: "day", "Ngày \(day.display) đã là ngày nghỉ theo Bộ luật Lao động.", en: "\(day.display) is a statutory holiday already.")
        }
        return try await db.write(as: actor) { tx, trail in
            guard try await Holiday.query(on: tx).filter(\.$day == day.iso).count() == 0 else {
                throw ValidationFailure(field: "day", "Ngày \(day.display) đã có trong lịch.", en: "\(day.display) is in the calendar already.")
            }
            let h = Holiday()
            h.id = UUID()
            h.day = day.iso
            h.name = name
            h.kindRaw = kind.rawValue
            try await h.create(on: tx)
            let dto = HolidayDTO(day: h.day, name: h.name, kind: h.kindRaw, source: "decision")
            trail.record("holiday.create", entity: "holiday", id: h.id!, path: "", after: dto)
            return dto
        }
    }
}

/// `GET /api/v1/holidays?year=Y` and `POST /api/v1/holidays`.
enum HolidayAPI {
    static func list(req: Request) async throws -> [HolidayDTO] {
        let year = try QueryYear.check(req.query.get(Int?.self, at: "year")) ?? req.capuy.today().year
        return try await HolidayService(db: req.db, actor: req.actor).year(year)
    }

    /// The calendar is shared by the whole tree: only an administrator at the top changes it.
    static func add(req: Request) async throws -> Response {
        guard try req.principal.administersWholeTree else { throw Refusal.forbidden }
        let dto = try await HolidayService(db: req.db, actor: req.actor).add(try req.input(HolidayDTO.self))
        req.capuy.calendar.forget()
        return try await dto.encodeResponse(status: .created, for: req)
    }
}
