@testable import CapuyServer
import CapuyCore
import Foundation
import Testing

// Issue 15: a plan comes as CSV, as XLSX (an office's spreadsheet) or as the
// API's JSON; all three give the same rows, and a file that is none of them
// is refused with a sentence, not a crash.
@Suite("Reorganization plan files")
struct PlanFileTests {
    static let header = ["Thao tác", "Đơn vị", "Mã mới", "Tên", "Loại", "Cấp trên", "Kế thừa", "Chi bộ chuyển"]
    static let cells = [["Thành lập", "", "N", "Đảng bộ xã Tân Hợp", "Đảng bộ xã", "P", "", ""],
                        ["Chia tách", "A", "", "", "", "", "N", "A1; A2"]]

    @Test("The same plan read from CSV and from XLSX gives the same rows, with the lines of the sheet")
    func csvAndXLSX() throws {
        let csv = ([Self.header] + Self.cells).map { $0.map { $0.contains(";") ? "\"\($0)\"" : $0 }.joined(separator: ",") }.joined(separator: "\n")
        var book = XLSXWorkbook()
        book.addSheet(name: "Kế hoạch", columns: Self.header, rows: Self.cells.map { $0.map(XLSXCell.text) })
        let fromCSV = try PlanFile.read(Data(csv.utf8))
        let fromXLSX = try PlanFile.read(try book.data())
        #expect(fromCSV.issues.isEmpty && fromXLSX.issues.isEmpty)
        #expect(fromCSV.rows == fromXLSX.rows)
        #expect(fromXLSX.rows.map(\.line) == [2, 3] && fromXLSX.rows[1].cells == ["A1", "A2"])
    }

    @Test("The API's JSON carries its date and title; broken files are refused with a reason")
    func jsonAndBroken() throws {
        let json = #"{"effectiveOn": "2025-07-01", "title": "Sắp xếp", "rows": [{"action": "rename", "unit": "A", "name": "Xã mới"}]}"#
        let parsed = try PlanFile.read(Data(json.utf8))
        #expect(parsed.effectiveOn == "2025-07-01" && parsed.title == "Sắp xếp" && parsed.rows.first?.action == .rename)
        #expect(throws: MemberImport.FileProblem.self) { try PlanFile.read(Data(#"{"rows": 3}"#.utf8)) }
        #expect(throws: MemberImport.FileProblem.self) { try PlanFile.read(Data([0x50, 0x4B, 0x03, 0x04, 0x00, 0x01])) }
        #expect(PlanFile.templateCSV.hasPrefix("Thao tác,Đơn vị,Mã mới"))
        let template = try PlanFile.read(Data(PlanFile.templateCSV.utf8))
        #expect(template.issues.isEmpty && Set(template.rows.map(\.action)) == Set(PlanAction.allCases))
    }
}
