import Foundation
import Testing
@testable import CapuyServer

/// Issue 16, item 4: every capuy XLSX prints as offices print: A4, fit to the
/// page's width, landscape where the sheet is wide, the header row repeated
/// on every page.
@Suite("XLSX print setup")
struct XLSXPrintSetupTests {
    static func parts(_ book: XLSXWorkbook) throws -> (sheet: String, workbook: String) {
        let data = try book.data()
        return (try #require(try XLSXTestSupport.part("xl/worksheets/sheet1.xml", of: data)),
                try #require(try XLSXTestSupport.part("xl/workbook.xml", of: data)))
    }

    @Test("A wide sheet prints landscape, a narrow one portrait; both fit to one page across, any number down")
    func orientation() throws {
        var wide = XLSXWorkbook(createdAt: Date(timeIntervalSince1970: 0))
        wide.addSheet(name: "Đảng viên", columns: XLSXWriterTests.columns + ["Đơn vị sinh hoạt", "Chức vụ", "Địa chỉ thường trú"],
                      rows: [[.text(String(repeating: "Nguyễn Thị Hồng ", count: 3))] + Array(repeating: .text("Đảng bộ xã Nam Ba Đồn, tỉnh Quảng Trị"), count: 7)])
        var narrow = XLSXWorkbook(createdAt: Date(timeIntervalSince1970: 0))
        narrow.addSheet(name: "Tổng hợp", columns: ["Chi bộ", "Số lượng"], rows: [[.text("Chi bộ 1"), .number(3)]])
        let w = try Self.parts(wide).sheet, n = try Self.parts(narrow).sheet
        #expect(w.contains("<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        #expect(n.contains("<pageSetup paperSize=\"9\" orientation=\"portrait\" fitToWidth=\"1\" fitToHeight=\"0\"/>"))
        for sheet in [w, n] {
            // Fit to page is switched on in the sheet's properties, which come first; the setup comes after the data and filter.
            #expect(sheet.contains("<worksheet") && sheet.range(of: "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>")!.lowerBound < sheet.range(of: "<dimension")!.lowerBound)
            #expect(sheet.range(of: "</sheetData>")!.lowerBound < sheet.range(of: "<pageMargins")!.lowerBound)
            #expect(sheet.range(of: "<autoFilter")!.lowerBound < sheet.range(of: "<pageMargins")!.lowerBound)
        }
    }

    @Test("The header row is repeated on every printed page, and the sheet still reads back")
    func printTitles() throws {
        let book = XLSXWriterTests.sampleWorkbook()
        let workbook = try Self.parts(book).workbook
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">&apos;Đảng viên&apos;!$1:$1</definedName>"))
        #expect(workbook.contains("<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">"))
        #expect(try XLSXReader.readFirstSheet(try book.data()).first == XLSXWriterTests.columns)
    }
}
