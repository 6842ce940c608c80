@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 3, point 6: the register and the roll-up as XLSX, one document as
/// DOCX in the party layout (R-DOC-3); and documents surviving a unit's move.
@Suite("Documents: exports and moving a unit")
struct DocumentExportTests {
    static func data(_ res: TestingHTTPResponse) -> Data { Data(res.body.readableBytesView) }

    @Test("The register (sổ đăng ký văn bản) is an XLSX holding each visible document's number and symbol")
    func register() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let nq = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về xây dựng Đảng", recipients: [w.f.a])
            let ct = try await w.issued(w.p, type: "directive", issuer: w.f.p, title: "Chỉ thị về dân vận")
            _ = try await w.draft(w.p, issuer: w.f.p, title: "Dự thảo chưa ban hành")
            let res = try await w.get("/documents/register.xlsx", w.p)
            #expect(res.status == .ok)
            #expect(res.headers.contentType?.description.hasPrefix(XLSXWorkbook.contentType) == true)
            // The file names what it holds and for which unit (issue 18).
            let name = res.headers.first(name: .contentDisposition)?.components(separatedBy: "UTF-8''").last?.removingPercentEncoding
            #expect(name?.hasPrefix("Sổ đăng ký văn bản – Đảng bộ tỉnh Thử nghiệm – ") == true, "\(name ?? "")")
            let rows = try XLSXTestSupport.table(Self.data(res))
            #expect(rows.first?.prefix(3) == ["STT", "Số, ký hiệu", "Ngày ban hành"])
            #expect(rows.count == 4)
            let nqRow = try #require(rows.first { $0.contains("01-NQ/TU") })
            #expect(nqRow.contains("Nghị quyết về xây dựng Đảng") && nqRow.contains(w.issueDay.display) && nqRow.contains("Nghị quyết"))
            #expect(nqRow.contains("Đảng bộ tỉnh Thử nghiệm") && nqRow.contains("Nguyễn Văn Ký"))
            #expect(rows.contains { $0.contains("Dự thảo") && $0.contains("Dự thảo chưa ban hành") })
            // Filters apply; and A's register holds only what A sees.
            let directives = try XLSXTestSupport.table(Self.data(try await w.get("/documents/register.xlsx?type=directive", w.p)))
            #expect(directives.dropFirst().map { $0[1] } == [ct.identifier!])
            let forA = try XLSXTestSupport.table(Self.data(try await w.get("/documents/register.xlsx", w.a)))
            #expect(forA.dropFirst().map { $0[1] } == [nq.identifier!])
        }
    }

    @Test("R-DOC-3: a document exports to DOCX with the party heading, the number and symbol, place and date, and the signer")
    func docx() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p, title: "Nghị quyết về xây dựng Đảng",
                                         summary: "Về xây dựng, chỉnh đốn Đảng & hệ thống chính trị", recipients: [w.f.a])
            let res = try await w.get("/documents/\(doc.id)/export.docx", w.p)
            #expect(res.status == .ok)
            // Named by number and issuer: every commune's first plan is "01-KH/ĐU" (issue 18).
            #expect(ExportFitToSignTests.fileName(res) == "01-NQ-TU – Đảng bộ tỉnh Thử nghiệm.docx")
            let xml = try #require(try XLSXTestSupport.part("word/document.xml", of: Self.data(res)))
            #expect(xml.contains("ĐẢNG CỘNG SẢN VIỆT NAM"))
            #expect(xml.contains("Số 01-NQ/TU"))
            #expect(xml.contains("TỈNH ỦY") && xml.contains("ĐẢNG BỘ TỈNH THỬ NGHIỆM"))
            let d = w.issueDay
            let dd = d.day < 10 ? "0\(d.day)" : "\(d.day)", mm = d.month < 3 ? "0\(d.month)" : "\(d.month)"
            #expect(xml.contains("Thử nghiệm, ngày \(dd) tháng \(mm) năm \(d.year)"))
            #expect(xml.contains("NGHỊ QUYẾT"))
            #expect(xml.contains("chỉnh đốn Đảng &amp; hệ thống"))
            #expect(xml.contains("Nguyễn Văn Ký") && xml.contains("Đảng bộ xã An Phú"))
            // Two recipient cells of the same name are told apart by their parents; a name said once stays bare (issue 16, item 7).
            let namesake = try await OrganizationService(db: app.db, actor: .system, today: app.capuy.today()).create(
                .init(parentId: w.f.b.id, name: "Chi bộ thôn 1", kind: "grassrootsCell", sector: "residential", code: "B9"), scope: nil)
            let both = try await w.issued(w.p, issuer: w.f.p, title: "Chỉ thị gửi hai chi bộ", recipients: [w.f.a1, namesake, w.f.b1])
            let sent = try #require(try XLSXTestSupport.part("word/document.xml", of: Self.data(try await w.get("/documents/\(both.id)/export.docx", w.p))))
            #expect(sent.contains("Chi bộ thôn 1 · Đảng bộ xã An Phú") && sent.contains("Chi bộ thôn 1 · Đảng bộ phường Bình Minh"))
            #expect(sent.contains("Chi bộ khu phố 1") && !sent.contains("Chi bộ khu phố 1 ·"))
            // A draft exports with blanks for the number and date.
            let draft = try await w.draft(w.p, issuer: w.f.p)
            let blank = try #require(try XLSXTestSupport.part("word/document.xml", of: Self.data(try await w.get("/documents/\(draft.id)/export.docx", w.p))))
            #expect(blank.contains("Số ……") && blank.contains("ngày … tháng … năm …"))
        }
    }

    @Test("The roll-up exports to XLSX with a row per unit and a total")
    func rollupXLSX() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p)
            try await w.assign(w.p, doc.id, deadline: w.today.adding(days: 10), kind: .grassrootsCell)
            let res = try await w.get("/documents/\(doc.id)/rollup.xlsx", w.p)
            #expect(res.status == .ok)
            let rows = try XLSXTestSupport.table(Self.data(res))
            // The column counts assignments; the total line reads as on the page (issue 18).
            #expect(rows.first?.prefix(3) == ["Đơn vị", "Số nhiệm vụ giao", "Chưa thực hiện"])
            #expect(rows.dropFirst().map { Array($0.prefix(3)) } == [
                ["Đảng bộ xã An Phú", "2", "2"], ["Đảng bộ phường Bình Minh", "1", "1"], ["Tổng cộng (Đảng bộ tỉnh Thử nghiệm)", "3", "3"],
            ])
        }
    }

    @Test("Moving a cell to another commune keeps its documents and assignments, now seen from the new commune")
    func moveUnit() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let board = try await w.f.user(app, "bantochuc", .organizationBoard, at: w.f.p)
            let a1 = try await w.f.user(app, "bithu-a1", .secretary, at: w.f.a1)
            try await w.term(w.f.a1, w.today.adding(days: -730), w.today.adding(days: 1095), token: a1)
            let cellDoc = try await w.issued(a1, type: "plan", issuer: w.f.a1, title: "Kế hoạch của chi bộ thôn 1")
            let resolution = try await w.issued(w.p, issuer: w.f.p)
            let task = try await w.assign(w.p, resolution.id, deadline: w.today.adding(days: 30), kind: .grassrootsCell)
            let assignmentID = try await w.assignment(task.id, at: w.f.a1).id!
            #expect(Set(try await w.list("", w.a).map(\.id)).isSuperset(of: [cellDoc.id, resolution.id]))

            // when: A1 moves under B
            let move = try await API.call(app, .POST, "/api/v1/organizations/\(w.f.a1.id!)/move", token: board,
                                          json: ["parentId": w.f.b.id!.uuidString])
            #expect(move.status == .ok)

            // then: B sees A1's document and the resolution through A1's task; A no longer sees A1's document
            #expect(Set(try await w.list("", w.b).map(\.id)) == [cellDoc.id, resolution.id])
            #expect(try await w.get("/documents/\(cellDoc.id)", w.a).status == .notFound)
            #expect(try await w.get("/assignments/\(assignmentID)", w.a).status == .notFound)
            #expect(try await w.get("/assignments/\(assignmentID)", w.b).status == .ok)
            // The cell still sees its own document and task and can report on it.
            #expect(Set(try await w.list("", a1).map(\.id)) == [cellDoc.id, resolution.id])
            let progress = try await API.call(app, .POST, "/api/v1/assignments/\(assignmentID)/progress", token: a1, json: ["percent": 40])
            #expect(progress.status == .ok)
            // The roll-up now counts A1 under B.
            let rollup = try await w.get("/documents/\(resolution.id)/rollup", w.p).content.decode(RollupDTO.self)
            #expect(rollup.rows.map(\.organizationId) == [w.f.a.id!, w.f.b.id!])
            #expect(rollup.rows.map(\.tally.total) == [1, 2] && rollup.rows[1].tally.inProgress == 1)
            // And the cell's numbering goes on in its term.
            #expect(try await w.issued(a1, type: "plan", issuer: w.f.a1).identifier == "02-KH/CB")
            // DESIGN.md, Rollups: the kept tallies agree with a recount after the move.
            #expect(try await TaskTallies.verify(on: app.db) == [])
        }
    }
}
