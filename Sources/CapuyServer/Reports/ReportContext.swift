import CapuyCore
import Fluent
import Foundation
import SQLKit

/// The dates a report covers: a calendar year, or a committee's term.
struct ReportSpan: Sendable, Equatable {
    let from: LocalDate
    let to: LocalDate
    let label: String
    let labelEn: String
    /// The calendar year, for a year report: ratings and programs are kept by year.
    let year: Int?
    /// The term, for a term report: its full-term program.
    var termId: UUID?

    static func year(_ year: Int) -> ReportSpan? {
        guard let from = LocalDate(year: year, month: 1, day: 1), let to = LocalDate(year: year, month: 12, day: 31) else { return nil }
        return ReportSpan(from: from, to: to, label: "Năm \(year)", labelEn: "Year \(year)", year: year)
    }

    static func term(_ term: Term) -> ReportSpan {
        ReportSpan(from: term.span.startsOn, to: term.span.endsOn, label: "Nhiệm kỳ \(term.name)", labelEn: "Term \(term.name)",
                   year: nil, termId: term.id)
    }

    /// The months of the span that have ended by `today`, counted from the
    /// day a unit opened when it opened inside the span (the 2025 communes
    /// opened on 1 July): what a cadence (a meeting a month, a reception day
    /// a month) could be held against.
    func monthsEnded(by today: LocalDate, openedOn: String? = nil) -> Int {
        let opened = openedOn.flatMap(LocalDate.init(parsing:))
        let first = max(from, opened ?? from)
        let last = min(to, today)
        guard last >= first else { return 0 }
        // A unit that opened after the 1st has no cadence in its first, partial month.
        var start = first
        if first.day != 1 {
            start = LocalDate(year: first.month == 12 ? first.year + 1 : first.year, month: first.month % 12 + 1, day: 1) ?? first
        }
        guard last >= start else { return 0 }
        var months = (last.year - start.year) * 12 + (last.month - start.month)
        // The last month counts when its last day is inside both the span and the past.
        if last.adding(days: 1).month != last.month { months += 1 }
        return max(0, months)
    }

    var period: ReportDTO.Period { .init(from: from.iso, to: to.iso, label: label, labelEn: labelEn) }
}

/// What a section needs: the unit, the database, today, the settings, and
/// for each permission whether the user may see the unit's whole subtree.
struct ReportContext: Sendable {
    let db: any Database
    let unit: Organization
    let today: LocalDate
    let settings: Settings
    let calendar: WorkingCalendar
    /// The user's scope for each permission: a section shows only when it
    /// holds the unit's whole subtree, and its figures are then counted as
    /// the user's lists count them (a case shielded from a unit stays out of
    /// that unit's own view, R-CASE-5).
    let scopes: [Permission: Scope]

    func allows(_ permission: Permission) -> Bool { scopes[permission]?.contains(unit.treePath) ?? false }
    func scope(_ permission: Permission) -> Scope { scopes[permission] ?? .nothing }

    var path: String { unit.path }
    var subtree: Scope { Scope([unit.treePath]) }
    var id: UUID { unit.id! }

    /// Rows of `column` inside the unit's subtree.
    func inSubtree(_ column: any SQLExpression) -> any SQLExpression { subtree.predicate(column) }
    func inSubtree(column: String) -> any SQLExpression { subtree.predicate(column: column) }

    /// Between the span's first and last day, both included. `column` is
    /// fixed text in the code ("t.deadline"), never input.
    static func within(_ column: String, _ span: ReportSpan) -> SQLQueryString {
        "\(unsafeRaw: column) >= \(bind: span.from.iso) AND \(unsafeRaw: column) <= \(bind: span.to.iso)"
    }
}

/// One part of the report: its title, what the user must hold to see it,
/// and its tables for a span.
protocol ReportSection: Sendable {
    var key: String { get }
    var title: String { get }
    var titleEn: String { get }
    /// Any one of these over the whole subtree shows the section.
    var permissions: [Permission] { get }
    /// False for a section with nothing to set beside the period before (a
    /// program's tasks are the year's own): it is read once, not twice.
    var comparesWithBefore: Bool { get }
    func tables(_ ctx: ReportContext, _ span: ReportSpan) async throws -> [ReportTableDTO]
}

extension ReportSection {
    var comparesWithBefore: Bool { true }
}

extension SQLDatabase {
    /// One row of `Int` counts from a query whose columns are all counts
    /// (`CAST(… AS BIGINT)`), nil and missing columns read as 0.
    func counts(_ query: SQLQueryString, _ columns: [String]) async throws -> [String: Int] {
        guard let row = try await raw(query).first() else { return [:] }
        var out: [String: Int] = [:]
        for c in columns { out[c] = Int(try row.decode(column: c, as: Int64?.self) ?? 0) }
        return out
    }

    /// `key → count` from a query with the columns `k` and `n`.
    func grouped(_ query: SQLQueryString) async throws -> [String: Int] {
        let rows = try await raw(query).all(decoding: ReportGroupRow.self)
        return Dictionary(rows.map { ($0.k ?? "", Int($0.n)) }, uniquingKeysWith: +)
    }
}

private struct ReportGroupRow: Decodable { let k: String?; let n: Int64 }

/// The year-end report's reads at the national root (issue 18): the tasks a
/// committee gave by (issuer, deadline), a year's admissions by (date, path)
/// (an import rebuilds it with the others, MemberIndexes), transfers by day.
struct AddReportIndexes: AsyncMigration {
    func prepare(on db: any Database) async throws {
        try await db.sql.create(index: "tasks_issuer").on(PartyTask.schema).column("issuer_id").column("deadline").run()
        try await db.sql.create(index: "members_admission").on(Member.schema).column("admission_date").column("organization_path").run()
        try await db.sql.create(index: "transfers_day").on(Transfer.schema).column("transferred_on").run()
    }

    func revert(on db: any Database) async throws {
        try await db.sql.drop(index: "transfers_day").run()
        try await db.sql.drop(index: "members_admission").run()
        try await db.sql.drop(index: "tasks_issuer").run()
    }
}
