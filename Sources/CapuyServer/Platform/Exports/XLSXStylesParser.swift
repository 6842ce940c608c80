import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads `styles.xml` into "does cell style N show a date?", the only style
/// information the reader needs.
final class XLSXStylesParser: NSObject, XMLParserDelegate {
    private var customFormats: [Int: String] = [:]
    private var cellFormatIDs: [Int] = []
    private var inCellXfs = false
    private var inNumFmts = false

    /// One flag per `cellXfs` entry, indexed by a cell's `s` attribute.
    static func parse(_ data: Data, part: String) throws -> [Bool] {
        let handler = XLSXStylesParser()
        try XLSXXMLParsing.parse(data, part: part, delegate: handler)
        return handler.cellFormatIDs.map { id in
            XLSXNumberFormat.isDate(id: id, code: handler.customFormats[id])
        }
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch XLSXXMLParsing.localName(elementName) {
        case "numFmts": inNumFmts = true
        case "cellXfs": inCellXfs = true
        case "numFmt" where inNumFmts:
            if let id = attributeDict["numFmtId"].flatMap(Int.init), let code = attributeDict["formatCode"] {
                customFormats[id] = code
            }
        case "xf" where inCellXfs:
            // Only cellXfs are referenced by cells; cellStyleXfs are ignored.
            cellFormatIDs.append(attributeDict["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        switch XLSXXMLParsing.localName(elementName) {
        case "numFmts": inNumFmts = false
        case "cellXfs": inCellXfs = false
        default: break
        }
    }
}
