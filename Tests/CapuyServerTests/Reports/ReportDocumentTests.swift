@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 18, deliverables 2–4: the report as a "BC" Word file, as a workbook
/// with a sheet a section, and as a draft in the register that takes the
/// next BC number when issued.
@Suite("The report as a document and a workbook")
struct ReportDocumentTests {
    static func text(_ docx: Data) throws -> String {
        try PartyDocumentDOCXTests.Scan.parse(try #require(try PartyDocumentDOCXTests.unzip(docx)["word/document.xml"])).runs
            .map(\.text).joined(separator: "|")
    }

    @Test("The Word file: the committee's heading, Roman-numbered sections with their tables; the number once the register issues it")
    func wordFileAndRegister() async throws {
        try await TestApp.withApp { app in
            let (w, _, now, admin) = try await YearReportTests.twoYears(app)
            let base = "/api/v1/organizations/\(w.f.p.id!)/reports/year/\(now.year)"
            let first = try await API.call(app, .GET, base + "/export.docx", token: admin)
            #expect(first.status == .ok)
            #expect(first.headers.first(name: .contentDisposition)?.contains("bao cao tong ket nam _ dang bo tinh thu nghiem _ nam \(now.year).docx") == true)
            let before = try Self.text(Data(buffer: first.body))
            #expect(before.contains("ĐẢNG CỘNG SẢN VIỆT NAM") && before.contains("TỈNH ỦY") && before.contains("Số ……"))
            #expect(before.contains("BÁO CÁO") && before.contains("tổng kết công tác xây dựng Đảng năm \(now.year)"))
            for heading in ["I. BAN HÀNH VĂN BẢN", "III. TIẾP NHẬN, GIẢI QUYẾT ĐƠN THƯ", "VIII. CÔNG TÁC ĐẢNG VIÊN"] {
                #expect(before.contains(heading), "\(heading)")
            }
            // A table row: label, this year, last year, change.
            #expect(before.contains("Văn bản đã ban hành|3|2|+1"))

            // Saved into the register as a draft Báo cáo, then issued: the next BC number goes on the Word file.
            let saved = try await API.call(app, .POST, base + "/document", token: w.p)
            try #require(saved.status == .created, "\(saved.body.string)")
            let draft = try saved.content.decode(DocumentDTO.self)
            #expect(draft.type == "report" && draft.status == .draft && draft.title == "Báo cáo tổng kết năm \(now.year)")
            #expect(draft.content.contains("I. BAN HÀNH VĂN BẢN") && draft.content.contains("- Văn bản đã ban hành: 3 (năm \(now.year - 1): 2; +1)."))
            let audit = try await AuditEvent.query(on: app.db).filter(\.$action == "document.create").filter(\.$entityId == draft.id).count()
            #expect(audit == 1)
            // A's office may not draft P's papers: the same 404 as for no unit.
            #expect(try await API.call(app, .POST, base + "/document", token: w.a).status == .notFound)
            let issued = try await w.issueResponse(w.p, draft.id, on: w.today)
            try #require(issued.status == .ok, "\(issued.body.string)")
            let after = try Self.text(Data(buffer: try await API.call(app, .GET, base + "/export.docx", token: admin).body))
            #expect(after.contains("Số 01-BC/TU") && !after.contains("Số ……"))
        }
    }

    @Test("The workbook: a sheet a section, the title block, numbers as numbers, rates in percent")
    func workbook() async throws {
        try await TestApp.withApp { app in
            let (w, _, now, admin) = try await YearReportTests.twoYears(app)
            let res = try await API.call(app, .GET, "/api/v1/organizations/\(w.f.p.id!)/reports/year/\(now.year)/export.xlsx", token: admin)
            #expect(res.status == .ok)
            let data = Data(buffer: res.body)
            let workbook = try #require(try XLSXTestSupport.part("xl/workbook.xml", of: data))
            for name in ["I. Văn bản, nhiệm vụ", "III. Đơn thư, tiếp dân", "VIII. Đảng viên"] { #expect(workbook.contains(name), "\(name)") }
            let rows = try XLSXTestSupport.table(data)
            #expect(rows.first == ["Chỉ tiêu", "Năm \(now.year)", "Năm \(now.year - 1)", "Tăng (+), giảm (−)", "Ghi chú"])
            #expect(rows.contains(["Văn bản đã ban hành", "3", "2", "1", ""]))
            #expect(rows.contains(["Tỷ lệ đúng hạn (%)", "50", "50", "0", ""]))
            let title = try XLSXReader.readFirstSheet(data).prefix(4).map { $0.first ?? "" }
            #expect(title == ["BÁO CÁO TỔNG KẾT NĂM", "Đơn vị: Đảng bộ tỉnh Thử nghiệm", "Kỳ: Năm \(now.year)", "Ngày lập: \(w.today.display)"])
        }
    }
}
