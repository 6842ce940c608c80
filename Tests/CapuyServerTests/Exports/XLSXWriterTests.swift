import Foundation
import Testing
@testable import CapuyServer

@Suite("XLSX writer")
struct XLSXWriterTests {
    static let columns = ["Họ và tên", "Ngày sinh", "Số thẻ", "Ghi chú", "Điểm"]

    static func sampleWorkbook() -> XLSXWorkbook {
        var book = XLSXWorkbook(createdAt: Date(timeIntervalSince1970: 1_700_000_000))
        book.addSheet(name: "Đảng viên", columns: columns, rows: [
            [.text("Nguyễn Thị Hồng Nhung"), .date(year: 1975, month: 8, day: 15), .number(123456),
             .text("<b>&\"x\" 'y'"), .number(1.5)],
            [.text("Trần Văn Đức"), .empty, .number(-42), .text("  giữ khoảng trắng  "), .number(0.1)],
            [.text("Lê Ánh"), .date(year: 2024, month: 2, day: 29), .empty, .text("a\u{1}b\u{FFFF}c\td\ne"), .empty],
            [.empty, .empty, .empty, .text("_x0041_ giữ nguyên"), .number(.nan)],
            [.text("Phạm Bảo"), .date(year: 1899, month: 12, day: 31), .number(1e20), .text(""),
             .date(year: 2023, month: 2, day: 30)],
        ])
        book.addSheet(name: "Tổng hợp", columns: ["Chi bộ", "Số lượng"], rows: [[.text("Chi bộ 1"), .number(3)]])
        return book
    }

    @Test("values survive a write/read round trip")
    func roundTrip() throws {
        let rows = try XLSXReader.readFirstSheet(try Self.sampleWorkbook().data())
        #expect(rows == [
            Self.columns,
            ["Nguyễn Thị Hồng Nhung", "15/08/1975", "123456", "<b>&\"x\" 'y'", "1.5"],
            ["Trần Văn Đức", "", "-42", "  giữ khoảng trắng  ", "0.1"],
            ["Lê Ánh", "29/02/2024", "", "abc\td\ne", ""],
            ["", "", "", "_x0041_ giữ nguyên", ""],
            // Pre-1900 and impossible dates fall back to text of the same form.
            ["Phạm Bảo", "31/12/1899", "1e+20", "", "30/02/2023"],
        ])
    }

    @Test("package holds the parts spreadsheet programs require")
    func packageParts() throws {
        let data = try Self.sampleWorkbook().data()
        for path in ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml",
                     "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                     "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"] {
            #expect(try XLSXTestSupport.part(path, of: data) != nil, "missing \(path)")
        }
        let sheet = try #require(try XLSXTestSupport.part("xl/worksheets/sheet1.xml", of: data))
        #expect(sheet.contains("state=\"frozen\""))
        #expect(sheet.contains("<autoFilter ref=\"A1:E6\"/>"))
        #expect(sheet.contains("<dimension ref=\"A1:E6\"/>"))
        #expect(sheet.contains("<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>Họ và tên</t></is></c>"))
        // 15/08/1975 is serial 27621 in the 1900 date system.
        #expect(sheet.contains("<c r=\"B2\" s=\"2\"><v>27621</v></c>"))
        #expect(sheet.contains("&lt;b&gt;&amp;&quot;x&quot; &apos;y&apos;"))
        #expect(sheet.contains("customWidth=\"1\""))
        let styles = try #require(try XLSXTestSupport.part("xl/styles.xml", of: data))
        #expect(styles.contains("formatCode=\"dd/mm/yyyy\""))
        #expect(styles.contains("<b/>"))
        let workbook = try #require(try XLSXTestSupport.part("xl/workbook.xml", of: data))
        #expect(workbook.contains("<sheet name=\"Đảng viên\" sheetId=\"1\" r:id=\"rId1\"/>"))
        #expect(workbook.contains("&apos;Đảng viên&apos;!$A$1:$E$6"))
    }

    @Test("a workbook without sheets still opens")
    func emptyWorkbook() throws {
        let rows = try XLSXReader.readFirstSheet(try XLSXWorkbook().data())
        #expect(rows.isEmpty)
    }

    @Test("date serials follow Excel's 1900 system")
    func dateSerials() {
        #expect(XLSXDateSerial.serial(year: 1900, month: 1, day: 1) == 1)
        #expect(XLSXDateSerial.serial(year: 1900, month: 2, day: 28) == 59)
        #expect(XLSXDateSerial.serial(year: 1900, month: 3, day: 1) == 61)
        #expect(XLSXDateSerial.serial(year: 2000, month: 1, day: 1) == 36526)
        #expect(XLSXDateSerial.serial(year: 1899, month: 12, day: 31) == nil)
        #expect(XLSXDateSerial.serial(year: 2023, month: 2, day: 29) == nil)
        for serial in [1, 59, 61, 27621, 36526, 45351, XLSXDateSerial.maxSerial] {
            let day = XLSXDateSerial.day(fromSerial: Double(serial), date1904: false)
            let back = day.flatMap { XLSXDateSerial.serial(year: $0.year, month: $0.month, day: $0.day) }
            #expect(back == serial)
        }
        #expect(XLSXDateSerial.day(fromSerial: 0, date1904: true) == nil)
        #expect(XLSXDateSerial.day(fromSerial: 1, date1904: true)?.ddMMyyyy == "02/01/1904")
    }

    @Test("10,000 rows × 8 columns round trip")
    func largeSheet() throws {
        let columns = (1...8).map { "Cột \($0)" }
        let rows: [[XLSXCell]] = (0..<10_000).map { index in
            [.text("Người số \(index)"), .number(Double(index)), .date(year: 1950 + index % 50, month: 1 + index % 12, day: 1 + index % 28),
             .text("Chi bộ \(index % 37)"), .text("Kinh"), .number(Double(index) / 4), .empty, .text("Ghi chú <\(index)>")]
        }
        var book = XLSXWorkbook()
        book.addSheet(name: "Lớn", columns: columns, rows: rows)
        let read = try XLSXReader.readFirstSheet(try book.data())
        #expect(read.count == 10_001)
        #expect(read[1] == ["Người số 0", "0", "01/01/1950", "Chi bộ 0", "Kinh", "0", "", "Ghi chú <0>"])
        #expect(read[10_000] == ["Người số 9999", "9999", "04/04/1999", "Chi bộ 9", "Kinh", "2499.75", "", "Ghi chú <9999>"])
    }
}
