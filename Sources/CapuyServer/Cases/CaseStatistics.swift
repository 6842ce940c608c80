import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// The period a statistics report covers: a month, quarter, 6 or 9 months, a
/// year (R-REC-2), or any dates.
struct CaseStatisticsRange: Sendable {
    let from: LocalDate
    let to: LocalDate
    let period: ReportPeriod

    static func from(_ req: Request, defaultPeriod: ReportPeriod = .month) throws -> CaseStatisticsRange {
        struct Q: Content { var period: String?; var year: Int?; var index: Int?; var from: String?; var to: String? }
        let q = try req.query.decode(Q.self)
        let today = req.capuy.today()
        let period = q.period.flatMap { $0.isEmpty ? nil : $0 }.map { ReportPeriod(rawValue: $0) } ?? defaultPeriod
        guard let period else { throw ValidationFailure(field: "period", "Kỳ báo cáo không hợp lệ.", en: "Unknown period.") }
        if period == .custom {
            guard let from = q.from.flatMap(LocalDate.init(parsing:)), let to = q.to.flatMap(LocalDate.init(parsing:)), from <= to else {
                throw ValidationFailure(field: "from", "Chọn từ ngày và đến ngày hợp lệ.", en: "Give valid from and to dates.")
            }
            guard to.daysSinceEpoch - from.daysSinceEpoch <= 3660 else {
                throw ValidationFailure(field: "to", "Một báo cáo tối đa 10 năm.", en: "A report covers at most 10 years.")
            }
            return CaseStatisticsRange(from: from, to: to, period: .custom)
        }
        let year = try QueryYear.check(q.year) ?? today.year
        let index = q.index ?? (period == .quarter ? (today.month + 2) / 3 : today.month)
        guard (1900...9999).contains(year), let range = period.range(year: year, index: index) else {
            throw ValidationFailure(field: "index", "Tháng hoặc quý không hợp lệ.", en: "Invalid month or quarter.")
        }
        return CaseStatisticsRange(from: range.from, to: range.to, period: period)
    }
}

struct CaseStatisticsDTO: Content {
    struct Count: Content {
        let key: String
        let label: String
        /// The label in English; the same as `label` for months and unit names.
        let labelEn: String
        let count: Int

        init(key: String, label: String, labelEn: String? = nil, count: Int) {
            self.key = key
            self.label = label
            self.labelEn = labelEn ?? label
            self.count = count
        }
    }

    struct Brief: Content {
        let id: UUID
        let title: String
        let kind: String
        let handlingUnit: String
        let receivedOn: String
        let dueOn: String?
    }

    let from: String
    let to: String
    let total: Int
    let byChannel: [Count]
    let byKind: [Count]
    let byTopic: [Count]
    let byState: [Count]
    let byMonth: [Count]
    let byUnit: [Count]
    /// Cases whose handling ended in the period (concluded, refused, transferred).
    let finished: Int
    let onTime: Int
    let onTimeRate: Double?
    /// Mean days from acceptance to conclusion, over those concluded in the period.
    let averageDays: Double?
    /// Finished in the period after their limit (issue 14, item 6).
    let settledLate: Int
    /// Accepted in the period, and of them after the time allowed to decide
    /// on acceptance (7 working days by default).
    let accepted: Int
    let acceptedLate: Int
    /// The cases received in the period, followed to today: a late case
    /// counts in the month it came in, not the one it was settled in.
    let cohort: Cohort
    /// Every open overdue or long-running case, counted; the lists below show the 200 most urgent.
    let overdueTotal: Int
    let longRunningTotal: Int
    let overdue: [Brief]
    let longRunning: [Brief]

    struct Cohort: Content {
        let received: Int
        let settledOnTime: Int
        let settledLate: Int
        let openOverdue: Int
        let open: Int
    }
}

