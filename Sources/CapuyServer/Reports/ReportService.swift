import CapuyCore
import Fluent
import Foundation
import Vapor

/// Assembles a unit's year-end or term report from its data (issue 18):
/// every section is counted for the period and for the one before, and the
/// two are set side by side.
struct ReportService {
    let db: any Database
    let today: LocalDate
    let settings: Settings
    let calendar: WorkingCalendar
    /// The user's scope per permission; the whole tree for the CLI.
    let scopes: [Permission: Scope]

    /// In the order of a report: documents, program, cases, meetings,
    /// reviews, commitments, inspection, members.
    static let sections: [any ReportSection] = [
        ReportDocumentsSection(), ReportProgramSection(), ReportCasesSection(), ReportMeetingsSection(),
        ReportReviewsSection(), ReportCommitmentsSection(), ReportInspectionSection(), ReportMembersSection(),
    ]

    /// The report of calendar year `year` for unit `id`.
    func year(_ year: Int, unit id: UUID) async throws -> ReportDTO {
        guard QueryYear.range.contains(year), let span = ReportSpan.year(year) else {
            throw ValidationFailure(field: "year", "Năm phải từ \(QueryYear.range.lowerBound) đến \(QueryYear.range.upperBound).",
                                    en: "The year runs from \(QueryYear.range.lowerBound) to \(QueryYear.range.upperBound).")
        }
        guard year <= today.year else {
            throw ValidationFailure(field: "year", "Năm \(year) chưa bắt đầu: chưa có gì để báo cáo.", en: "Year \(year) has not begun: nothing to report yet.")
        }
        let unit = try await visibleUnit(id)
        return try await build(unit: unit, span: span, previous: ReportSpan.year(year - 1), kind: "year")
    }

    /// The report of a committee's term, beside the term before it.
    func term(_ termId: UUID) async throws -> ReportDTO {
        guard let term = try await Term.find(termId, on: db) else { throw Refusal.notFound }
        let unit = try await visibleUnit(term.$organization.id)
        let earlier = try await Term.query(on: db).filter(\.$organization.$id == unit.id!).filter(\.$startsOn < term.startsOn)
            .sort(\.$startsOn, .descending).first()
        return try await build(unit: unit, span: .term(term), previous: earlier.map(ReportSpan.term), kind: "term")
    }

    /// The report a caller names: a term of `unit` by its id, or else a year
    /// written as at most four digits (the path, the page's query, its form).
    func named(unit: UUID, year: String?, term: String?) async throws -> ReportDTO {
        if let term, !term.isEmpty {
            guard let termId = UUID(uuidString: term), let t = try await Term.find(termId, on: db), t.$organization.id == unit else {
                throw Refusal.notFound
            }
            return try await self.term(termId)
        }
        // Int("99999999999999999999") is nil, not a trap; four digits are all a year needs.
        guard let year, year.count <= 4, let number = Int(year) else {
            throw ValidationFailure(field: "year", "Năm phải là số có bốn chữ số.", en: "The year is a four-digit number.")
        }
        return try await self.year(number, unit: unit)
    }

    private func visibleUnit(_ id: UUID) async throws -> Organization {
        guard let unit = try await Organization.find(id, on: db),
              scopes[.viewOrganizations]?.contains(unit.treePath) ?? false else { throw Refusal.notFound }
        return unit
    }

    private func build(unit: Organization, span: ReportSpan, previous: ReportSpan?, kind: String) async throws -> ReportDTO {
        let ctx = ReportContext(db: db, unit: unit, today: today, settings: settings,
                                calendar: calendar, scopes: scopes)
        var sections: [ReportSectionDTO] = []
        for section in Self.sections {
            guard section.permissions.contains(where: ctx.allows) else {
                sections.append(ReportSectionDTO(key: section.key, title: section.title, titleEn: section.titleEn, shown: false,
                                                 note: "Phần này không thuộc quyền xem của bạn đối với \(unit.name).",
                                                 noteEn: "You may not see this part of \(unit.name)'s work.", tables: []))
                continue
            }
            let now = try await section.tables(ctx, span)
            var before: [ReportTableDTO]?
            if let previous, section.comparesWithBefore { before = try await section.tables(ctx, previous) }
            let tables = ReportComparison.compare(now, with: before)
            sections.append(ReportSectionDTO(key: section.key, title: section.title, titleEn: section.titleEn, shown: true,
                                             note: tables.isEmpty ? "Không có số liệu trong kỳ." : nil,
                                             noteEn: tables.isEmpty ? "Nothing recorded in the period." : nil, tables: tables))
        }
        return ReportDTO(organizationId: unit.id!, organizationName: unit.name, kind: kind, year: span.year, termId: span.termId,
                         period: span.period, previous: previous?.period, madeOn: today.iso, sections: sections)
    }
}

extension Request {
    /// The reports as this user may see them.
    func reports() async throws -> ReportService {
        let p = try principal
        return ReportService(db: db, today: capuy.today(), settings: capuy.settings, calendar: try await capuy.calendar.load(on: db),
                             scopes: Dictionary(uniqueKeysWithValues: Permission.allCases.map { ($0, p.scope($0)) }))
    }
}
