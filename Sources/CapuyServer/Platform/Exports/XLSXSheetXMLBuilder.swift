import Foundation

/// Builds `xl/worksheets/sheetN.xml` as UTF-8 bytes.
///
/// Appends into one pre-sized byte buffer (no string concatenation, no DOM)
/// so a 100,000 × 8 sheet is produced in linear time and a single allocation
/// in the common case.
enum XLSXSheetXMLBuilder {
    /// Style indices into `cellXfs` of styles.xml (see `XLSXPackageParts`).
    enum Style {
        static let header = 1
        static let date = 2
        static let title = 3
    }

    /// Rows sampled for column widths: enough to be representative without
    /// measuring every cell of huge exports.
    static let widthSampleRows = 1000

    static func build(title: [String] = [], columns: [String], rows: [[XLSXCell]], selected: Bool) -> [UInt8] {
        let columnCount = max(columns.count, rows.reduce(0) { max($0, $1.count) })
        let letters = (0..<max(columnCount, 1)).map { Array(columnLetters($0).utf8) }
        // A title block, then a blank row, then the header.
        let headerRow = title.isEmpty ? 1 : title.count + 2
        let lastRow = rows.count + (columns.isEmpty ? 0 : 1) + headerRow - 1
        var out: [UInt8] = []
        out.reserveCapacity(1024 + rows.count * max(columnCount, 1) * 40)

        out += Array(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">").utf8)
        let lastRef = columnCount == 0 || lastRow == 0 ? "A1" : "\(columnLetters(columnCount - 1))\(lastRow)"
        let widths = columnCount > 0 ? columnWidths(columns: columns, rows: rows, count: columnCount) : []
        // Printed to fit the page's width (issue 16): the page setup below says how.
        out += Array("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>".utf8)
        out += Array("<dimension ref=\"A1:\(lastRef)\"/>".utf8)
        out += Array(sheetViews(frozenHeader: !columns.isEmpty, selected: selected, headerRow: headerRow).utf8)
        out += Array("<sheetFormatPr defaultRowHeight=\"15\"/>".utf8)
        if columnCount > 0 {
            out += Array(cols(widths: widths).utf8)
        }
        out += Array("<sheetData>".utf8)
        var rowNumber = 0
        for line in title {
            rowNumber += 1
            appendRow([.text(line)], number: rowNumber, style: Style.title, letters: letters, to: &out)
        }
        rowNumber = headerRow - 1
        if !columns.isEmpty {
            rowNumber += 1
            appendRow(columns.map(XLSXCell.text), number: rowNumber, style: Style.header, letters: letters, to: &out)
        }
        for row in rows {
            rowNumber += 1
            appendRow(row, number: rowNumber, style: nil, letters: letters, to: &out)
        }
        out += Array("</sheetData>".utf8)
        if !columns.isEmpty {
            out += Array("<autoFilter ref=\"A\(headerRow):\(columnLetters(columns.count - 1))\(lastRow)\"/>".utf8)
        }
        out += Array(pageSetup(widths: widths).utf8)
        out += Array("</worksheet>".utf8)
        return out
    }

    /// "A", "B", … "Z", "AA", … for a 0-based column index.
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1
        var scalars: [Unicode.Scalar] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(65 + remainder)))
            n = (n - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    static func sheetViews(frozenHeader: Bool, selected: Bool, headerRow: Int = 1) -> String {
        let tab = selected ? " tabSelected=\"1\"" : ""
        guard frozenHeader else {
            return "<sheetViews><sheetView\(tab) workbookViewId=\"0\"/></sheetViews>"
        }
        // Freezing the first row keeps the titles visible while scrolling.
        return "<sheetViews><sheetView\(tab) workbookViewId=\"0\">"
            + "<pane ySplit=\"\(headerRow)\" topLeftCell=\"A\(headerRow + 1)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            + "<selection pane=\"bottomLeft\" activeCell=\"A\(headerRow + 1)\" sqref=\"A\(headerRow + 1)\"/>"
            + "</sheetView></sheetViews>"
    }

    /// An A4 page, landscape when the columns are wider than a portrait
    /// page holds, every column on one page across and as many pages down as
    /// it takes. The header row repeats on each page through the workbook's
    /// `_xlnm.Print_Titles` (`XLSXPackageParts.workbook`).
    static func pageSetup(widths: [Double]) -> String {
        let orientation = widths.reduce(0, +) > portraitWidth ? "landscape" : "portrait"
        return "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" orientation=\"\(orientation)\" fitToWidth=\"1\" fitToHeight=\"0\"/>"
    }

    /// What an A4 portrait page holds across, in character widths, at the
    /// margins above: about 90 characters of Calibri 11.
    static let portraitWidth = 90.0

    static func cols(widths: [Double]) -> String {
        var xml = "<cols>"
        for (index, width) in widths.enumerated() {
            xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        return xml + "</cols>"
    }

    /// Widths in character units, from the header (plus room for the filter
    /// button) and a sample of the rows, clamped to stay readable.
    static func columnWidths(columns: [String], rows: [[XLSXCell]], count: Int) -> [Double] {
        var longest = [Int](repeating: 0, count: count)
        for (index, title) in columns.enumerated() {
            longest[index] = displayLength(title) + 3
        }
        for row in rows.prefix(widthSampleRows) {
            for (index, cell) in row.enumerated() {
                longest[index] = max(longest[index], displayLength(cell))
            }
        }
        return longest.map { Double(min(max($0 + 2, 8), 60)) }
    }

    private static func displayLength(_ cell: XLSXCell) -> Int {
        switch cell {
        case .text(let text): return displayLength(text)
        case .number(let value): return numberText(value)?.count ?? 0
        case .date: return 10
        case .empty: return 0
        }
    }

    /// Longest line in characters (a multi-line cell is as wide as its widest line).
    private static func displayLength(_ text: String) -> Int {
        text.split(separator: "\n", omittingEmptySubsequences: false).reduce(0) { max($0, $1.count) }
    }

    static func appendRow(_ row: [XLSXCell], number: Int, style: Int?, letters: [[UInt8]], to out: inout [UInt8]) {
        out += rowOpen
        appendInt(number, to: &out)
        out += tagEnd
        for (index, cell) in row.enumerated() {
            appendCell(cell, ref: letters[index], row: number, style: style, to: &out)
        }
        out += rowClose
    }

    private static func appendCell(_ cell: XLSXCell, ref: [UInt8], row: Int, style: Int?, to out: inout [UInt8]) {
        switch cell {
        case .empty:
            return
        case .text(let text):
            guard !text.isEmpty else { return }
            appendCellOpen(ref: ref, row: row, style: style, type: inlineType, to: &out)
            out += needsPreserve(text) ? inlineOpenPreserve : inlineOpen
            XLSXXMLText.appendEscaped(text, to: &out)
            out += inlineClose
        case .number(let value):
            guard let text = numberText(value) else { return }
            appendCellOpen(ref: ref, row: row, style: style, type: nil, to: &out)
            out += valueOpen
            out += Array(text.utf8)
            out += valueClose
        case let .date(year, month, day):
            guard let serial = XLSXDateSerial.serial(year: year, month: month, day: day) else {
                let text = XLSXDateSerial.Day(year: year, month: month, day: day).ddMMyyyy
                appendCell(.text(text), ref: ref, row: row, style: style, to: &out)
                return
            }
            appendCellOpen(ref: ref, row: row, style: style ?? Style.date, type: nil, to: &out)
            out += valueOpen
            appendInt(serial, to: &out)
            out += valueClose
        }
    }

    private static func appendCellOpen(ref: [UInt8], row: Int, style: Int?, type: [UInt8]?, to out: inout [UInt8]) {
        out += cellOpen
        out += ref
        appendInt(row, to: &out)
        out.append(0x22) // closing quote of r="…"
        if let style {
            out += styleAttr
            appendInt(style, to: &out)
            out.append(0x22)
        }
        if let type { out += type }
        out.append(0x3E) // ">"
    }

    /// Integral values print without ".0"; others use Swift's shortest
    /// round-trip form, which is valid xsd:double. Nil for NaN/infinity,
    /// which .xlsx cannot store.
    static func numberText(_ value: Double) -> String? {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) <= 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    /// Excel drops leading/trailing blanks unless told to keep them.
    private static func needsPreserve(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return blanks.contains(first) || blanks.contains(last)
    }

    private static func appendInt(_ value: Int, to out: inout [UInt8]) {
        if value < 0 {
            out.append(0x2D)
            appendInt(-value, to: &out)
            return
        }
        if value >= 10 { appendInt(value / 10, to: &out) }
        out.append(UInt8(0x30 + value % 10))
    }

    private static let blanks: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]
    private static let rowOpen = Array("<row r=\"".utf8)
    private static let tagEnd = Array("\">".utf8)
    private static let rowClose = Array("</row>".utf8)
    private static let cellOpen = Array("<c r=\"".utf8)
    private static let styleAttr = Array(" s=\"".utf8)
    private static let inlineType = Array(" t=\"inlineStr\"".utf8)
    private static let inlineOpen = Array("<is><t>".utf8)
    private static let inlineOpenPreserve = Array("<is><t xml:space=\"preserve\">".utf8)
    private static let inlineClose = Array("</t></is></c>".utf8)
    private static let valueOpen = Array("<v>".utf8)
    private static let valueClose = Array("</v></c>".utf8)
}
