import Foundation

/// Reads the cell text of .xlsx workbooks made by Excel, LibreOffice, Google
/// Sheets or `XLSXWorkbook`.
public struct XLSXReader: Sendable {
    /// Reads the first worksheet (in tab order) as rows of display text.
    ///
    /// - Row i of the result is spreadsheet row i+1; blank rows in the middle
    ///   are kept as rows of "", trailing blank rows are dropped, and every
    ///   row is padded with "" to the same width.
    /// - Text comes from shared strings (rich-text runs joined) or inline
    ///   strings; booleans are "TRUE"/"FALSE"; formulas give their cached value.
    /// - Numbers shown with a date format become "dd/MM/yyyy"; other numbers
    ///   their shortest form ("123456", "1.5").
    /// - Throws: `XLSXError` (Vietnamese `message`) when the data is not a ZIP
    ///   package, has no worksheet, or a part is not well-formed XML.
    public static func readFirstSheet(_ data: Data) throws -> [[String]] {
        let zip = try XLSXZipReader(data: data)
        let parts = try firstSheet(in: zip)
        guard let sheetData = try zip.read(parts.sheet) else { throw XLSXError.noSheet }
        return try XLSXSheetParser.parse(sheetData, part: parts.sheet, sharedStrings: parts.sharedStrings,
                                         dateStyles: parts.dateStyles, date1904: parts.date1904)
    }

    /// Writes the first worksheet to `csv` as comma-separated UTF-8, spreadsheet
    /// row i on line i (blank rows kept as empty lines, a line break inside a
    /// cell made a space), every field quoted. The sheet goes through a
    /// temporary file and the parser a row at a time, so the memory it takes
    /// does not grow with the rows: issue 16's streamed import reads the CSV.
    static func copyFirstSheet(_ data: Data, toCSV csv: URL) throws {
        let zip = try XLSXZipReader(data: data)
        let parts = try firstSheet(in: zip)
        let xml = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-sheet-\(UUID().uuidString).xml")
        defer { try? FileManager.default.removeItem(at: xml) }
        guard try zip.extract(parts.sheet, to: xml) else { throw XLSXError.noSheet }
        guard FileManager.default.createFile(atPath: csv.path, contents: nil),
              let out = FileHandle(forWritingAtPath: csv.path) else { throw XLSXError.writeFailed }
        defer { try? out.close() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(300_000)
        var nextLine = 0
        try XLSXSheetParser.stream(xml, part: parts.sheet, sharedStrings: parts.sharedStrings, dateStyles: parts.dateStyles,
                                   date1904: parts.date1904) { index, cells in
            if index > nextLine { buffer.append(contentsOf: repeatElement(0x0A, count: index - nextLine)) }
            for (n, cell) in cells.enumerated() {
                if n > 0 { buffer.append(0x2C) }
                buffer.append(0x22)
                for byte in cell.utf8 {
                    switch byte {
                    case 0x22: buffer.append(0x22); buffer.append(0x22)
                    case 0x0A, 0x0D: buffer.append(0x20)
                    default: buffer.append(byte)
                    }
                }
                buffer.append(0x22)
            }
            buffer.append(0x0A)
            nextLine = max(nextLine, index) + 1
            if buffer.count >= 256 * 1024 {
                try out.write(contentsOf: buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try out.write(contentsOf: buffer)
    }

    /// Where the first sheet is, and what its cells need: shared strings, date styles, the date system.
    private struct SheetParts {
        let sheet: String
        let sharedStrings: [String]
        let dateStyles: [Bool]
        let date1904: Bool
    }

    private static func firstSheet(in zip: XLSXZipReader) throws -> SheetParts {
        let workbookPath = try officeDocumentPath(in: zip)
        let workbook = try zip.read(workbookPath).map { try XLSXWorkbookParser.parse($0, part: workbookPath) }
        let relationships = try workbookRelationships(in: zip, workbookPath: workbookPath)
        let baseDirectory = directory(of: workbookPath)

        var sheetPaths: [String] = []
        if let id = workbook?.firstSheetRelationshipID,
           let relationship = relationships.first(where: { $0.id == id }) {
            sheetPaths.append(resolve(relationship.target, from: baseDirectory))
        }
        // Some generators write a workbook without usable relationships.
        sheetPaths.append("xl/worksheets/sheet1.xml")
        guard let sheetPath = sheetPaths.first(where: zip.contains) else { throw XLSXError.noSheet }

        let sharedStringsPath = part(ofType: "/sharedStrings", in: relationships, from: baseDirectory)
            ?? "xl/sharedStrings.xml"
        let sharedStrings = try zip.read(sharedStringsPath)
            .map { try XLSXSharedStringsParser.parse($0, part: sharedStringsPath) } ?? []
        let stylesPath = part(ofType: "/styles", in: relationships, from: baseDirectory) ?? "xl/styles.xml"
        let dateStyles = try zip.read(stylesPath).map { try XLSXStylesParser.parse($0, part: stylesPath) } ?? []
        return SheetParts(sheet: sheetPath, sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: workbook?.date1904 ?? false)
    }

    /// The workbook part named by the package's root relationships, or the
    /// conventional location when they are missing.
    private static func officeDocumentPath(in zip: XLSXZipReader) throws -> String {
        let fallback = "xl/workbook.xml"
        guard let rels = try zip.read("_rels/.rels") else { return fallback }
        let relationships = try XLSXRelationshipsParser.parse(rels, part: "_rels/.rels")
        return part(ofType: "/officeDocument", in: relationships, from: "") ?? fallback
    }

    /// Relationships of the workbook part (`xl/_rels/workbook.xml.rels`).
    private static func workbookRelationships(in zip: XLSXZipReader, workbookPath: String) throws -> [XLSXRelationship] {
        let name = workbookPath.split(separator: "/").last.map(String.init) ?? "workbook.xml"
        let directory = directory(of: workbookPath)
        let relsPath = (directory.isEmpty ? "" : directory + "/") + "_rels/" + name + ".rels"
        guard let data = try zip.read(relsPath) else { return [] }
        return try XLSXRelationshipsParser.parse(data, part: relsPath)
    }

    /// The resolved target of the first relationship whose type ends with `suffix`.
    private static func part(ofType suffix: String, in relationships: [XLSXRelationship],
                             from directory: String) -> String? {
        relationships.first { $0.type.hasSuffix(suffix) }.map { resolve($0.target, from: directory) }
    }

    /// The folder part of a package path ("xl/workbook.xml" → "xl").
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    /// A relationship target as a package path: absolute targets ("/xl/…")
    /// are taken from the root, relative ones from `directory`, with "." and
    /// ".." segments resolved.
    static func resolve(_ target: String, from directory: String) -> String {
        let joined = target.hasPrefix("/") ? target : directory + "/" + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/") {
            switch segment {
            case ".": continue
            case "..": _ = segments.popLast()
            default: segments.append(segment)
            }
        }
        return segments.joined(separator: "/")
    }
}
