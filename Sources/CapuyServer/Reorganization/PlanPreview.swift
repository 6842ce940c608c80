import CapuyCore
import Foundation
import Vapor

/// What a plan does, as the dry run and the apply report it (issue 15): every
/// change, the members moved and to where, each open item handed over, and
/// the counts of every unit it touches before and after.
struct PlanPreview: Content, Equatable {
    struct Change: Content, Equatable {
        var row: Int
        var action: String
        var unitId: UUID
        var unit: String
        var detail: String
    }

    struct MemberMove: Content, Equatable {
        var row: Int
        var count: Int
        var fromId: UUID
        var from: String
        var toId: UUID
        var to: String
        /// Set when the members moved with their unit rather than alone.
        var withUnit: String?
    }

    struct UnitCount: Content, Equatable {
        var id: UUID
        var code: String
        var name: String
        var membersBefore: Int
        var membersAfter: Int
        var openUnitsBefore: Int
        var openUnitsAfter: Int
        /// "created", "closed" or "changed".
        var state: String
    }

    var effectiveOn: String
    var rows: Int
    var changes: [Change] = []
    var memberMoves: [MemberMove] = []
    var handovers: [UnitHandover.Item] = []
    var counts: [UnitCount] = []

    var membersMoved: Int { memberMoves.reduce(0) { $0 + $1.count } }
}

/// The answer to a submitted plan: a preview (dry run), or the stored plan
/// applied now or pending until its date, with what it did or will do.
struct ReorganizationResultDTO: Content {
    var status: String
    var planId: UUID?
    var preview: PlanPreview
}

/// A stored plan as lists show it.
struct ReorganizationPlanDTO: Content {
    var id: UUID
    var title: String
    var effectiveOn: String
    var status: String
    var rows: Int
    var createdBy: String
    var createdAt: Date
    var appliedAt: Date?
    var outcome: String?

    init(_ p: ReorganizationPlanRecord) {
        id = p.id!
        title = p.title
        effectiveOn = p.effectiveOn
        status = p.statusRaw
        rows = p.rowCount
        createdBy = p.createdBy
        createdAt = p.createdAt
        appliedAt = p.appliedAt
        outcome = p.outcome
    }
}

/// A plan in the API: the rows as JSON, in the columns of the file.
struct ReorganizationInput: Content {
    struct Row: Content {
        var action: String
        var unit: String?
        var code: String?
        var name: String?
        var kind: String?
        var sector: String?
        var parent: String?
        var successor: String?
        var cells: [String]?
        var members: [String]?
        var note: String?
    }

    var title: String?
    var effectiveOn: String
    var dryRun: Bool?
    var rows: [Row]

    /// The rows with their numbers (counted from 1) and shape problems.
    func planRows() -> (rows: [PlanRow], issues: [PlanIssue]) {
        var out: [PlanRow] = []
        var issues: [PlanIssue] = []
        for (index, r) in rows.enumerated() {
            let line = index + 1
            guard let action = PlanAction(loose: r.action) else {
                issues.append(PlanIssue(row: line, column: .action, "Thao tác “\(r.action)” không hợp lệ.", en: "Unknown action “\(r.action)”."))
                continue
            }
            func t(_ s: String?) -> String { VietnameseText.normalizeSpaces(s ?? "") }
            let row = PlanRow(line: line, action: action, unit: t(r.unit), code: t(r.code), name: t(r.name), kind: t(r.kind), sector: t(r.sector),
                              parent: t(r.parent), successor: t(r.successor), cells: (r.cells ?? []).map(t).filter { !$0.isEmpty },
                              members: (r.members ?? []).map(t).filter { !$0.isEmpty }, note: t(r.note))
            issues += PlanTable.shapeIssues(of: row)
            out.append(row)
        }
        if rows.isEmpty { issues.append(PlanIssue(row: 0, column: nil, "Kế hoạch không có dòng thao tác nào.", en: "The plan has no rows.")) }
        return (out, issues)
    }
}

extension PlanIssue {
    /// As a field of an API problem: `rows[3].successor`, and a message that
    /// says the row and column as an office reads them.
    var fieldIssue: FieldIssue {
        let column = PlanColumn.allCases.first { $0.title == self.column }
        let field = row == 0 ? "effectiveOn" : "rows[\(row)]" + (column.map { ".\($0.rawValue)" } ?? "")
        let place = row == 0 ? "" : "Dòng \(row)" + (self.column.isEmpty ? "" : ", cột \(self.column)") + ": "
        let placeEn = row == 0 ? "" : "Row \(row)" + (column.map { ", column \($0.rawValue)" } ?? "") + ": "
        return FieldIssue(field: field, place + message, en: placeEn + messageEn)
    }
}
