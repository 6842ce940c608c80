import Testing
@testable import CapuyServer

@Suite("XLSX sheet names")
struct XLSXSheetNameTests {
    @Test("forbidden characters, apostrophes and controls are removed")
    func forbiddenCharacters() {
        #expect(XLSXWorkbook.sanitizedSheetName("Chi bộ [1]: A/B\\C*D?E") == "Chi bộ 1 ABCDE")
        #expect(XLSXWorkbook.sanitizedSheetName("'Tổng hợp'") == "Tổng hợp")
        #expect(XLSXWorkbook.sanitizedSheetName("Dòng\u{0}\ntab\t") == "Dòngtab")
        #expect(XLSXWorkbook.sanitizedSheetName("History") == "History_")
    }

    @Test("names are cut to 31 characters without splitting letters")
    func length() {
        let name = XLSXWorkbook.sanitizedSheetName("Danh sách đảng viên Đảng bộ phường Bến Nghé")
        #expect(name == "Danh sách đảng viên Đảng bộ phư")
        #expect(name.utf16.count <= 31)
        // Cutting must not leave a trailing blank.
        #expect(XLSXWorkbook.sanitizedSheetName(String(repeating: "a", count: 30) + " bcd") == String(repeating: "a", count: 30))
    }

    @Test("empty names fall back, duplicates get a suffix")
    func fallbackAndDuplicates() {
        #expect(XLSXWorkbook.sanitizedSheetName("[]:*?/\\") == "Sheet1")
        var book = XLSXWorkbook()
        #expect(book.addSheet(name: "Đảng viên", columns: [], rows: []) == "Đảng viên")
        #expect(book.addSheet(name: "đảng viên", columns: [], rows: []) == "đảng viên (2)")
        #expect(book.addSheet(name: "", columns: [], rows: []) == "Sheet3")
        let long = String(repeating: "x", count: 40)
        #expect(book.addSheet(name: long, columns: [], rows: []) == String(repeating: "x", count: 31))
        #expect(book.addSheet(name: long, columns: [], rows: []) == String(repeating: "x", count: 27) + " (2)")
        #expect(book.sheetNames.count == 5)
    }
}
