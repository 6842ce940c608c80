import CapuyCore
import Foundation
import Vapor

/// The meetings workbook: per-cell statistics and follow coverage.
enum MeetingExport {
    /// The unit and period a statistics request names; this year to today by default.
    static func period(_ req: Request, _ r: MeetingReports) async throws -> (Organization, LocalDate, LocalDate) {
        let unit = try await req.meetingUnit(req.query[UUID.self, at: "organizationId"], access: r.access)
        let from = try req.dateQuery("from") ?? LocalDate(year: r.today.year, month: 1, day: 1)!
        let to = try req.dateQuery("to") ?? r.today
        guard from <= to else { throw ValidationFailure(field: "to", "Khoảng thời gian không hợp lệ.", en: "The period ends before it starts.") }
        return (unit, from, to)
    }

    static func download(_ req: Request) async throws -> Response {
        let r = try await req.meetingReports()
        let (unit, from, to) = try await period(req, r)
        let stats = try await r.statistics(under: unit, from: from, to: to)
        let coverage = try await r.coverage(under: unit, from: from, to: to)
        let title = ExportTitle(heading: "Thống kê sinh hoạt chi bộ", unit: unit.name, period: ExportTitle.range(from, to), madeOn: r.today)
        var book = XLSXWorkbook()
        let num: (Double?) -> XLSXCell = { $0.map { .number(($0 * 100).rounded() / 100) } ?? .empty }
        _ = book.addSheet(name: "Sinh hoạt chi bộ", title: title, columns: [
            "Chi bộ", "Số cuộc đã họp", "Thường kỳ", "Chuyên đề", "Điểm bình quân", "Tỷ lệ dự họp (%)",
            MeetingLevel.good.label, MeetingLevel.fair.label, MeetingLevel.average.label, MeetingLevel.weak.label, "Người theo dõi",
        ], rows: stats.map { s in
            [.text(s.label), .number(Double(s.held)), .number(Double(s.regular)), .number(Double(s.thematic)),
             num(s.averageScore), .percent(s.averageAttendance)]
                + MeetingLevel.allCases.map { .number(Double(s.levels[$0.rawValue] ?? 0)) } + [.number(Double(s.followers))]
        })
        _ = book.addSheet(name: "Chưa có người theo dõi", title: title, columns: ["Chi bộ"], rows: coverage.unfollowed.map { [.text($0.label)] })
        _ = book.addSheet(name: "Theo dõi chưa đủ", title: title, columns: ["Người theo dõi", "Chi bộ", "Số lần dự", "Yêu cầu"],
                          rows: coverage.shortfalls.map { [.text($0.memberName), .text($0.organizationLabel), .number(Double($0.attended)), .number(Double($0.required))] })
        return DownloadResponse.file(try book.data(), name: title.fileName("xlsx"), type: XLSXWorkbook.contentType)
    }
}
