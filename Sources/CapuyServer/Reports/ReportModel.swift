import CapuyCore
import Foundation
import Vapor

/// The year-end or term report of one unit (issue 18): sections of tables,
/// each row a figure of the period beside the same figure of the period
/// before, and the list it comes from.
struct ReportDTO: Content {
    struct Period: Content, Equatable {
        let from: String
        let to: String
        let label: String
        let labelEn: String
    }

    let organizationId: UUID
    let organizationName: String
    /// "year" or "term".
    let kind: String
    let year: Int?
    let termId: UUID?
    let period: Period
    /// The year before, or the term before; nil for a first term.
    let previous: Period?
    let madeOn: String
    let sections: [ReportSectionDTO]
}

struct ReportSectionDTO: Content {
    let key: String
    let title: String
    let titleEn: String
    /// False when the user may not see this part of the unit's work: the
    /// section then holds no figure, only the note saying so.
    let shown: Bool
    let note: String?
    let noteEn: String?
    let tables: [ReportTableDTO]
}

/// The kind of figure a column holds, for the page, the DOCX and the XLSX.
enum ReportFormat: String, Codable, Sendable {
    /// A whole number.
    case count
    /// A share, 0–1 (shown and written as a percentage with one decimal).
    case share
    /// A score or an average, one decimal.
    case score
}

struct ReportColumnDTO: Content, Equatable {
    let label: String
    let labelEn: String
    let format: ReportFormat
}

struct ReportTableDTO: Content {
    let key: String
    let title: String
    let titleEn: String
    let columns: [ReportColumnDTO]
    var rows: [ReportRowDTO]
}

struct ReportRowDTO: Content {
    let key: String
    let label: String
    let labelEn: String
    /// 0 for a heading figure, 1 for its breakdown.
    let indent: Int
    /// One value per column; nil where the figure does not apply.
    let values: [Double?]
    /// A figure as it stands today (members on the roll, cases overdue now):
    /// it has no value for the period before.
    let snapshot: Bool
    /// The first column's value in the period before, and the change.
    var previous: Double?
    var change: Double?
    /// Words instead of figures: the year's theme.
    let text: String?
    /// The list behind the figure, on the site.
    let link: String?
    /// A caveat read with the figure.
    let note: String?
    let noteEn: String?
    /// A breakdown row left out when it is zero now and was zero before
    /// (the document types a committee did not issue).
    var optional = false

    private enum CodingKeys: String, CodingKey {
        case key, label, labelEn, indent, values, snapshot, previous, change, text, link, note, noteEn
    }

    init(key: String, label: String, labelEn: String, indent: Int = 0, values: [Double?], snapshot: Bool = false,
         text: String? = nil, link: String? = nil, note: String? = nil, noteEn: String? = nil) {
        self.key = key
        self.label = label
        self.labelEn = labelEn
        self.indent = indent
        self.values = values
        self.snapshot = snapshot
        self.previous = nil
        self.change = nil
        self.text = text
        self.link = link
        self.note = note
        self.noteEn = noteEn
    }

    /// A count, its one column.
    static func count(_ key: String, _ label: String, _ labelEn: String, _ n: Int, indent: Int = 0, snapshot: Bool = false,
                      link: String? = nil) -> ReportRowDTO {
        ReportRowDTO(key: key, label: label, labelEn: labelEn, indent: indent, values: [Double(n)], snapshot: snapshot, link: link)
    }

    /// A share, 0–1, or nil when there is nothing to rate.
    static func share(_ key: String, _ label: String, _ labelEn: String, _ share: Double?, indent: Int = 0, snapshot: Bool = false,
                      link: String? = nil) -> ReportRowDTO {
        ReportRowDTO(key: key, label: label, labelEn: labelEn, indent: indent, values: [share], snapshot: snapshot, link: link)
    }

    /// Words, with no figure.
    static func words(_ key: String, _ label: String, _ labelEn: String, _ text: String, link: String? = nil) -> ReportRowDTO {
        ReportRowDTO(key: key, label: label, labelEn: labelEn, values: [], snapshot: true, text: text, link: link)
    }
}

extension ReportTableDTO {
    /// A table of one column of counts.
    static func counts(_ key: String, _ title: String, _ titleEn: String, _ rows: [ReportRowDTO],
                       column: String = "Số lượng", columnEn: String = "Number", format: ReportFormat = .count) -> ReportTableDTO {
        ReportTableDTO(key: key, title: title, titleEn: titleEn, columns: [.init(label: column, labelEn: columnEn, format: format)], rows: rows)
    }

    /// The row's own format: a one-column table of mixed rows reads each
    /// row's kind from its key's suffix (".share", ".score").
    func format(of row: ReportRowDTO, column: Int) -> ReportFormat {
        if row.key.hasSuffix(".share") { return .share }
        if row.key.hasSuffix(".score") { return .score }
        return columns.indices.contains(column) ? columns[column].format : .count
    }
}

/// The same table of the period before fills each row's previous value and
/// the change of its first column; optional rows zero both times are dropped.
enum ReportComparison {
    static func compare(_ now: [ReportTableDTO], with before: [ReportTableDTO]?) -> [ReportTableDTO] {
        let earlier = Dictionary((before ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        return now.map { table in
            let oldRows = Dictionary((earlier[table.key]?.rows ?? []).map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
            var out = table
            out.rows = table.rows.compactMap { row -> ReportRowDTO? in
                var row = row
                let first = row.values.first ?? nil
                if before != nil, !row.snapshot, row.text == nil {
                    row.previous = oldRows[row.key].flatMap { $0.values.first ?? nil }
                    if let now = first, let then = row.previous { row.change = now - then }
                }
                let empty = (first ?? 0) == 0 && (row.previous ?? 0) == 0 && row.values.dropFirst().allSatisfy { ($0 ?? 0) == 0 }
                return row.optional && empty ? nil : row
            }
            return out
        }
    }
}
