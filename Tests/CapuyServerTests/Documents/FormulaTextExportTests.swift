@testable import CapuyServer
import CapuyCore
import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

/// Issue 16, "Bad input": a formula typed into a field (`=HYPERLINK(…)`)
/// comes back out of every export as the text it was, never as a formula a
/// spreadsheet would run; a member's name that is a formula is refused.
@Suite("Formulas stay text")
struct FormulaTextExportTests {
    static let formula = "=HYPERLINK(\"http://phishing.example/x\",\"Bấm vào đây\")"

    @Test("A document titled with a formula exports to XLSX as an inline string and to DOCX as plain text")
    func documentExports() async throws {
        try await TestApp.withApp { app in
            let w = try await DocWorld.make(app)
            let doc = try await w.issued(w.p, issuer: w.f.p, title: Self.formula, recipients: [w.f.a])
            let xlsx = DocumentExportTests.data(try await w.get("/documents/register.xlsx", w.p))
            let rows = try XLSXReader.readFirstSheet(xlsx)
            #expect(rows.contains { $0.contains(Self.formula) })
            let sheet = try #require(try XLSXTestSupport.part("xl/worksheets/sheet1.xml", of: xlsx))
            #expect(!sheet.contains("<f>") && !sheet.contains("<f "))
            // Every text cell is an inline string: a spreadsheet shows it and runs nothing.
            #expect(sheet.contains("t=\"inlineStr\"><is><t>=HYPERLINK("))
            let docx = DocumentExportTests.data(try await w.get("/documents/\(doc.id)/export.docx", w.p))
            let body = try #require(try XLSXTestSupport.part("word/document.xml", of: docx))
            #expect(body.uppercased().contains("=HYPERLINK("))
            #expect(!body.contains("w:instrText") && !body.contains("w:fldSimple"))
        }
    }

    @Test("A member whose name is a formula is refused with its row and column; nothing is written")
    func formulaName() async throws {
        try await TestApp.withApp { app in
            _ = try await Fixture.make(app)
            let csv = MemberImportExportTests.header + "\"=HYPERLINK(\"\"http://x.example\"\",\"\"An\"\")\",15/03/1980,Nam,Kinh,,03/02/2026,,A1\n"
            let report = try await MemberImport(db: app.db, today: app.capuy.today()).run(Data(csv.utf8), dryRun: false)
            #expect(report.issues.map { "\($0.row)|\($0.column)" } == ["2|Họ và tên"])
            #expect(report.issues.first?.message == "Họ và tên chứa ký tự không hợp lệ.")
            #expect(try await Member.query(on: app.db).count() == 0)
        }
    }
}
