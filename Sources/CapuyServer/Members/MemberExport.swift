import CapuyCore
import Fluent
import Foundation

/// Writes a unit's members (its whole subtree) to XLSX with the same columns
/// the import reads, so a list can go out and come back.
enum MemberExport {
    static func xlsx(for org: Organization, on db: any Database) async throws -> (data: Data, count: Int) {
        let members = try await Scope([org.treePath]).filter(Member.query(on: db), \.$organizationPath)
            .sort(\.$organizationPath).sort(\.$sortKey).all()
        let units = try await Scope([org.treePath]).filter(Organization.query(on: db), \.$path).all()
        let codes = Dictionary(uniqueKeysWithValues: units.map { ($0.id!, $0.code) })
        func date(_ iso: String?) -> XLSXCell {
            guard let d = iso.flatMap(LocalDate.init(parsing:)) else { return .empty }
            return .date(year: d.year, month: d.month, day: d.day)
        }
        let rows: [[XLSXCell]] = members.map { m in
            [.text(m.fullName), date(m.birthDate), .text(m.gender.label), .text(m.ethnicity),
             m.partyCardNumber.map { .text($0) } ?? .empty, date(m.admissionDate), date(m.officialDate),
             .text(codes[m.$organization.id] ?? "")]
        }
        var book = XLSXWorkbook()
        book.addSheet(name: "Đảng viên", columns: MemberListColumn.allCases.map(\.title), rows: rows)
        return (try book.data(), members.count)
    }
}
