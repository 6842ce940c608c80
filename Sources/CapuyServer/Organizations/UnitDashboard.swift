import CapuyCore
import Fluent
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
    func dashboard(for org: Organization, language lang: Language) async throws -> UnitDashboardDTO {
        let children = try await childBriefs(of: org.id!, openOnly: true)
        let tallies = try await Rollups.tallies(of: [org.id!] + children.map(\.id), on: db)
        return UnitDashboardDTO(
            unit: OrganizationDTO(org), ageYear: try await Rollups.ageYear(on: db),
            totals: .init(tallies[org.id!] ?? UnitTally(), lang),
            children: children.map { c in
                .init(id: c.id, code: c.code, name: c.name, kind: c.kind, figures: .init(tallies[c.id] ?? UnitTally(), lang))
            })
    }
}

extension Request {
    /// The dashboard of the unit in the path; counts of members need the
    /// members view of the unit, or the same 404 as for no unit.
    func unitDashboard() async throws -> UnitDashboardDTO {
        let org = try await organizations.find(try id(), in: try principal.scope(.viewMembers))
        return try await organizations.dashboard(for: org, language: language)
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
        let apiURL: String
    }

    func dashboard(req: Request) async throws -> Response {
        let d = try await req.unitDashboard()
        let lang = req.language
        func percent(_ part: Int, of whole: Int) -> String {
            whole == 0 ? "—" : String(format: "%.1f%%", Double(part) * 100 / Double(whole))
        }
        let kindLabel = { (raw: String) in OrganizationKind(rawValue: raw).map { lang.pick($0.label, $0.labelEn) } ?? raw }
        let model = DashboardPage(
            unitURL: SiteURL.unit(d.unit.id).path, name: d.unit.name, ageYear: d.ageYear, totals: d.totals,
            womenShare: percent(d.totals.women, of: d.totals.members),
            ages: BarChart(id: "ages", title: lang.pick("Độ tuổi (tính theo năm \(d.ageYear))", "Age (counted in \(d.ageYear))"),
                           rows: d.totals.ages.map { ($0.label, $0.count) }),
            sizes: BarChart(id: "children", title: lang.pick("Đảng viên theo đơn vị trực thuộc", "Members by sub-unit"),
                            rows: d.children.prefix(40).map { ($0.name, $0.figures.members) }),
            hasRows: !d.children.isEmpty,
            rowsHTML: d.children.map { c in
                HTMLText.row(link: SiteURL.unitDashboard(c.id).path, c.name, note: kindLabel(c.kind), cells: [
                    String(c.figures.members), String(c.figures.fullMembers), percent(c.figures.women, of: c.figures.members),
                    String(c.figures.minority), String(c.figures.subUnits), percent(c.figures.members, of: d.totals.members)])
            }.joined(),
            apiURL: SiteURL.unitDashboardJSON(d.unit.id).path)
        return try await req.page("unit-dashboard", title: lang.pick("Tổng quan: ", "Overview: ") + d.unit.name, model)
    }
}
