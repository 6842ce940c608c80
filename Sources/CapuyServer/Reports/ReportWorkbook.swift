import CapuyCore
import Foundation

/// The report as a workbook (issue 18, deliverable 3): one sheet a section,
/// each with the title block, the print setup every export has, and
/// numbers as numbers; rates 0–100 under "(%)" as in every other sheet.
enum ReportWorkbook {
    static let sheetNames = [
        "documents": "Văn bản, nhiệm vụ", "program": "Chương trình công tác", "cases": "Đơn thư, tiếp dân",
        "meetings": "Sinh hoạt chi bộ", "reviews": "Xếp loại", "commitments": "Cam kết",
        "inspection": "Kiểm tra, kỷ luật", "members": "Đảng viên",
    ]

    static func title(_ r: ReportDTO, today: LocalDate) -> ExportTitle {
        ExportTitle(heading: r.kind == "term" ? "Báo cáo tổng kết nhiệm kỳ" : "Báo cáo tổng kết năm", unit: r.organizationName,
                    period: r.period.label, madeOn: today)
    }

    static func data(_ r: ReportDTO, today: LocalDate) throws -> Data {
        var book = XLSXWorkbook()
        let title = title(r, today: today)
        let columns = ["Chỉ tiêu", r.period.label, r.previous?.label ?? "Kỳ trước", "Tăng (+), giảm (−)", "Ghi chú"]
        for (i, section) in r.sections.filter(\.shown).enumerated() {
            var rows: [[XLSXCell]] = []
            for table in section.tables {
                rows.append([.text(table.title)])
                for row in table.rows { rows += lines(row, table) }
            }
            if rows.isEmpty { rows = [[.text(section.note ?? "Không có số liệu trong kỳ.")]] }
            book.addSheet(name: "\(ReportText.roman(i)). \(sheetNames[section.key] ?? section.title)", title: title, columns: columns, rows: rows)
        }
        if book.sheetNames.isEmpty {
            book.addSheet(name: "Báo cáo", title: title, columns: columns, rows: [[.text("Bạn không có quyền xem phần nào của báo cáo này.")]])
        }
        return try book.data()
    }

    /// One line a figure; a row of several columns becomes one line a column
    /// ("Đảng bộ xã – Đúng hạn"), so every sheet keeps the same five columns.
    private static func lines(_ row: ReportRowDTO, _ table: ReportTableDTO) -> [[XLSXCell]] {
        let indent = String(repeating: "   ", count: row.indent)
        if let text = row.text { return [[.text(indent + row.label), .text(text)]] }
        let note = XLSXCell.text(row.note ?? "")
        if table.columns.count > 1 {
            return zip(table.columns, row.values).map { column, value in
                [.text(indent + row.label + " – " + column.label + suffix(column.format)), cell(value, column.format), .empty, .empty, note]
            }
        }
        let format = table.format(of: row, column: 0)
        return [[.text(indent + row.label + suffix(format)), cell(row.values.first ?? nil, format), cell(row.previous, format),
                 change(row.change, format), note]]
    }

    private static func suffix(_ format: ReportFormat) -> String { format == .share ? " (%)" : "" }

    private static func cell(_ value: Double?, _ format: ReportFormat) -> XLSXCell {
        guard let value, value.isFinite else { return .empty }
        switch format {
        case .count: return .number(value.rounded())
        case .share: return .percent(value)
        case .score: return .number((value * 10).rounded() / 10)
        }
    }

    /// A share's change in percentage points, like the share itself.
    private static func change(_ value: Double?, _ format: ReportFormat) -> XLSXCell {
        guard let value, value.isFinite else { return .empty }
        return format == .share ? .number((value * 1000).rounded() / 10) : cell(value, format)
    }
}
