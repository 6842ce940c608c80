import Foundation
import Testing
import CapuyCore

// Rule (RFC 4180 §2.5-2.7): fields may be quoted; quoted fields may contain
// separators, line breaks and doubled quotes ("" = one "). Records end with
// CRLF, LF or CR.
@Suite("Rule: CSV quoting and line breaks (RFC 4180)")
struct CSVQuotingTests {
    @Test("Rule RFC 4180 §2.6: separators inside quotes belong to the field")
    func embeddedSeparator() throws {
        let table = try CSVTable.parse("Tên,Địa chỉ\nAn,\"Số 1, Phường 2, Quận 3\"\n")
        #expect(table.rows == [["An", "Số 1, Phường 2, Quận 3"]])
    }

    @Test("Rule RFC 4180 §2.7: a doubled quote inside quotes is one quote")
    func doubledQuotes() throws {
        let table = try CSVTable.parse("Tên,Bí danh\nAn,\"Anh \"\"Ba\"\" Râu\"\nBình,\"\"\"\"\n")
        #expect(table.rows == [["An", "Anh \"Ba\" Râu"], ["Bình", "\""]])
    }

    @Test("Rule RFC 4180 §2.6: line breaks inside quotes are kept in the field")
    func embeddedNewlines() throws {
        let table = try CSVTable.parse("Tên,Ghi chú\r\nAn,\"dòng 1\r\ndòng 2\ndòng 3\"\r\nBình,x\r\n")
        #expect(table.rows == [["An", "dòng 1\r\ndòng 2\ndòng 3"], ["Bình", "x"]])
    }

    @Test("Rule CSV lines: row line numbers count lines inside quoted fields")
    func rowLinesAcrossQuotedNewlines() throws {
        let text = "Tên,Ghi chú\nAn,\"a\nb\nc\"\nBình,x\r\nChi,\"p\r\nq\"\nDũng,y\n"
        let table = try CSVTable.parse(text)
        #expect(table.rows.map { $0[0] } == ["An", "Bình", "Chi", "Dũng"])
        #expect(table.rowLines == [2, 5, 6, 8])
    }

    @Test("Rule RFC 4180 §2.1: LF, CRLF and CR line endings give the same table", arguments: ["\n", "\r\n", "\r"])
    func lineEndings(newline: String) throws {
        let text = ["Tên,Tuổi", "An,30", "\"Bình\",41", ""].joined(separator: newline)
        let table = try CSVTable.parse(text)
        #expect(table.header == ["Tên", "Tuổi"])
        #expect(table.rows == [["An", "30"], ["Bình", "41"]])
        #expect(table.rowLines == [2, 3])
    }

    @Test("Rule CSV lines: blank lines are skipped, trailing ones ignored, line numbers kept")
    func blankLines() throws {
        let table = try CSVTable.parse("A,B\n1,2\n\n,\n3,4\n\n\r\n\n")
        #expect(table.rows == [["1", "2"], ["3", "4"]])
        #expect(table.rowLines == [2, 5])
    }

    @Test("Rule CSV: the last record needs no line break")
    func noFinalNewline() throws {
        let table = try CSVTable.parse("A,B\n1,\"2\"")
        #expect(table.rows == [["1", "2"]])
    }

    @Test("Rule CSV: empty fields and a trailing separator are kept as empty strings")
    func emptyFields() throws {
        let table = try CSVTable.parse("A,B,C\n1,,\n,,3\n\"\",x,")
        #expect(table.rows == [["1", "", ""], ["", "", "3"], ["", "x", ""]])
    }

    @Test("Rule CSV: rows are kept as is, shorter or longer than the header")
    func raggedRows() throws {
        let table = try CSVTable.parse("A,B,C\n1\n1,2,3,4\n")
        #expect(table.rows == [["1"], ["1", "2", "3", "4"]])
        #expect(table.value(row: 0, column: 2) == "")
        #expect(table.value(row: 1, column: 3) == "4")
    }

    @Test("Rule CSV: data fields keep their spaces, header names are trimmed")
    func whitespace() throws {
        let table = try CSVTable.parse(" Họ tên , Ngày sinh \n  An , 1/1/2000\n")
        #expect(table.header == ["Họ tên", "Ngày sinh"])
        #expect(table.rows == [["  An ", " 1/1/2000"]])
    }

    @Test("Rule CSV: columns are found by name ignoring case, accents and spacing")
    func columnLookup() throws {
        let table = try CSVTable.parse("STT,Họ và tên,Ngày  sinh\n1,An,1/1/2000\n")
        #expect(table.columnIndex(named: "ngay sinh") == 2)
        #expect(table.columnIndex(named: "HỌ VÀ TÊN") == 1)
        #expect(table.columnIndex(named: "Quê quán") == nil)
    }

    @Test("Rule CSV: text after a closing quote is kept rather than rejected")
    func lenientAfterQuote() throws {
        let table = try CSVTable.parse("A,B\n\"ab\"cd,e\n")
        #expect(table.rows == [["abcd", "e"]])
    }

    @Test("Rule CSV errors: an unterminated quote reports the line where it opened", arguments: [
        ("A,B\n1,\"abc\n", 2),
        ("A,B\n1,2\n3,4\n\"x,y\nz\n", 4),
        ("\"A,B\n", 1),
        ("A,B\n1,\"ab\"\"\n", 2),
    ])
    func unterminatedQuote(text: String, line: Int) {
        #expect(throws: CSVError.unterminatedQuote(line: line)) {
            try CSVTable.parse(text)
        }
    }
}
