@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 18, "every export fit to sign": each sheet names its unit, period
/// and the day it was made above its header; dates are date cells; the
/// file's name says what it holds and for which unit; the place a unit
/// dates its papers at is data.
@Suite("Exports fit to sign")
struct ExportFitToSignTests {
    static let title = ExportTitle(heading: "Thống kê đơn thư", unit: "Đảng bộ xã An Phú",
                                   period: "Từ 01/01/2026 đến 31/03/2026", madeOn: LocalDate(year: 2026, month: 4, day: 2)!)

    @Test("A title block sits above the header; the header still freezes, filters and repeats on every printed page")
    func titleBlock() throws {
        var book = XLSXWorkbook(createdAt: Date(timeIntervalSince1970: 0))
        book.addSheet(name: "Tổng hợp", title: Self.title, columns: ["Chi bộ", "Số lượng"], rows: [[.text("Chi bộ 1"), .number(3)]])
        let data = try book.data()
        let firsts = try XLSXReader.readFirstSheet(data).map { $0.first ?? "" }
        #expect(firsts.prefix(4) == ["THỐNG KÊ ĐƠN THƯ", "Đơn vị: Đảng bộ xã An Phú", "Kỳ: Từ 01/01/2026 đến 31/03/2026", "Ngày lập: 02/04/2026"])
        #expect(try XLSXTestSupport.table(data) == [["Chi bộ", "Số lượng"], ["Chi bộ 1", "3"]])
        let sheet = try #require(try XLSXTestSupport.part("xl/worksheets/sheet1.xml", of: data))
        let workbook = try #require(try XLSXTestSupport.part("xl/workbook.xml", of: data))
        // Four lines, a blank row, then the header on row 6.
        #expect(sheet.contains("<row r=\"6\"") && sheet.contains("ySplit=\"6\"") && sheet.contains("<autoFilter ref=\"A6:B7\"/>"))
        #expect(workbook.contains("!$6:$6</definedName>") && workbook.contains("!$A$6:$B$7</definedName>"))
    }

    @Test("File names say what, for which unit and when, and take no character a file system refuses")
    func fileNames() {
        #expect(Self.title.fileName("xlsx") == "Thống kê đơn thư – Đảng bộ xã An Phú – Từ 01-01-2026 đến 31-03-2026.xlsx")
        let rollup = ExportTitle(heading: "Tổng hợp thực hiện", unit: "Đảng bộ tỉnh Quảng Trị", period: "Văn bản 08-NQ/TU", madeOn: Self.title.madeOn)
        #expect(!rollup.fileName("xlsx").contains("/"))
    }

    @Test("A share is written as a percentage with one decimal, the same on every sheet; nothing to rate is an empty cell")
    func percentCells() {
        #expect(XLSXCell.percent(0.8125) == .number(81.3))
        #expect(XLSXCell.percent(nil) == .empty)
        #expect(XLSXCell.percent(.nan) == .empty)
        #expect(XLSXCell.day("2026-02-03") == .date(year: 2026, month: 2, day: 3))
        #expect(XLSXCell.day("31/02/2026") == .empty && XLSXCell.day(nil) == .empty)
    }

    @Test("R-DOC-3: the place name comes from the administrative unit a committee's name holds")
    func derivedPlaceNames() {
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ tỉnh Quảng Trị") == "Quảng Trị")
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ thành phố Hồ Chí Minh") == "Thành phố Hồ Chí Minh")
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ thành phố Hà Nội") == "Hà Nội")
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ phường Đồng Hới") == "Phường Đồng Hới")
        #expect(PlaceName.derived(fromUnitName: "đảng bộ  xã Tân Hòa") == "Xã Tân Hòa")
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ đặc khu Phú Quốc") == "Đặc khu Phú Quốc")
        #expect(PlaceName.derived(fromUnitName: "Chi bộ Khu phố 1") == nil)
        #expect(PlaceName.derived(fromUnitName: "Đảng bộ xã ") == nil)
    }

    /// The download's UTF-8 name (RFC 6266 `filename*`).
    static func fileName(_ res: TestingHTTPResponse) -> String {
        res.headers.first(name: .contentDisposition)?.components(separatedBy: "UTF-8''").last?.removingPercentEncoding ?? ""
    }

    /// The demo's exports, each fetched as its user would.
    static func exports(_ app: Application, cookie: String) async throws -> [(path: String, response: TestingHTTPResponse)] {
        let province = try #require(try await Organization.query(on: app.db).filter(\.$name == "Đảng bộ tỉnh Quảng Trị").first())
        let withTasks = try #require(try await PartyTask.query(on: app.db).filter(\.$documentId != nil).first()?.documentId)
        let paths = [SiteURL.documentsXLSX.path, SiteURL.documentRollupXLSX(withTasks).path, SiteURL.caseStatisticsXLSX.path,
                     SiteURL.inspectionsXLSX.path, MeetingURL.xlsx(unit: province.id!).path]
        var out: [(String, TestingHTTPResponse)] = []
        for path in paths { out.append((path, try await WebSession.get(app, path, cookie: cookie))) }
        return out
    }

