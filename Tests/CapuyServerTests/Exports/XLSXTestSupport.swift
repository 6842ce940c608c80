import Foundation
@testable import CapuyServer

/// Helpers for building packages by hand, so the reader is tested on XML
/// other producers write, not only on our own writer's output.
enum XLSXTestSupport {
    /// A ZIP holding `files` (path → UTF-8 text).
    static func zip(_ files: [(path: String, text: String)]) throws -> Data {
        let writer = try XLSXZipWriter(modificationDate: Date(timeIntervalSince1970: 1_700_000_000))
        for file in files {
            try writer.add(path: file.path, bytes: Array(file.text.utf8))
        }
        return try writer.finish()
    }

    /// The first sheet of an export from its header on: the title block
    /// (down to "Ngày lập: …") and the blank row below it set aside.
    static func table(_ data: Data) throws -> [[String]] {
        let rows = try XLSXReader.readFirstSheet(data)
        guard let made = rows.firstIndex(where: { $0.first?.hasPrefix("Ngày lập: ") == true }) else { return rows }
        return Array(rows[(made + 1)...].drop { $0.allSatisfy(\.isEmpty) })
    }

    /// The decompressed text of one part of a package.
    static func part(_ path: String, of data: Data) throws -> String? {
        try XLSXZipReader(data: data).read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A minimal package in the layout Excel uses, with the given sheet,
    /// shared strings and styles parts.
    static func package(sheet: String, sharedStrings: String? = nil, styles: String? = nil,
                        workbookPr: String = "") throws -> Data {
        var files: [(path: String, text: String)] = [
            ("_rels/.rels", """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="/xl/workbook.xml"/></Relationships>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0"?><workbook xmlns="\(mainNS)" xmlns:r="\(relNS)">\(workbookPr)\
            <sheets><sheet name="Data" sheetId="7" r:id="rId9"/><sheet name="Other" sheetId="1" r:id="rId1"/></sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relNS)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId9" Type="\(relNS)/worksheet" Target="worksheets/data.xml"/>\
            <Relationship Id="rId3" Type="\(relNS)/sharedStrings" Target="sharedStrings.xml"/>\
            <Relationship Id="rId4" Type="\(relNS)/styles" Target="styles.xml"/></Relationships>
            """),
            ("xl/worksheets/data.xml", sheet),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(mainNS)\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>wrong sheet</t></is></c></row></sheetData></worksheet>"),
        ]
        if let sharedStrings { files.append(("xl/sharedStrings.xml", sharedStrings)) }
        if let styles { files.append(("xl/styles.xml", styles)) }
        return try zip(files)
    }
}