/// Intake and handling figures for the cases a user may see (issue 4,
/// point 8), counted in SQL so a year of a city's portal stays quick.
struct CaseStatistics {
    let db: any Database
    let scope: Scope
    let memberId: UUID?
    let today: LocalDate
    let longRunningDays: Int
    var calendar = WorkingCalendar()
    var acceptance = CaseTimeLimits.standard.acceptance
    /// Only the cases handled in this subtree (a unit's report), besides the scope.
    var within: TreePath? = nil

    private struct Group<K: Decodable & Hashable>: Decodable { let k: K?; let n: Int }
    private struct Done: Decodable { let accepted_on: String?; let due_on: String?; let finished_on: String }

    func compute(_ range: CaseStatisticsRange) async throws -> CaseStatisticsDTO {
        let visible = within.map { SQLBinaryExpression(CaseVisibility.predicate(scope, memberId: memberId), .and,
                                                      Scope([$0]).predicate(column: "handling_path")) as any SQLExpression }
            ?? CaseVisibility.predicate(scope, memberId: memberId)
        let inRange: SQLQueryString = "received_on >= \(bind: range.from.iso) AND received_on <= \(bind: range.to.iso)"
        // Unit ids are grouped as UUIDs: each driver decodes its own UUID storage.
        func grouped<K: Decodable & Hashable>(_ column: String, as: K.Type) async throws -> [K: Int] {
            let rows = try await db.sql.raw("""
                SELECT \(unsafeRaw: column) AS k, CAST(COUNT(*) AS BIGINT) AS n FROM cases
                WHERE \(visible) AND \(inRange) GROUP BY \(unsafeRaw: column)
                """).all(decoding: Group<K>.self)
            return Dictionary(rows.compactMap { r in r.k.map { ($0, r.n) } }, uniquingKeysWith: +)
        }
        func group(_ column: String) async throws -> [String: Int] { try await grouped(column, as: String.self) }
        let channels = try await group("channel")
        let kinds = try await group("kind")
        let topics = try await group("topic")
        let states = try await group("state")
        let months = try await group("SUBSTR(received_on, 1, 7)")
        let units = try await grouped("handling_org_id", as: UUID.self)
        let total = channels.values.reduce(0, +)

        let done = try await db.sql.raw("""
            SELECT accepted_on, due_on, finished_on FROM cases
            WHERE \(visible) AND finished_on >= \(bind: range.from.iso) AND finished_on <= \(bind: range.to.iso)
            """).all(decoding: Done.self)
        let judged = done.filter { $0.due_on != nil }
        let onTime = judged.filter { $0.finished_on <= $0.due_on! }.count
        let spans = done.compactMap { d -> Int? in
            guard let a = d.accepted_on.flatMap(LocalDate.init(parsing:)), let f = LocalDate(parsing: d.finished_on) else { return nil }
            return f.daysSinceEpoch - a.daysSinceEpoch
        }

        let settledLate = judged.count - onTime

        struct Acceptance: Decodable { let received_on: String; let accepted_on: String }
        let acceptances = try await db.sql.raw("""
            SELECT received_on, accepted_on FROM cases
            WHERE \(visible) AND accepted_on >= \(bind: range.from.iso) AND accepted_on <= \(bind: range.to.iso)
            """).all(decoding: Acceptance.self)
        let acceptedLate = acceptances.filter { a in
            guard let received = LocalDate(parsing: a.received_on), let accepted = LocalDate(parsing: a.accepted_on) else { return false }
            return accepted > acceptance.end(from: received, calendar: calendar)
        }.count

        struct Fate: Decodable { let due_on: String?; let finished_on: String? }
        let fates = try await db.sql.raw("SELECT due_on, finished_on FROM cases WHERE \(visible) AND \(inRange)").all(decoding: Fate.self)
        let cohort = CaseStatisticsDTO.Cohort(
            received: fates.count,
            settledOnTime: fates.filter { f in f.finished_on.map { done in f.due_on.map { done <= $0 } ?? true } ?? false }.count,
            settledLate: fates.filter { f in f.finished_on.map { done in f.due_on.map { done > $0 } ?? false } ?? false }.count,
            openOverdue: fates.filter { $0.finished_on == nil && ($0.due_on.map { $0 < today.iso } ?? false) }.count,
            open: fates.filter { $0.finished_on == nil }.count)

        let open = CaseState.allCases.filter(\.isOpen).map(\.rawValue)
        let base = CitizenCase.query(on: db).filter(.sql(visible)).filter(\.$stateRaw ~~ open)
        let overdueQuery = base.copy().filter(\.$finishedOn == nil).filter(\.$dueOn < today.iso)
        let longQuery = base.copy().filter(\.$receivedOn < today.adding(days: -longRunningDays).iso)
        let overdueTotal = try await overdueQuery.copy().count()
        let longRunningTotal = try await longQuery.copy().count()
        let overdue = try await overdueQuery.sort(\.$dueOn).limit(200).all()
        let long = try await longQuery.sort(\.$receivedOn).limit(200).all()
        let unitRows = try await Organization.many(ids: Array(units.keys) + (overdue + long).map { $0.$handlingOrg.id }, on: db)
        let unitNames = Dictionary(uniqueKeysWithValues: unitRows.map { ($0.id!, $0.name) })
        func brief(_ c: CitizenCase) -> CaseStatisticsDTO.Brief {
            .init(id: c.id!, title: c.title, kind: c.kindRaw, handlingUnit: unitNames[c.$handlingOrg.id] ?? "", receivedOn: c.receivedOn, dueOn: c.dueOn)
        }
        func counts<E: RawRepresentable & CaseIterable>(_ all: E.Type, _ found: [String: Int], label: (E) -> (String, String)) -> [CaseStatisticsDTO.Count]
            where E.RawValue == String {
            E.allCases.map { let (vi, en) = label($0); return CaseStatisticsDTO.Count(key: $0.rawValue, label: vi, labelEn: en, count: found[$0.rawValue] ?? 0) }
        }
        return CaseStatisticsDTO(
            from: range.from.iso, to: range.to.iso, total: total,
            byChannel: counts(CaseChannel.self, channels) { ($0.label, $0.labelEn) },
            byKind: counts(CaseKind.self, kinds) { ($0.label, $0.labelEn) },
            byTopic: counts(CaseTopic.self, topics) { ($0.label, $0.labelEn) },
            byState: counts(CaseState.self, states) { ($0.label, $0.labelEn) },
            byMonth: months.sorted { $0.key < $1.key }.map { .init(key: $0.key, label: Self.monthLabel($0.key), count: $0.value) },
            // Every unit (issue 14, item 6: the top 30 left 5,559 of 14,707 cases out), most cases first.
            byUnit: units.sorted { ($0.value, $1.key.uuidString) > ($1.value, $0.key.uuidString) }.map {
                .init(key: $0.key.uuidString, label: unitNames[$0.key] ?? $0.key.uuidString, count: $0.value)
            },
            finished: done.count, onTime: onTime, onTimeRate: judged.isEmpty ? nil : Double(onTime) / Double(judged.count),
            averageDays: spans.isEmpty ? nil : Double(spans.reduce(0, +)) / Double(spans.count),
            settledLate: settledLate, accepted: acceptances.count, acceptedLate: acceptedLate, cohort: cohort,
            overdueTotal: overdueTotal, longRunningTotal: longRunningTotal,
            overdue: overdue.map(brief), longRunning: long.map(brief))
    }

