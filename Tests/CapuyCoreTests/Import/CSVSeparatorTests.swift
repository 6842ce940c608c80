import Foundation
import Testing
import CapuyCore

// Rule: the separator is detected from the header line, counting only
// separators outside quotes: comma, semicolon (Excel with Vietnamese regional
// settings) or tab (Excel "Unicode text").
@Suite("Rule: CSV separator detection")
struct CSVSeparatorTests {
    @Test("Rule CSV separator: detected from the header", arguments: [
        ("Họ tên,Ngày sinh,Giới tính\nA,1,Nam\n", Character(",")),
        ("Họ tên;Ngày sinh;Giới tính\nA;1;Nam\n", ";"),
        ("Họ tên\tNgày sinh\tGiới tính\nA\t1\tNam\n", "\t"),
    ])
    func detects(text: String, separator: Character) throws {
        let table = try CSVTable.parse(text)
        #expect(table.separator == separator)
        #expect(table.header == ["Họ tên", "Ngày sinh", "Giới tính"])
        #expect(table.rows == [["A", "1", "Nam"]])
    }

    @Test("Rule CSV separator: separators inside quotes in the header do not count")
    func quotedSeparatorsIgnored() throws {
        let text = "\"Họ, tên, đệm\";\"Ngày, sinh\";Đơn vị\n\"Lê, A\";1;X\n"
        let table = try CSVTable.parse(text)
        #expect(table.separator == ";")
        #expect(table.header == ["Họ, tên, đệm", "Ngày, sinh", "Đơn vị"])
        #expect(table.rows == [["Lê, A", "1", "X"]])
    }

    @Test("Rule CSV separator: other candidates in data are plain text")
    func othersAreText() throws {
        let table = try CSVTable.parse("Tên;Ghi chú\nAn;đi học, đi làm\tthêm\n")
        #expect(table.rows == [["An", "đi học, đi làm\tthêm"]])
    }

    @Test("Rule CSV separator: a single-column file is read as one field per row")
    func singleColumn() throws {
        let table = try CSVTable.parse("Họ và tên\nNguyễn Văn An\nTrần Thị Ánh\n")
        #expect(table.header == ["Họ và tên"])
        #expect(table.rows == [["Nguyễn Văn An"], ["Trần Thị Ánh"]])
    }

    @Test("Rule CSV separator: leading blank lines do not hide the header")
    func leadingBlankLines() throws {
        let table = try CSVTable.parse("\n\nA;B\n1;2\n")
        #expect(table.separator == ";")
        #expect(table.header == ["A", "B"])
        #expect(table.rowLines == [4])
    }
}