    @Test("Every demo export names the unit, the period and the day it was made, and its file name names the unit")
    func demoExports() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let cookie = try await WebSession.cookie(app, "admin")
            let made = "Ngày lập: \(app.capuy.today().display)"
            for (path, res) in try await Self.exports(app, cookie: cookie) {
                #expect(res.status == .ok, "\(path): \(res.status)")
                let rows = try XLSXReader.readFirstSheet(Data(buffer: res.body))
                let head = rows.prefix(4).compactMap(\.first)
                #expect(head.count == 4 && head[1].hasPrefix("Đơn vị: Đảng bộ") && head[2].hasPrefix("Kỳ: ") && head[3] == made, "\(path): \(head)")
                let name = Self.fileName(res)
                #expect(name.contains(" – Đảng bộ "), "\(path): the file name names the unit: \(name)")
            }
        }
    }

    @Test("Case statistics: the period and case dates are date cells, and an empty rate says why")
    func caseStatisticsCells() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let cookie = try await WebSession.cookie(app, "admin")
            let res = try await WebSession.get(app, SiteURL.caseStatisticsXLSX.path + "?from=01/01/2000&to=02/01/2000", cookie: cookie)
            #expect(res.status == .ok)
            let sheet = try #require(try XLSXTestSupport.part("xl/worksheets/sheet1.xml", of: Data(buffer: res.body)))
            // Style 2 is the date style: "Từ ngày" and "Đến ngày" are rows 7 and 8, their values in column B.
            #expect(sheet.contains("<c r=\"B7\" s=\"2\"") && sheet.contains("<c r=\"B8\" s=\"2\""), "dates are date cells")
            #expect(try XLSXReader.readFirstSheet(Data(buffer: res.body)).contains(["Tỷ lệ đúng hạn (%)", "Không có đơn đến hạn trong kỳ"]))
        }
    }

    @Test("Inspection statistics: the sanctions sheet holds sanction forms only; complaints and annulments have their own")
    func inspectionSheets() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let cookie = try await WebSession.cookie(app, "admin")
            let data = Data(buffer: try await WebSession.get(app, SiteURL.inspectionsXLSX.path, cookie: cookie).body)
            let sanctions = try #require(try XLSXTestSupport.part("xl/worksheets/sheet2.xml", of: data))
            #expect(!sanctions.contains("Khiếu nại") && !sanctions.contains("bị xóa bỏ"))
            for form in SanctionForm.allCases { #expect(sanctions.contains(form.label)) }
            let appeals = try #require(try XLSXTestSupport.part("xl/worksheets/sheet3.xml", of: data))
            #expect(appeals.contains("Khiếu nại quyết định kỷ luật") && appeals.contains("Quyết định kỷ luật bị xóa bỏ"))
        }
    }

    @Test("The roll-up's total line reads the same on the page and in the file; its column counts assignments")
    func rollupTotal() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let cookie = try await WebSession.cookie(app, "admin")
            let doc = try #require(try await PartyTask.query(on: app.db).filter(\.$documentId != nil).first()?.documentId)
            let page = try await WebSession.get(app, SiteURL.document(doc).path, cookie: cookie).body.string
            let rows = try XLSXReader.readFirstSheet(Data(buffer: try await WebSession.get(app, SiteURL.documentRollupXLSX(doc).path, cookie: cookie).body))
            let total = try #require(rows.last?.first)
            #expect(total.hasPrefix("Tổng cộng (Đảng bộ"))
            #expect(page.contains("<tfoot><tr><th>\(HTMLText.escape(total))</th>"))
            #expect(rows.contains { $0.contains("Số nhiệm vụ giao") } && page.contains("<th>Số nhiệm vụ giao</th>"))
        }
    }

    @Test("A unit's place name is data: set and cleared through the API, checked, audited, and used in its papers' heading")
    func placeNameIsData() async throws {
        try await TestApp.withApp { app in
            try await DemoSeeder.seedIfEmpty(app)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            let token = try await SessionStore.open(for: admin.id!, kind: "api", on: app.db).token
            let commune = try #require(try await Organization.query(on: app.db).filter(\.$kindRaw == OrganizationKind.communeCommittee.rawValue)
                .filter(\.$closedOn == nil).sort(\.$path).first())
            let bad = try await API.call(app, .PATCH, "/api/v1/organizations/\(commune.id!)", token: token, json: ["placeName": "12345"])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("placeName"))
            let set = try await API.call(app, .PATCH, "/api/v1/organizations/\(commune.id!)", token: token, json: ["placeName": "  Cam   Lộ "])
            #expect(set.status == .ok)
            #expect(try set.content.decode(OrganizationDTO.self).placeName == "Cam Lộ")
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "organization.update").filter(\.$entityId == commune.id!).count() == 1)
            let reloaded = try #require(try await Organization.find(commune.id, on: app.db))
            #expect(try await PlaceName.of(reloaded, on: app.db) == "Cam Lộ")
            // A cell below takes its committee's place.
            let cell = try #require(try await Organization.query(on: app.db).filter(\.$parent.$id == commune.id!).first())
            #expect(try await PlaceName.of(cell, on: app.db) == "Cam Lộ")
            let cleared = try await API.call(app, .PATCH, "/api/v1/organizations/\(commune.id!)", token: token, json: ["placeName": ""])
            #expect(try cleared.content.decode(OrganizationDTO.self).placeName == nil)
            #expect(try await PlaceName.of(try #require(try await Organization.find(commune.id, on: app.db)), on: app.db)
                    == PlaceName.derived(fromUnitName: commune.name))
        }
    }
}
