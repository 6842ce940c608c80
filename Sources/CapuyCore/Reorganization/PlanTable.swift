import Foundation

/// Reads a plan's rows from a table (a CSV or XLSX sheet already split into
/// cells) and checks each row's shape: a known action and the columns that
/// action needs. What the rows refer to is checked by `PlanSimulation`.
public enum PlanTable {
    public static func rows(header: [String], cells: [[String]], lines: [Int]) -> (rows: [PlanRow], issues: [PlanIssue]) {
        let located = PlanColumn.locate(in: header)
        guard located[.action] != nil, located[.unit] != nil else {
            let titles = PlanColumn.allCases.map(\.title).joined(separator: ", ")
            return ([], [PlanIssue(row: 1, column: located[.action] == nil ? .action : .unit,
                                   "Thiếu cột “Thao tác” hoặc “Đơn vị”. Dòng tiêu đề cần có: \(titles).",
                                   en: "The “Thao tác” (action) or “Đơn vị” (unit) column is missing.")])
        }
        var rows: [PlanRow] = []
        var issues: [PlanIssue] = []
        for (index, record) in cells.enumerated() {
            let line = index < lines.count ? lines[index] : index + 2
            func cell(_ c: PlanColumn) -> String {
                guard let i = located[c], i < record.count else { return "" }
                return VietnameseText.normalizeSpaces(record[i].replacingOccurrences(of: "\r", with: "\n"))
            }
            if record.allSatisfy({ $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }) { continue }
            let rawAction = cell(.action)
            guard let action = PlanAction(loose: rawAction) else {
                issues.append(PlanIssue(row: line, column: .action,
                                        "Thao tác “\(rawAction)” không hợp lệ: dùng Thành lập, Chuyển, Sáp nhập, Chia tách, Đổi tên hoặc Giải thể.",
                                        en: "Unknown action “\(rawAction)”: use create, move, merge, split, rename or dissolve."))
                continue
            }
            let listed = { (c: PlanColumn) -> [String] in
                guard let i = located[c], i < record.count else { return [] }
                return PlanRow.list(record[i])
            }
            let row = PlanRow(line: line, action: action, unit: cell(.unit), code: cell(.code), name: cell(.name), kind: cell(.kind),
                              sector: cell(.sector), parent: cell(.parent), successor: cell(.successor),
                              cells: listed(.cells), members: listed(.members), note: cell(.note))
            issues += shapeIssues(of: row)
            rows.append(row)
        }
        if rows.isEmpty && issues.isEmpty {
            issues.append(PlanIssue(row: 1, column: nil, "Kế hoạch không có dòng thao tác nào.", en: "The plan has no rows."))
        }
        return (rows, issues)
    }

    /// The columns each action needs, told per row.
    public static func shapeIssues(of row: PlanRow) -> [PlanIssue] {
        var out: [PlanIssue] = []
        func need(_ column: PlanColumn, _ value: String, _ what: String, en: String) {
            if value.isEmpty { out.append(PlanIssue(row: row.line, column: column, "\(row.action.label): cần \(what).", en: "\(row.action.rawValue): \(en) is required.")) }
        }
        switch row.action {
        case .create:
            need(.code, row.code, "mã đơn vị mới (để các dòng sau gọi đến)", en: "the new unit's code")
            need(.name, row.name, "tên đơn vị", en: "the name")
            need(.kind, row.kind, "loại đơn vị", en: "the kind")
            need(.parent, row.parent, "đơn vị cấp trên", en: "the parent")
        case .move:
            need(.unit, row.unit, "đơn vị được chuyển", en: "the unit")
            need(.parent, row.parent, "đơn vị cấp trên mới", en: "the new parent")
        case .merge:
            need(.unit, row.unit, "đơn vị được sáp nhập", en: "the unit")
            need(.successor, row.successor, "đơn vị nhận sáp nhập (kế thừa)", en: "the successor")
        case .split:
            need(.unit, row.unit, "đơn vị được chia tách", en: "the unit")
            need(.successor, row.successor, "đơn vị nhận phần chia tách", en: "the successor")
            if row.cells.isEmpty && row.members.isEmpty {
                out.append(PlanIssue(row: row.line, column: .cells, "Chia tách: cần liệt kê chi bộ hoặc đảng viên chuyển sang đơn vị này.",
                                     en: "split: list the cells or members that go to this successor."))
            }
        case .rename:
            need(.unit, row.unit, "đơn vị đổi tên", en: "the unit")
            need(.name, row.name, "tên mới", en: "the new name")
        case .dissolve:
            need(.unit, row.unit, "đơn vị giải thể", en: "the unit")
        }
        if row.name.count > 200 {
            out.append(PlanIssue(row: row.line, column: .name, "Tên đơn vị dài quá 200 ký tự.", en: "The name is longer than 200 characters."))
        }
        return out
    }

    /// A kind written as its API name or its Vietnamese label ("Chi bộ trực
    /// thuộc", "Đảng bộ xã, phường, đặc khu") or a short form of it.
    public static func kind(_ raw: String) -> OrganizationKind? {
        if let exact = OrganizationKind(rawValue: raw) { return exact }
        let folded = VietnameseText.fold(raw)
        if let labelled = OrganizationKind.allCases.first(where: { VietnameseText.fold($0.label) == folded || $0.rawValue.lowercased() == folded }) {
            return labelled
        }
        let short: [String: OrganizationKind] = [
            "tinh uy": .provincialCommittee, "dang bo tinh": .provincialCommittee, "thanh uy": .provincialCommittee,
            "huyen uy": .districtCommittee, "dang bo huyen": .districtCommittee, "quan uy": .districtCommittee, "thi uy": .districtCommittee,
            "dang bo xa": .communeCommittee, "dang bo phuong": .communeCommittee, "dang uy xa": .communeCommittee,
            "dang bo co so": .grassrootsCommittee, "chi bo co so": .grassrootsCell,
            "dang bo bo phan": .partialCommittee, "chi bo": .cell, "chi bo truc thuoc": .cell,
        ]
        return short[folded]
    }
}
