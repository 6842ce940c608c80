import CapuyCore
import Fluent
import SQLKit
import Foundation
import Vapor

/// A unit's dashboard: the counts of its whole subtree and of each open
/// sub-unit, read from the maintained rollups, so the national root costs
/// the same two indexed reads as a cell.
struct UnitDashboardDTO: Content {
    struct AgeCount: Content { let band: String; let label: String; let count: Int }
    struct Figures: Content {
        let members: Int
        let fullMembers: Int
        let probationaryMembers: Int
        let women: Int
        let minority: Int
        let subUnits: Int
        let ages: [AgeCount]

        init(_ t: UnitTally, _ lang: Language) {
            members = t.members
            fullMembers = t.fullMembers
            probationaryMembers = t.probationaryMembers
            women = t.women
            minority = t.minority
            subUnits = t.openUnits
            ages = AgeBand.allCases.map { AgeCount(band: "\($0)", label: lang.pick($0.label, $0.labelEn), count: t[$0]) }
        }
    }
    struct Child: Content { let id: UUID; let code: String; let name: String; let kind: String; let figures: Figures }

    let unit: OrganizationDTO
    /// Ages are counted by year: this year minus the year of birth.
    let ageYear: Int
    let totals: Figures
    let children: [Child]
}

extension OrganizationService {
    /// The dashboard of unit `id`, `Refusal.notFound` outside `scope`. One
    /// query: the unit, its open sub-units, their rollups and the age year
    /// (it was five, and the page a tenth of /healthz's rate; issue 16, item 8).
    func dashboard(of id: UUID, in scope: Scope, language lang: Language) async throws -> UnitDashboardDTO {
        let counts = Rollups.joinedColumns("r")
        let unit = "o.id, o.code, o.name, o.kind, o.sector, o.parent_id, o.path, o.depth, o.opened_on, o.closed_on, o.closure_note"
        let rows = try await db.sql.raw("""
            SELECT 0 AS own, \(unsafeRaw: unit), \(unsafeRaw: counts),
                   (SELECT s.age_year FROM \(ident: Rollups.stateSchema) s WHERE s.id = 1) AS age_year
            FROM \(ident: Organization.schema) o LEFT JOIN \(ident: Rollups.schema) r ON r.organization_id = o.id WHERE o.id = \(bind: id)
            UNION ALL
            SELECT 1, \(unsafeRaw: unit), \(unsafeRaw: counts), NULL
            FROM \(ident: Organization.schema) o LEFT JOIN \(ident: Rollups.schema) r ON r.organization_id = o.id
            WHERE o.parent_id = \(bind: id) AND o.closed_on IS NULL
            ORDER BY own, path
            """).all()
        guard let first = rows.first, try first.decode(column: "own", as: Int.self) == 0 else { throw Refusal.notFound }
        let record = try first.decode(model: OrganizationDTO.Record.self)
        guard scope.contains(path: record.path) else { throw Refusal.notFound }
        return UnitDashboardDTO(
            unit: OrganizationDTO(record),
            ageYear: Rollups.ageYear(stored: try first.decode(column: "age_year", as: Int?.self)),
            totals: .init(try Rollups.tally(joined: first), lang),
            children: try rows.dropFirst().map { row in
                // Only the four columns a row shows: a province has 168 communes.
                struct Brief: Decodable { let id: UUID, code: String, name: String, kind: String }
                let c = try row.decode(model: Brief.self)
                return .init(id: c.id, code: c.code, name: c.name, kind: c.kind, figures: .init(try Rollups.tally(joined: row), lang))
            })
    }
}

extension Request {
    /// The dashboard of the unit in the path; counts of members need the
    /// members view of the unit, or the same 404 as for no unit.
    func unitDashboard() async throws -> UnitDashboardDTO {
        try await organizations.dashboard(of: try id(), in: try principal.scope(.viewMembers), language: language)
    }
}

extension OrganizationAPIController {
    func dashboard(req: Request) async throws -> UnitDashboardDTO { try await req.unitDashboard() }
}

extension OrganizationWebController {
    struct DashboardPage: Encodable {
        let unitURL: String
        let name: String
        let ageYear: Int
        let totals: UnitDashboardDTO.Figures
        let womenShare: String
        let ages: BarChart
        let sizes: BarChart
        let hasRows: Bool
        /// Escaped by `HTMLText`: written with `#unsafeHTML`.
        let rowsHTML: String
    }

    func dashboard(req: Request) async throws -> Response {
        let d = try await req.unitDashboard()
        let lang = req.language
        let percent = { (part: Int, whole: Int) in DisplayFormat.percent(part, of: whole, lang) }
        let kindLabel = { (raw: String) in OrganizationKind(rawValue: raw).map { lang.pick($0.label, $0.labelEn) } ?? raw }
        let model = DashboardPage(
            unitURL: SiteURL.unit(d.unit.id).path, name: d.unit.name, ageYear: d.ageYear, totals: d.totals,
            womenShare: percent(d.totals.women, d.totals.members),
            ages: BarChart(id: "ages", title: lang.pick("Độ tuổi (tính theo năm \(d.ageYear))", "Age (counted in \(d.ageYear))"),
                           rows: d.totals.ages.map { ($0.label, $0.count) }),
            sizes: BarChart(id: "children", title: lang.pick("Đảng viên theo đơn vị trực thuộc", "Members by sub-unit"),
                            rows: d.children.prefix(40).map { ($0.name, $0.figures.members) }),
            hasRows: !d.children.isEmpty,
            rowsHTML: d.children.map { c in
                HTMLText.row(link: SiteURL.unitDashboard(c.id).path, c.name, note: kindLabel(c.kind), cells: [
                    String(c.figures.members), String(c.figures.fullMembers), percent(c.figures.women, c.figures.members),
                    String(c.figures.minority), String(c.figures.subUnits), percent(c.figures.members, d.totals.members)])
            }.joined())
        return try await req.page("unit-dashboard", title: lang.pick("Tổng quan: ", "Overview: ") + d.unit.name, model)
    }
}
