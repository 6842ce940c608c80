import Foundation

/// The fixed XML parts of an .xlsx package (everything except the sheets).
///
/// Kept to the minimum Excel, LibreOffice and Google Sheets accept without
/// "repair" prompts.
struct XLSXPackageParts: Sendable {
    let sheetNames: [String]
    let creator: String
    let createdAt: Date

    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    private static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    private static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    func contentTypes() -> [UInt8] {
        var xml = Self.header
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        for index in sheetNames.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" "
                + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + "<Override PartName=\"/docProps/core.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
            + "<Override PartName=\"/docProps/app.xml\" "
            + "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
            + "</Types>"
        return Array(xml.utf8)
    }

    func rootRelationships() -> [UInt8] {
        let xml = Self.header + "<Relationships xmlns=\"\(Self.packageRelNS)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(Self.relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" "
            + "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" "
            + "Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(Self.relNS)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
        return Array(xml.utf8)
    }

    func appProperties() -> [UInt8] {
        let xml = Self.header
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" "
            + "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">"
            + "<Application>\(XLSXXMLText.escaped(creator))</Application>"
            + "</Properties>"
        return Array(xml.utf8)
    }

    func coreProperties() -> [UInt8] {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let stamp = formatter.string(from: createdAt)
        let xml = Self.header
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator>\(XLSXXMLText.escaped(creator))</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified>"
            + "</cp:coreProperties>"
        return Array(xml.utf8)
    }

    /// - Parameter filterRanges: per sheet, the autofilter range (`$A$1:$H$9`)
    ///   or nil. Excel expects a hidden `_xlnm._FilterDatabase` name for each
    ///   autofilter; without it the filter is shown but cannot be re-applied.
    func workbook(filterRanges: [String?], headerRows: [Int] = []) -> [UInt8] {
        var xml = Self.header + "<workbook xmlns=\"\(Self.mainNS)\" xmlns:r=\"\(Self.relNS)\">"
            + "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (index, name) in sheetNames.enumerated() {
            xml += "<sheet name=\"\(XLSXXMLText.escaped(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        let names = filterRanges.enumerated().compactMap { index, range -> String? in
            guard let range else { return nil }
            // The header row: the first, unless a title block sits above it.
            let header = index < headerRows.count ? headerRows[index] : 1
            // Sheet references quote the name and double its apostrophes.
            let quoted = "'" + sheetNames[index].replacingOccurrences(of: "'", with: "''") + "'"
            // A sheet with a filtered header also prints that header on every page.
            return "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + XLSXXMLText.escaped("\(quoted)!\(range)") + "</definedName>"
                + "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"\(index)\">"
                + XLSXXMLText.escaped("\(quoted)!$\(header):$\(header)") + "</definedName>"
        }
        if !names.isEmpty { xml += "<definedNames>" + names.joined() + "</definedNames>" }
        xml += "</workbook>"
        return Array(xml.utf8)
    }

    func workbookRelationships() -> [UInt8] {
        var xml = Self.header + "<Relationships xmlns=\"\(Self.packageRelNS)\">"
        for index in sheetNames.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relNS)/worksheet\" "
                + "Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheetNames.count + 1)\" Type=\"\(Self.relNS)/styles\" Target=\"styles.xml\"/>"
            + "</Relationships>"
        return Array(xml.utf8)
    }

    /// cellXfs: 0 = default, 1 = bold header on light grey, 2 = date
    /// dd/mm/yyyy (custom format 164, the first id free for custom formats),
    /// 3 = bold title line.
    func styles() -> [UInt8] {
        let font = "<sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/>"
        let xml = Self.header + "<styleSheet xmlns=\"\(Self.mainNS)\">"
            + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
            + "<fonts count=\"2\"><font>\(font)</font><font><b/>\(font)</font></fonts>"
            + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFE7E6E6\"/><bgColor indexed=\"64\"/>"
            + "</patternFill></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"4\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\"/>"
            + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
            + "</cellXfs>"
            + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
            + "</styleSheet>"
        return Array(xml.utf8)
    }
}
