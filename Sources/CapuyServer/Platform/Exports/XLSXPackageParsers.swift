import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Shared plumbing for the SAX parsers of package parts.
///
/// SAX (XMLParser) rather than a DOM because sheets can be tens of megabytes;
/// namespaces are matched by local name because some producers prefix the
/// SpreadsheetML namespace (`<x:row>`) and others do not.
enum XLSXXMLParsing {
    /// Runs `delegate` over `data`.
    /// - Throws: `XLSXError.malformedXML` naming `part` when the XML is not well-formed.
    static func parse(_ data: Data, part: String, delegate: XMLParserDelegate) throws {
        // A stream makes XMLParser feed libxml2 in small chunks; handing it the
        // whole Data at once fails on Linux for parts over 10 MB ("huge input
        // lookup"), which a 100,000-row sheet easily is.
        try parse(InputStream(data: data), part: part, delegate: delegate)
    }

    /// Runs `delegate` over a stream (a part written to a file, read in chunks).
    static func parse(_ stream: InputStream, part: String, delegate: XMLParserDelegate) throws {
        let parser = XMLParser(stream: stream)
        parser.shouldProcessNamespaces = false
        // Never fetch DTDs or entities named by an uploaded file (XXE).
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        // On Linux parse() can return true after an error found at the end of
        // the input (unclosed elements), so parserError is checked as well.
        guard parser.parse(), parser.parserError == nil else { throw XLSXError.malformedXML(part: part) }
    }

    /// `name` without its namespace prefix ("x:row" → "row").
    static func localName(_ name: String) -> Substring {
        // Byte search: this runs for every element of large sheets.
        guard let colon = name.utf8.lastIndex(of: 0x3A) else { return Substring(name) }
        return name[name.utf8.index(after: colon)...]
    }

    /// The value of the first attribute whose local name is `local`; used for
    /// `r:id`, whose prefix is chosen by the producer.
    static func attribute(_ attributes: [String: String], local: String) -> String? {
        if let value = attributes[local] { return value }
        return attributes.first { localName($0.key) == local }?.value
    }
}

/// One `<Relationship>` of a `.rels` part.
struct XLSXRelationship: Sendable, Equatable {
    var id: String
    var type: String
    var target: String
}

/// Reads a `.rels` part into its relationships, in document order.
final class XLSXRelationshipsParser: NSObject, XMLParserDelegate {
    private(set) var relationships: [XLSXRelationship] = []

    static func parse(_ data: Data, part: String) throws -> [XLSXRelationship] {
        let handler = XLSXRelationshipsParser()
        try XLSXXMLParsing.parse(data, part: part, delegate: handler)
        return handler.relationships
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard XLSXXMLParsing.localName(elementName) == "Relationship",
              attributeDict["TargetMode"] != "External",
              let id = attributeDict["Id"], let target = attributeDict["Target"] else { return }
        relationships.append(XLSXRelationship(id: id, type: attributeDict["Type"] ?? "", target: target))
    }
}

/// Reads what the reader needs from `workbook.xml`: the relationship id of the
/// first sheet and the date system.
final class XLSXWorkbookParser: NSObject, XMLParserDelegate {
    private(set) var firstSheetRelationshipID: String?
    private(set) var sheetCount = 0
    private(set) var date1904 = false

    static func parse(_ data: Data, part: String) throws -> XLSXWorkbookParser {
        let handler = XLSXWorkbookParser()
        try XLSXXMLParsing.parse(data, part: part, delegate: handler)
        return handler
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch XLSXXMLParsing.localName(elementName) {
        case "workbookPr":
            // Mac-made workbooks may count days from 1904 instead of 1900.
            let flag = attributeDict["date1904"]?.lowercased()
            date1904 = flag == "1" || flag == "true"
        case "sheet":
            sheetCount += 1
            if firstSheetRelationshipID == nil {
                firstSheetRelationshipID = XLSXXMLParsing.attribute(attributeDict, local: "id")
            }
        default:
            break
        }
    }
}