    static func monthLabel(_ key: String) -> String {
        let parts = key.split(separator: "-")
        return parts.count == 2 ? "\(parts[1])/\(parts[0])" : key
    }
}

/// The report as a workbook offices can file: one sheet per breakdown.
enum CaseStatisticsExport {
    static func response(_ req: Request) async throws -> Response {
        let s = try await req.caseStatistics()
        let today = req.capuy.today()
        let period = LocalDate(parsing: s.from).flatMap { f in LocalDate(parsing: s.to).map { ExportTitle.range(f, $0) } } ?? "\(s.from) – \(s.to)"
        let title = ExportTitle(heading: "Thống kê đơn thư", unit: try await req.organizations.exportUnit(try req.principal.scope(.handleCases)),
                                period: period, madeOn: today)
        return DownloadResponse.file(try workbook(s, title: title), name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }

    static func workbook(_ s: CaseStatisticsDTO, title: ExportTitle) throws -> Data {
        var book = XLSXWorkbook()
        func sheet(_ name: String, _ first: String, _ rows: [CaseStatisticsDTO.Count]) {
            _ = book.addSheet(name: name, title: title, columns: [first, "Số lượng"], rows: rows.map { [.text($0.label), .number(Double($0.count))] })
        }
        _ = book.addSheet(name: "Tổng hợp", title: title, columns: ["Chỉ tiêu", "Giá trị"], rows: [
            [.text("Từ ngày"), .day(s.from)], [.text("Đến ngày"), .day(s.to)],
            [.text("Tổng số đơn tiếp nhận"), .number(Double(s.total))],
            [.text("Đã giải quyết xong trong kỳ"), .number(Double(s.finished))],
            [.text("Giải quyết đúng hạn"), .number(Double(s.onTime))],
            // No case came due in the period: the sheet says so rather than leave the cell blank.
            [.text("Tỷ lệ đúng hạn (%)"), s.onTimeRate == nil ? .text("Không có đơn đến hạn trong kỳ") : .percent(s.onTimeRate)],
            [.text("Thời gian giải quyết bình quân (ngày)"), s.averageDays.map { .number(($0 * 10).rounded() / 10) } ?? .empty],
            [.text("Giải quyết trễ hạn"), .number(Double(s.settledLate))],
            [.text("Thụ lý trong kỳ"), .number(Double(s.accepted))],
            [.text("Thụ lý trễ hạn"), .number(Double(s.acceptedLate))],
            [.text("Đơn nhận trong kỳ: đã giải quyết đúng hạn"), .number(Double(s.cohort.settledOnTime))],
            [.text("Đơn nhận trong kỳ: đã giải quyết trễ hạn"), .number(Double(s.cohort.settledLate))],
            [.text("Đơn nhận trong kỳ: đang quá hạn"), .number(Double(s.cohort.openOverdue))],
            [.text("Đơn nhận trong kỳ: đang giải quyết"), .number(Double(s.cohort.open))],
            [.text("Đang quá hạn"), .number(Double(s.overdueTotal))],
            [.text("Tồn đọng, kéo dài"), .number(Double(s.longRunningTotal))],
        ])
        sheet("Theo nguồn", "Nguồn", s.byChannel)
        sheet("Theo loại", "Loại đơn", s.byKind)
        sheet("Theo lĩnh vực", "Lĩnh vực", s.byTopic)
        sheet("Theo trạng thái", "Trạng thái", s.byState)
        sheet("Theo tháng", "Tháng", s.byMonth)
        sheet("Theo đơn vị", "Đơn vị giải quyết", s.byUnit)
        func briefs(_ name: String, _ rows: [CaseStatisticsDTO.Brief]) {
            _ = book.addSheet(name: name, title: title, columns: ["Tiêu đề", "Loại", "Đơn vị giải quyết", "Ngày nhận", "Hạn"], rows: rows.map {
                [.text($0.title), .text(CaseKind(rawValue: $0.kind)?.label ?? $0.kind), .text($0.handlingUnit), .day($0.receivedOn), .day($0.dueOn)]
            })
        }
        briefs("Quá hạn", s.overdue)
        briefs("Tồn đọng kéo dài", s.longRunning)
        return try book.data()
    }
}

extension Request {
    /// The figures for the period the query names, over the cases this user may see.
    func caseStatistics() async throws -> CaseStatisticsDTO {
        let p = try principal
        return try await CaseStatistics(db: db, scope: p.scope(.handleCases), memberId: p.memberId, today: capuy.today(),
                                        longRunningDays: capuy.settings.caseLongRunningDays,
                                        calendar: try await capuy.calendar.load(on: db),
                                        acceptance: capuy.settings.caseTimeLimits.acceptance).compute(try CaseStatisticsRange.from(self))
    }
}
