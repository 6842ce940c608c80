import Foundation
import Testing
@testable import CapuyServer

/// Reads a workbook saved by LibreOffice Calc (shared strings, dates typed as
/// dates with LibreOffice's own styles), i.e. what users actually upload.
@Suite("XLSX LibreOffice fixture")
struct XLSXFixtureTests {
    /// Located from this source file rather than bundle resources, so the
    /// fixture needs no resource declaration in Package.swift.
    static let fixtureURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures/members-libreoffice.xlsx")

    @Test("member list made by LibreOffice reads back with dates as dd/MM/yyyy")
    func libreOfficeMembers() throws {
        let rows = try XLSXReader.readFirstSheet(try Data(contentsOf: Self.fixtureURL))
        #expect(rows == [
            ["Họ và tên", "Ngày sinh", "Giới tính", "Dân tộc", "Số thẻ đảng", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ"],
            ["Nguyễn Văn An", "15/08/1975", "Nam", "Kinh", "79012345", "03/02/2005", "03/02/2006", "Chi bộ Khu phố 1"],
            ["Trần Thị Bích Ngọc", "02/09/1982", "Nữ", "Tày", "79012346", "19/05/2010", "19/05/2011", "Chi bộ Khu phố 2"],
            ["Hà Văn Sáng", "30/04/1968", "Nam", "Mường", "79012347", "07/11/1990", "07/11/1991",
             "Chi bộ Trường Tiểu học \"Lê Lợi\""],
        ])
    }
}
