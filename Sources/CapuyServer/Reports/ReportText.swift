import CapuyCore
import Foundation

/// The report's figures as words, in one place for the page, the DOCX, the
/// document draft and the XLSX labels.
enum ReportText {
    static let roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

    /// "I", "II", …; past the table, the number itself.
    static func roman(_ index: Int) -> String { roman.indices.contains(index) ? roman[index] : String(index + 1) }

    /// A value in its format: "1.234", "12,5%", "87,3"; "—" when absent.
    static func value(_ value: Double?, _ format: ReportFormat, _ lang: Language) -> String {
        guard let value, value.isFinite else { return "—" }
        switch format {
        case .count: return CheckedNumber.int(value.rounded()).map { DisplayFormat.whole($0, lang) } ?? "—"
        case .share: return DisplayFormat.percent(value, lang)
        case .score: return DisplayFormat.decimal(value, decimals: 1, lang)
        }
    }

    /// "+3", "−2", "0"; percentage points for a share ("+1,5 điểm %").
    static func change(_ change: Double?, _ format: ReportFormat, _ lang: Language) -> String {
        guard let change, change.isFinite else { return "" }
        let sign = change > 0 ? "+" : change < 0 ? "−" : ""
        let magnitude = abs(change)
        switch format {
        case .count: return sign + (CheckedNumber.int(magnitude.rounded()).map { DisplayFormat.whole($0, lang) } ?? "—")
        case .share: return sign + DisplayFormat.decimal(magnitude * 100, decimals: 1, lang) + lang.pick(" điểm %", " pts")
        case .score: return sign + DisplayFormat.decimal(magnitude, decimals: 1, lang)
        }
    }

    /// The report's figures as paragraphs, for a document draft an office
    /// then writes its assessment around: one line a figure.
    static func plain(_ r: ReportDTO) -> String {
        var lines: [String] = []
        var number = 0
        for section in r.sections where section.shown {
            lines.append("\(roman(number)). \(section.title.uppercased(with: Locale(identifier: "vi_VN")))")
            number += 1
            if let note = section.note { lines.append(note) }
            for table in section.tables {
                lines.append(table.title + ":")
                for row in table.rows { lines.append(sentence(row, table, previousLabel: r.previous?.label)) }
            }
        }
        return lines.joined(separator: "\n")
    }

    /// "- Văn bản đã ban hành: 12 (Năm 2024: 10; +2)."
    static func sentence(_ row: ReportRowDTO, _ table: ReportTableDTO, previousLabel: String?) -> String {
        let dash = row.indent > 0 ? "+ " : "- "
        if let text = row.text { return dash + row.label + ": " + text + "." }
        let format = table.format(of: row, column: 0)
        let values: String
        if table.columns.count > 1 {
            values = zip(table.columns, row.values).map { c, v in c.label.lowercased() + " " + value(v, c.format, .vi) }.joined(separator: ", ")
        } else {
            values = value(row.values.first ?? nil, format, .vi)
        }
        var out = dash + row.label + ": " + values
        if let previous = row.previous, let previousLabel {
            out += " (\(previousLabel.lowercased()): \(value(previous, format, .vi))" + (row.change.map { "; " + change($0, format, .vi) } ?? "") + ")"
        }
        if let note = row.note { out += " – " + note }
        return out + "."
    }
}
