import CapuyCore
import Foundation
import FluentSQLiteDriver
import SQLKit

/// Checks one row of a member list on its own (formats, dates, the member
/// rules, the unit) and turns it into the staged values. Checks that need the
/// other rows or the registry (duplicates, matches) run in SQL on the staging
/// table afterwards, so nothing grows with the file.
struct MemberImportRowCheck {
    let columns: [MemberListColumn: Int]
    let units: MemberImportUnits
    let today: LocalDate

    /// The values staged for a row: every row is staged, even a bad one, so
    /// that a duplicate of a bad row is still reported against its line.
    struct Staged: Sendable {
        let line: Int
        let facts: MemberFacts
        let gender: Gender?
        let unit: MemberImport.UnitRef?

        static let columns = ["line", "id", "changed", "party_card_number", "full_name", "name_folded", "sort_key", "birth_date",
                              "gender", "ethnicity", "admission_date", "official_date", "status", "organization_id",
                              "organization_path"]

        /// The staged columns' values, in `columns` order.
        var fields: [Field] {
            let f = facts
            return [.int(line), .uuid(UUID()), .int(0), .text(f.partyCardNumber), .text(f.fullName),
                    .text(VietnameseText.fold(f.fullName)), .text(VietnameseCollation.sortKey(fullName: f.fullName)),
                    .text(f.birthDate?.iso ?? ""), .text(gender?.rawValue ?? ""), .text(f.ethnicity),
                    .text(f.admissionDate?.iso ?? ""), .text(f.officialDate?.iso),
                    .text(MemberRules.status(officialDate: f.officialDate).rawValue), .uuid(unit?.id), .text(unit?.path)]
        }
    }

    /// One staged value, bound through SQLKit on PostgreSQL and straight as
    /// SQLite's own values on SQLite: encoding each bind through `Encodable`
    /// was the largest cost of a national import's rows (issue 16).
    enum Field: Sendable {
        case int(Int)
        case text(String?)
        case uuid(UUID?)

        var bind: any SQLExpression {
            switch self {
            case .int(let v): SQLBind(v)
            case .text(let v): SQLBind(v)
            case .uuid(let v): SQLBind(v)
            }
        }

        /// As Fluent stores it in SQLite: a UUID is its upper-case text.
        var sqlite: SQLiteData {
            switch self {
            case .int(let v): .integer(v)
            case .text(let v): v.map(SQLiteData.text) ?? .null
            case .uuid(let v): v.map { .text($0.uuidString) } ?? .null
            }
        }
    }

    func check(_ row: MemberImportFile.Row) -> (staged: Staged, issues: [MemberImport.Issue]) {
        func cell(_ c: MemberListColumn) -> String {
            guard let i = columns[c], i < row.fields.count else { return "" }
            return VietnameseText.trimmed(row.fields[i])
        }
        var issues: [MemberImport.Issue] = []
        func add(_ c: MemberListColumn, _ message: String) { issues.append(.init(row: row.line, column: c.title, message: message)) }
        let unitKey = cell(.unit)
        let unit = units.unit(named: unitKey)
        if unitKey.isEmpty { add(.unit, "Thiếu chi bộ (mã hoặc đường dẫn đơn vị).") }
        else if unit == nil { add(.unit, "Không có đơn vị có mã hoặc đường dẫn “\(unitKey)”.") }
        else if unit?.isClosed == true { add(.unit, "Đơn vị “\(unitKey)” đã giải thể hoặc sáp nhập.") }
        let gender = Gender(loose: cell(.gender))
        if gender == nil { add(.gender, "Giới tính phải là Nam hoặc Nữ (gặp “\(cell(.gender))”).") }
        let officialRaw = cell(.officialDate)
        let facts = MemberFacts(fullName: VietnameseText.normalizeName(cell(.fullName)), birthDate: LocalDate(parsing: cell(.birthDate)),
                                ethnicity: VietnameseText.normalizeSpaces(cell(.ethnicity)), partyCardNumber: cell(.partyCardNumber).nilIfEmpty,
                                admissionDate: LocalDate(parsing: cell(.admissionDate)),
                                officialDate: officialRaw.isEmpty ? nil : LocalDate(parsing: officialRaw))
        if !officialRaw.isEmpty, facts.officialDate == nil { add(.officialDate, "Ngày chính thức không hợp lệ: dùng dạng ngày/tháng/năm.") }
        for issue in MemberRules.check(facts, today: today) {
            add(MemberImport.column(for: issue.field), issue.message)
        }
        let usable = unit?.isClosed == false ? unit : nil
        return (Staged(line: row.line, facts: facts, gender: gender, unit: usable), issues)
    }
}
