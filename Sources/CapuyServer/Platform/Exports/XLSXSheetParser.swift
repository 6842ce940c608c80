import Foundation
import CapuyCore
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Streams a worksheet part into rows of display text.
///
/// Cells are placed by their reference (`r="C5"`), so cells the producer
/// left out become "" in the right column and skipped rows become blank rows;
/// row i of the result is always spreadsheet row i+1.
final class XLSXSheetParser: NSObject, XMLParserDelegate {
    /// Excel's grid limits; references beyond them are ignored so a hostile
    /// file cannot make us allocate huge padded rows.
    static let maxColumns = 16_384
    static let maxRows = 1_048_576
    /// Far above real member lists (100,000 × 8 = 800,000).
    static let maxPaddedCells = 50_000_000

    private let sharedStrings: [String]
    private let dateStyles: [Bool]
    private let date1904: Bool

    private var rows: [[String]] = []
    /// When set, each row goes here as it ends (0-based spreadsheet row,
    /// cells) and none is kept: the streamed reader (issue 16).
    var emit: ((Int, [String]) throws -> Void)?
    private var emitError: (any Error)?
    private var currentRow: [String] = []
    private var currentRowIndex = -1
    private var nextColumn = 0

    private var cellColumn = 0
    private var cellType = ""
    private var cellStyle = 0
    private var inCell = false
    private var value = ""
    private var inValue = false
    private var inlineText = ""
    private var inInlineString = false
    private var inInlineText = false
    private var phoneticDepth = 0

    init(sharedStrings: [String], dateStyles: [Bool], date1904: Bool) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.date1904 = date1904
    }

    /// The sheet's rows, trailing blank rows removed, every row padded to the
    /// width of the widest one.
    static func parse(_ data: Data, part: String, sharedStrings: [String], dateStyles: [Bool],
                      date1904: Bool) throws -> [[String]] {
        let handler = XLSXSheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        try XLSXXMLParsing.parse(data, part: part, delegate: handler)
        return try handler.finishedRows()
    }

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        switch XLSXXMLParsing.localName(elementName) {
        case "row":
            // Held to Excel's grid before the ±1: r="-9223372036854775808", or a row
            // without r after r="9223372036854775807", overflowed and stopped the
            // server (issue 14). Rows past the grid stay past it and are dropped
            // in storeCurrentRow.
            currentRowIndex = attributeDict["r"].flatMap(Int.init).map { CheckedNumber.clamp($0, to: 0...Self.maxRows + 1) - 1 }
                ?? min(currentRowIndex, Self.maxRows) + 1
            currentRow = []
            nextColumn = 0
        case "c":
            inCell = true
            cellColumn = attributeDict["r"].flatMap(Self.columnIndex) ?? nextColumn
            nextColumn = cellColumn + 1
            cellType = attributeDict["t"] ?? "n"
            cellStyle = attributeDict["s"].flatMap(Int.init) ?? 0
            value = ""
            inlineText = ""
        case "v" where inCell: inValue = true
        case "is" where inCell: inInlineString = true
        case "rPh": phoneticDepth += 1
        case "t" where inInlineString: inInlineText = phoneticDepth == 0
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        switch XLSXXMLParsing.localName(elementName) {
        case "row": storeCurrentRow()
        case "c":
            inCell = false
            let text = cellText()
            if !text.isEmpty, cellColumn < Self.maxColumns {
                if currentRow.count <= cellColumn {
                    currentRow.append(contentsOf: repeatElement("", count: cellColumn + 1 - currentRow.count))
                }
                currentRow[cellColumn] = text
            }
        case "v": inValue = false
        case "is": inInlineString = false
        case "rPh": phoneticDepth -= 1
        case "t": inInlineText = false
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inValue {
            value += string
        } else if inInlineText {
            inlineText += string
        }
    }

    /// The text a person sees for the cell just closed.
    private func cellText() -> String {
        switch cellType {
        case "s":
            guard let index = Int(value), sharedStrings.indices.contains(index) else { return "" }
            return sharedStrings[index]
        case "inlineStr":
            return XLSXXMLText.decodingExcelEscapes(inlineText)
        case "b":
            return value.isEmpty ? "" : (value == "0" ? "FALSE" : "TRUE")
        case "str", "e":
            return value
        case "d":
            return XLSXNumberFormat.dateText(ofISO: value) ?? value
        default:
            guard !value.isEmpty else { return "" }
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle],
               let date = XLSXNumberFormat.dateText(ofSerial: value, date1904: date1904) {
                return date
            }
            return XLSXNumberFormat.displayText(ofNumber: value)
        }
    }

    private func storeCurrentRow() {
        defer { currentRow = [] }
        guard currentRowIndex >= 0, currentRowIndex < Self.maxRows, !currentRow.isEmpty else { return }
        if let emit {
            guard emitError == nil else { return }
            do { try emit(currentRowIndex, currentRow) } catch { emitError = error }
            return
        }
        if currentRowIndex >= rows.count {
            rows.append(contentsOf: repeatElement([], count: currentRowIndex - rows.count))
            rows.append(currentRow)
            return
        }
        // Rows should come in order; if a producer repeats one, merge cells.
        var merged = rows[currentRowIndex]
        for (column, text) in currentRow.enumerated() where !text.isEmpty {
            if merged.count <= column { merged.append(contentsOf: repeatElement("", count: column + 1 - merged.count)) }
            merged[column] = text
        }
        rows[currentRowIndex] = merged
    }

    /// Streams the sheet written at `url` row by row into `emit` (rows out
    /// of order or repeated are passed on as they come).
    static func stream(_ url: URL, part: String, sharedStrings: [String], dateStyles: [Bool], date1904: Bool,
                       emit: @escaping (Int, [String]) throws -> Void) throws {
        let handler = XLSXSheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles, date1904: date1904)
        handler.emit = emit
        guard let stream = InputStream(url: url) else { throw XLSXError.notXLSX }
        try XLSXXMLParsing.parse(stream, part: part, delegate: handler)
        if let error = handler.emitError { throw error }
    }

    private func finishedRows() throws -> [[String]] {
        // Rows only hold non-empty cells, so the widest row gives the width
        // and the last stored row is never blank.
        let width = rows.reduce(0) { max($0, $1.count) }
        // A sparse file (one cell at XFD1, one at A1048576) would otherwise
        // expand into billions of padded cells.
        guard width * rows.count <= Self.maxPaddedCells else { throw XLSXError.tooLarge }
        return rows.map { row in
            row.count == width ? row : row + repeatElement("", count: width - row.count)
        }
    }

    /// 0-based column of a reference such as "C5" or "$AB$12"; nil if it has no letters.
    static func columnIndex(_ reference: String) -> Int? {
        var column = 0
        var sawLetter = false
        for byte in reference.utf8 {
            switch byte {
            case 0x41...0x5A: column = column * 26 + Int(byte - 0x40)
            case 0x61...0x7A: column = column * 26 + Int(byte - 0x60)
            case 0x24: continue
            default:
                return sawLetter ? column - 1 : nil
            }
            sawLetter = true
            if column > maxColumns { return maxColumns }
        }
        return sawLetter ? column - 1 : nil
    }
}
