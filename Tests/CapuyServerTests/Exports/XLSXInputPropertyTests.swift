import CapuyCore
import Foundation
import PropertyBased
import Testing
@testable import CapuyServer

/// Issue 14, item 1: an uploaded member list is request input too. Date
/// serials, number cells, ISO date cells and row references from any file
/// are read without a trap.
@Suite("XLSX input: serials, numbers and row references never trap (issue 14, item 1)")
struct XLSXInputPropertyTests {
    static let anyDouble = Gen<UInt64>.value().map { Double(bitPattern: $0) }
    static let edgeDoubles: [Double] = [.nan, .infinity, -.infinity, -0.0, 0, 1, 59, 60, 61, 1e308, -1e308, 1e19,
                                        Double(XLSXDateSerial.maxSerial), Double(XLSXDateSerial.maxSerial) + 0.999, .leastNonzeroMagnitude]
    static let anyText = Gen<UInt32>.value(in: 0...0x10FFFF).map { Unicode.Scalar($0) ?? "\u{FFFD}" }.array(of: 0...30)
        .map { scalars -> String in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars)
            return String(view)
        }

    @Test("Any serial gives nil or a real day of 1900–9999 in either date system")
    func serialsGiveRealDays() async {
        for serial in Self.edgeDoubles { checkSerial(serial) }
        await propertyCheck(count: 1000, input: Self.anyDouble) { serial in checkSerial(serial) }
        await propertyCheck(count: 1000, input: Gen.double(in: -10...3_000_000)) { serial in checkSerial(serial) }
    }

    private func checkSerial(_ serial: Double) {
        for date1904 in [false, true] {
            guard let day = XLSXDateSerial.day(fromSerial: serial, date1904: date1904) else { continue }
            #expect(XLSXDateSerial.isValid(year: day.year, month: day.month, day: day.day) && day.year >= 1900,
                    "\(serial) 1904:\(date1904) → \(day)")
            #expect(LocalDate(parsing: day.ddMMyyyy) != nil)
        }
    }

    @Test("Whole serials of the 1900 system round-trip through the calendar day (60, Lotus's 29/02/1900, excepted)")
    func serialsRoundTrip() async {
        await propertyCheck(count: 1000, input: Gen.int(in: 1...XLSXDateSerial.maxSerial)) { serial in
            guard serial != 60 else { return }
            let day = XLSXDateSerial.day(fromSerial: Double(serial), date1904: false)
            #expect(day.flatMap { XLSXDateSerial.serial(year: $0.year, month: $0.month, day: $0.day) } == serial)
        }
    }

    @Test("serial(year:month:day:) never traps for any Ints")
    func serialFromAnyParts() async {
        await propertyCheck(count: 500, input: Gen.int(), Gen.int(), Gen.int()) { y, m, d in
            let serial = XLSXDateSerial.serial(year: y, month: m, day: d)
            #expect((serial != nil) == (y >= 1900 && XLSXDateSerial.isValid(year: y, month: m, day: d)))
        }
    }

    @Test("Number and ISO date cells of any text display without a trap")
    func cellTexts() async {
        for raw in ["1e308", "-1e308", "1e400", "nan", "inf", "-0", "9223372036854775808", "\u{0}", "9999-12-31T00:00", "-9223372036854775808-01-01"] {
            checkCell(raw)
        }
        await propertyCheck(count: 1000, input: Self.anyText) { raw in checkCell(raw) }
        await propertyCheck(count: 1000, input: Self.anyDouble) { value in checkCell(String(value)) }
    }

    private func checkCell(_ raw: String) {
        _ = XLSXNumberFormat.displayText(ofNumber: raw)
        _ = XLSXNumberFormat.dateText(ofSerial: raw, date1904: false)
        if let text = XLSXNumberFormat.dateText(ofISO: raw) { #expect(LocalDate(parsing: text) != nil, "\(raw.debugDescription)") }
    }

    /// A sheet with one row numbered `r` and then a row without a number.
    static func sheet(rowReference r: String) -> Data {
        Data("""
        <worksheet xmlns="\(XLSXTestSupport.mainNS)"><sheetData>\
        <row r="\(r)"><c t="inlineStr"><is><t>first</t></is></c></row>\
        <row><c t="inlineStr"><is><t>second</t></is></c></row>\
        </sheetData></worksheet>
        """.utf8)
    }

    @Test("Row references at Int's ends are read without a trap (r=\"-9223372036854775808\" overflowed r - 1)",
          arguments: ["-9223372036854775808", "9223372036854775807", "9223372036854775806", "0", "-1", "1048577"])
    func extremeRowReferences(_ r: String) throws {
        let rows = try XLSXSheetParser.parse(Self.sheet(rowReference: r), part: "sheet", sharedStrings: [], dateStyles: [], date1904: false)
        // Both rows lie outside the grid (before row 1 or past its end) and are dropped.
        #expect(rows.isEmpty || rows == [["second"]])
    }

    @Test("Any row reference: rows land where they say, or are dropped beyond the grid")
    func anyRowReference() async {
        await propertyCheck(count: 300, input: Gen.int()) { r in
            _ = try? XLSXSheetParser.parse(Self.sheet(rowReference: String(r)), part: "sheet", sharedStrings: [], dateStyles: [], date1904: false)
        }
        await propertyCheck(count: 100, input: Gen.int(in: -5...12)) { r in
            let rows = try? XLSXSheetParser.parse(Self.sheet(rowReference: String(r)), part: "sheet", sharedStrings: [], dateStyles: [], date1904: false)
            if r >= 1 {
                #expect(rows?.count == r + 1 && rows?[r - 1] == ["first"] && rows?[r] == ["second"], "r=\(r)")
            } else {
                #expect(rows == [["second"]], "r=\(r)")
            }
        }
    }
}
