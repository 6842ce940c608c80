import Foundation
import Testing
import CapuyCore

// Rule: uploaded CSV may be UTF-8 with or without BOM, or UTF-16 with BOM
// (Excel "Unicode text", tab separated UTF-16LE). Anything else is rejected
// with a Vietnamese message instead of garbling names.
@Suite("Rule: CSV text encodings")
struct CSVEncodingTests {
    static let text = "Họ và tên,Ngày sinh\nNguyễn Văn Nên,19/05/1990\n"

    @Test("Rule CSV encoding: UTF-8 without BOM")
    func utf8() throws {
        let table = try CSVTable.parse(Data(Self.text.utf8))
        #expect(table.header == ["Họ và tên", "Ngày sinh"])
        #expect(table.rows == [["Nguyễn Văn Nên", "19/05/1990"]])
    }

    @Test("Rule CSV encoding: the UTF-8 BOM is not part of the first column name")
    func utf8BOM() throws {
        let table = try CSVTable.parse(Data([0xEF, 0xBB, 0xBF] + Array(Self.text.utf8)))
        #expect(table.header.first == "Họ và tên")
        #expect(table.header.first?.unicodeScalars.first != "\u{FEFF}")
    }

    @Test("Rule CSV encoding: Excel Unicode text (UTF-16LE, BOM, tab separated)")
    func utf16LittleEndianTabs() throws {
        let tsv = "Họ và tên\tNgày sinh\tĐơn vị\r\nĐặng Thị Hương\t02/09/1985\tChi bộ 3\r\n"
        let data = Data([0xFF, 0xFE]) + tsv.data(using: .utf16LittleEndian)!
        let table = try CSVTable.parse(data)
        #expect(table.separator == "\t")
        #expect(table.header == ["Họ và tên", "Ngày sinh", "Đơn vị"])
        #expect(table.rows == [["Đặng Thị Hương", "02/09/1985", "Chi bộ 3"]])
    }

    @Test("Rule CSV encoding: UTF-16BE with BOM")
    func utf16BigEndian() throws {
        let data = Data([0xFE, 0xFF]) + Self.text.data(using: .utf16BigEndian)!
        let table = try CSVTable.parse(data)
        #expect(table.rows == [["Nguyễn Văn Nên", "19/05/1990"]])
    }

    @Test("Rule CSV encoding: non-UTF-8 bytes without BOM are rejected", arguments: [
        [0x48, 0xD0, 0xE3, 0x2C, 0x41, 0x0A] as [UInt8],  // Windows-1258 bytes
        [0x41, 0xFF, 0x0A],
        [0xC3],                                           // truncated sequence
    ])
    func invalidUTF8(bytes: [UInt8]) {
        #expect(throws: CSVError.notDecodableText) {
            try CSVTable.parse(Data(bytes))
        }
    }

    @Test("Rule CSV encoding: UTF-16 with an odd number of bytes is rejected")
    func oddUTF16() {
        #expect(throws: CSVError.notDecodableText) {
            try CSVTable.parse(Data([0xFF, 0xFE, 0x41, 0x00, 0x42]))
        }
    }

    @Test("Rule CSV encoding: a String with a leading BOM character parses like one without")
    func stringWithBOM() throws {
        let table = try CSVTable.parse("\u{FEFF}" + Self.text)
        #expect(table == (try CSVTable.parse(Self.text)))
    }

    @Test("Rule CSV: empty input or only blank lines has no header", arguments: ["", "\n", "\r\n\r\n", ",,,\n,,\n", "\u{FEFF}"])
    func empty(text: String) {
        #expect(throws: CSVError.emptyFile) {
            try CSVTable.parse(Data(text.utf8))
        }
    }

    @Test("Rule CSV errors: messages are in Vietnamese and point at the line")
    func messages() {
        #expect(CSVError.unterminatedQuote(line: 7).message.contains("dòng 7"))
        #expect(CSVError.emptyFile.message.contains("Tệp trống"))
        #expect(CSVError.notDecodableText.message.contains("UTF-8"))
        #expect(CSVError.emptyFile.errorDescription == CSVError.emptyFile.message)
    }
}
