import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads `sharedStrings.xml`: one string per `<si>`, concatenating rich-text
/// runs and leaving out phonetic hints (`<rPh>`), which are not cell text.
final class XLSXSharedStringsParser: NSObject, XMLParserDelegate {
    private(set) var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phoneticDepth = 0

    static func parse(_ data: Data, part: String) throws -> [String] {
        let handler = XLSXSharedStringsParser()
        try XLSXXMLParsing.parse(data, part: part, delegate: handler)
        return handler.strings
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch XLSXXMLParsing.localName(elementName) {
        case "sst":
            if let count = attributeDict["uniqueCount"].flatMap(Int.init), count > 0, count < 10_000_000 {
                strings.reserveCapacity(count)
            }
        case "si":
            inItem = true
            current = ""
        case "rPh": phoneticDepth += 1
        case "t": inText = inItem && phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        switch XLSXXMLParsing.localName(elementName) {
        case "si":
            strings.append(XLSXXMLText.decodingExcelEscapes(current))
            inItem = false
        case "rPh": phoneticDepth -= 1
        case "t": inText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { current += string }
    }
}
