import Foundation

/// One worksheet written to a file as its rows come, and then packed into an
/// .xlsx file, so an export of any size runs in bounded memory (issue 16: a
/// province's 300,000 members). The sheet names what it holds in a title
/// block above the header (unit, date, count), which the import skips; the
/// header row is frozen, filtered and printed on every page.
final class XLSXSheetStream {
    private let sheetURL: URL
    private let handle: FileHandle
    private let title: [String]
    private let columns: [String]
    private let letters: [[UInt8]]
    /// The first rows, held until there are enough to size the columns.
    private var sample: [[XLSXCell]] = []
    private var started = false
    private var out: [UInt8] = []
    private var rowNumber = 0
    private var widths: [Double] = []

    /// The header's row: below the title lines and one blank row.
    var headerRow: Int { title.isEmpty ? 1 : title.count + 2 }
    /// Data rows written so far.
    private(set) var rows = 0

    init(title: [String], columns: [String]) throws {
        sheetURL = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-sheet-\(UUID().uuidString).xml")
        guard FileManager.default.createFile(atPath: sheetURL.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: sheetURL.path) else { throw XLSXError.writeFailed }
        self.handle = handle
        self.title = title
        self.columns = columns
        letters = (0..<max(columns.count, 1)).map { Array(XLSXSheetXMLBuilder.columnLetters($0).utf8) }
    }

    deinit {
        try? handle.close()
        try? FileManager.default.removeItem(at: sheetURL)
    }

    /// Adds a data row (cells past the header's columns are dropped).
    func append(_ row: [XLSXCell]) throws {
        let row = Array(row.prefix(columns.count))
        rows += 1
        guard started else {
            sample.append(row)
            if sample.count >= XLSXSheetXMLBuilder.widthSampleRows { try start() }
            return
        }
        rowNumber += 1
        XLSXSheetXMLBuilder.appendRow(row, number: rowNumber, style: nil, letters: letters, to: &out)
        if out.count >= 1 << 20 { try flush() }
    }

    /// Writes the .xlsx package to `url`, the sheet named `sheetName`.
    func finish(to url: URL, sheetName: String, createdAt: Date = Date()) throws {
        if !started { try start() }
        let last = XLSXSheetXMLBuilder.columnLetters(max(columns.count, 1) - 1)
        out += Array("</sheetData>".utf8)
        out += Array("<autoFilter ref=\"A\(headerRow):\(last)\(rowNumber)\"/>".utf8)
        out += Array(XLSXSheetXMLBuilder.pageSetup(widths: widths).utf8)
        out += Array("</worksheet>".utf8)
        try flush()
        try handle.close()
        let name = XLSXWorkbook.sanitizedSheetName(sheetName)
        let parts = XLSXPackageParts(sheetNames: [name], creator: "Capuy", createdAt: createdAt)
        try? FileManager.default.removeItem(at: url)
        let zip = try XLSXZipWriter(file: url, modificationDate: createdAt)
        try zip.add(path: "[Content_Types].xml", bytes: parts.contentTypes())
        try zip.add(path: "_rels/.rels", bytes: parts.rootRelationships())
        try zip.add(path: "docProps/app.xml", bytes: parts.appProperties())
        try zip.add(path: "docProps/core.xml", bytes: parts.coreProperties())
        try zip.add(path: "xl/workbook.xml", bytes: parts.workbook(filterRanges: ["$A$\(headerRow):$\(last)$\(rowNumber)"],
                                                                   headerRows: [headerRow]))
        try zip.add(path: "xl/_rels/workbook.xml.rels", bytes: parts.workbookRelationships())
        try zip.add(path: "xl/styles.xml", bytes: parts.styles())
        try zip.add(path: "xl/worksheets/sheet1.xml", contentsOf: sheetURL)
    }

    /// The sheet's head (sized on the sample), the title, the header and the sample rows.
    private func start() throws {
        started = true
        widths = XLSXSheetXMLBuilder.columnWidths(columns: columns, rows: sample, count: max(columns.count, 1))
        out += Array(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">").utf8)
        out += Array("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>".utf8)
        out += Array(XLSXSheetXMLBuilder.sheetViews(frozenHeader: true, selected: true, headerRow: headerRow).utf8)
        out += Array("<sheetFormatPr defaultRowHeight=\"15\"/>".utf8)
        out += Array(XLSXSheetXMLBuilder.cols(widths: widths).utf8)
        out += Array("<sheetData>".utf8)
        for line in title {
            rowNumber += 1
            XLSXSheetXMLBuilder.appendRow([.text(line)], number: rowNumber, style: XLSXSheetXMLBuilder.Style.title, letters: letters, to: &out)
        }
        rowNumber = headerRow
        XLSXSheetXMLBuilder.appendRow(columns.map(XLSXCell.text), number: rowNumber, style: XLSXSheetXMLBuilder.Style.header,
                                      letters: letters, to: &out)
        for row in sample {
            rowNumber += 1
            XLSXSheetXMLBuilder.appendRow(row, number: rowNumber, style: nil, letters: letters, to: &out)
        }
        sample = []
        try flush()
    }

    private func flush() throws {
        guard !out.isEmpty else { return }
        do { try handle.write(contentsOf: out) } catch { throw XLSXError.writeFailed }
        out.removeAll(keepingCapacity: true)
    }
}
