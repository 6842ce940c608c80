import CapuyCore
import Foundation

/// What goes on the page of an exported party document (DOMAIN.md R-DOC-3).
struct PartyDocumentContent: Sendable {
    /// Upper line of the issuing block, e.g. "ĐẢNG BỘ TỈNH QUẢNG TRỊ"; nil omits it.
    var parentBody: String?
    /// E.g. "TỈNH ỦY"; bold.
    var issuingBody: String
    /// E.g. "08-NQ/TU", shown as "Số 08-NQ/TU"; nil for a draft ("Số ……").
    var identifier: String?
    /// E.g. "Quảng Trị".
    var place: String
    /// Nil for a draft: "…, ngày … tháng … năm …".
    var date: LocalDate?
    /// E.g. "Nghị quyết", shown centered, bold and upper-case.
    var typeName: String
    /// E.g. "về xây dựng Đảng…", centered bold under the type name.
    var summary: String
    /// The body: each line is a paragraph; blank lines are dropped.
    var content: String
    /// E.g. "T/M TỈNH ỦY"; bold.
    var signerCapacity: String?
    /// E.g. "BÍ THƯ"; bold.
    var signerTitle: String?
    /// Bold, below the space left for the signature.
    var signerName: String?
    /// The "Nơi nhận:" list; "- Lưu Văn phòng." is always appended.
    var recipients: [String]
    /// A list after the body (a decision's annex), first row the heading.
    var annex: [[String]] = []
    /// Headings, tables and pictures after the body (a report's sections).
    var blocks: [PartyDocumentBlock] = []
}

/// Writes a party document as a Word (.docx) file in the layout of
/// Hướng dẫn 36-HD/VPTW (R-DOC-3): Times New Roman 14 pt on A4.
///
/// The XML is written by hand: the layout is fixed and small, and a Word
/// library would be a large dependency for two tables and a few paragraphs.
enum PartyDocumentDOCX {
    /// The .docx bytes; deterministic for a given content and date.
    static func data(_ content: PartyDocumentContent, modificationDate: Date) throws -> Data {
        do {
            let zip = try XLSXZipWriter(modificationDate: modificationDate)
            let pictures = content.blocks.compactMap { block -> Data? in
                if case .picture(let p) = block { return p.png }
                return nil
            }
            for (path, xml) in PartyDocumentDOCXParts.all(document: document(content), title: clean(content.typeName),
                                                            modified: modificationDate, pictures: pictures.count) {
                try zip.add(path: path, bytes: Array(xml.utf8))
            }
            for (i, png) in pictures.enumerated() {
                try zip.add(path: "word/media/picture\(i + 1).png", bytes: Array(png))
            }
            return try zip.finish()
        } catch {
            // The zip writer's own error names XLSX; users download a .docx here.
            throw XLSXError(kind: .writeFailed, message: "Không tạo được tệp DOCX.")
        }
    }

    /// "Quảng Trị, ngày 05 tháng 3 năm 2026".
    ///
    /// Administrative practice (Nghị định 30/2020, followed by party documents)
    /// pads days below 10 and months 1 and 2, so that nobody can later turn
    /// "ngày 1" into "ngày 15" or "tháng 1" into "tháng 12" by adding a digit.
    static func placeAndDate(place: String, date: LocalDate?) -> String {
        let trimmed = clean(place)
        let town = trimmed.isEmpty ? "…" : trimmed
        guard let date else { return town + ", ngày … tháng … năm …" }
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month < 3 ? "0\(date.month)" : "\(date.month)"
        return "\(town), ngày \(day) tháng \(month) năm \(date.year)"
    }

    // MARK: - Layout

    /// Width between the margins of A4 (11906 − 1701 − 850 twips), split so
    /// the right column fits the longest place-and-date line on one line.
    static let leftColumn = 4111
    static let rightColumn = 5244

