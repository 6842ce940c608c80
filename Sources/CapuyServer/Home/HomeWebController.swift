import CapuyCore
import Vapor

/// The start page: what to do today, then the units the user works on with their counts.
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
        let today: String
        let todo: [TodayList.Item]
        let cards: [Card]
    }

    func home(req: Request) async throws -> Response {
        let p = try req.principal
        let lang = req.language
        let today = req.capuy.today()
        let todo = try await TodayList(db: req.db, principal: p, language: lang, today: today,
                                       cases: p.scope(.handleCases).isEmpty ? nil : try req.cases,
                                       receptionQuota: req.capuy.settings.receptionQuota).items()
        var cards: [HomePage.Card] = []
        for grant in p.grants.prefix(20) {
            guard let org = try await Organization.find(grant.organizationId, on: req.db) else { continue }
            let counts = p.scope(.viewMembers).contains(org.treePath) ? try await req.organizations.counts(for: org) : nil
            cards.append(.init(unit: UnitRow(org, lang), role: lang.pick(grant.role.label, grant.role.labelEn), counts: counts))
        }
        return try await req.page("home", title: lang.pick("Việc cần làm", "To do"),
                                  HomePage(today: today.display, todo: todo, cards: cards))
    }
}
