import CapuyCore
import Foundation
import SQLKit

/// Checks one row of a member list on its own (formats, dates, the member
/// rules, the unit) and turns it into the staged values. Checks that need the
/// other rows or the registry (duplicates, matches) run in SQL on the staging
/// table afterwards, so nothing grows with the file.
struct MemberImportRowCheck {
    let columns: [MemberListColumn: Int]
    let units: [String: MemberImport.UnitRef]
    let today: LocalDate

    /// The values staged for a row: every row is staged, even a bad one, so
    /// that a duplicate of a bad row is still reported against its line.
    struct Staged {
        let line: Int
        let facts: MemberFacts
        let gender: Gender?
        let unit: MemberImport.UnitRef?
        let valid: Bool

        static let columns = ["line", "id", "changed", "valid", "party_card_number", "full_name", "name_folded", "sort_key", "birth_date",
                              "gender", "ethnicity", "admission_date", "official_date", "status", "organization_id",
                              "organization_path"]

        var values: [any SQLExpression] {
            let f = facts
            return [SQLBind(line), SQLBind(UUID()), SQLBind(0), SQLBind(valid ? 1 : 0), SQLBind(f.partyCardNumber), SQLBind(f.fullName),
                    SQLBind(VietnameseText.fold(f.fullName)), SQLBind(VietnameseCollation.sortKey(fullName: f.fullName)),
                    SQLBind(f.birthDate?.iso ?? ""), SQLBind(gender?.rawValue ?? ""), SQLBind(f.ethnicity),
                    SQLBind(f.admissionDate?.iso ?? ""), SQLBind(f.officialDate?.iso),
                    SQLBind(MemberRules.status(officialDate: f.officialDate).rawValue), SQLBind(unit?.id), SQLBind(unit?.path)]
        }
    }

    /// A unit is named by its code (in any case) or its path.
    func unit(named key: String) -> MemberImport.UnitRef? { units[key] ?? units[key.uppercased()] }

    func check(_ row: MemberImportFile.Row) -> (staged: Staged, issues: [MemberImport.Issue]) {
        func cell(_ c: MemberListColumn) -> String {
            guard let i = columns[c], i < row.fields.count else { return "" }
            return row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        var issues: [MemberImport.Issue] = []
        func add(_ c: MemberListColumn, _ message: String) { issues.append(.init(row: row.line, column: c.title, message: message)) }
        let unitKey = cell(.unit)
        let unit = unit(named: unitKey)
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
        return (Staged(line: row.line, facts: facts, gender: gender, unit: usable, valid: issues.isEmpty), issues)
    }
}
