import Foundation

/// A picture in a document: PNG bytes and the size it is printed at.
struct PartyDocumentPicture: Sendable {
    let png: Data
    /// Printed size in twentieths of a point is not what DrawingML uses: EMU.
    let widthEMU: Int
    let heightEMU: Int
    let name: String
}

/// What a report puts after its body (36-HD/VPTW): section headings with
/// their Roman numerals, tables of figures and charts.
enum PartyDocumentBlock: Sendable {
    /// "I. VĂN BẢN …": bold, kept with what follows.
    case heading(String)
    /// A table's caption: bold italic.
    case caption(String)
    case paragraph(String)
    /// A bordered table, the first column wide, the heading row bold, the
    /// figures right-aligned.
    case figures(columns: [String], rows: [[String]])
    case picture(PartyDocumentPicture)
}

extension PartyDocumentDOCX {
    static func blocks(_ blocks: [PartyDocumentBlock]) -> [String] {
        var picture = 0
        return blocks.map { block in
            switch block {
            case .heading(let text):
                return para(run(clean(text), bold: true), align: "both", after: 120, keepNext: true)
            case .caption(let text):
                return para(run(clean(text), bold: true, italic: true), align: "left", after: 60, keepNext: true)
            case .paragraph(let text):
                return para(run(clean(text)), align: "both", firstLine: 720, after: 120)
            case .figures(let columns, let rows):
                return figureTable(columns: columns, rows: rows) + para("", after: 120)
            case .picture(let p):
                picture += 1
                return pictureXML(p, number: picture)
            }
        }
    }

    /// The first column takes what the figures leave; each figure column is
    /// 1,500 twips (about 2.6 cm), narrower when there are many.
    private static func figureTable(columns: [String], rows: [[String]]) -> String {
        let total = leftColumn + rightColumn
        let figures = max(0, columns.count - 1)
        let each = figures == 0 ? 0 : min(1500, (total - 3000) / figures)
        let widths = [total - each * figures] + Array(repeating: each, count: figures)
        let borders = ["top", "left", "bottom", "right", "insideH", "insideV"]
            .map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined()
        func row(_ cells: [String], header: Bool) -> String {
            let repeatHeader = header ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>"
            return "<w:tr>\(repeatHeader)" + zip(widths, cells + Array(repeating: "", count: max(0, widths.count - cells.count))).enumerated().map { i, pair in
                let align = header ? "center" : (i == 0 ? "left" : "right")
                return "<w:tc><w:tcPr><w:tcW w:w=\"\(pair.0)\" w:type=\"dxa\"/></w:tcPr>\(para(run(clean(pair.1), bold: header, size: 24), align: align))</w:tc>"
            }.joined() + "</w:tr>"
        }
        let grid = widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
        return "<w:tbl><w:tblPr><w:tblW w:w=\"\(total)\" w:type=\"dxa\"/><w:tblBorders>\(borders)</w:tblBorders>"
            + "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"60\" w:type=\"dxa\"/></w:tblCellMar>"
            + "</w:tblPr><w:tblGrid>\(grid)</w:tblGrid>"
            + row(columns, header: true) + rows.map { row($0, header: false) }.joined() + "</w:tbl>"
    }

    /// An inline picture, centred, pointing at `media/pictureN.png`.
    private static func pictureXML(_ p: PartyDocumentPicture, number: Int) -> String {
        let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        let pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
        let name = escaped(clean(p.name))
        return """
        <w:p><w:pPr><w:spacing w:after="120"/><w:jc w:val="center"/></w:pPr><w:r><w:drawing>\
        <wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="\(p.widthEMU)" cy="\(p.heightEMU)"/>\
        <wp:docPr id="\(number)" name="\(name)" descr="\(name)"/>\
        <a:graphic xmlns:a="\(a)"><a:graphicData uri="\(pic)"><pic:pic xmlns:pic="\(pic)">\
        <pic:nvPicPr><pic:cNvPr id="\(number)" name="picture\(number).png"/><pic:cNvPicPr/></pic:nvPicPr>\
        <pic:blipFill><a:blip r:embed="rIdPicture\(number)"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
        <pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="\(p.widthEMU)" cy="\(p.heightEMU)"/></a:xfrm>\
        <a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>\
        </w:drawing></w:r></w:p>
        """
    }
}
