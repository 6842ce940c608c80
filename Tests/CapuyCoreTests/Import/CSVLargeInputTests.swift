import Foundation
import Testing
import CapuyCore

// Rule: imports of a whole Party organisation (tens of thousands of rows) are
// parsed correctly in one pass; quoted fields are handled anywhere in the file.
@Suite("Rule: CSV large inputs")
struct CSVLargeInputTests {
    static let rowCount = 20_000
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ"]
    static let givens = ["An", "Ánh", "Bình", "Chi", "Dũng", "Đạt", "Hương", "Long"]

    /// Row i; every 10th row has a quoted field with a comma, a doubled quote
    /// and an embedded line break, so it spans two lines.
    static func row(_ i: Int) -> [String] {
        let name = "\(families[i % 8]) Văn \(givens[(i / 8) % 8])"
        let note = i % 10 == 0 ? "Ghi chú \"số \(i)\",\ndòng hai" : "ghi chú \(i)"
        return [String(i + 1), name, VietnameseDate.format(year: 1950 + i % 50, month: 1 + i % 12, day: 1 + i % 28),
                i % 2 == 0 ? "Nam" : "Nữ", "Chi bộ \(i % 37)", "09\(10_000_000 + i)", "\(i)@example.vn", note]
    }

    static func encode(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            : field
    }

    @Test("Rule CSV large input: 20,000 rows x 8 columns parse exactly, with line numbers")
    func twentyThousandRows() throws {
        var text = "STT,Họ và tên,Ngày sinh,Giới tính,Chi bộ,Điện thoại,Email,Ghi chú\r\n"
        var expectedLines: [Int] = []
        var line = 2
        for i in 0..<Self.rowCount {
            let fields = Self.row(i)
            text += fields.map(Self.encode).joined(separator: ",") + "\r\n"
            expectedLines.append(line)
            line += i % 10 == 0 ? 2 : 1
        }
        let table = try CSVTable.parse(Data(([0xEF, 0xBB, 0xBF] as [UInt8]) + Array(text.utf8)))

        #expect(table.header.count == 8)
        #expect(table.header[1] == "Họ và tên")
        #expect(table.rows.count == Self.rowCount)
        #expect(table.rowLines == expectedLines)
        var mismatched: [Int] = []  // collect, then assert once: 20,000 #expects would be slow
        for (index, row) in table.rows.enumerated() where row != Self.row(index) {
            mismatched.append(index)
        }
        #expect(mismatched.isEmpty, "first mismatched rows: \(mismatched.prefix(5))")
        #expect(table.rows[10][7] == "Ghi chú \"số 10\",\ndòng hai")
    }
}
