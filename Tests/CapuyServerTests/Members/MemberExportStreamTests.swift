@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

/// Issue 16, "Streaming XLSX export": the members are read a page at a time
/// and written as they come; the sheet's header stays frozen, filtered and
/// printed on every page below the title block.
@Suite("Member export, streamed")
struct MemberExportStreamTests {
    @Test("Pages of the list follow each other without loss or repeat, in the list's order, under the title block")
    func pagesInOrder() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let givens = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Long", "Nam", "Sơn", "Tuấn", "Anh", "Hà"]
            let rows = (0..<23).map { i in
                "Trần Văn \(givens[i % givens.count]),0\(1 + i % 9)/01/1980,Nam,Kinh,4420\(String(format: "%04d", i)),01/01/2005,01/01/2006,\(i % 2 == 0 ? "A1" : "A2")"
            }
            _ = try await MemberImport(db: app.db, today: app.capuy.today())
                .run(Data((MemberImportExportTests.header + rows.joined(separator: "\n")).utf8), dryRun: false)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString).xlsx")
            defer { try? FileManager.default.removeItem(at: url) }
            let count = try await MemberExport.write(for: f.a, to: url, on: app.db, today: app.capuy.today(), pageSize: 5)
            #expect(count == 23)
            let data = try Data(contentsOf: url)
            let sheet = try XLSXReader.readFirstSheet(data)
            let cards = sheet.dropFirst(5).map { $0[4] }
            #expect(cards.count == 23 && Set(cards).count == 23)
            // A1's members before A2's (the list's path order), each unit in name order.
            let units = sheet.dropFirst(5).map { $0[7] }
            #expect(units == units.sorted { ($0 == f.a1.code ? 0 : 1) < ($1 == f.a1.code ? 0 : 1) })
            // The header row (5) repeats on printed pages and is frozen; the filter covers the data.
            let zip = try XLSXZipReader(data: data)
            let workbook = String(decoding: try #require(try zip.read("xl/workbook.xml")), as: UTF8.self)
            #expect(workbook.contains("!$5:$5"))
            #expect(workbook.contains("$A$5:$I$28"))
            let xml = String(decoding: try #require(try zip.read("xl/worksheets/sheet1.xml")), as: UTF8.self)
            #expect(xml.contains("ySplit=\"5\""))
            // And it comes back: an update with the export changes nothing.
            var importer = MemberImport(db: app.db, today: app.capuy.today())
            importer.mode = .update
            let again = try await importer.run(data, dryRun: true)
            #expect(again.issueCount == 0 && again.unchanged == 23 && again.adds == 0)
        }
    }
}
