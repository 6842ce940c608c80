import CapuyCore
import Fluent
import Foundation
import SQLKit

/// Writes a unit's members (its whole subtree) to XLSX with the same columns
/// the import reads, so a list can go out and come back. The members are
/// read a page at a time and the sheet is written as they come (issue 16:
/// a province's 300,000 members in bounded memory); a title block names the
/// unit, the date and the count, and a last column names each member's unit
/// with its parent, since many cells share a name.
enum MemberExport {
    static let pageSize = 5_000
    static let unitNameColumn = "Tên chi bộ"

    /// The .xlsx at `url`; returns the members written.
    @discardableResult
    static func write(for org: Organization, to url: URL, on db: any Database, today: LocalDate,
                      pageSize: Int = pageSize) async throws -> Int {
        let units = try await UnitLabels.subtree(of: org, on: db)
        let total = try await Rollups.tally(of: org.id!, on: db).members
        let sheet = try XLSXSheetStream(
            title: ["DANH SÁCH ĐẢNG VIÊN",
                    "Đơn vị: \(units[org.id!]?.label ?? org.name)",
                    "Ngày xuất: \(today.display) · Số đảng viên: \(total)"],
            columns: MemberListColumn.allCases.map(\.title) + [unitNameColumn])
        func date(_ iso: String?) -> XLSXCell {
            guard let d = iso.flatMap(LocalDate.init(parsing:)) else { return .empty }
            return .date(year: d.year, month: d.month, day: d.day)
        }
        struct Key: Decodable { let organization_path: String; let sort_key: String }
        var after: (path: String, sortKey: String, id: UUID)?
        let subtree = Scope([org.treePath]).predicate(column: "organization_path")
        repeat {
            let query = MemberRowQuery.select(on: db).column("organization_path").column("sort_key").where(subtree)
            if let after {
                // The list index's own order: each page seeks past the last row of the one before.
                query.where(SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn("organization_path"), SQLColumn("sort_key"), SQLColumn("id")]), .greaterThan,
                    SQLGroupExpression([SQLBind(after.path), SQLBind(after.sortKey), SQLBind(after.id)])))
            }
            let rows = try await query.orderBy("organization_path").orderBy("sort_key").orderBy("id").limit(pageSize).all()
            after = nil
            for raw in rows {
                let m = try raw.decode(model: MemberRowQuery.Row.self).dto
                let key = try raw.decode(model: Key.self)
                let unit = units[m.organizationId]
                try sheet.append([.text(m.fullName), date(m.birthDate), .text(m.gender.label), .text(m.ethnicity),
                                  m.partyCardNumber.map { .text($0) } ?? .empty, date(m.admissionDate), date(m.officialDate),
                                  .text(unit?.code ?? ""), .text(unit?.label ?? "")])
                after = (key.organization_path, key.sort_key, m.id)
            }
            if rows.count < pageSize { after = nil }
        } while after != nil
        try sheet.finish(to: url, sheetName: "Đảng viên")
        return sheet.rows
    }

    /// The same file in memory, for a download of a small unit and for tests.
    static func xlsx(for org: Organization, on db: any Database, today: LocalDate) async throws -> (data: Data, count: Int) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("capuy-export-\(UUID().uuidString).xlsx")
        defer { try? FileManager.default.removeItem(at: url) }
        let count = try await write(for: org, to: url, on: db, today: today)
        return (try Data(contentsOf: url), count)
    }
}
