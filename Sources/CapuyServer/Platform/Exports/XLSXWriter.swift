import Foundation

/// One cell value of a sheet written by `XLSXWorkbook`.
public enum XLSXCell: Sendable, Equatable {
    /// Text, stored as an inline string (any Unicode, escaped on output).
    case text(String)
    /// A number; NaN and infinities are written as empty cells.
    case number(Double)
    /// A calendar date shown as dd/mm/yyyy. Dates Excel cannot represent
    /// (before 1900 or invalid) are written as text of the same form.
    case date(year: Int, month: Int, day: Int)
    /// No value.
    case empty
}

/// An .xlsx workbook assembled in memory and serialised with `data()`.
///
/// Every sheet gets a bold, frozen header row with an autofilter and column
/// widths fitted to its content.
///
/// ```swift
/// var book = XLSXWorkbook()
/// book.addSheet(name: "Đảng viên", columns: ["Họ và tên", "Ngày sinh"],
///               rows: [[.text("Nguyễn Văn A"), .date(year: 1980, month: 5, day: 1)]])
/// let bytes = try book.data()
/// ```
public struct XLSXWorkbook: Sendable {
    /// A sheet as it will be written.
    struct Sheet: Sendable {
        var name: String
        /// Lines above the header (unit, period, date made), bold.
        var title: [String] = []
        var columns: [String]
        var rows: [[XLSXCell]]

        /// The header's row number: below the title block and a blank line.
        var headerRow: Int { title.isEmpty ? 1 : title.count + 2 }
    }

    private(set) var sheets: [Sheet] = []

    /// Author recorded in the document properties.
    public var creator: String
    /// Creation time recorded in the document properties and ZIP entries.
    public var createdAt: Date

    /// Creates an empty workbook.
    public init(creator: String = "Capuy", createdAt: Date = Date()) {
        self.creator = creator
        self.createdAt = createdAt
    }

    /// The final (sanitised, de-duplicated) names of the sheets added so far.
    public var sheetNames: [String] { sheets.map(\.name) }

    /// Adds a sheet after the existing ones.
    ///
    /// - Parameters:
    ///   - name: wanted tab name; it is sanitised with `sanitizedSheetName(_:)`
    ///     and suffixed " (2)", " (3)"… if another sheet already uses it.
    ///   - title: lines written above the header, bold, then a blank row;
    ///     the header still freezes, filters and repeats on every printed page.
    ///   - columns: header titles, written as the bold first row. May be empty
    ///     for a sheet without header (then no frozen row or filter).
    ///   - rows: data rows; a row may be shorter or longer than `columns`.
    /// - Returns: the name actually given to the sheet.
    @discardableResult
    public mutating func addSheet(name: String, title: [String] = [], columns: [String], rows: [[XLSXCell]]) -> String {
        let fallback = "Sheet\(sheets.count + 1)"
        let clean = XLSXSheetName.sanitized(name, fallback: fallback)
        let unique = XLSXSheetName.unique(clean, among: sheetNames)
        sheets.append(Sheet(name: unique, title: title, columns: columns, rows: rows))
        return unique
    }

    /// `name` made valid as an Excel sheet name: without `[]:*?/\` and control
    /// characters, without leading/trailing apostrophes or blanks, at most 31
    /// characters (UTF-16 units), never empty ("Sheet1" instead).
    public static func sanitizedSheetName(_ name: String) -> String {
        XLSXSheetName.sanitized(name, fallback: "Sheet1")
    }

    /// The workbook as the bytes of an .xlsx file (a ZIP package).
    ///
    /// A workbook without sheets gets one empty "Sheet1", because a package
    /// with no worksheet is rejected by spreadsheet programs.
    /// - Throws: `XLSXError` (`.writeFailed`) if the archive cannot be built.
    public func data() throws -> Data {
        let sheets = self.sheets.isEmpty ? [Sheet(name: "Sheet1", columns: [], rows: [])] : self.sheets
        let parts = XLSXPackageParts(sheetNames: sheets.map(\.name), creator: creator, createdAt: createdAt)
        let zip = try XLSXZipWriter(modificationDate: createdAt)
        try zip.add(path: "[Content_Types].xml", bytes: parts.contentTypes())
        try zip.add(path: "_rels/.rels", bytes: parts.rootRelationships())
        try zip.add(path: "docProps/app.xml", bytes: parts.appProperties())
        try zip.add(path: "docProps/core.xml", bytes: parts.coreProperties())
        try zip.add(path: "xl/workbook.xml", bytes: parts.workbook(filterRanges: sheets.map(Self.filterRange), headerRows: sheets.map(\.headerRow)))
        try zip.add(path: "xl/_rels/workbook.xml.rels", bytes: parts.workbookRelationships())
        try zip.add(path: "xl/styles.xml", bytes: parts.styles())
        for (index, sheet) in sheets.enumerated() {
            let xml = XLSXSheetXMLBuilder.build(title: sheet.title, columns: sheet.columns, rows: sheet.rows, selected: index == 0)
            try zip.add(path: "xl/worksheets/sheet\(index + 1).xml", bytes: xml)
        }
        return try zip.finish()
    }

    /// The header+data range the sheet's autofilter covers, e.g. `$A$1:$H$11`,
    /// or nil when the sheet has no header.
    private static func filterRange(_ sheet: Sheet) -> String? {
        guard !sheet.columns.isEmpty else { return nil }
        let last = XLSXSheetXMLBuilder.columnLetters(sheet.columns.count - 1)
        return "$A$\(sheet.headerRow):$\(last)$\(sheet.headerRow + sheet.rows.count)"
    }
}
