import CapuyCore
import Fluent
import Foundation
import SQLKit
import Vapor

struct CellRef: Content, Hashable {
    let id: UUID
    let name: String
    let path: String
    /// Cells share names ("Chi bộ Khu phố 1"): lists show the parent too.
    let parentName: String?

    /// "Chi bộ Khu phố 1 · Đảng bộ phường An Hòa".
    var label: String { UnitLabels.label(name: name, parentName: parentName) }
}

struct CadenceWarningDTO: Content {
    let organizationId: UUID
    let organizationName: String
    let parentName: String?
    let kind: String
    let period: String
    let message: String
    let messageEn: String
}

struct CellStatisticsDTO: Content {
    let organizationId: UUID
    let organizationName: String
    let parentName: String?
    let held: Int
    let regular: Int
    let thematic: Int
    let averageScore: Double?
    let averageAttendance: Double?
    /// Held meetings per level (MeetingLevel raw values).
    let levels: [String: Int]
    let followers: Int

    var label: String { UnitLabels.label(name: organizationName, parentName: parentName) }
}

struct TrendPointDTO: Content {
    let month: String
    let score: Double?
    let meetings: Int
}

/// Read-only views over a subtree's meetings: R-MEET-1 warnings, per-cell
/// statistics and a cell's 12-month trend. Plain SQL over the path index.
struct MeetingReports {
    let db: any Database
    let access: MeetingAccess
    let today: LocalDate
    var policy: MeetingPolicy = .standard

    /// Open cells and grassroots cells under `root` that the user may see.
    func cells(under root: Organization) async throws -> [CellRef] {
        struct Row: Decodable { let id: UUID; let name: String; let path: String; let parent_name: String? }
        let o = { (column: String) in SQLColumn(column, table: "o") }
        let rows = try await db.sql.select().column(o("id")).column(o("name")).column(o("path"))
            .column(SQLColumn("name", table: "p"), as: "parent_name")
            .from(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")))
            .join(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                  on: SQLColumn("id", table: "p"), .equal, o("parent_id"))
            .where(o("kind"), .in, SQLGroupExpression([SQLBind(OrganizationKind.cell.rawValue), SQLBind(OrganizationKind.grassrootsCell.rawValue)]))
            .where(o("closed_on"), .is, SQLLiteral.null)
            .where(Scope([root.treePath]).predicate(o("path")))
            .where(access.view.predicate(o("path")))
            .orderBy(o("path")).limit(20_000).all(decoding: Row.self)
        return rows.map { CellRef(id: $0.id, name: $0.name, path: $0.path, parentName: $0.parent_name) }
    }

    struct HeldRow: Decodable {
        let organization_id: UUID
        let kind: String
        let held_on: String
        let score: Double?
        let level: String?
        let attendance_rate: Double?
    }

    func held(under root: Organization, from: LocalDate, to: LocalDate) async throws -> [HeldRow] {
        try await db.sql.select().columns("organization_id", "kind", "held_on", "score", "level", "attendance_rate").from(Meeting.schema)
            .where(Scope([root.treePath]).predicate(column: "organization_path"))
            .where("status", .equal, MeetingStatus.held.rawValue)
            .where("held_on", .greaterThanOrEqual, from.iso).where("held_on", .lessThanOrEqual, to.iso)
            .all(decoding: HeldRow.self)
    }

    /// R-MEET-1: cells that held no regular meeting in a completed month or
    /// no thematic one in a completed quarter, over the last 12 months.
    func warnings(under root: Organization) async throws -> [CadenceWarningDTO] {
        let cells = try await cells(under: root)
        let start = YearMonth(today).adding(months: -12).first
        let rows = try await held(under: root, from: start, to: today)
        var byCell: [UUID: [(kind: MeetingKind, on: LocalDate)]] = [:]
        for r in rows {
            guard let d = LocalDate(parsing: r.held_on) else { continue }
            byCell[r.organization_id, default: []].append((MeetingKind(rawValue: r.kind) ?? .regular, d))
        }
        return cells.flatMap { cell in
            MeetingCadence.gaps(held: byCell[cell.id] ?? [], today: today, policy: policy).map { gap in
                CadenceWarningDTO(organizationId: cell.id, organizationName: cell.name, parentName: cell.parentName, kind: gap.kind.rawValue, period: gap.label,
                                  message: "\(cell.label): không có \(gap.kind.label.lowercased()) trong \(gap.label) (R-MEET-1)",
                                  messageEn: "\(cell.label): no \(gap.kind.labelEn.lowercased()) in \(gap.label) (R-MEET-1)")
            }
        }
    }

    func statistics(under root: Organization, from: LocalDate, to: LocalDate) async throws -> [CellStatisticsDTO] {
        let cells = try await cells(under: root)
        let rows = try await held(under: root, from: from, to: to)
        let grouped = Dictionary(grouping: rows, by: \.organization_id)
        struct FollowRow: Decodable { let organization_id: UUID; let n: Int64 }
        let follows = try await db.sql.raw("""
            SELECT organization_id, CAST(COUNT(*) AS BIGINT) AS n FROM follow_assignments
            WHERE from_on <= \(bind: to.iso) AND to_on >= \(bind: from.iso) AND \(Scope([root.treePath]).predicate(column: "organization_path"))
            GROUP BY organization_id
            """).all(decoding: FollowRow.self)
        let followers = Dictionary(follows.map { ($0.organization_id, Int($0.n)) }, uniquingKeysWith: +)
        return cells.map { cell in
            let held = grouped[cell.id] ?? []
            let scores = held.compactMap(\.score), rates = held.compactMap(\.attendance_rate)
            return CellStatisticsDTO(
                organizationId: cell.id, organizationName: cell.name, parentName: cell.parentName, held: held.count,
                regular: held.filter { $0.kind == MeetingKind.regular.rawValue }.count,
                thematic: held.filter { $0.kind == MeetingKind.thematic.rawValue }.count,
                averageScore: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                averageAttendance: rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count),
                levels: Dictionary(grouping: held.compactMap(\.level), by: { $0 }).mapValues(\.count),
                followers: followers[cell.id] ?? 0)
        }
    }

    /// A cell's average score per month over the last 12 months, oldest first.
    func trend(of cell: Organization) async throws -> [TrendPointDTO] {
        let first = YearMonth(today).adding(months: -11)
        let rows = try await held(under: cell, from: first.first, to: today).filter { $0.organization_id == cell.id }
        return (0..<12).map { i in
            let month = first.adding(months: i)
            let inMonth = rows.filter { LocalDate(parsing: $0.held_on).map(YearMonth.init) == month }
            let scores = inMonth.compactMap(\.score)
            return TrendPointDTO(month: month.display, score: scores.isEmpty ? nil : scores.reduce(0, +) / Double(scores.count),
                                 meetings: inMonth.count)
        }
    }
}
