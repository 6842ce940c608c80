import CapuyCore
import Vapor

/// The start page: the units the user works on, with their counts.
struct HomeWebController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: home)
    }

    struct HomePage: Encodable {
        struct Card: Encodable {
            let unit: UnitRow
            let role: String
            let counts: OrganizationCounts?
        }
        let cards: [Card]
    }

    func home(req: Request) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        var cards: [HomePage.Card] = []
        for grant in p.grants.prefix(20) {
            guard let org = try await Organization.find(grant.organizationId, on: req.db) else { continue }
            let counts = p.scope(.viewMembers).contains(org.treePath) ? try await req.organizations.counts(for: org) : nil
            cards.append(.init(unit: UnitRow(org, lang), role: lang.pick(grant.role.label, grant.role.labelEn), counts: counts))
        }
        return try await req.page("home", title: lang.pick("Trang chủ", "Home"), HomePage(cards: cards))
    }
}
