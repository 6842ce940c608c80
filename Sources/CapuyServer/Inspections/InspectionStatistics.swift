import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

/// A year's inspection and discipline figures in scope, for the page, the
/// API and the XLSX (issue 6, deliverable 7).
struct InspectionStatistics: Content {
    let year: Int
    /// Inspections opened in the year, by kind (InspectionKind raw values).
    let byKind: [String: Int]
    let concluded: Int
    /// Decisions in force decided in the year, by sanction.
    let bySanction: [String: Int]
    /// The same decisions by subject: "member", "unit" or "leadership".
    let bySubject: [String: Int]
    let appeals: Int
    let annulled: Int

    static func make(year: Int, scope: Scope, on db: any Database) async throws -> InspectionStatistics {
        let span = ReviewFacts.yearSpan(year)
        return try await make(year: year, from: span.from, to: span.to, scope: scope, on: db)
    }

    /// Between two ISO days, both included (a term's report); `year` labels the sheets.
    static func make(year: Int, from: String, to: String, scope: Scope, on db: any Database) async throws -> InspectionStatistics {
        let span = (from: from, to: to)
        struct KindRow: Decodable { let kind: String?; let status: String; let n: Int64 }
        let kinds = try await db.sql.select().column("kind").column("status").column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(Inspection.schema).where(scope.predicate(column: "organization_path"))
            .where("opened_on", .greaterThanOrEqual, span.from).where("opened_on", .lessThanOrEqual, span.to)
            .groupBy("kind").groupBy("status").all(decoding: KindRow.self)
        var byKind: [String: Int] = [:]
        for r in kinds { byKind[r.kind ?? InspectionKind.signsOfViolation.rawValue, default: 0] += Int(r.n) }
        struct FormRow: Decodable { let form: String; let subject: String; let status: String; let n: Int64 }
        let forms = try await db.sql.select().column("form").column("subject").column("status")
            .column(SQLAlias(SQLRaw("CAST(COUNT(*) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(DisciplineDecision.schema).where(scope.predicate(column: "organization_path"))
            .where("decided_on", .greaterThanOrEqual, span.from).where("decided_on", .lessThanOrEqual, span.to)
            .groupBy("form").groupBy("subject").groupBy("status").all(decoding: FormRow.self)
        var bySanction: [String: Int] = [:], bySubject: [String: Int] = [:]
        for r in forms where r.status == "decided" {
            bySanction[r.form, default: 0] += Int(r.n)
            bySubject[r.subject, default: 0] += Int(r.n)
        }
        let appeals = try await scope.filter(DisciplineAppeal.query(on: db), \.$handlingPath)
            .filter(\.$filedOn >= span.from).filter(\.$filedOn <= span.to).count()
        return InspectionStatistics(year: year, byKind: byKind, concluded: kinds.filter { $0.status == InspectionStatus.concluded.rawValue }.reduce(0) { $0 + Int($1.n) },
                                    bySanction: bySanction, bySubject: bySubject, appeals: appeals,
                                    annulled: forms.filter { $0.status == "annulled" }.reduce(0) { $0 + Int($1.n) })
    }

    /// Three sheets: inspections by kind, sanctions by form (the forms only),
    /// and the complaints against decisions with what they annulled, which
    /// are not sanctions and used to sit among them.
    func xlsx(_ title: ExportTitle) throws -> Data {
        var book = XLSXWorkbook()
        book.addSheet(name: "Kiểm tra, giám sát \(year)", title: title, columns: ["Loại", "Số cuộc"],
                      rows: InspectionKind.allCases.map { [.text($0.label), .number(Double(byKind[$0.rawValue] ?? 0))] }
                        + [[.text("Đã kết luận"), .number(Double(concluded))]])
        book.addSheet(name: "Kỷ luật \(year)", title: title, columns: ["Hình thức kỷ luật", "Số quyết định"],
                      rows: SanctionForm.allCases.map { [.text($0.label), .number(Double(bySanction[$0.rawValue] ?? 0))] }
                        + [[.text("Tổng cộng"), .number(Double(bySanction.values.reduce(0, +)))]])
        book.addSheet(name: "Khiếu nại kỷ luật \(year)", title: title, columns: ["Nội dung", "Số lượng"],
                      rows: [[.text("Khiếu nại quyết định kỷ luật đã nhận"), .number(Double(appeals))],
                             [.text("Quyết định kỷ luật bị xóa bỏ"), .number(Double(annulled))]])
        return try book.data()
    }
}