    private static func document(_ c: PartyDocumentContent) -> String {
        var issuer: [String] = []
        if let parent = c.parentBody.map(clean), !parent.isEmpty { issuer.append(para(run(parent))) }
        issuer.append(para(run(clean(c.issuingBody), bold: true)))
        issuer.append(para(run("*")))
        let number = c.identifier.map(clean).flatMap { $0.isEmpty ? nil : "Số " + $0 } ?? "Số ……"
        // Two rows, so "Số …" and the date stay level however many lines the
        // issuing bodies take (both sit on one line in the printed form).
        let header = table([
            [issuer.joined(), para(run("ĐẢNG CỘNG SẢN VIỆT NAM", bold: true, underline: true))],
            [para(run(number)), para(run(placeAndDate(place: c.place, date: c.date), italic: true))],
        ])
        let typeName = clean(c.typeName).uppercased(with: Locale(identifier: "vi_VN"))
        var body = [header, para(""),
                    para(run(typeName, bold: true), keepNext: true),
                    para(run(clean(c.summary), bold: true), keepNext: true),
                    para(run("-----"), after: 240)]
        for line in c.content.split(whereSeparator: \.isNewline) {
            let text = clean(String(line))
            guard !text.isEmpty else { continue }
            body.append(para(run(text), align: "both", firstLine: 720, after: 120))
        }
        body += blocks(c.blocks)
        if !c.annex.isEmpty {
            body.append(annexTable(c.annex))
        }
        body.append(para(""))
        body.append(table([[recipients(c.recipients), signature(c)]]))
        let section = """
        <w:sectPr><w:pgSz w:w="11906" w:h="16838"/>\
        <w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>\
        </w:sectPr>
        """
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="\(PartyDocumentDOCXParts.wordNS)" xmlns:r="\(PartyDocumentDOCXParts.relNS)" \
        xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:body>\(body.joined())\(section)</w:body></w:document>
        """
    }

    private static func recipients(_ names: [String]) -> String {
        // Trailing punctuation is ours to add; users often type it already.
        let names = names.map { clean($0).trimmingCharacters(in: CharacterSet(charactersIn: ",.;")) }
            .filter { !$0.isEmpty }
        let lines = names.map { "- \($0)," } + ["- Lưu Văn phòng."]
        return para(run("Nơi nhận:", bold: true, italic: true, underline: true, size: 24), align: "left")
            + lines.map { para(run($0, size: 24), align: "left") }.joined()
    }

    private static func signature(_ c: PartyDocumentContent) -> String {
        var lines: [String] = []
        for text in [c.signerCapacity, c.signerTitle].compactMap({ $0.map(clean) }) where !text.isEmpty {
            lines.append(para(run(text, bold: true), keepNext: true))
        }
        if let name = c.signerName.map(clean), !name.isEmpty {
            // Room for the handwritten signature and the seal.
            lines += Array(repeating: para("", keepNext: true), count: 4)
            lines.append(para(run(name, bold: true)))
        }
        return lines.isEmpty ? para("") : lines.joined()
    }

    /// A bordered list across the text width, heading row in bold, columns
    /// of equal width but the first (the row number), which is narrow.
    private static func annexTable(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 1
        let total = leftColumn + rightColumn
        let first = columns > 1 ? 700 : total
        let other = columns > 1 ? (total - first) / (columns - 1) : 0
        let widths = [first] + Array(repeating: other, count: max(0, columns - 1))
        let lines = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined()
        let body = rows.enumerated().map { i, row in
            "<w:tr>" + zip(widths, row).map { width, text in
                "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>\(para(run(clean(text), bold: i == 0, size: 24)))</w:tc>"
            }.joined() + "</w:tr>"
        }.joined()
        let grid = widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
        return "<w:tbl><w:tblPr><w:tblW w:w=\"\(total)\" w:type=\"dxa\"/><w:tblBorders>\(lines)</w:tblBorders>"
            + "<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>\(grid)</w:tblGrid>\(body)</w:tbl>"
    }

    /// A borderless two-column table; each row holds the XML of its two cells.
    private static func table(_ rows: [[String]]) -> String {
        let none = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map { "<w:\($0) w:val=\"nil\"/>" }.joined()
        let widths = [leftColumn, rightColumn]
        let cells = rows.map { row in
            "<w:tr>" + zip(widths, row).map { width, xml in
                "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/></w:tcPr>\(xml)</w:tc>"
            }.joined() + "</w:tr>"
        }.joined()
        return """
        <w:tbl><w:tblPr><w:tblW w:w="\(leftColumn + rightColumn)" w:type="dxa"/><w:tblBorders>\(none)</w:tblBorders>\
        <w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>\
        </w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="\(leftColumn)"/><w:gridCol w:w="\(rightColumn)"/>\
        </w:tblGrid>\(cells)</w:tbl>
        """
    }

    static func para(_ runs: String, align: String = "center", firstLine: Int = 0, after: Int = 0,
                             keepNext: Bool = false) -> String {
        let indent = firstLine > 0 ? "<w:ind w:firstLine=\"\(firstLine)\"/>" : ""
        let keep = keepNext ? "<w:keepNext/>" : ""
        return "<w:p><w:pPr>\(keep)<w:spacing w:after=\"\(after)\"/>\(indent)<w:jc w:val=\"\(align)\"/></w:pPr>\(runs)</w:p>"
    }

    /// One run of already-cleaned text; `size` in half-points.
    static func run(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false,
                            size: Int? = nil) -> String {
        var props = ""
        if bold { props += "<w:b/><w:bCs/>" }
        if italic { props += "<w:i/><w:iCs/>" }
        if underline { props += "<w:u w:val=\"single\"/>" }
        if let size { props += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        let rPr = props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>"
        return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(escaped(text))</w:t></w:r>"
    }

    // MARK: - Text

    /// One line of user text: tabs and line breaks become spaces (a field is
    /// one line on the page) and other control characters, which XML 1.0
    /// forbids or Word shows as boxes, are dropped.
    static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\t" || Character(scalar).isNewline {
                out.append(" ")
            } else if scalar.properties.generalCategory != .control, scalar.value != 0xFFFE, scalar.value != 0xFFFF {
                out.append(scalar)
            }
        }
        return String(out).trimmingCharacters(in: .whitespaces)
    }

    /// XML escaping for Word text. Not `XLSXXMLText.escaped`: that one also
    /// rewrites "_xHHHH_" for Excel, which Word would show literally.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// The fixed parts of the package around document.xml.
private enum PartyDocumentDOCXParts {
    static let wordNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let pkgNS = "http://schemas.openxmlformats.org/package/2006"
    private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"

    static func all(document: String, title: String, modified: Date, pictures: Int = 0) -> [(String, String)] {
        let pictureRelations = (0..<pictures).map {
            "<Relationship Id=\"rIdPicture\($0 + 1)\" Type=\"\(relNS)/image\" Target=\"media/picture\($0 + 1).png\"/>"
        }.joined()
        let ml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
        let time = modified.ISO8601Format()
        return [
            ("[Content_Types].xml", header + """
            <Types xmlns="\(pkgNS)/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Default Extension="png" ContentType="image/png"/>\
            <Override PartName="/word/document.xml" ContentType="\(ml).document.main+xml"/>\
            <Override PartName="/word/styles.xml" ContentType="\(ml).styles+xml"/>\
            <Override PartName="/word/settings.xml" ContentType="\(ml).settings+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            </Types>
            """),
            ("_rels/.rels", header + """
            <Relationships xmlns="\(pkgNS)/relationships">\
            <Relationship Id="rId1" Type="\(relNS)/officeDocument" Target="word/document.xml"/>\
            <Relationship Id="rId2" Type="\(pkgNS)/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            </Relationships>
            """),
            // Without this part Word ignores styles.xml and falls back to Calibri 11.
            ("word/_rels/document.xml.rels", header + """
            <Relationships xmlns="\(pkgNS)/relationships">\
            <Relationship Id="rId1" Type="\(relNS)/styles" Target="styles.xml"/>\
            <Relationship Id="rId2" Type="\(relNS)/settings" Target="settings.xml"/>\(pictureRelations)\
            </Relationships>
            """),
            ("word/document.xml", document),
            ("word/styles.xml", header + """
            <w:styles xmlns:w="\(wordNS)"><w:docDefaults><w:rPrDefault><w:rPr>\
            <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>\
            <w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>\
            </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="276" w:lineRule="auto"/>\
            </w:pPr></w:pPrDefault></w:docDefaults>\
            <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rPr>\
            <w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>\
            <w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:style>\
            <w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>\
            <w:tblPr><w:tblInd w:w="0" w:type="dxa"/></w:tblPr></w:style></w:styles>
            """),
            ("word/settings.xml", header + """
            <w:settings xmlns:w="\(wordNS)"><w:defaultTabStop w:val="720"/>\
            <w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" \
            w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
            """),
            ("docProps/core.xml", header + """
            <cp:coreProperties xmlns:cp="\(pkgNS)/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(PartyDocumentDOCX.escaped(title))</dc:title>\
            <dc:creator>capuy</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">\(time)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(time)</dcterms:modified></cp:coreProperties>
            """),
        ]
    }
}
