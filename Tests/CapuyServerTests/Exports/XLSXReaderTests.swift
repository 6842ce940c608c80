import Foundation
import Testing
@testable import CapuyServer

@Suite("XLSX reader")
struct XLSXReaderTests {
    @Test("bytes that are not a ZIP are rejected in Vietnamese")
    func notZip() {
        for data in [Data(), Data("Họ và tên,Ngày sinh\n".utf8), Data(repeating: 0x50, count: 4096)] {
            #expect(throws: XLSXError.notXLSX) { try XLSXReader.readFirstSheet(data) }
        }
        #expect(XLSXError.notXLSX.message == "Tệp không phải là bảng tính XLSX hợp lệ.")
    }

    @Test("a ZIP without a worksheet is rejected")
    func zipWithoutSheet() throws {
        let empty = try XLSXTestSupport.zip([])
        #expect(throws: XLSXError.noSheet) { try XLSXReader.readFirstSheet(empty) }
        let other = try XLSXTestSupport.zip([("word/document.xml", "<document/>")])
        #expect(throws: XLSXError.noSheet) { try XLSXReader.readFirstSheet(other) }
    }

    @Test("malformed sheet XML is reported")
    func malformedSheet() throws {
        let data = try XLSXTestSupport.package(sheet: "<worksheet><sheetData><row>")
        let error = #expect(throws: XLSXError.self) { try XLSXReader.readFirstSheet(data) }
        #expect(error?.kind == .malformedXML)
    }

    @Test("shared strings, rich text, sparse references, booleans and date formats")
    func excelStyleSheet() throws {
        let ns = XLSXTestSupport.mainNS
        let sharedStrings = """
        <?xml version="1.0" encoding="UTF-8"?><sst xmlns="\(ns)" count="3" uniqueCount="3">\
        <si><t>Họ và tên</t></si>\
        <si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t xml:space="preserve">Văn A</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>\
        <si><t>dòng 1_x000D_</t></si></sst>
        """
        let styles = """
        <?xml version="1.0"?><styleSheet xmlns="\(ns)"><numFmts count="2">\
        <numFmt numFmtId="165" formatCode="d/m/yyyy;@"/><numFmt numFmtId="166" formatCode="[h]:mm:ss"/></numFmts>\
        <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>\
        <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="4"/></cellXfs>\
        </styleSheet>
        """
        // Prefixed namespace, cells left out, a skipped row, and rows without `r`.
        let sheet = """
        <?xml version="1.0"?><x:worksheet xmlns:x="\(ns)"><x:sheetData>\
        <x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>2</x:v></x:c></x:row>\
        <x:row r="2"><x:c r="A2" t="s"><x:v>1</x:v></x:c><x:c r="B2" s="1"><x:v>27621</x:v></x:c>\
        <x:c r="D2" s="2"><x:v>45351.75</x:v></x:c><x:c r="E2" s="3"><x:v>0.5</x:v></x:c>\
        <x:c r="F2" t="b"><x:v>1</x:v></x:c><x:c r="G2" s="4"><x:v>1234.5</x:v></x:c></x:row>\
        <x:row r="4"><x:c r="B4"><x:v>0.30000000000000004</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>công thức</x:v></x:c></x:row>\
        <x:row><x:c r="A5" t="inlineStr"><x:is><x:r><x:t>inline </x:t></x:r><x:r><x:t>rich</x:t></x:r></x:is></x:c>\
        <x:c r="B5" t="d"><x:v>1975-08-15T00:00:00</x:v></x:c><x:c r="C5" t="e"><x:v>#N/A</x:v></x:c></x:row>\
        <x:row r="6"><x:c r="A6" s="1"/></x:row>\
        </x:sheetData></x:worksheet>
        """
        let data = try XLSXTestSupport.package(sheet: sheet, sharedStrings: sharedStrings, styles: styles)
        let rows = try XLSXReader.readFirstSheet(data)
        #expect(rows == [
            ["Họ và tên", "", "dòng 1\r", "", "", "", ""],
            ["Nguyễn Văn A", "15/08/1975", "", "29/02/2024", "0.5", "TRUE", "1234.5"],
            ["", "", "", "", "", "", ""],
            ["", "0.3", "công thức", "", "", "", ""],
            ["inline rich", "15/08/1975", "#N/A", "", "", "", ""],
        ])
    }

    @Test("workbooks in the 1904 date system")
    func date1904() throws {
        let styles = "<styleSheet xmlns=\"\(XLSXTestSupport.mainNS)\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/></cellXfs></styleSheet>"
        let sheet = "<worksheet xmlns=\"\(XLSXTestSupport.mainNS)\"><sheetData><row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>26159</v></c></row></sheetData></worksheet>"
        let data = try XLSXTestSupport.package(sheet: sheet, styles: styles, workbookPr: "<workbookPr date1904=\"1\"/>")
        // Serial 0 is not a date we accept, so it stays a number.
        #expect(try XLSXReader.readFirstSheet(data) == [["0", "15/08/1975"]])
    }

    @Test("number formats that are and are not dates")
    func dateFormatDetection() {
        for code in ["dd/mm/yyyy", "d/m/yy", "[$-42A]dd mmmm yyyy", "mmm-yy", "yyyy\"年\"m\"月\"d\"日\"", "m/d/yyyy h:mm"] {
            #expect(XLSXNumberFormat.isDateCode(code), "\(code)")
        }
        for code in ["General", "0.00", "#,##0\" đ\"", "h:mm", "[h]:mm:ss", "mm:ss", "0.00E+00", "@", "[Red]0;\"d\""] {
            #expect(!XLSXNumberFormat.isDateCode(code), "\(code)")
        }
        #expect(XLSXNumberFormat.isDate(id: 14, code: nil))
        #expect(!XLSXNumberFormat.isDate(id: 2, code: nil))
    }

    @Test("numbers shown in their shortest form")
    func numberText() {
        let cases = ["123456": "123456", "1.5": "1.5", "-0": "0", "1.0": "1", "007": "7", "1E-3": "0.001",
                     "0.30000000000000004": "0.3", "1234567890123456": "1234567890123456", "abc": "abc"]
        for (raw, shown) in cases {
            #expect(XLSXNumberFormat.displayText(ofNumber: raw) == shown, "\(raw)")
        }
    }

    @Test("relationship targets resolve to package paths")
    func pathResolution() {
        #expect(XLSXReader.resolve("worksheets/sheet1.xml", from: "xl") == "xl/worksheets/sheet1.xml")
        #expect(XLSXReader.resolve("/xl/worksheets/sheet2.xml", from: "xl") == "xl/worksheets/sheet2.xml")
        #expect(XLSXReader.resolve("../xl/./a.xml", from: "xl/sub") == "xl/xl/a.xml")
        #expect(XLSXReader.resolve("xl/workbook.xml", from: "") == "xl/workbook.xml")
    }
}
