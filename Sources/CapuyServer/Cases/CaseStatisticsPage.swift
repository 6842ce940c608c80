import CapuyCore
import Foundation
import Vapor

/// The statistics page: figures, server-drawn bar charts (DESIGN.md:
/// charts are SVG) and the lists that need action.
extension CaseWebController {
    struct StatsPage: Encodable {
        struct Brief: Encodable { let url: String; let title: String; let unit: String; let received: String; let due: String }

        let periods: [SelectOption]
        let year: Int
        let index: Int
        let from: String
        let to: String
        let total: Int
        let finished: Int
        let onTime: Int
        let onTimeRate: String
        let averageDays: String
        let settledLate: Int
        let accepted: Int
        let acceptedLate: Int
        let cohort: CaseStatisticsDTO.Cohort
        let overdueTotal: Int
        let longRunningTotal: Int
        let charts: [BarChart]
        let units: [CaseStatisticsDTO.Count]
        let overdue: [Brief]
        let longRunning: [Brief]
        let xlsxURL: String
        let action = SiteURL.caseStatistics.path
    }

    func statistics(req: Request) async throws -> Response {
        let lang = req.language
        let p = try req.principal
        guard p.may(.handleCases) else { throw Refusal.notFound }
        // The year so far: the current month alone is all zeros on its first days (issue 17).
        let range = try CaseStatisticsRange.from(req, defaultPeriod: .year)
        let s = try await req.caseStatistics()
        func chart(_ id: String, _ title: String, _ rows: [CaseStatisticsDTO.Count]) -> BarChart {
            BarChart(id: id, title: title, rows: rows.map { (lang.pick($0.label, $0.labelEn), $0.count) })
        }
        func brief(_ b: CaseStatisticsDTO.Brief) -> StatsPage.Brief {
            StatsPage.Brief(url: SiteURL.caseShow(b.id).path, title: b.title, unit: b.handlingUnit,
                            received: DisplayFormat.date(b.receivedOn),
                            due: DisplayFormat.date(b.dueOn))
        }
        let index = req.query[Int.self, at: "index"] ?? (range.period == .quarter ? (range.from.month + 2) / 3 : range.from.month)
        var query = URLComponents()
        query.path = SiteURL.caseStatisticsXLSX.path
        query.queryItems = [URLQueryItem(name: "period", value: range.period.rawValue), URLQueryItem(name: "year", value: String(range.from.year)),
                            URLQueryItem(name: "index", value: String(index)), URLQueryItem(name: "from", value: range.from.iso),
                            URLQueryItem(name: "to", value: range.to.iso)]
        let model = StatsPage(
            periods: ReportPeriod.allCases.map { SelectOption(value: $0.rawValue, label: lang.pick($0.label, $0.labelEn), selected: $0 == range.period) },
            year: range.from.year, index: index, from: range.from.display, to: range.to.display, total: s.total, finished: s.finished,
            onTime: s.onTime, onTimeRate: DisplayFormat.percent(s.onTimeRate, lang),
            averageDays: s.averageDays.map { DisplayFormat.decimal($0, decimals: 1, lang) } ?? "—",
            settledLate: s.settledLate, accepted: s.accepted, acceptedLate: s.acceptedLate, cohort: s.cohort,
            overdueTotal: s.overdueTotal, longRunningTotal: s.longRunningTotal,
            charts: [chart("by-channel", lang.pick("Theo nguồn", "By channel"), s.byChannel),
                     chart("by-kind", lang.pick("Theo loại đơn", "By kind"), s.byKind),
                     chart("by-topic", lang.pick("Theo lĩnh vực", "By topic"), s.byTopic),
                     chart("by-month", lang.pick("Theo tháng", "By month"), s.byMonth),
                     chart("by-state", lang.pick("Theo trạng thái", "By state"), s.byState)],
            units: s.byUnit, overdue: s.overdue.map(brief), longRunning: s.longRunning.map(brief), xlsxURL: query.string ?? "")
        return try await req.page("case-stats", title: lang.pick("Thống kê đơn thư", "Case statistics"), model)
    }

    func statisticsXLSX(req: Request) async throws -> Response {
        try await CaseStatisticsExport.response(req)
    }
}
