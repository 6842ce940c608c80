@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor

@Suite("Member import and export")
struct MemberImportExportTests {
    static let header = "Họ và tên,Ngày sinh,Giới tính,Dân tộc,Số thẻ đảng,Ngày vào Đảng,Ngày chính thức,Chi bộ\n"

    @Test("A dry run lists every bad row with its column and reason, and writes nothing")
    func dryRunReports() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Đã Có Thẻ", in: f.a1, card: "44999999")
            let csv = Self.header + """
            Nguyễn Văn Nên,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1
            Trần Thị Lan,31/02/1985,Nữ,Kinh,44000002,03/02/2010,,A1
            Lê Văn Bình,01/01/1980,Nam,Kinh,44000001,01/01/2005,,A2
            Phạm Văn Tư,01/01/1980,Khác,Kinh,,01/01/2005,,KHONG-CO
            Hồ Thị Hoa,01/01/1980,Nữ,Tày,44999999,01/01/2005,01/01/2004,\(f.b1.path)
            """
            let report = try await MemberImport(db: app.db, today: app.capuy.today()).run(Data(csv.utf8), dryRun: true)
            let got = Set(report.issues.map { "\($0.row)|\($0.column)" })
            #expect(got == ["3|Ngày sinh", "4|Số thẻ đảng", "5|Giới tính", "5|Chi bộ", "6|Số thẻ đảng", "6|Ngày chính thức"])
            #expect(report.issues.first { $0.row == 4 }?.message == "Số thẻ đảng 44000001 trùng với dòng 2.")
            #expect(report.imported == 0)
            #expect(report.adds == 5)
            #expect(try await Member.query(on: app.db).count() == 1)
        }
    }

    @Test("A real run with one bad row writes nothing; a clean file writes every row, with one audit event per unit carrying the file's SHA-256 and counts")
    func allOrNothing() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let importer = MemberImport(db: app.db, today: app.capuy.today())
            let bad = Self.header + "Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1\nTrần Thị Lan,15/03/1980,Nữ,Kinh,,03/02/2025,,NOPE\n"
            let refused = try await importer.run(Data(bad.utf8), dryRun: false)
            #expect(refused.issues.count == 1)
            #expect(try await Member.query(on: app.db).count() == 0)
            let good = Self.header + "Nguyễn Văn An,15/03/1980,Nam,Kinh,44000001,03/02/2005,03/02/2006,A1\n\"Trần Thị Lan\",15/03/1980,Nữ,Kinh,,03/02/2025,,\(f.b1.path)\n"
            let report = try await importer.run(Data(good.utf8), dryRun: false)
            #expect(report.imported == 2)
            let lan = try #require(try await Member.query(on: app.db).filter(\.$fullName == "Trần Thị Lan").first())
            #expect(lan.$organization.id == f.b1.id)
            #expect(lan.status == .probationary)
            // Issue 16: one event per import and unit (A1 and B1), not one per member.
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "member.import").all()
            #expect(Set(events.map(\.entityId)) == [f.a1.id!, f.b1.id!])
            #expect(report.sha256 == Digest.sha256Hex(Data(good.utf8)))
            for event in events {
                #expect(event.after?.contains("\"file_sha256\":\"\(report.sha256)\"") == true)
                #expect(event.after?.contains("\"added\":1") == true)
            }
            #expect(try await AuditVerifier.verify(on: app.db).isIntact)
        }
    }

    @Test("A file without the required columns is refused with the list of columns")
    func missingColumns() async throws {
        try await TestApp.withApp { app in
            _ = try await Fixture.make(app)
            do {
                _ = try await MemberImport(db: app.db, today: app.capuy.today()).run(Data("Tên,Tuổi\nA,1\n".utf8), dryRun: true)
                Issue.record("accepted")
            } catch let problem as MemberImport.FileProblem {
                #expect(problem.description.contains("Họ và tên"))
            }
        }
    }

    @Test("An XLSX list made by LibreOffice imports, and an export reads back with the same columns")
    func xlsxRoundTrip() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/members-libreoffice.xlsx")
            let data = try Data(contentsOf: fixture)
            let cells = try XLSXReader.readFirstSheet(data)
            // The fixture names its cells by code; map them onto this test's units.
            let units = Set(cells.dropFirst().compactMap { $0.last })
            for (i, code) in units.sorted().enumerated() {
                let org = [f.a1, f.a2, f.b1][i % 3]
                org.code = code
                try await org.save(on: app.db)
            }
            let report = try await MemberImport(db: app.db, today: app.capuy.today()).run(data, dryRun: false)
            #expect(report.issues.isEmpty, "\(report.issues)")
            #expect(report.imported == 3)
            let (xlsx, count) = try await MemberExport.xlsx(for: f.p, on: app.db, today: app.capuy.today())
            #expect(count == 3)
            // Issue 16: a title block (what, which unit, when, how many), a blank row, then the import's header.
            let back = try XLSXReader.readFirstSheet(xlsx)
            #expect(back[0][0] == "DANH SÁCH ĐẢNG VIÊN")
            #expect(back[1][0] == "Đơn vị: \(f.p.name)")
            #expect(back[2][0] == "Ngày xuất: \(app.capuy.today().display) · Số đảng viên: 3")
            #expect(back[4] == MemberListColumn.allCases.map(\.title) + [MemberExport.unitNameColumn])
            #expect(Set(back.dropFirst(5).map { $0[0] }) == Set(cells.dropFirst().map { VietnameseText.normalizeName($0[0]) }))
            // Each member's unit is named with its parent, since cells share names.
            #expect(back.dropFirst(5).allSatisfy { $0[8].hasSuffix(" · \(f.a.name)") || $0[8].hasSuffix(" · \(f.b.name)") })
            // Re-importing the export finds every card already registered.
            let again = try await MemberImport(db: app.db, today: app.capuy.today()).run(xlsx, dryRun: true)
            #expect(again.issues.filter { $0.column == "Số thẻ đảng" }.count == cells.dropFirst().filter { !$0[4].isEmpty }.count)
        }
    }
}

@Suite("Member list download")
struct MemberDownloadTests {
    @Test("The unit page's Excel link downloads its subtree's members; outside the scope it is a 404")
    func download() async throws {
        try await TestApp.withApp { app in
            let f = try await Fixture.make(app)
            _ = try await f.member(app, "Vũ Thị Loan", in: f.a1, female: true)
            _ = try await f.member(app, "Bùi Văn Toàn", in: f.b1)
            try await f.user(app, "xa-a", .office, at: f.a)
            let cookie = try await WebSession.cookie(app, "xa-a")
            let res = try await WebSession.get(app, "/to-chuc/\(f.a.id!)/dang-vien.xlsx", cookie: cookie)
            #expect(res.status == .ok)
            #expect(res.headers.first(name: .contentDisposition)?.contains("dang-vien-A.xlsx") == true)
            let rows = try XLSXReader.readFirstSheet(Data(buffer: res.body))
            // Below the title block (three lines and a blank row) and the header.
            #expect(rows.dropFirst(5).map { $0[0] } == ["Vũ Thị Loan"])
            let outside = try await WebSession.get(app, "/to-chuc/\(f.b.id!)/dang-vien.xlsx", cookie: cookie)
            #expect(outside.status == .notFound)
            let probationary = try await WebSession.get(app, "/dang-vien?loai=probationary", cookie: cookie)
            #expect(probationary.body.string.contains("Tổng số: 0"))
        }
    }
}
